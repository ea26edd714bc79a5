import * as core from "../../core/index.js";
import { DEFAULTS, LIMITS } from "../../core/options.js";
import { deploymentArgument, dryRunOption, yesOption } from "../options/common.js";
import { duration } from "../options/kinds.js";
import { optionWithDefault } from "../options/option.js";
import { execute } from "../session.js";
import { defineCommand } from "../spec.js";

export const command = defineCommand({
  name: "abort",
  table: {
    deployment: deploymentArgument,
    yes: yesOption,
    timeoutMs: optionWithDefault("--timeout", duration(LIMITS.waitMinMs, LIMITS.waitMaxMs), DEFAULTS.abortTimeoutMs, {
      help: "how long to wait until it is gone",
    }),
    dryRun: dryRunOption,
  },
  examples: [
    "bgdb abort orders-prod-to-17",
    "bgdb abort bgd-4tq2x8m1c9kd --yes",
    "bgdb abort orders-prod-to-17 --dry-run",
  ],
  exits: [
    [0, "green deleted; blue untouched (with --dry-run: the plan could run now)"],
    [2, "bad input, or no terminal to confirm on and no --yes"],
    [3, "already switched over (abort would delete production), switching over, or not found"],
    [4, "not gone within --timeout — the deletion continues in AWS"],
    [130, "declined or interrupted"],
  ],
  async action(session, values) {
    await execute(session, (deps) => (values.dryRun ? core.planAbort : core.abort)(deps, values), {
      yes: values.yes,
      confirms: "abort",
      dryRun: values.dryRun,
    });
  },
});
