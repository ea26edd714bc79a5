import type { BlueGreenDeployment, DbInstance, Deps } from "../ports/index.js";
import { type CallOf, mutate } from "./audit.js";
import { type Ctx, makeCtx } from "./context.js";
import { isPostgres, majorVersion, usesLogicalReplication } from "./engine.js";
import { AwsFailureError, PreconditionError, throwIfAborted } from "./errors.js";
import type { MessagePayload } from "./event.js";
import { recordObserved, recordState } from "./journal.js";
import type { UpgradeOptions } from "./options.js";
import { withDeployment } from "./prologue.js";
import { describeById, describeMembers, type Members } from "./resolve.js";
import type { CommandResult } from "./result.js";
import { servingStatement } from "./serving.js";
import { deploymentStatus, isAvailable } from "./status.js";
import { resultFor } from "./view.js";
import { timeoutError, waitFor } from "./wait.js";

const PHASE = "upgrade";

/** Instance statuses that come last in a modification: the next look may well see `available`. */
const NEAR_THE_END = /^(rebooting|configuring-|resetting-|starting|backing-up)/;

/** Instance statuses that will not turn into `available` by waiting. */
const STUCK = new Set([
  "failed",
  "incompatible-parameters",
  "incompatible-restore",
  "incompatible-network",
  "inaccessible-encryption-credentials",
  "storage-full",
]);

export async function checkVersion(ctx: Ctx, o: UpgradeOptions, engine: string, current: string, blueVersion: string) {
  if (!o.engineVersion || o.engineVersion === current) return;
  const [info] = await ctx.rds.describeDbEngineVersions({ engine, engineVersion: current });
  const target = info?.validUpgradeTargets.find((t) => t.engineVersion === o.engineVersion);
  if (!target) {
    throw new PreconditionError(
      "INVALID_UPGRADE_TARGET",
      `${engine} ${current} cannot be upgraded to ${o.engineVersion}.`,
      {
        hint: `Valid targets: ${
          info?.validUpgradeTargets
            .map((t) => t.engineVersion)
            .slice(-10)
            .join(", ") || "none reported"
        }.`,
      },
    );
  }
  if (target.isMajorVersionUpgrade && !o.allowMajorVersionUpgrade) {
    throw new PreconditionError(
      "MAJOR_UPGRADE_NOT_ALLOWED",
      `${current} → ${o.engineVersion} is a major version upgrade.`,
      {
        hint: "Add --allow-major-version-upgrade if that is what you want.",
      },
    );
  }
  // RDS for PostgreSQL with physical replication keeps green strictly read-only at blue's major (docs/rds-facts.md §4).
  if (engine === "postgres" && target.isMajorVersionUpgrade && !usesLogicalReplication(engine, blueVersion, current)) {
    throw new PreconditionError(
      "PHYSICAL_REPLICATION",
      "A PostgreSQL green on physical replication cannot be major-upgraded after creation.",
      {
        hint: "Create the deployment with --target-engine-version instead (RDS then replicates logically).",
      },
    );
  }
}

const upToDate = (i: DbInstance, o: UpgradeOptions) =>
  (!o.engineVersion || i.engineVersion === o.engineVersion) &&
  (!o.instanceClass || i.instanceClass === o.instanceClass) &&
  (!o.parameterGroup || i.parameterGroups.some((g) => g.name === o.parameterGroup));

/** Replicas before their primary: MySQL requires a replica's version at or above its source's. */
const replicasFirst = (instances: DbInstance[]) =>
  [...instances].sort((a, b) => Number(Boolean(b.readReplicaSourceId)) - Number(Boolean(a.readReplicaSourceId)));

/** One step of modifying green, in order: a call to make, or a member already at the target. */
export type Modification =
  | CallOf<"ModifyDBInstance" | "ModifyDBCluster">
  | { action: "unchanged"; id: string; cluster: boolean; engineVersion?: string; instanceClass?: string };

