import type { Command } from "commander";
import * as core from "../../core/index.js";
import { DURATION_NOTE, examples } from "../help.js";
import { abortSchema, parseInput } from "../schema.js";
import { execute, givenOptions, type Session } from "../session.js";

export function registerAbort(program: Command, session: Session): void {
  program
    .command("abort")
    .description("before switchover: delete the deployment and green; blue is untouched")
    .argument("<deployment>", "bgd- id or deployment name")
    .option("--yes", "do not ask for confirmation")
    .option("--timeout <duration>", `how long to wait until it is gone (default: 1h; ${DURATION_NOTE})`)
    .addHelpText("after", examples("bgdb abort orders-prod-to-17", "bgdb abort bgd-4tq2x8m1c9kd --yes"))
    .action(async (deployment: string, _opts, command: Command) => {
      const options = parseInput(abortSchema, { ...givenOptions(command), deployment });
      await execute(session, command, (deps) => core.abort(deps, options), { yes: options.yes, confirms: "abort" });
    });
}
