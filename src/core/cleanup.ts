import type { BlueGreenDeployment, DbSnapshot, DeploymentState, Deps } from "../ports/index.js";
import { waitUntilGone } from "./abort.js";
import { type CallOf, mutate } from "./audit.js";
import { confirmRecorded } from "./confirm.js";
import { type Ctx, makeCtx } from "./context.js";
import { AwsFailureError, InterruptedError, PreconditionError, throwIfAborted } from "./errors.js";
import type { MessagePayload } from "./event.js";
import { formatFlagDuration } from "./format.js";
import { keyOf, recordState, scopeOf, withLock } from "./journal.js";
import type { CleanupOptions } from "./options.js";
import { recentEvents } from "./rds-events.js";
import { describeMembers, describeSide, findDeployment, type Side } from "./resolve.js";
import type { CommandResult } from "./result.js";
import { deploymentStatus } from "./status.js";
import { deploymentView } from "./view.js";
import { timeoutError, waitFor } from "./wait.js";

const PHASE = "cleanup";

/** When the switchover completed: the journal's record, else RDS's "switchover completed" event (kept 14 days). */
async function switchedAt(
  ctx: Ctx,
  state: DeploymentState | undefined,
  id: string | undefined,
): Promise<number | undefined> {
  if (state?.switchedOverAt) return Date.parse(state.switchedOverAt);
  if (!id) return undefined;
  const events = await recentEvents(ctx, id, new Date(ctx.clock.now() - 14 * 86_400_000));
  const done = events.filter((e) => /switchover completed/i.test(e.message)).pop();
  return done?.date.getTime();
}

const resourceIdOf = (s: Side) => s.instance?.resourceId ?? s.cluster?.resourceId;

/** Stable across re-runs (so a resumed cleanup reuses its snapshot), unique per database (its resource id). */
export function finalSnapshotId(old: Side): string {
  const suffix = (resourceIdOf(old) ?? "final")
    .replace(/^(db|cluster)-/i, "")
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "");
  return `bgdb-final-${old.id}-${suffix.slice(0, 12)}`.replace(/-+/g, "-").replace(/-$/, "");
}

/** The old blue's final snapshot as RDS describes it now (empty until it is requested). */
export const describeFinalSnapshot = (ctx: Ctx, old: Side): Promise<DbSnapshot[]> =>
  old.kind === "cluster"
    ? ctx.rds.describeDbClusterSnapshots(finalSnapshotId(old))
    : ctx.rds.describeDbSnapshots(finalSnapshotId(old));

/** CreateDBSnapshot (or CreateDBClusterSnapshot) of the old blue, tagged with the deployment. */
export function snapshotCall(name: string, old: Side): CallOf<"CreateDBSnapshot" | "CreateDBClusterSnapshot"> {
  const params = {
    snapshotId: finalSnapshotId(old),
    source: old.id,
    tags: { "managed-by": "bgdb", "bgdb-deployment": name },
  };
  return old.kind === "cluster"
    ? { action: "CreateDBClusterSnapshot", params }
    : { action: "CreateDBSnapshot", params };
}

/** The deletions of the old blue, in order: an Aurora cluster's instances, then the cluster; or the instance. */
export function oldBlueDeletions(old: Side): CallOf<"DeleteDBInstance" | "DeleteDBCluster">[] {
  return [
    ...old.clusterInstances
      .filter((x) => x.status !== "deleting")
      .map((i): CallOf<"DeleteDBInstance"> => ({ action: "DeleteDBInstance", params: { id: i.id } })),
    old.kind === "cluster"
      ? { action: "DeleteDBCluster", params: { id: old.id } }
      : { action: "DeleteDBInstance", params: { id: old.id } },
  ];
}