/**
 * What modifying green takes, decided from its members as AWS shows them (pure): the cluster first (Aurora), then
 * each instance, replicas before their primary, each either a ModifyDB… call or unchanged.
 */
export function plannedModifications(m: Members, o: UpgradeOptions): Modification[] {
  const out: Modification[] = [];
  const cluster = m.green.find((s) => s.cluster)?.cluster;
  if (cluster && (o.engineVersion || o.clusterParameterGroup)) {
    if (
      (!o.engineVersion || cluster.engineVersion === o.engineVersion) &&
      (!o.clusterParameterGroup || cluster.parameterGroup === o.clusterParameterGroup)
    ) {
      out.push({ action: "unchanged", id: cluster.id, cluster: true });
    } else {
      out.push({
        action: "ModifyDBCluster",
        params: {
          id: cluster.id,
          engineVersion: o.engineVersion,
          clusterParameterGroupName: o.clusterParameterGroup,
          instanceParameterGroupName: o.parameterGroup,
          allowMajorVersionUpgrade: o.allowMajorVersionUpgrade || undefined,
          applyImmediately: true,
        },
      });
    }
  }
  const perInstance = cluster ? { ...o, engineVersion: undefined, clusterParameterGroup: undefined } : o;
  if (!perInstance.engineVersion && !perInstance.instanceClass && !perInstance.parameterGroup) return out;
  for (const i of replicasFirst(m.greenInstances)) {
    if (upToDate(i, perInstance)) {
      out.push({
        action: "unchanged",
        id: i.id,
        cluster: false,
        engineVersion: i.engineVersion,
        instanceClass: i.instanceClass,
      });
      continue;
    }
    out.push({
      action: "ModifyDBInstance",
      params: {
        id: i.id,
        engineVersion: perInstance.engineVersion,
        parameterGroupName: perInstance.parameterGroup,
        instanceClass: perInstance.instanceClass,
        allowMajorVersionUpgrade: o.allowMajorVersionUpgrade || undefined,
        applyImmediately: true,
      },
    });
  }
  return out;
}

/** Makes the planned modifications in order; returns the ids changed. */
async function modifyGreen(ctx: Ctx, name: string, planned: Modification[]): Promise<string[]> {
  const changed: string[] = [];
  for (const step of planned) {
    if (step.action === "unchanged") {
      const { action: _, ...unchanged } = step;
      ctx.say(PHASE, "info", { code: "upgrade.unchanged", ...unchanged });
      continue;
    }
    throwIfAborted(ctx.signal);
    if (step.action === "ModifyDBCluster") await mutate(ctx, name, step, (input) => ctx.rds.modifyDbCluster(input));
    else await mutate(ctx, name, step, (input) => ctx.rds.modifyDbInstance(input));
    changed.push(step.params.id);
  }
  return changed;
}

/** Green can be changed only while the deployment is AVAILABLE. */
export function requireAvailableForUpgrade(d: BlueGreenDeployment): void {
  if (deploymentStatus(d.status) !== "AVAILABLE") {
    throw new PreconditionError(
      "NOT_AVAILABLE",
      `${d.name} is ${d.status}; green can be changed only while the deployment is AVAILABLE.`,
      {
        hint: `Run \`bgdb status ${d.name}\`.`,
      },
    );
  }
}

/** Green's members, and its engine and version as the version check reads them; GREEN_NOT_FOUND without a primary. */
export async function observeGreen(ctx: Ctx, d: BlueGreenDeployment) {
  const m = await describeMembers(ctx, d);
  const primary = m.greenPrimary;
  if (!primary) throw new PreconditionError("GREEN_NOT_FOUND", `No green instance found for ${d.name}.`);
  const engine = cluster(m)?.engine ?? primary.engine;
  const current = cluster(m)?.engineVersion ?? primary.engineVersion;
  return { members: m, engine, current, blueVersion: m.bluePrimary?.engineVersion ?? current };
}

