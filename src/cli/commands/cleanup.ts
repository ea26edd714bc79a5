import type { Command } from "commander";
import * as core from "../../core/index.js";
import { DURATION_NOTE, examples } from "../help.js";
import { cleanupSchema, parseInput } from "../schema.js";
import { execute, givenOptions, type Session } from "../session.js";

/** The cleanup flags, shared with `deploy`. */
export function addCleanupOptions(cmd: Command): Command {
  return cmd
    .option("--delete-old-blue", "also delete the old blue (-old1), after a final snapshot")
    .option("--retain <duration>", `keep the old blue this long after switchover (default: 24h; ${DURATION_NOTE})`)
    .option("--skip-final-snapshot", "delete the old blue with no snapshot (needs --i-understand-data-loss)")
    .option("--i-understand-data-loss", "confirms --skip-final-snapshot");
}

export function registerCleanup(program: Command, session: Session): void {
  const cmd = program
    .command("cleanup")
    .description("after switchover: delete the deployment object and, optionally, the old blue")
    .argument("<deployment>", "bgd- id or deployment name");
  addCleanupOptions(cmd)
    .option("--yes", "do not ask for confirmation")
    .option("--timeout <duration>", `how long to wait for deletions (default: 2h; ${DURATION_NOTE})`)
    .addHelpText(
      "after",
      examples("bgdb cleanup orders-prod-to-17", "bgdb cleanup orders-prod-to-17 --delete-old-blue --retain 48h --yes"),
    )
    .action(async (deployment: string, _opts, command: Command) => {
      const options = parseInput(cleanupSchema, { ...givenOptions(command), deployment });
      await execute(session, command, (deps) => core.cleanup(deps, options), {
        yes: options.yes,
        confirms: options.deleteOldBlue ? "delete old blue" : undefined,
      });
    });
}
