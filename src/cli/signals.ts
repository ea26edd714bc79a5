import { ExitCode, InterruptedError } from "../core/errors.js";

/**
 * First Ctrl-C (or SIGTERM): abort the signal core watches, so it stops at the next safe point and says how to
 * resume. Second: the operator insists; exit at once. Returns a function that removes the handler.
 */
export function handleCtrlC(controller: AbortController, stderr: NodeJS.WritableStream): () => void {
  const onSigint = (): void => {
    if (controller.signal.aborted) {
      stderr.write("\nInterrupted again: exiting now. Re-run the same command to continue.\n");
      process.exit(ExitCode.Interrupted);
    }
    stderr.write("\nStopping at the next safe point… (Ctrl-C again to exit at once)\n");
    controller.abort(new InterruptedError("Interrupted by Ctrl-C."));
  };
  // A CI runner cancelling a job sends SIGINT, then SIGTERM: both mean "stop at the next safe point".
  process.on("SIGINT", onSigint);
  process.on("SIGTERM", onSigint);
  return () => {
    process.off("SIGINT", onSigint);
    process.off("SIGTERM", onSigint);
  };
}