/** Modifies green with ApplyImmediately, then waits until every green member is available and the deployment AVAILABLE. */
export async function upgrade(deps: Deps, o: UpgradeOptions): Promise<CommandResult> {
  const ctx = makeCtx(deps);
  return withDeployment(ctx, o.deployment, "upgrade", async (d) => {
    requireAvailableForUpgrade(d);
    const { members, engine, current, blueVersion } = await observeGreen(ctx, d);
    await checkVersion(ctx, o, engine, current, blueVersion);
    const changed = await modifyGreen(ctx, d.name, plannedModifications(members, o));
    await recordState(ctx, d, {
      settings: { upgrade: o },
      step: { step: "upgrade", outcome: changed.length ? "requested" : "nothing to do" },
    });
    const { value, elapsedMs } = await waitFor(ctx.wait, {
      phase: PHASE,
      label: d.name,
      timeoutMs: o.timeoutMs,
      observe: async () => {
        const dep = await describeById(ctx, d);
        return { dep, members: await describeMembers(ctx, dep) };
      },
      decide: ({ dep, members }, elapsed) => {
        const broken = members.greenInstances.find((i) => STUCK.has(i.status));
        if (broken || deploymentStatus(dep.status) === "INVALID_CONFIGURATION") {
          return {
            type: "fail",
            error: new AwsFailureError(
              "UPGRADE_FAILED",
              `Upgrading green of ${d.name} failed: ${broken ? `${broken.id} is ${broken.status}` : `deployment ${dep.status}${dep.statusDetails ? ` (${dep.statusDetails})` : ""}`}. ${servingStatement(dep.status)}`,
              { hint: `Look at the RDS events of the green instance; \`bgdb abort ${d.name}\` deletes green.` },
            ),
          };
        }
        const pending = members.greenInstances.filter(
          (i) => !isAvailable(i.status) || !upToDate(i, cluster(members) ? { ...o, engineVersion: undefined } : o),
        );
        const versionOk = !o.engineVersion || !cluster(members) || cluster(members)?.engineVersion === o.engineVersion;
        if (pending.length === 0 && versionOk && deploymentStatus(dep.status) === "AVAILABLE") {
          return { type: "done", value: { dep, members } };
        }
        return {
          type: "continue",
          status: pending[0]?.status ?? dep.status,
          detail: { pending: pending.map((i) => ({ id: i.id, status: i.status, engineVersion: i.engineVersion })) },
          // Member statuses near the end of a modification (a reboot, configuration) mean AVAILABLE is close.
          pace: elapsed < 120_000 || pending.some((i) => NEAR_THE_END.test(i.status)) ? "fast" : "slow",
        };
      },
      interrupted: (last) => servingStatement(last?.dep.status),
      onTimeout: (last, ms) =>
        timeoutError(
          `green of ${d.name} to finish upgrading`,
          ms,
          `The modification continues in AWS; run \`bgdb upgrade ${d.name} …\` again to keep waiting. ${servingStatement(last?.dep.status)}`,
        ),
    });
    await recordObserved(ctx, value.dep);
    const g = value.members.greenPrimary;
    const version = cluster(value.members)?.engineVersion ?? g?.engineVersion;
    const available: MessagePayload = {
      code: "upgrade.available",
      green: value.members.green.map((s) => s.id),
      engine,
      engineVersion: version,
      instanceClass: g?.instanceClass,
      elapsedMs,
    };
    ctx.say(PHASE, "ok", available);
    if (
      o.engineVersion &&
      isPostgres(engine) &&
      majorVersion(engine, version ?? "") !== majorVersion(engine, current)
    ) {
      ctx.say(PHASE, "warn", { code: "upgrade.analyze-advised" });
    }
    return resultFor(ctx, "upgrade", value.dep, { durations: { upgrade: elapsedMs }, report: [available] });
  });
}

const cluster = (m: Members) => m.green.find((s) => s.cluster)?.cluster;
