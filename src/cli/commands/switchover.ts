import { urlDriver } from "../../core/engine.js";
import * as core from "../../core/index.js";
import { DEFAULTS, LIMITS } from "../../core/options.js";
import type { Deps } from "../../ports/index.js";
import { checkedConnectionUrl, type DbUrl, dbUrlFrom, withDatabases } from "../db-url.js";
import { WATCH_TIMEOUT_MEANING } from "../help.js";
import {
  DEFAULT_PROBE_URL_ENV,
  dbUrlEnvOption,
  deploymentArgument,
  dryRunOption,
  hooksOption,
  yesOption,
} from "../options/common.js";
import { dnsName, duration, envName, filePath, int, lag, switchKind, switchoverTimeout } from "../options/kinds.js";
import { option, optionWithDefault } from "../options/option.js";
import { usage } from "../options/parse.js";
import { execute } from "../session.js";
import { defineCommand } from "../spec.js";

export const switchoverTimeoutOption = optionWithDefault(
  "--timeout",
  switchoverTimeout,
  DEFAULTS.switchoverTimeoutSeconds,
  { help: "RDS SwitchoverTimeout: RDS rolls the switchover back if it takes longer; 30–3600 seconds, or e.g. 5m" },
);

/** The gate, confirmation and probe options; `deploy` takes them under the same names. */
export const gateTable = {
  maxLag: optionWithDefault("--max-lag", lag, DEFAULTS.maxLag, {
    help: "gate: lag at or under this, a duration (2s) for seconds-based metrics or a size (64MiB) for byte-based ones",
  }),
  stableSamples: optionWithDefault(
    "--stable-samples",
    int("<n>", LIMITS.stableSamples.min, LIMITS.stableSamples.max),
    DEFAULTS.stableSamples,
    { help: "gate: consecutive good observations needed, 1–20" },
  ),
  waitForLagMs: optionWithDefault("--wait-for-lag", duration(0, LIMITS.waitMaxMs), DEFAULTS.waitForLagMs, {
    help: "gate: how long to wait for it to pass",
  }),
  yes: yesOption,
  cname: option("--cname", dnsName, {
    help: "your Route 53 record for the database: checked before (a mismatch refuses) and after the switchover",
  }),
  hooks: hooksOption,
  postponeFile: option("--postpone-file", filePath, {
    help: "gate: wait while this file exists (remove it to let the switchover go); counts against --wait-for-lag",
  }),
  allowCnameMismatch: optionWithDefault("--allow-cname-mismatch", switchKind, false, {
    help: "switch over even though --cname does not point at the production endpoint",
  }),
  probe: optionWithDefault("--probe", switchKind, false, {
    help: `write a heartbeat row every 100 ms through the production endpoint and report the longest gap (URL from $${DEFAULT_PROBE_URL_ENV})`,
  }),
  probeUrlEnv: option("--probe-url-env", envName, {
    help: "environment variable holding the probe's connection URL (never printed)",
  }),
  verify: optionWithDefault("--verify", switchKind, false, {
    help: "once the gate passes, compare blue and green table by table as bgdb verify does; a difference refuses the switchover",
  }),
  dbUrlEnv: dbUrlEnvOption,
};

export const switchoverTable = {
  deployment: deploymentArgument,
  timeoutSeconds: switchoverTimeoutOption,
  ...gateTable,
  dryRun: dryRunOption,
};

/**
 * A probe URL must exist now and be one bgdb can connect with (checkedConnectionUrl), not fail halfway through a
 * switchover, or under deploy after the create. Returns the URL (never printed, not even in the refusal) when --probe
 * is on.
 */
function probeUrlFrom(options: { probe: boolean; probeUrlEnv?: string }, env: NodeJS.ProcessEnv) {
  if (!options.probe && !options.probeUrlEnv) return undefined;
  const name = options.probeUrlEnv ?? DEFAULT_PROBE_URL_ENV;
  const from = `${name}${options.probeUrlEnv ? " (--probe-url-env)" : ""}`;
  const url = env[name];
  if (!url) throw usage([`--probe reads its connection URL from ${from}, which is not set in the environment`]);
  return checkedConnectionUrl(url, `--probe's ${from}`);
}

