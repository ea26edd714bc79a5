import { createRequire as __bgdbRequire } from "node:module"; const require = __bgdbRequire(import.meta.url);
import{ExitCode,InterruptedError}from"./chunk-QZDJNPFM.js";import"./chunk-MHGQBGI2.js";function handleCtrlC(controller,stderr){let onSigint=()=>{controller.signal.aborted&&(stderr.write(`
Interrupted again: exiting now. Re-run the same command to continue.
`),process.exit(ExitCode.Interrupted)),stderr.write(`
Stopping at the next safe point\u2026 (Ctrl-C again to exit at once)
`),controller.abort(new InterruptedError("Interrupted by Ctrl-C."))};return process.on("SIGINT",onSigint),process.on("SIGTERM",onSigint),()=>{process.off("SIGINT",onSigint),process.off("SIGTERM",onSigint)}}export{handleCtrlC};
