import type { Deps } from "../../ports/index.js";
import {
  checkRetention,
  deleteDeploymentCall,
  describeFinalSnapshot,
  finalSnapshotId,
  isDeleting,
  observeCleanup,
  oldBlueDeletions,
  oldBlueOf,
  refuseIfProtected,
  refuseUnlessSwitched,
  rememberedOldBlue,
  snapshotCall,
} from "../cleanup.js";
import type { Ctx } from "../context.js";
import type { CleanupOptions } from "../options.js";
import type { CommandResult } from "../result.js";
import { parseRdsArn } from "../status.js";
import { type Plan, runPlan } from "./run.js";

/**
 * cleanup's steps, in the real run's order: the status and retention refusals, DeleteBlueGreenDeployment (never with
 * DeleteTarget) and its wait, then with --delete-old-blue the confirmation, the final snapshot and its wait, the
 * deletions and their wait.
 */
export async function cleanupSteps(ctx: Ctx, plan: Plan, o: CleanupOptions): Promise<void> {
  const seen = await observeCleanup(ctx, o.deployment);
  const { found, name, status, remembered } = seen;
  if (found) plan.saw(found);
  await plan.check("status", () => {
    refuseUnlessSwitched(seen);
    return found ? `${name} ${found.status}` : `${name} is gone from AWS; the journal remembers its old blue`;
  });
  const due = await checkRetention(ctx, o, seen);
  if (due !== undefined) {
    plan.add({
      kind: "check",
      what: "retention",
      ok: true,
      reading: `the old blue's retention window ended ${new Date(due).toISOString()}`,
    });
  }
  let oldBlue = remembered;
  if (found) {
    if (status === "SWITCHOVER_COMPLETED") {
      oldBlue = await oldBlueOf(ctx, found);
      plan.add({ kind: "call", ...deleteDeploymentCall(found) });
    } else {
      plan.add({ kind: "skip", reason: "deployment-deleting", subject: name, status: found.status });
    }
    plan.add({ kind: "wait", for: "DELETED", subject: name, timeoutMs: o.timeoutMs });
  } else {
    plan.add({ kind: "skip", reason: "deployment-gone", subject: name });
  }
  const arn = oldBlue?.oldBlueArn;
  if (!arn) return;
  if (!o.deleteOldBlue) {
    plan.add({ kind: "skip", reason: "old-blue-kept", subject: parseRdsArn(arn).id });
    return;
  }
  const old = await rememberedOldBlue(ctx, arn, oldBlue?.oldBlueResourceId);
  if (!old) {
    plan.add({ kind: "skip", reason: "old-blue-gone", subject: parseRdsArn(arn).id });
    return;
  }
  if (isDeleting(old)) {
    plan.add({ kind: "skip", reason: "old-blue-deleting", subject: old.id });
  } else {
    await plan.check("deletion-protection", () => {
      refuseIfProtected(old);
      return `old blue ${old.id} has no deletion protection`;
    });
    plan.add({ kind: "confirm", expected: old.id, yes: o.yes });
    if (o.skipFinalSnapshot) {
      plan.add({ kind: "skip", reason: "final-snapshot-skipped", subject: old.id });
    } else {
      const snapshot = await describeFinalSnapshot(ctx, old);
      plan.add(
        snapshot.length > 0
          ? { kind: "skip", reason: "snapshot-exists", subject: finalSnapshotId(old), status: snapshot[0]?.status }
          : { kind: "call", ...snapshotCall(name, old) },
        { kind: "wait", for: "SNAPSHOT_AVAILABLE", subject: finalSnapshotId(old), timeoutMs: o.timeoutMs },
      );
    }
    plan.add(...oldBlueDeletions(old).map((call) => ({ kind: "call" as const, ...call })));
  }
  plan.add({ kind: "wait", for: "DELETED", subject: old.id, timeoutMs: o.timeoutMs });
}

/** `bgdb cleanup --dry-run`. */
export const planCleanup = (deps: Deps, o: CleanupOptions): Promise<CommandResult> =>
  runPlan(deps, "cleanup", (ctx, plan) => cleanupSteps(ctx, plan, o));