async function finalSnapshot(ctx: Ctx, name: string, old: Side, timeoutMs: number): Promise<string> {
  const id = finalSnapshotId(old);
  const describe = () => describeFinalSnapshot(ctx, old);
  if ((await describe()).length === 0) {
    await mutate(ctx, name, snapshotCall(name, old), (p) =>
      old.kind === "cluster"
        ? ctx.rds.createDbClusterSnapshot(p.snapshotId, p.source, p.tags)
        : ctx.rds.createDbSnapshot(p.snapshotId, p.source, p.tags),
    );
  }
  await waitFor<DbSnapshot[], true>(ctx.wait, {
    phase: PHASE,
    label: `snapshot ${id}`,
    timeoutMs,
    observe: describe,
    decide: ([s]) =>
      s?.status === "available"
        ? { type: "done", value: true }
        : s && /fail|error/.test(s.status)
          ? {
              type: "fail",
              error: new AwsFailureError(
                "SNAPSHOT_FAILED",
                `Final snapshot ${id} is ${s.status}; the old blue was NOT deleted.`,
                {
                  hint: "Look at the snapshot in the RDS console, then re-run the same cleanup.",
                },
              ),
            }
          : { type: "continue", status: s?.status ?? "creating", pace: "slow" },
    onTimeout: (_l, ms) =>
      timeoutError(
        `final snapshot ${id}`,
        ms,
        "The snapshot continues in AWS; re-run the same cleanup: nothing was deleted.",
      ),
  });
  ctx.say(PHASE, "ok", { code: "cleanup.snapshot-available", id });
  return id;
}

export const isDeleting = (s: Side) => (s.instance?.status ?? s.cluster?.status) === "deleting";

/** Deletion protection is never switched off by bgdb: DELETION_PROTECTION (exit 3), nothing deleted. */
export function refuseIfProtected(old: Side): void {
  if (old.instance?.deletionProtection || old.cluster?.deletionProtection) {
    throw new PreconditionError(
      "DELETION_PROTECTION",
      `Old blue ${old.id} has deletion protection on; nothing was deleted.`,
      {
        hint: `Turn it off deliberately (aws rds modify-db-${old.kind === "cluster" ? "cluster --db-cluster-identifier" : "instance --db-instance-identifier"} ${old.id} --no-deletion-protection --apply-immediately), then re-run.`,
      },
    );
  }
}

async function deleteOldBlue(ctx: Ctx, name: string, old: Side, o: CleanupOptions): Promise<MessagePayload[]> {
  const lines: MessagePayload[] = [];
  if (!isDeleting(old)) {
    refuseIfProtected(old);
    ctx.say(PHASE, o.skipFinalSnapshot ? "warn" : "info", {
      code: "cleanup.confirm-delete",
      oldBlue: old.id,
      skipFinalSnapshot: o.skipFinalSnapshot,
    });
    const confirmed = await confirmRecorded(ctx, name, {
      prompt: "Type the old blue's identifier to delete it",
      expected: old.id,
      action: "delete old blue",
    });
    if (!confirmed) {
      throw new InterruptedError(`Deletion declined; nothing was sent to AWS: the old blue ${old.id} is kept.`, {
        hint: `Run \`bgdb cleanup ${name} --delete-old-blue\` again when you are ready.`,
      });
    }
    if (!o.skipFinalSnapshot) {
      lines.push({ code: "cleanup.snapshot-available", id: await finalSnapshot(ctx, name, old, o.timeoutMs) });
    }
    throwIfAborted(ctx.signal);
    for (const call of oldBlueDeletions(old)) {
      if (call.action === "DeleteDBCluster") await mutate(ctx, name, call, (p) => ctx.rds.deleteDbCluster(p.id));
      else await mutate(ctx, name, call, (p) => ctx.rds.deleteDbInstance(p.id));
    }
  }
  const { elapsedMs } = await waitFor(ctx.wait, {
    phase: PHASE,
    label: `${old.id} deletion`,
    timeoutMs: o.timeoutMs,
    observe: async () => {
      const now = await describeSide(ctx, old.arn);
      return now?.instance?.status ?? now?.cluster?.status;
    },
    decide: (s) => (s === undefined ? { type: "done", value: true } : { type: "continue", status: s, pace: "slow" }),
    onTimeout: (_l, ms) =>
      timeoutError(
        `${old.id} to be deleted`,
        ms,
        "Deletion continues in AWS; re-run the same cleanup to keep waiting.",
      ),
  });
  const deleted: MessagePayload = { code: "cleanup.old-blue-deleted", id: old.id, elapsedMs };
  ctx.say(PHASE, "ok", deleted);
  lines.push(deleted);
  return lines;
}

