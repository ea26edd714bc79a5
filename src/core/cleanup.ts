import type { DbSnapshot, Deps } from "../ports/index.js";
import { waitUntilGone } from "./abort.js";
import { mutate } from "./audit.js";
import { type Ctx, makeCtx } from "./context.js";
import { InterruptedError, isBgdbError, PreconditionError, throwIfAborted } from "./errors.js";
import { recentEvents } from "./events.js";
import { recordState, withLock } from "./journal.js";
import type { CleanupOptions } from "./options.js";
import { describeMembers, findDeployment, type Side } from "./resolve.js";
import type { CommandResult } from "./result.js";
import { deploymentStatus, parseRdsArn } from "./status.js";
import { deploymentView } from "./view.js";
import { formatElapsed, timeoutError, waitFor } from "./wait.js";

const PHASE = "cleanup";

/** When the switchover completed: the journal's record, else RDS event 0248 (events are kept 14 days). */
async function switchedAt(ctx: Ctx, name: string, id: string | undefined): Promise<number | undefined> {
  const state = await ctx.journal.readState(name);
  if (state?.switchedOverAt) return Date.parse(state.switchedOverAt);
  if (!id) return undefined;
  const events = await recentEvents(ctx, id, new Date(ctx.clock.now() - 14 * 86_400_000));
  const done = events.filter((e) => /switchover completed/i.test(e.message)).pop();
  return done?.date.getTime();
}

const snapshotId = (id: string, at: number) =>
  `bgdb-final-${id}-${new Date(at).toISOString().replace(/[-:T]/g, "").slice(0, 12)}`.slice(0, 255);

