import type { Command } from "commander";
import { examples } from "../help.js";
import { runSandbox } from "../sandbox-program.js";
import { globalsOf, type Session } from "../session.js";

export function registerSandbox(program: Command, session: Session): void {
  program
    .command("sandbox")
    .description("run the local AWS-compatible sandbox (start, stop, status, reset, seed, fault, ensure)")
    .argument("<sub...>", "sandbox subcommand and its arguments")
    .allowUnknownOption()
    .helpOption(false)
    .addHelpText("after", examples("bgdb sandbox start", "bgdb sandbox status --json", "bgdb sandbox stop"))
    .action(async (sub: string[], _opts, command: Command) => {
      // bgdb's parser keeps its own global flags; hand the ones the sandbox also understands back to it.
      const globals = globalsOf(session, command);
      const args = [...sub];
      if (globals.sandboxDir && !args.includes("--sandbox-dir")) args.push("--sandbox-dir", globals.sandboxDir);
      if (globals.json && !args.includes("--json")) args.push("--json");
      session.exitCode = (await runSandbox(args, session.io)).code;
    });
}
