import type { DbInstance, Deps } from "../ports/index.js";
import { mutate } from "./audit.js";
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

async function checkVersion(ctx: Ctx, o: UpgradeOptions, engine: string, current: string, blueVersion: string) {
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

async function modifyGreen(ctx: Ctx, name: string, m: Members, o: UpgradeOptions): Promise<string[]> {
  const changed: string[] = [];
  const cluster = m.green.find((s) => s.cluster)?.cluster;
  if (cluster && (o.engineVersion || o.clusterParameterGroup)) {
    if (
      (!o.engineVersion || cluster.engineVersion === o.engineVersion) &&
      (!o.clusterParameterGroup || cluster.parameterGroup === o.clusterParameterGroup)
    ) {
      ctx.say(PHASE, "info", { code: "upgrade.unchanged", id: cluster.id, cluster: true });
    } else {
      const input = {
        id: cluster.id,
        engineVersion: o.engineVersion,
        clusterParameterGroupName: o.clusterParameterGroup,
        instanceParameterGroupName: o.parameterGroup,
        allowMajorVersionUpgrade: o.allowMajorVersionUpgrade || undefined,
        applyImmediately: true as const,
      };
      await mutate(ctx, "ModifyDBCluster", name, input, () => ctx.rds.modifyDbCluster(input));
      changed.push(cluster.id);
    }
  }
  const perInstance = cluster ? { ...o, engineVersion: undefined, clusterParameterGroup: undefined } : o;
  for (const i of replicasFirst(m.greenInstances)) {
    if (!perInstance.engineVersion && !perInstance.instanceClass && !perInstance.parameterGroup) break;
    if (upToDate(i, perInstance)) {
      ctx.say(PHASE, "info", {
        code: "upgrade.unchanged",
        id: i.id,
        cluster: false,
        engineVersion: i.engineVersion,
        instanceClass: i.instanceClass,
      });
      continue;
    }
    throwIfAborted(ctx.signal);
    const input = {
      id: i.id,
      engineVersion: perInstance.engineVersion,
      parameterGroupName: perInstance.parameterGroup,
      instanceClass: perInstance.instanceClass,
      allowMajorVersionUpgrade: o.allowMajorVersionUpgrade || undefined,
      applyImmediately: true as const,
    };
    await mutate(ctx, "ModifyDBInstance", name, input, () => ctx.rds.modifyDbInstance(input));
    changed.push(i.id);
  }
  return changed;
}

/** Modifies green with ApplyImmediately, then waits until every green member is available and the deployment AVAILABLE. */
export async function upgrade(deps: Deps, o: UpgradeOptions): Promise<CommandResult> {
  const ctx = makeCtx(deps);
  return withDeployment(ctx, o.deployment, "upgrade", async (d) => {
    if (deploymentStatus(d.status) !== "AVAILABLE") {
      throw new PreconditionError(
        "NOT_AVAILABLE",
        `${d.name} is ${d.status}; green can be changed only while the deployment is AVAILABLE.`,
        {
          hint: `Run \`bgdb status ${d.name}\`.`,
        },
      );
    }
    const m = await describeMembers(ctx, d);
    const primary = m.greenPrimary;
    if (!primary) throw new PreconditionError("GREEN_NOT_FOUND", `No green instance found for ${d.name}.`);
    const engine = m.green.find((s) => s.cluster)?.cluster?.engine ?? primary.engine;
    const current = m.green.find((s) => s.cluster)?.cluster?.engineVersion ?? primary.engineVersion;
    await checkVersion(ctx, o, engine, current, m.bluePrimary?.engineVersion ?? current);
    const changed = await modifyGreen(ctx, d.name, m, o);
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