async function finalSnapshot(ctx: Ctx, name: string, old: Side, timeoutMs: number): Promise<string> {
  const id = snapshotId(old.id, ctx.clock.now());
  const isCluster = old.kind === "cluster";
  const describe = () => (isCluster ? ctx.rds.describeDbClusterSnapshots(id) : ctx.rds.describeDbSnapshots(id));
  const existing = await describe().catch((e) => (isBgdbError(e) && e.code === "NOT_FOUND" ? [] : Promise.reject(e)));
  if (existing.length === 0) {
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
              error: new PreconditionError(
                "SNAPSHOT_FAILED",
                `Final snapshot ${id} is ${s.status}; the old blue was NOT deleted.`,
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
  ctx.reporter.emit({ kind: "step", phase: PHASE, status: "ok", message: `Final snapshot ${id} available` });
  return id;
}

async function deleteOldBlue(ctx: Ctx, name: string, old: Side, o: CleanupOptions): Promise<string[]> {
  const lines: string[] = [];
  const protectedNow = old.instance?.deletionProtection || old.cluster?.deletionProtection;
  if (protectedNow) {
    throw new PreconditionError(
      "DELETION_PROTECTION",
      `Old blue ${old.id} has deletion protection on; nothing was deleted.`,
      {
        hint: `Turn it off deliberately (aws rds modify-db-${old.kind === "cluster" ? "cluster --db-cluster-identifier" : "instance --db-instance-identifier"} ${old.id} --no-deletion-protection --apply-immediately), then re-run.`,
      },
    );
  }
  ctx.reporter.emit({
    kind: "note",
    phase: PHASE,
    message: o.skipFinalSnapshot
      ? `This deletes the old blue ${old.id} WITHOUT a final snapshot (--skip-final-snapshot --i-understand-data-loss).`
      : `This deletes the old blue ${old.id} after a final snapshot.`,
  });
  if (
    !(await ctx.confirmer.confirm({
      prompt: "Type the old blue's identifier to delete it",
      expected: old.id,
      action: "delete old blue",
    }))
  ) {
    throw new InterruptedError("Deletion declined; the old blue is kept.");
  }
  if (!o.skipFinalSnapshot) lines.push(`final snapshot ${await finalSnapshot(ctx, name, old, o.timeoutMs)}`);
  throwIfAborted(ctx.signal);
  if (old.kind === "cluster") {
    for (const i of old.clusterInstances) {
      await mutate(ctx, "DeleteDBInstance", name, { id: i.id }, () => ctx.rds.deleteDbInstance(i.id));
    }
    await mutate(ctx, "DeleteDBCluster", name, { id: old.id }, () => ctx.rds.deleteDbCluster(old.id));
  } else {
    await mutate(ctx, "DeleteDBInstance", name, { id: old.id }, () => ctx.rds.deleteDbInstance(old.id));
  }
  const { elapsedMs } = await waitFor(ctx.wait, {
    phase: PHASE,
    label: `${old.id} deletion`,
    timeoutMs: o.timeoutMs,
    observe: async () => {
      try {
        const found =
          old.kind === "cluster"
            ? await ctx.rds.describeDbClusters({ id: old.id })
            : await ctx.rds.describeDbInstances({ id: old.id });
        return found[0]?.status;
      } catch (e) {
        if (isBgdbError(e) && e.code === "NOT_FOUND") return undefined;
        throw e;
      }
    },
    decide: (s) => (s === undefined ? { type: "done", value: true } : { type: "continue", status: s, pace: "slow" }),
    onTimeout: (_l, ms) => timeoutError(`${old.id} to be deleted`, ms, "Deletion continues in AWS."),
  });
  lines.push(`deleted old blue ${old.id} in ${formatElapsed(elapsedMs)}`);
  return lines;
}

/** After switchover only: delete the deployment object (never DeleteTarget) and, if asked, the old blue. */
export async function cleanup(deps: Deps, o: CleanupOptions): Promise<CommandResult> {
  const ctx = makeCtx(deps);
  const found = await findDeployment(ctx, o.deployment);
  const state = found ? undefined : await ctx.journal.readState(o.deployment);
  const name = found?.name ?? state?.name ?? o.deployment;
  if (!found && !state?.settings.oldBlueArn) {
    throw new PreconditionError(
      "NOT_FOUND",
      `No blue/green deployment "${o.deployment}" in AWS, and no record of its old blue here.`,
      {
        hint: "Run `bgdb list`; check --region and --state-dir.",
      },
    );
  }
  return withLock(ctx, name, "cleanup", async () => {
    const lines: string[] = [];
    let oldBlueArn = state?.settings.oldBlueArn as string | undefined;
    let old: Side | undefined;
    if (found && deploymentStatus(found.status) !== "SWITCHOVER_COMPLETED") {
      throw new PreconditionError(
        "NOT_SWITCHED",
        `${name} is ${found.status}: cleanup runs only after SWITCHOVER_COMPLETED.`,
        {
          hint: `To throw green away instead, run \`bgdb abort ${name}\`.`,
        },
      );
    }
    // Check the retention window before touching anything, so a refused cleanup changes nothing.
    if (o.deleteOldBlue) {
      const at = await switchedAt(ctx, name, found?.id);
      const due = at === undefined ? undefined : at + o.retainMs;
      if (due === undefined || ctx.clock.now() < due) {
        throw new PreconditionError(
          "RETENTION",
          due === undefined
            ? `bgdb cannot tell when ${name} switched over, so the retention window can't be checked; nothing was deleted.`
            : `The old blue is kept until ${new Date(due).toISOString()} (--retain ${formatElapsed(o.retainMs)} after the switchover); nothing was deleted.`,
          {
            hint: `Re-run \`bgdb cleanup ${name} --delete-old-blue\` after that${due === undefined ? ", or pass --retain 0 deliberately" : ""}.`,
          },
        );
      }
    }
    if (found) {
      const members = await describeMembers(ctx, found);
      old = members.blue[0];
      oldBlueArn = found.source;
      // Remember the old blue before the deployment object (the only thing that names it) is deleted.
      await recordState(ctx, name, { id: found.id, settings: { oldBlueArn } });
      const at = await switchedAt(ctx, name, found.id);
      if (at !== undefined && !(await ctx.journal.readState(name))?.switchedOverAt) {
        await recordState(ctx, name, { switchedOverAt: new Date(at).toISOString() });
      }
      await mutate(ctx, "DeleteBlueGreenDeployment", name, { id: found.id, deleteTarget: false }, () =>
        ctx.rds.deleteBlueGreenDeployment(found.id, false),
      );
      await waitUntilGone(ctx, found, PHASE, o.timeoutMs);
      lines.push(`deleted deployment ${name} (${found.id}); both databases kept`);
      ctx.reporter.emit({ kind: "step", phase: PHASE, status: "ok", message: lines[0] ?? "" });
    }
    if (o.deleteOldBlue && oldBlueArn) {
      old ??= await (async () => {
        const p = parseRdsArn(oldBlueArn as string);
        const members = await describeMembers(ctx, {
          id: "",
          name,
          source: oldBlueArn as string,
          status: "",
          tasks: [],
          switchoverDetails: [],
          tags: {},
        });
        return (
          members.blue[0] ?? {
            kind: p.kind === "cluster" ? "cluster" : "instance",
            arn: oldBlueArn as string,
            id: p.id,
            clusterInstances: [],
          }
        );
      })();
      if (old.instance || old.cluster) lines.push(...(await deleteOldBlue(ctx, name, old, o)));
      else lines.push(`old blue ${old.id} is already gone`);
    }
    await recordState(ctx, name, { phase: "cleaned", step: { step: "cleanup", outcome: "ok" } });
    return {
      command: "cleanup",
      phase: "cleaned",
      deployment: found ? deploymentView(found) : undefined,
      members: [],
      durations: {},
      summary: lines,
      nextSteps:
        o.deleteOldBlue || !oldBlueArn ? [] : [`bgdb cleanup ${name} --delete-old-blue  (after the retention window)`],
    };
  });
}
