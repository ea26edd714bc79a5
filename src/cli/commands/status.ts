import type { Command } from "commander";
import * as core from "../../core/index.js";
import { examples } from "../help.js";
import { parseInput, statusSchema } from "../schema.js";
import { execute, givenOptions, type Session } from "../session.js";

export function registerStatus(program: Command, session: Session): void {
  program
    .command("status")
    .description("status, tasks, members, endpoints, versions, lag, bgdb's phase and the next command to run")
    .argument("[deployment]", "bgd- id or deployment name")
    .option("--watch", "keep watching until a terminal status or Ctrl-C")
    .option("--cname <name>", "also show where this Route 53 record points")
    .option("--for <duration>", "with --watch: stop after this long")
    .addHelpText("after", examples("bgdb status orders-prod-to-17", "bgdb status bgd-4tq2x8m1c9kd --watch --json"))
    .action(async (deployment: string | undefined, _opts, command: Command) => {
      const options = parseInput(statusSchema, { ...givenOptions(command), deployment });
      await execute(session, command, (deps) => core.status(deps, options));
    });
}
