import * as core from "../../core/index.js";
import { DEFAULTS, LIMITS } from "../../core/options.js";
import { dbUrlFrom, withDatabases } from "../db-url.js";
import { dbUrlEnvOption, deploymentArgument } from "../options/common.js";
import { duration, int, tableNames } from "../options/kinds.js";
import { option, optionWithDefault } from "../options/option.js";
import { execute } from "../session.js";
import { defineCommand } from "../spec.js";

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
    const db = dbUrlFrom(values, session.io.env, { required: true, sandbox: session.globals.sandbox === true });
    await execute(session, async (deps) => core.verify(await withDatabases(deps, db, { compare: true }), values));
  },
});
