import * as core from "../../core/index.js";
import { DEFAULTS, LIMITS } from "../../core/options.js";
import { dbUrlFrom, withDatabases } from "../db-url.js";
import { dbUrlEnvOption, dryRunOption, hooksOption } from "../options/common.js";
import {
  deploymentName,
  dnsName,
  duration,
  engineVersion,
  instanceClass,
  int,
  oneOf,
  parameterGroupName,
  source,
  switchKind,
  tags,
} from "../options/kinds.js";
import { option, optionWithDefault, requiredOption } from "../options/option.js";
import { execute } from "../session.js";
import { defineCommand } from "../spec.js";

/** The source: blue. */
export const sourceOption = requiredOption("--source", source, {
  help: "blue: a DB instance id, Aurora cluster id or ARN",
});

/** What green should be: create's targets, which preflight checks too. */
export const targetTable = {
  targetEngineVersion: option("--target-engine-version", engineVersion, { help: "engine version for green" }),
  targetParameterGroup: option("--target-parameter-group", parameterGroupName, {
    help: "DB parameter group for green (custom, or AWS's default.<family>)",
  }),
  targetClusterParameterGroup: option("--target-cluster-parameter-group", parameterGroupName, {
    help: "DB cluster parameter group for green (Aurora)",
  }),
  targetInstanceClass: option("--target-instance-class", instanceClass, {
    help: "instance class for green (not Aurora)",
  }),
  targetStorageType: option("--target-storage-type", oneOf("<type>", ["gp2", "gp3", "io1", "io2"]), {
    help: "storage type for green",
  }),
  targetIops: option("--target-iops", int("<n>", 1), { help: "provisioned IOPS for green" }),
  targetAllocatedStorage: option("--target-allocated-storage", int("<GiB>", 1), {
    help: "allocated storage for green, GiB",
  }),
  targetStorageThroughput: option("--target-storage-throughput", int("<MiBps>", 1), {
    help: "storage throughput for green (gp3), MiB/s",
  }),
  upgradeTargetStorageConfig: option("--upgrade-target-storage-config", switchKind, {
    help: "let RDS upgrade green's storage file system",
  }),
};

/** Everything `create` accepts; `deploy` takes the same under the same names. */
export const createTable = {
  source: sourceOption,
  name: option("--name", deploymentName, {
    help: "deployment name",
    shownDefault: "<source>-to-<major> with a target version, else <source>-bgdb",
  }),
  ...targetTable,
  allowNoChange: option("--allow-no-change", switchKind, {
    help: "create even when the source already runs every target (an identical green on purpose)",
  }),
  tags: optionWithDefault("--tag", tags, {}, { help: "tag the deployment (repeatable)", aliases: ["tags"] }),
  hooks: hooksOption,
  wait: optionWithDefault("--no-wait", switchKind, true, { help: "return once creation has started" }),
  timeoutMs: optionWithDefault(
    "--timeout",
    duration(LIMITS.waitMinMs, LIMITS.createTimeoutMaxMs),
    DEFAULTS.createTimeoutMs,
    { help: "how long to wait for AVAILABLE" },
  ),
  cname: option("--cname", dnsName, {
    help: "your Route 53 record for the database: checked to point at blue before creating",
  }),
  dbUrlEnv: dbUrlEnvOption,
  dryRun: dryRunOption,
};

export const command = defineCommand({
  name: "create",
  table: createTable,
  examples: [
    "bgdb create --source orders-prod --target-engine-version 17.2 --target-parameter-group orders-pg17",
    "bgdb create --source shop-mysql --name shop-8036 --target-parameter-group default.mysql8.0",
    "bgdb create --source arn:aws:rds:eu-west-1:123456789012:cluster:shop --name shop-to-8 --tag team=db --no-wait",
    "bgdb create --source orders-prod --target-engine-version 17.2 --dry-run",
    "bgdb create --source orders-prod --target-engine-version 17.2 --target-parameter-group orders-pg17 --db-url-env BLUE_URL",
  ],
  exits: [
    [0, "AVAILABLE (or already at target: nothing to do); with --dry-run: the plan could run now"],
    2,
    [3, "preflight failed, source not found, a deployment of that name exists for another source"],
    [4, "not AVAILABLE within --timeout — it keeps provisioning; blue still serves"],
    [5, "creation failed or INVALID_CONFIGURATION — blue still serves"],
    130,
  ],
  async action(session, values) {
    const db = dbUrlFrom(values, session.io.env, { required: false });
    await execute(
      session,
      async (deps) =>
        (values.dryRun ? core.planCreate : core.create)(await withDatabases(deps, db, { inspect: true }), values),
      { dryRun: values.dryRun, urlEnv: values },
    );
  },
});
