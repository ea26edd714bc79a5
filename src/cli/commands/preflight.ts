import * as core from "../../core/index.js";
import { dbUrlFrom, withDatabases } from "../db-url.js";
import { dbUrlEnvOption } from "../options/common.js";
import { execute } from "../session.js";
import { defineCommand } from "../spec.js";
import { sourceOption, targetTable } from "./create.js";

/** The source and create's targets, and blue's connection URL for the checks inside it. */
export const preflightTable = {
  source: sourceOption,
  ...targetTable,
  dbUrlEnv: dbUrlEnvOption,
};

export const command = defineCommand({
  name: "preflight",
  usage: "--source <id|arn> [create's target options] [--db-url-env NAME]",
  table: preflightTable,
  examples: [
    "bgdb preflight --source orders-prod --target-engine-version 17.2 --target-parameter-group orders-pg17",
    "BLUE_URL=postgres://admin:…@orders-prod.c9abc.us-east-1.rds.amazonaws.com/orders bgdb preflight --source orders-prod --target-engine-version 17.2 --target-parameter-group orders-pg17 --db-url-env BLUE_URL",
    "bgdb preflight --source shop-mysql --target-parameter-group default.mysql8.0 --json",
  ],
  exits: [
    [0, "every check passed (warnings allowed): create can go ahead"],
    2,
    [3, "a check failed (each says what it found and the fix), or the source was not found"],
    130,
  ],
  async action(session, values) {
    const db = dbUrlFrom(values, session.io.env, { required: false });
    await execute(session, async (deps) => core.preflight(await withDatabases(deps, db, { inspect: true }), values));
  },
});