/** The URLs a switchover reads (the probe's, the databases'), at the edge: a missing one is exit 2 before any call. */
export function switchoverUrls(
  o: { probe: boolean; probeUrlEnv?: string; dbUrlEnv?: string; verify: boolean },
  env: NodeJS.ProcessEnv,
  sandbox: boolean,
): { probe?: string; db?: DbUrl } {
  return { probe: probeUrlFrom(o, env), db: dbUrlFrom(o, env, { required: o.verify, sandbox }) };
}

/**
 * The probe and what reads the databases: blue's sessions for the prediction when there is a URL, blue and green for
 * --verify; the URLs read at the edge (probeUrlFrom, dbUrlFrom).
 */
export async function withSwitchoverDeps(
  deps: Deps,
  o: { verify: boolean },
  urls: { probe?: string; db?: DbUrl },
): Promise<Deps> {
  return withDatabases(await withProbe(deps, urls.probe), urls.db, { inspect: true, compare: o.verify });
}

/** Adds the write probe to the deps: the driver the URL's scheme names, loaded only when asked for. */
export async function withProbe(deps: Deps, url: string | undefined): Promise<Deps> {
  if (!url) return deps;
  if (urlDriver(url) === "mysql") {
    const { createMysqlWriteProbe } = await import("../../adapters/probe/mysql-write-probe.js");
    return { ...deps, probe: createMysqlWriteProbe({ connectionString: url, clock: deps.clock }) };
  }
  const { createPgWriteProbe } = await import("../../adapters/probe/pg-write-probe.js");
  return { ...deps, probe: createPgWriteProbe({ connectionString: url, clock: deps.clock }) };
}

export const command = defineCommand({
  name: "switchover",
  table: switchoverTable,
  examples: [
    "bgdb switchover orders-prod-to-17",
    "bgdb switchover orders-prod-to-17 --probe --cname db.prod.example.com",
    "BGDB_DB_URL=postgres://bgdb_verify:…@orders-prod.example.com/orders bgdb switchover orders-prod-to-17 --verify",
    "bgdb switchover bgd-4tq2x8m1c9kd --timeout 10m --max-lag 64MiB --stable-samples 5 --yes",
    "bgdb switchover orders-prod-to-17 --dry-run --json   # the gate's readings now; nothing is switched",
    "bgdb switchover orders-prod-to-17 --db-url-env BLUE_URL --dry-run   # with blue's sessions in the prediction",
  ],
  exits: [
    [
      0,
      "SWITCHOVER_COMPLETED (by this run or, watched to its end, another): green serves; with --dry-run: the gate passes now",
    ],
    [2, "bad input, or no terminal to confirm on and no --yes"],
    [3, "not found, the probe cannot connect or its table is missing, a CNAME mismatch, RDS kept refusing"],
    [
      4,
      `the gate did not pass within --wait-for-lag (with --dry-run: does not pass now) — nothing was switched; blue still serves; or ${WATCH_TIMEOUT_MEANING}`,
    ],
    [
      5,
      "RDS rolled the switchover back, or --verify found blue and green differ — blue still serves; or the probe found acknowledged writes missing after it completed — green serves, keep the old blue",
    ],
    [130, "declined or interrupted — nothing was sent, or RDS finishes what it accepted"],
  ],
  async action(session, values) {
    const urls = switchoverUrls(values, session.io.env, session.globals.sandbox === true);
    await execute(
      session,
      async (deps) =>
        (values.dryRun ? core.planSwitchover : core.switchover)(await withSwitchoverDeps(deps, values, urls), values),
      { yes: values.yes, confirms: "switchover", dryRun: values.dryRun, urlEnv: values },
    );
  },
});
