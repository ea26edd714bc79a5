import type { DbSnapshot, DeploymentState, Deps } from "../ports/index.js";
import { waitUntilGone } from "./abort.js";
import { mutate } from "./audit.js";
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

async function finalSnapshot(ctx: Ctx, name: string, old: Side, timeoutMs: number): Promise<string> {
  const id = finalSnapshotId(old);
  const isCluster = old.kind === "cluster";
  const describe = () => (isCluster ? ctx.rds.describeDbClusterSnapshots(id) : ctx.rds.describeDbSnapshots(id));
  if ((await describe()).length === 0) {
    const tags = { "managed-by": "bgdb", "bgdb-deployment": name };
    await mutate(
      ctx,
      isCluster ? "CreateDBClusterSnapshot" : "CreateDBSnapshot",
      name,
      { snapshotId: id, source: old.id },
      () =>
        isCluster ? ctx.rds.createDbClusterSnapshot(id, old.id, tags) : ctx.rds.createDbSnapshot(id, old.id, tags),
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

const isDeleting = (s: Side) => (s.instance?.status ?? s.cluster?.status) === "deleting";

async function deleteOldBlue(ctx: Ctx, name: string, old: Side, o: CleanupOptions): Promise<MessagePayload[]> {
  const lines: MessagePayload[] = [];
  if (!isDeleting(old)) {
    if (old.instance?.deletionProtection || old.cluster?.deletionProtection) {
      throw new PreconditionError(
        "DELETION_PROTECTION",
        `Old blue ${old.id} has deletion protection on; nothing was deleted.`,
        {
          hint: `Turn it off deliberately (aws rds modify-db-${old.kind === "cluster" ? "cluster --db-cluster-identifier" : "instance --db-instance-identifier"} ${old.id} --no-deletion-protection --apply-immediately), then re-run.`,
        },
      );
    }
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
    for (const i of old.clusterInstances.filter((x) => x.status !== "deleting")) {
      await mutate(ctx, "DeleteDBInstance", name, { id: i.id }, () => ctx.rds.deleteDbInstance(i.id));
    }
    if (old.kind === "cluster")
      await mutate(ctx, "DeleteDBCluster", name, { id: old.id }, () => ctx.rds.deleteDbCluster(old.id));
    else await mutate(ctx, "DeleteDBInstance", name, { id: old.id }, () => ctx.rds.deleteDbInstance(old.id));
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
async function rememberedOldBlue(ctx: Ctx, arn: string, resourceId: string | undefined): Promise<Side | undefined> {
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

/** After switchover only: delete the deployment object (never DeleteTarget) and, if asked, the old blue. */
export async function cleanup(deps: Deps, o: CleanupOptions): Promise<CommandResult> {
  const ctx = makeCtx(deps);
  const found = await findDeployment(ctx, o.deployment);
  const name = found?.name ?? o.deployment;
  // The deployment object is the only thing in AWS naming the old blue: once it is gone, only the journal remembers.
  const state = found
    ? await ctx.journal.readState(keyOf(ctx, found))
    : await ctx.journal.findStateByName(
        { region: ctx.region ?? "unknown-region", account: (await ctx.caller())?.account },
        o.deployment,
      );
  const remembered = state?.settings as { oldBlueArn?: string; oldBlueResourceId?: string } | undefined;
  if (!found && !remembered?.oldBlueArn) {
    throw new PreconditionError(
      "NOT_FOUND",
      `No blue/green deployment "${o.deployment}" in AWS, and no record of its old blue here.`,
      {
        hint: "Run `bgdb list`; check --region and --state-dir.",
      },
    );
  }
  // Where the deployment was, for the journal: its own ARNs, or (once it is gone) the old blue's recorded ARN.
  const where = found ?? { id: state?.id ?? "", name, source: remembered?.oldBlueArn ?? "" };
  return withLock(ctx, scopeOf(ctx, where.source), name, "cleanup", async () => {
    const status = found ? deploymentStatus(found.status) : undefined;
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
    // Check the retention window before touching anything, so a refused cleanup changes nothing.
    if (o.deleteOldBlue && o.retainMs > 0) {
      const at = await switchedAt(ctx, state, found?.id);
      const due = at === undefined ? undefined : at + o.retainMs;
      if (due === undefined || ctx.clock.now() < due) {
        throw new PreconditionError(
          "RETENTION",
          due === undefined
            ? `bgdb cannot tell when ${name} switched over, so the retention window can't be checked; nothing was deleted.`
            : `The old blue is kept until ${new Date(due).toISOString()} (--retain ${formatFlagDuration(o.retainMs)} after the switchover); nothing was deleted.`,
          {
            hint: `Re-run \`bgdb cleanup ${name} --delete-old-blue --retain ${formatFlagDuration(o.retainMs)}\` after that${due === undefined ? ", or pass --retain 0 deliberately" : ""}.`,
          },
        );
      }
    }
    const lines: MessagePayload[] = [];
    let oldBlueArn = remembered?.oldBlueArn;
    let oldBlueResourceId = remembered?.oldBlueResourceId;
    if (found) {
      if (status === "SWITCHOVER_COMPLETED") {
        const members = await describeMembers(ctx, found);
        const old = members.blue.find((s) => s.arn === found.source) ?? members.blue[0];
        oldBlueArn = found.source;
        oldBlueResourceId = old ? resourceIdOf(old) : undefined;
        // Remember the old blue (and when it was switched) before deleting the only object that names it.
        const at = await switchedAt(ctx, state, found.id);
        await recordState(ctx, found, {
          settings: { oldBlueArn, oldBlueResourceId },
          ...(at !== undefined ? { switchedOverAt: new Date(at).toISOString() } : {}),
        });
        await mutate(ctx, "DeleteBlueGreenDeployment", name, { id: found.id, deleteTarget: false }, () =>
          ctx.rds.deleteBlueGreenDeployment(found.id, false),
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
