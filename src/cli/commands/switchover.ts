import type { Command } from "commander";
import { UsageError } from "../../core/errors.js";
import * as core from "../../core/index.js";
import type { Deps } from "../../ports/index.js";
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
    .option(
      "--probe",
      `write a heartbeat row every 100 ms through the production endpoint and report the longest gap (URL from $${DEFAULT_PROBE_URL_ENV})`,
    )
    .option("--probe-url-env <NAME>", "environment variable holding the probe's connection URL");
}

/** The variable --probe reads its connection URL from when --probe-url-env is not given. */
export const DEFAULT_PROBE_URL_ENV = "BGDB_PROBE_URL";

/**
 * A probe URL must exist now, not fail halfway through a switchover. Returns the URL (never printed) when --probe is on.
 */
export function checkProbeEnv(
  options: Pick<SwitchoverCliOptions, "probe" | "probeUrlEnv">,
  env: NodeJS.ProcessEnv,
): string | undefined {
  if (!options.probe && !options.probeUrlEnv) return undefined;
  const name = options.probeUrlEnv ?? DEFAULT_PROBE_URL_ENV;
  const url = env[name];
  if (!url) {
    throw new UsageError(
      `--probe reads its connection URL from ${name}${options.probeUrlEnv ? " (--probe-url-env)" : ""}, which is not set in the environment`,
    );
  }
  return url;
}

/** Adds the write probe (pg, loaded only when asked for) to the deps. */
export async function withProbe(deps: Deps, url: string | undefined): Promise<Deps> {
  if (!url) return deps;
  const { createPgWriteProbe } = await import("../../adapters/probe/pg-write-probe.js");
  return { ...deps, probe: createPgWriteProbe({ connectionString: url, clock: deps.clock }) };
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
      const probeUrl = checkProbeEnv(options, session.io.env);
      await execute(session, command, async (deps) => core.switchover(await withProbe(deps, probeUrl), options), {
        yes: options.yes,
        confirms: "switchover",
      });
    });
}
