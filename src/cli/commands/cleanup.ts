import * as core from "../../core/index.js";
import { DEFAULTS, LIMITS } from "../../core/options.js";
import { deploymentArgument, dryRunOption, yesOption } from "../options/common.js";
import { duration, switchKind } from "../options/kinds.js";
import { optionWithDefault } from "../options/option.js";
import type { OptionValues } from "../options/parse.js";
import { usage } from "../options/parse.js";
import { execute } from "../session.js";
import { defineCommand } from "../spec.js";

/** The old-blue options; `deploy` takes them under the same names. */
export const oldBlueTable = {
  deleteOldBlue: optionWithDefault("--delete-old-blue", switchKind, false, {
    help: "also delete the old blue (-old1), after a final snapshot it waits for",
  }),
  retainMs: optionWithDefault("--retain", duration(0, LIMITS.retainMaxMs), DEFAULTS.retainMs, {
    help: "keep the old blue this long after the switchover (0 for no wait)",
  }),
  skipFinalSnapshot: optionWithDefault("--skip-final-snapshot", switchKind, false, {
    help: "delete the old blue with no snapshot (needs --i-understand-data-loss)",
  }),
  iUnderstandDataLoss: optionWithDefault("--i-understand-data-loss", switchKind, false, {
    help: "confirms --skip-final-snapshot",
  }),
  yes: yesOption,
};

/** Skipping the final snapshot loses the old blue's data for good, so the operator must say so twice. */
export function requireDataLossAck(v: OptionValues<typeof oldBlueTable>): void {
  if (v.skipFinalSnapshot && !v.iUnderstandDataLoss) {
    throw usage([
      "--skip-final-snapshot deletes the old blue with no snapshot: add --i-understand-data-loss to confirm",
    ]);
  }
}

export const cleanupTable = {
  deployment: deploymentArgument,
  ...oldBlueTable,
  timeoutMs: optionWithDefault("--timeout", duration(LIMITS.waitMinMs, LIMITS.waitMaxMs), DEFAULTS.cleanupTimeoutMs, {
    help: "how long to wait for the snapshot and the deletions",
  }),
  dryRun: dryRunOption,
};

export const command = defineCommand({
  name: "cleanup",
  table: cleanupTable,
  examples: [
    "bgdb cleanup orders-prod-to-17",
    "bgdb cleanup orders-prod-to-17 --delete-old-blue --retain 48h --yes",
    "bgdb cleanup orders-prod-to-17 --delete-old-blue --dry-run",
  ],
  exits: [
    [0, "cleaned up; with --dry-run: the plan could run now"],
    [2, "bad input, or deleting the old blue with no terminal to confirm on and no --yes"],
    [3, "not switched over yet, inside the retention window, deletion protection on, or the old blue changed"],
    [4, "the snapshot or a deletion did not finish within --timeout — it continues in AWS"],
    [5, "the final snapshot failed — the old blue was not deleted"],
    [130, "declined or interrupted — the old blue is kept"],
  ],
  async action(session, values) {
    requireDataLossAck(values);
    await execute(session, (deps) => (values.dryRun ? core.planCleanup : core.cleanup)(deps, values), {
      yes: values.yes,
      confirms: values.deleteOldBlue ? "delete old blue" : undefined,
      dryRun: values.dryRun,
    });
  },
});
