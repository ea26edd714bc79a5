import * as core from "../../core/index.js";
import { DEFAULTS, LIMITS } from "../../core/options.js";
import { deploymentArgument, dryRunOption } from "../options/common.js";
import { duration, engineVersion, instanceClass, parameterGroupName, switchKind } from "../options/kinds.js";
import { option, optionWithDefault } from "../options/option.js";
import { execute } from "../session.js";
import { defineCommand } from "../spec.js";

/** The changes to green; `deploy` takes them under the same names. */
export const upgradeChanges = {
  engineVersion: option("--engine-version", engineVersion, { help: "upgrade green to this engine version" }),
  parameterGroup: option("--parameter-group", parameterGroupName, { help: "DB parameter group for green" }),
  clusterParameterGroup: option("--cluster-parameter-group", parameterGroupName, {
    help: "DB cluster parameter group for green (Aurora)",
  }),
  instanceClass: option("--instance-class", instanceClass, { help: "instance class for green" }),
  allowMajorVersionUpgrade: optionWithDefault("--allow-major-version-upgrade", switchKind, false, {
    help: "needed for a major version upgrade",
  }),
};

export const upgradeTimeout = optionWithDefault(
  "--timeout",
  duration(LIMITS.waitMinMs, LIMITS.waitMaxMs),
  DEFAULTS.upgradeTimeoutMs,
  { help: "how long to wait until green is available again" },
);

export const upgradeTable = {
  deployment: deploymentArgument,
  ...upgradeChanges,
  timeoutMs: upgradeTimeout,
  dryRun: dryRunOption,
};

export const command = defineCommand({
  name: "upgrade",
  table: upgradeTable,
  examples: [
    "bgdb upgrade orders-prod-to-17 --engine-version 17.2 --parameter-group orders-pg17 --allow-major-version-upgrade",
    "bgdb upgrade shop-8036 --engine-version 8.0.36",
    "bgdb upgrade bgd-4tq2x8m1c9kd --instance-class db.r7g.xlarge",
    "bgdb upgrade shop-8036 --engine-version 8.0.36 --dry-run",
  ],
  exits: [
    [0, "green upgraded and available; with --dry-run: the plan could run now"],
    2,
    [3, "not AVAILABLE, not a valid upgrade target, or a major upgrade without --allow-major-version-upgrade"],
    [4, "green not available again within --timeout — the change continues in AWS; blue still serves"],
    [5, "the modification failed — blue still serves"],
    130,
  ],
  async action(session, values) {
    await execute(session, (deps) => (values.dryRun ? core.planUpgrade : core.upgrade)(deps, values), {
      dryRun: values.dryRun,
    });
  },
});
