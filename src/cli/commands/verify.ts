import * as core from "../../core/index.js";
import { DEFAULTS, LIMITS } from "../../core/options.js";
import type { Deps } from "../../ports/index.js";
import { deploymentArgument } from "../options/common.js";
import { duration, envName, int, tableNames } from "../options/kinds.js";
import { option, optionWithDefault } from "../options/option.js";
import { usage } from "../options/parse.js";
import { execute } from "../session.js";
import { defineCommand } from "../spec.js";

/** The variable verify reads its connection URL from when --db-url-env is not given. */
export const DEFAULT_DB_URL_ENV = "BGDB_DB_URL";

export const dbUrlEnvOption = option("--db-url-env", envName, {
  help: `environment variable holding the connection URL blue and green are read with, its host replaced by each one's endpoint (default ${DEFAULT_DB_URL_ENV}; never printed; optional with --sandbox)`,
});

export const verifyTable = {
  deployment: deploymentArgument,
  tables: option("--tables", tableNames, { help: "compare only these tables, comma-separated (orders,audit.events)" }),
  chunkSize: optionWithDefault(
    "--chunk-size",
    int("<rows>", LIMITS.verifyChunkSize.min, LIMITS.verifyChunkSize.max),
    DEFAULTS.verifyChunkSize,
    { help: "rows per chunk: each chunk is one short read-only query on each side" },
  ),
  rechecks: optionWithDefault(
    "--recheck",
    int("<n>", LIMITS.verifyRechecks.min, LIMITS.verifyRechecks.max),
    DEFAULTS.verifyRechecks,
    { help: "times a differing chunk is read again before it counts as a difference, 0–10" },
  ),
  recheckWaitMs: optionWithDefault(
    "--recheck-wait",
    duration(0, LIMITS.verifyRecheckWaitMaxMs),
    DEFAULTS.verifyRecheckWaitMs,
    { help: "pause before each re-check, for rows still replicating" },
  ),
  dbUrlEnv: dbUrlEnvOption,
};

/**
 * The connection URL (never printed) for reading blue and green, checked before anything else happens. On the
 * sandbox it may be left out: bgdb then logs in as the master user RDS reports, with the sandbox's known password.
 */
export function dbUrlFrom(o: { dbUrlEnv?: string }, env: NodeJS.ProcessEnv, sandbox: boolean): string | undefined {
  const name = o.dbUrlEnv ?? DEFAULT_DB_URL_ENV;
  const url = env[name];
  if (url) return url;
  if (sandbox && !o.dbUrlEnv) return undefined;
  throw usage([
    `blue and green are read with the connection URL in ${name}${o.dbUrlEnv ? " (--db-url-env)" : ""}, which is not set in the environment (postgres://user:password@host/database; bgdb puts each side's endpoint in place of its host and port)`,
  ]);
}

/** Adds the table readers (each engine's driver loaded only when a side of it is opened) unless a test gave its own. */
export async function withTableReaders(deps: Deps, url: string | undefined, urlEnv?: string): Promise<Deps> {
  if (deps.tableReaders) return deps;
  const { createTableReaders } = await import("../../adapters/db/index.js");
  const fix = url
    ? `Fix the connection URL in $${urlEnv ?? DEFAULT_DB_URL_ENV}`
    : `Set ${DEFAULT_DB_URL_ENV} to a connection URL with the right credentials`;
  return { ...deps, tableReaders: createTableReaders({ url, password: url ? undefined : deps.sandboxPassword, fix }) };
}

export const command = defineCommand({
  name: "verify",
  table: verifyTable,
  examples: [
    "BGDB_DB_URL=postgres://bgdb_verify:…@orders-prod.example.com/orders bgdb verify orders-prod-to-17",
    "bgdb verify orders-prod-to-17 --db-url-env ORDERS_DB_URL --tables orders,order_items --json",
    "bgdb --sandbox verify pg16-source-to-17",
  ],
  exits: [
    [0, "blue and green match: every table compared has the same rows"],
    [2, "bad input, no connection URL in the environment, or --tables names a table on neither side"],
    [3, "the deployment is not AVAILABLE, a side cannot be connected to or read, or its engine is not supported"],
    [5, "blue and green differ — the tables and key ranges are named; nothing was changed, blue still serves"],
    130,
  ],
  async action(session, values) {
    const url = dbUrlFrom(values, session.io.env, session.globals.sandbox === true);
    await execute(session, async (deps) => core.verify(await withTableReaders(deps, url, values.dbUrlEnv), values));
  },
});
