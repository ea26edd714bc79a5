import type { Command } from "commander";
import * as core from "../../core/index.js";
import { DURATION_NOTE, examples } from "../help.js";
import { lagSchema, parseInput } from "../schema.js";
import { execute, givenOptions, type Session } from "../session.js";

export function registerLag(program: Command, session: Session): void {
  program
    .command("lag")
    .description("the replication lag metric for the deployment's engine: latest value and a short trend")
    .argument("<deployment>", "bgd- id or deployment name")
    .option("--watch", "keep printing new samples until Ctrl-C")
    .option("--period <seconds>", "CloudWatch period: 1, 5, 10, 30 or a multiple of 60 (default: 60)")
    .option("--window <duration>", `how far back the trend goes (default: 15m; ${DURATION_NOTE})`)
    .option("--for <duration>", "with --watch: stop after this long")
    .addHelpText("after", examples("bgdb lag orders-prod-to-17", "bgdb lag orders-prod-to-17 --watch --period 10"))
    .action(async (deployment: string, _opts, cmd: Command) => {
      const options = parseInput(lagSchema, { ...givenOptions(cmd), deployment });
      await execute(session, cmd, (deps) => core.lag(deps, options));
    });
}
