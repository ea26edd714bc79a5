import type { Command } from "commander";
import * as core from "../../core/index.js";
import { DURATION_NOTE, examples } from "../help.js";
import { parseInput, upgradeSchema } from "../schema.js";
import { execute, givenOptions, type Session } from "../session.js";

/** The upgrade flags, shared with `deploy`. */
export function addUpgradeOptions(cmd: Command): Command {
  return cmd
    .option("--engine-version <v>", "upgrade green to this engine version")
    .option("--parameter-group <g>", "DB parameter group for green")
    .option("--cluster-parameter-group <g>", "DB cluster parameter group for green (Aurora)")
    .option("--instance-class <c>", "instance class for green")
    .option("--allow-major-version-upgrade", "needed for a major version upgrade");
}

export function registerUpgrade(program: Command, session: Session): void {
  const cmd = program
    .command("upgrade")
    .description("modify green (engine version, parameter group, class) and wait until it is available again")
    .argument("<deployment>", "bgd- id or deployment name");
  addUpgradeOptions(cmd)
    .option("--timeout <duration>", `how long to wait (default: 2h; ${DURATION_NOTE})`)
    .addHelpText(
      "after",
      examples(
        "bgdb upgrade orders-prod-to-17 --engine-version 17.2 --parameter-group orders-pg17 --allow-major-version-upgrade",
        "bgdb upgrade bgd-4tq2x8m1c9kd --instance-class db.r7g.xlarge",
      ),
    )
    .action(async (deployment: string, _opts, command: Command) => {
      const options = parseInput(upgradeSchema, { ...givenOptions(command), deployment });
      await execute(session, command, (deps) => core.upgrade(deps, options));
    });
}