/** The old blue named by the journal, only if it is still the same database (resource ids survive renames). */
export async function rememberedOldBlue(
  ctx: Ctx,
  arn: string,
  resourceId: string | undefined,
): Promise<Side | undefined> {
  const old = await describeSide(ctx, arn);
  if (!old?.instance && !old?.cluster) return undefined;
  if (resourceId && resourceIdOf(old) !== resourceId) {
    throw new PreconditionError(
      "RESOURCE_CHANGED",
      `${old.id} is no longer the old blue bgdb recorded (resource id ${resourceIdOf(old)}, expected ${resourceId}); nothing was deleted.`,
      {
        hint: "Someone renamed databases since the switchover: delete the right one by hand.",
      },
    );
  }
  return old;
}

/** What the journal remembers of the old blue (the deployment object is the only thing in AWS naming it). */
interface Remembered {
  oldBlueArn?: string;
  oldBlueResourceId?: string;
}

/** What cleanup finds: the deployment (while AWS has it), the journal's record of it, and where it was. */
export async function observeCleanup(ctx: Ctx, ref: string) {
  const found = await findDeployment(ctx, ref);
  const name = found?.name ?? ref;
  // The deployment object is the only thing in AWS naming the old blue: once it is gone, only the journal remembers.
  const state = found
    ? await ctx.journal.readState(keyOf(ctx, found))
    : await ctx.journal.findStateByName(
        { region: ctx.region ?? "unknown-region", account: (await ctx.caller())?.account },
        ref,
      );
  const remembered = state?.settings as Remembered | undefined;
  if (!found && !remembered?.oldBlueArn) {
    throw new PreconditionError(
      "NOT_FOUND",
      `No blue/green deployment "${ref}" in AWS, and no record of its old blue here.`,
      {
        hint: "Run `bgdb list`; check --region and --state-dir.",
      },
    );
  }
  // Where the deployment was, for the journal: its own ARNs, or (once it is gone) the old blue's recorded ARN.
  const where = found ?? { id: state?.id ?? "", name, source: remembered?.oldBlueArn ?? "" };
  const status = found ? deploymentStatus(found.status) : undefined;
  return { found, name, state, remembered, where, status };
}

type CleanupSeen = Awaited<ReturnType<typeof observeCleanup>>;

/** Cleanup runs only after SWITCHOVER_COMPLETED, or to resume its own earlier run (DELETING with a recorded old blue). */
export function refuseUnlessSwitched({ found, status, remembered, name }: CleanupSeen): void {
  // DELETING with a recorded old blue is our own earlier run, interrupted after DeleteBlueGreenDeployment.
  const resumable = status === "DELETING" && remembered?.oldBlueArn !== undefined;
  if (found && status !== "SWITCHOVER_COMPLETED" && !resumable) {
    throw new PreconditionError(
      "NOT_SWITCHED",
      `${name} is ${found.status}: cleanup runs only after SWITCHOVER_COMPLETED.`,
      {
        hint: `To throw green away instead, run \`bgdb abort ${name}\`.`,
      },
    );
  }
}

/**
 * The retention window, checked before touching anything so a refused cleanup changes nothing: RETENTION (exit 3)
 * while it is open. Returns when it ended (undefined when it does not apply).
 */
export async function checkRetention(ctx: Ctx, o: CleanupOptions, seen: CleanupSeen): Promise<number | undefined> {
  if (!o.deleteOldBlue || o.retainMs <= 0) return undefined;
  const at = await switchedAt(ctx, seen.state, seen.found?.id);
  const due = at === undefined ? undefined : at + o.retainMs;
  if (due !== undefined && ctx.clock.now() >= due) return due;
  throw new PreconditionError(
    "RETENTION",
    due === undefined
      ? `bgdb cannot tell when ${seen.name} switched over, so the retention window can't be checked; nothing was deleted.`
      : `The old blue is kept until ${new Date(due).toISOString()} (--retain ${formatFlagDuration(o.retainMs)} after the switchover); nothing was deleted.`,
    {
      hint: `Re-run \`bgdb cleanup ${seen.name} --delete-old-blue --retain ${formatFlagDuration(o.retainMs)}\` after that${due === undefined ? ", or pass --retain 0 deliberately" : ""}.`,
    },
  );
}

