import type { Command } from "commander";
import { UsageError } from "../../core/errors.js";
import * as core from "../../core/index.js";
import { DURATION_NOTE, examples } from "../help.js";
import { parseInput, type SwitchoverCliOptions, switchoverSchema } from "../schema.js";
import { execute, givenOptions, type Session } from "../session.js";

/**
 * The gate and switchover flags except --timeout, shared with `deploy` (which calls it --switchover-timeout and
 * already has --cname from create).
 */
export function addSwitchoverOptions(cmd: Command, withCname = true): Command {
  if (withCname) cmd.option("--cname <name>", "Route 53 record to check before and after");
  return cmd
    .option("--max-lag <lag>", "gate: lag at or under this, e.g. 2s or 64MiB (default: 1s and 1MiB)")
    .option("--stable-samples <n>", "gate: consecutive good observations needed, 1–20 (default: 3)")
    .option("--wait-for-lag <duration>", `gate: how long to wait for it to pass (default: 15m; ${DURATION_NOTE})`)
    .option("--yes", "do not ask for confirmation (needed when there is no terminal)")
    .option("--probe", "probe the database through the switchover")
    .option("--probe-url-env <NAME>", "environment variable holding the probe's connection URL");
}

/** A probe URL named by --probe-url-env must exist now, not fail halfway through a switchover. */
export function checkProbeEnv(options: Pick<SwitchoverCliOptions, "probeUrlEnv">, env: NodeJS.ProcessEnv): void {
  if (options.probeUrlEnv && !env[options.probeUrlEnv]) {
    throw new UsageError(`--probe-url-env names ${options.probeUrlEnv}, which is not set in the environment`);
  }
}

export function registerSwitchover(program: Command, session: Session): void {
  const cmd = program
    .command("switchover")
    .description("gate on readiness and lag, confirm, switch production to green, and show the new mapping")
    .argument("<deployment>", "bgd- id or deployment name")
    .option("--timeout <seconds>", "RDS SwitchoverTimeout, 30–3600 seconds (default: 300)");
  addSwitchoverOptions(cmd)
    .addHelpText(
      "after",
      examples(
        "bgdb switchover orders-prod-to-17",
        "bgdb switchover bgd-4tq2x8m1c9kd --timeout 600 --max-lag 64MiB --stable-samples 5 --yes",
      ),
    )
    .action(async (deployment: string, _opts, command: Command) => {
      const options = parseInput(switchoverSchema, { ...givenOptions(command), deployment });
      checkProbeEnv(options, session.io.env);
      await execute(session, command, (deps) => core.switchover(deps, options), { yes: options.yes });
    });
}