/** DeleteBlueGreenDeployment after a switchover: never with DeleteTarget (green is production now). */
export const deleteDeploymentCall = (d: BlueGreenDeployment): CallOf<"DeleteBlueGreenDeployment"> => ({
  action: "DeleteBlueGreenDeployment",
  params: { id: d.id, deleteTarget: false },
});

/** The old blue a switched deployment names: its ARN and resource id (which survive renames). */
export async function oldBlueOf(ctx: Ctx, d: BlueGreenDeployment): Promise<Remembered & { oldBlueArn: string }> {
  const members = await describeMembers(ctx, d);
  const old = members.blue.find((s) => s.arn === d.source) ?? members.blue[0];
  return { oldBlueArn: d.source, oldBlueResourceId: old ? resourceIdOf(old) : undefined };
}

/** After switchover only: delete the deployment object (never DeleteTarget) and, if asked, the old blue. */
export async function cleanup(deps: Deps, o: CleanupOptions): Promise<CommandResult> {
  const ctx = makeCtx(deps);
  const seen = await observeCleanup(ctx, o.deployment);
  const { found, name, state, remembered, where, status } = seen;
  return withLock(ctx, scopeOf(ctx, where.source), name, "cleanup", async () => {
    refuseUnlessSwitched(seen);
    await checkRetention(ctx, o, seen);
    const lines: MessagePayload[] = [];
    let oldBlueArn = remembered?.oldBlueArn;
    let oldBlueResourceId = remembered?.oldBlueResourceId;
    if (found) {
      if (status === "SWITCHOVER_COMPLETED") {
        ({ oldBlueArn, oldBlueResourceId } = await oldBlueOf(ctx, found));
        // Remember the old blue (and when it was switched) before deleting the only object that names it.
        const at = await switchedAt(ctx, state, found.id);
        await recordState(ctx, found, {
          settings: { oldBlueArn, oldBlueResourceId },
          ...(at !== undefined ? { switchedOverAt: new Date(at).toISOString() } : {}),
        });
        await mutate(ctx, name, deleteDeploymentCall(found), (p) =>
          ctx.rds.deleteBlueGreenDeployment(p.id, p.deleteTarget),
        );
      }
      await waitUntilGone(ctx, found, PHASE, o.timeoutMs);
      const deleted: MessagePayload = { code: "cleanup.deployment-deleted", name, id: found.id };
      ctx.say(PHASE, "ok", deleted);
      lines.push(deleted);
    }
    if (o.deleteOldBlue && oldBlueArn) {
      const old = await rememberedOldBlue(ctx, oldBlueArn, oldBlueResourceId);
      if (old) lines.push(...(await deleteOldBlue(ctx, name, old, o)));
      else lines.push({ code: "cleanup.old-blue-gone", arn: oldBlueArn });
    }
    const snapshot = lines.find((m) => m.code === "cleanup.snapshot-available");
    const deletedOldBlue = lines.find((m) => m.code === "cleanup.old-blue-deleted");
    await recordState(ctx, where, {
      phase: "cleaned",
      step: { step: "cleanup", outcome: "ok" },
      evidence: {
        cleanup: {
          at: new Date(ctx.clock.now()).toISOString(),
          snapshot: snapshot?.code === "cleanup.snapshot-available" ? snapshot.id : undefined,
          deletedOldBlue: deletedOldBlue?.code === "cleanup.old-blue-deleted" ? deletedOldBlue.id : undefined,
          deletedDeployment: found !== undefined,
        },
      },
    });
    return {
      command: "cleanup",
      phase: "cleaned",
      deployment: found ? deploymentView(found) : undefined,
      members: [],
      durations: {},
      report: lines,
      nextSteps:
        o.deleteOldBlue || !oldBlueArn ? [] : [`bgdb cleanup ${name} --delete-old-blue  (after the retention window)`],
    };
  });
}
