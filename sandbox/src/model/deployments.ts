/** Blue/green deployments: create (with RDS's prerequisite checks), switchover, delete. */
import { AwsError, invalidParameterCombination, invalidParameterValue } from "../aws-error.js";
import { consumeFault, findFault } from "../faults.js";
import type { Account } from "./account.js";
import { familyOf, findVersion, majorOf, parameterDefaults, upgradeTargets, versionNote } from "./catalog.js";
import { IDENTIFIER_RE, newDeploymentId, parseRdsArn, rdsArn } from "./ids.js";
import { type RealBackingKind, realBackingOf } from "./real-backing.js";
import { startInstanceDeletion } from "./resources.js";
import type { Cluster, Deployment, Instance, MemberPair, Tag } from "./state.js";

export interface CreateDeploymentInput {
  name?: string;
  source?: string;
  targetEngineVersion?: string;
  targetParameterGroup?: string;
  targetClusterParameterGroup?: string;
  targetInstanceClass?: string;
  tags?: Tag[];
}

const bgdEventTarget = (d: Deployment) => ({
  sourceType: "blue-green-deployment" as const,
  sourceId: d.id,
  sourceArn: rdsArn("deployment", d.id),
});

function resolveSource(account: Account, source: string | undefined): { instance?: Instance; cluster?: Cluster } {
  const arn = source ? parseRdsArn(source) : undefined;
  if (!arn || (arn.kind !== "db" && arn.kind !== "cluster")) {
    throw invalidParameterValue(`The source ARN ${source ?? "(none)"} is not a valid DB instance or DB cluster ARN.`);
  }
  return arn.kind === "db" ? { instance: account.instance(arn.id) } : { cluster: account.cluster(arn.id) };
}

function logicalReplicationOn(account: Account, groupName: string, kind: "instance" | "cluster"): boolean {
  const group = account.parameterGroup(groupName, kind);
  const value =
    group.parameters["rds.logical_replication"] ?? parameterDefaults(group.family)["rds.logical_replication"]?.value;
  return value === "1";
}

/** RDS's checks before it accepts a deployment, with the errors docs/rds-facts.md §3 and §4 list. */
function checkPrerequisites(
  account: Account,
  input: CreateDeploymentInput,
  source: Instance | Cluster,
  kind: "instance" | "cluster",
): void {
  const isInstance = kind === "instance";
  if (source.status !== "available") {
    throw isInstance
      ? new AwsError("InvalidDBInstanceState", `DB instance ${source.id} is not in available state.`)
      : new AwsError("InvalidDBClusterStateFault", `DB cluster ${source.id} is not in available state.`);
  }
  if (isInstance && (source as Instance).clusterResourceId) {
    throw new AwsError(
      "SourceDatabaseNotSupportedFault",
      "Use the Aurora cluster ARN, not a member instance, as the source.",
    );
  }
  const notSupported = (msg: string) =>
    new AwsError(isInstance ? "SourceDatabaseNotSupportedFault" : "SourceClusterNotSupportedFault", msg);
  if (source.backupRetentionPeriod <= 0) {
    throw notSupported(`The source ${source.id} must have automated backups enabled (BackupRetentionPeriod > 0).`);
  }
  if (account.deploymentOf(source.resourceId)) {
    throw notSupported(`The source ${source.id} is already part of a blue/green deployment.`);
  }
  const targetVersion = input.targetEngineVersion ?? source.engineVersion;
  if (targetVersion !== source.engineVersion) {
    if (!findVersion(source.engine, targetVersion))
      throw invalidParameterValue(
        `Cannot find version ${targetVersion} for ${source.engine}${versionNote(source.engine)}`,
      );
    if (!upgradeTargets(source.engine, source.engineVersion).some((t) => t.version === targetVersion)) {
      throw invalidParameterCombination(
        `Cannot upgrade ${source.engine} from ${source.engineVersion} to ${targetVersion}`,
      );
    }
  }
  const family = familyOf(source.engine, targetVersion);
  const groups: [string | undefined, "instance" | "cluster"][] = [
    [input.targetParameterGroup, "instance"],
    [input.targetClusterParameterGroup, "cluster"],
  ];
  for (const [name, groupKind] of groups) {
    if (!name) continue;
    const group = account.parameterGroup(name, groupKind);
    if (group.family !== family) {
      throw invalidParameterCombination(
        `The parameter group ${name} (family ${group.family}) does not match the target engine family ${family}.`,
      );
    }
  }
  if (!isInstance && input.targetInstanceClass) {
    throw invalidParameterCombination("TargetDBInstanceClass is not supported for Aurora DB clusters.");
  }
  // PostgreSQL major upgrades replicate logically: blue's parameter group must turn it on (§3).
  const isMajor = majorOf(source.engine, targetVersion) !== majorOf(source.engine, source.engineVersion);
  if (isMajor && source.engine.includes("postgres") && !logicalReplicationOn(account, source.parameterGroup, kind)) {
    throw notSupported(
      `Blue/green deployments for a major version upgrade require rds.logical_replication=1 in the parameter group ${source.parameterGroup} of ${source.id}.`,
    );
  }
}

export function createDeployment(account: Account, input: CreateDeploymentInput): Deployment {
  const name = input.name ?? "";
  if (name.length < 1 || name.length > 60 || !IDENTIFIER_RE.test(name)) {
    throw invalidParameterValue(
      `BlueGreenDeploymentName ${name} is not valid: 1 to 60 letters, digits or hyphens, starting with a letter, no trailing or double hyphen.`,
    );
  }
  if (account.state.deployments.some((d) => d.name.toLowerCase() === name.toLowerCase() && d.status !== "DELETING")) {
    throw new AwsError(
      "BlueGreenDeploymentAlreadyExistsFault",
      `A blue/green deployment with the name ${name} already exists.`,
    );
  }
  const { instance, cluster } = resolveSource(account, input.source);
  const source = (instance ?? cluster)!;
  const kind = instance ? "instance" : "cluster";
  checkPrerequisites(account, input, source, kind);

  const members: MemberPair[] = cluster
    ? [
        { blue: cluster.resourceId, kind: "cluster" },
        ...account.clusterMembers(cluster).map((m) => ({ blue: m.resourceId, kind: "instance" as const })),
      ]
    : [{ blue: source.resourceId, kind: "instance" }];
  const upgrade = input.targetEngineVersion !== undefined && input.targetEngineVersion !== source.engineVersion;
  const taskNames = [
    "CREATING_READ_REPLICA_OF_SOURCE",
    ...(cluster ? ["CREATE_DB_INSTANCES_FOR_CLUSTER"] : []),
    ...(upgrade ? ["DB_ENGINE_VERSION_UPGRADE"] : []),
    "CONFIGURE_BACKUPS",
  ];
  const deployment: Deployment = {
    id: newDeploymentId(),
    name,
    sourceArn: rdsArn(kind === "instance" ? "db" : "cluster", source.id),
    status: "PROVISIONING",
    tasks: taskNames.map((n) => ({ Name: n, Status: "PENDING" })),
    members,
    memberStatus: "PROVISIONING",
    createTime: account.now(),
    tags: input.tags ?? [],
  };
  if (upgrade) deployment.targetEngineVersion = input.targetEngineVersion!;
  if (input.targetParameterGroup) deployment.targetParameterGroup = input.targetParameterGroup;
  if (input.targetClusterParameterGroup) deployment.targetClusterParameterGroup = input.targetClusterParameterGroup;
  if (input.targetInstanceClass) deployment.targetInstanceClass = input.targetInstanceClass;
  account.state.deployments.push(deployment);
  scheduleProvisioning(account, deployment);
  return deployment;
}

/**
 * A deployment of one real instance (PostgreSQL 16/17 to 16/17, or MariaDB on the installed build): its green is a
 * real server made by the data plane. Undefined for model-only deployments (MySQL, Aurora, other majors, no data
 * plane).
 */
export function realDeployment(
  account: Account,
  d: Deployment,
): { blue: Instance; backing: RealBackingKind; greenMajor?: 16 | 17 } | undefined {
  const m = d.members[0];
  if (d.members.length !== 1 || m?.kind !== "instance") return undefined;
  const blue = account.instanceByResource(m.blue);
  const backing = blue && realBackingOf(account, blue);
  if (!blue || !backing) return undefined;
  const greenVersion = d.targetEngineVersion ?? blue.engineVersion;
  if (realBackingOf(account, blue, greenVersion) !== backing) return undefined;
  const greenMajor = account.realMajor(blue, greenVersion);
  return { blue, backing, ...(greenMajor ? { greenMajor } : {}) };
}

/** Job id of a deployment's green creation; provisioning's events wait for it. */
export const greenJobId = (d: Deployment) => `green:${d.id}`;

function scheduleProvisioning(account: Account, d: Deployment): void {
  const slow = findFault(account.state.faults, "slow-provisioning");
  const step = account.timings.provisioningTask * (slow ? (slow.factor ?? 5) : 1);
  const t0 = account.now();
  d.tasks[0]!.Status = "IN_PROGRESS";
  // Green shows up (Target, TargetMember) part-way through the first task, as in real provisioning.
  account.schedule({ at: t0 + Math.round(step / 4), kind: "green-created", deploymentId: d.id });
  // With a real green, every later step also waits until the data plane has built it (the job is queued when
  // green-created applies): tasks stay IN_PROGRESS and the deployment PROVISIONING until then.
  const gate = realDeployment(account, d) ? { after: greenJobId(d) } : {};
  d.tasks.forEach((task, i) => {
    account.schedule({
      at: t0 + step * (i + 1),
      kind: "task",
      deploymentId: d.id,
      task: task.Name,
      status: "COMPLETED",
      ...gate,
    });
    const next = d.tasks[i + 1];
    if (next)
      account.schedule({
        at: t0 + step * (i + 1),
        kind: "task",
        deploymentId: d.id,
        task: next.Name,
        status: "IN_PROGRESS",
        ...gate,
      });
  });
  const invalid = findFault(account.state.faults, "invalid-configuration");
  const end = t0 + step * d.tasks.length;
  account.schedule(
    invalid
      ? {
          at: end,
          kind: "deployment-status",
          deploymentId: d.id,
          status: "INVALID_CONFIGURATION",
          details:
            invalid.details ??
            "Replication from blue to green is broken: the green environment no longer matches the blue environment.",
          ...gate,
        }
      : { at: end, kind: "deployment-status", deploymentId: d.id, status: "AVAILABLE", ...gate },
  );
}

/**
 * Provisioning failed for real (the data plane could not build green): the running task FAILED, the deployment
 * INVALID_CONFIGURATION with the reason. Its remaining provisioning events are dropped.
 */
export function failProvisioning(account: Account, d: Deployment, reason: string): void {
  if (d.status !== "PROVISIONING") return;
  account.unschedule((e) => "deploymentId" in e && e.deploymentId === d.id && e.kind !== "deployment-gone");
  const running = d.tasks.find((t) => t.Status === "IN_PROGRESS") ?? d.tasks.find((t) => t.Status === "PENDING");
  if (running) running.Status = "FAILED";
  account.schedule({
    at: account.now(),
    kind: "deployment-status",
    deploymentId: d.id,
    status: "INVALID_CONFIGURATION",
    details: reason,
  });
}

/** A failed switchover: SWITCHOVER_FAILED (with the cancel events) at `at`, then AVAILABLE unless told to stay. */
export function scheduleSwitchoverFailure(
  account: Account,
  d: Deployment,
  details: string,
  settlesTo: "SWITCHOVER_FAILED" | "AVAILABLE",
  at: number,
): void {
  account.schedule({ at, kind: "deployment-status", deploymentId: d.id, status: "SWITCHOVER_FAILED", details });
  if (settlesTo === "AVAILABLE") {
    account.schedule({
      at: at + account.timings.switchoverSettle,
      kind: "deployment-status",
      deploymentId: d.id,
      status: "AVAILABLE",
    });
  }
}

function memberName(account: Account, resourceId: string, kind: "instance" | "cluster"): string {
  return (
    (kind === "instance" ? account.instanceByResource(resourceId)?.id : account.clusterByResource(resourceId)?.id) ??
    resourceId
  );
}

export function switchover(account: Account, id: string, timeoutSeconds: number | undefined): Deployment {
  const d = account.deployment(id);
  const timeout = timeoutSeconds ?? 300;
  if (!(timeout >= 30 && timeout <= 3600)) {
    throw invalidParameterValue(`SwitchoverTimeout must be between 30 and 3600 seconds; got ${timeout}.`);
  }
  if (d.status !== "AVAILABLE") {
    throw new AwsError(
      "InvalidBlueGreenDeploymentStateFault",
      `The blue/green deployment ${d.id} can't be switched over because it is in ${d.status} state.`,
    );
  }
  for (const m of d.members) {
    for (const rid of [m.blue, m.green]) {
      if (!rid) continue;
      const r = m.kind === "instance" ? account.instanceByResource(rid) : account.clusterByResource(rid);
      if (r && r.status !== "available") {
        throw new AwsError(
          "InvalidBlueGreenDeploymentStateFault",
          `${m.kind === "instance" ? "DB instance" : "DB cluster"} ${r.id} is not in available state.`,
        );
      }
    }
  }
  d.status = "SWITCHOVER_IN_PROGRESS";
  d.memberStatus = "SWITCHOVER_IN_PROGRESS";
  const blueName = memberName(account, d.members[0]!.blue, d.members[0]!.kind);
  const greenName = memberName(account, d.members[0]!.green ?? "", d.members[0]!.kind);
  account.emit({
    ...bgdEventTarget(d),
    message: `Switchover from ${blueName} to ${greenName} started.`,
    categories: ["notification"],
  });
  for (const m of d.members) {
    account.emit({
      ...bgdEventTarget(d),
      message: `Switchover from primary ${memberName(account, m.blue, m.kind)} to ${memberName(account, m.green ?? "", m.kind)} started.`,
      categories: ["notification"],
    });
  }
  const at = account.now() + account.timings.switchover;
  const failure = findFault(account.state.faults, "switchover-failure");
  const timedOut = timeout * 1000 < account.timings.switchover;
  if (failure || timedOut) {
    // With real servers the fault never touches them (the data plane is not called): blue simply keeps serving,
    // writable, which is exactly what a rolled-back switchover leaves behind.
    if (failure) consumeFault(account.state.faults, failure);
    const details = timedOut
      ? "Switchover exceeded the switchover timeout and was rolled back."
      : "Switchover was canceled and rolled back.";
    scheduleSwitchoverFailure(account, d, details, failure?.settlesTo ?? "AVAILABLE", at);
  } else if (realDeployment(account, d) && d.members[0]?.green) {
    // The real switchover runs in the data plane; the renames wait for it. If it fails, pg-backing.ts drops this
    // event and schedules the failure instead.
    const after = account.addJob({
      id: `switchover:${d.id}`,
      kind: "switchover",
      deploymentId: d.id,
      timeoutMs: timeout * 1000,
    });
    account.schedule({ at, kind: "switchover-done", deploymentId: d.id, after });
  } else {
    account.schedule({ at, kind: "switchover-done", deploymentId: d.id });
  }
  return d;
}

export function deleteDeployment(account: Account, id: string, deleteTarget: boolean | undefined): Deployment {
  const d = account.deployment(id);
  if (d.status === "SWITCHOVER_IN_PROGRESS" || d.status === "DELETING") {
    throw new AwsError(
      "InvalidBlueGreenDeploymentStateFault",
      `The blue/green deployment ${d.id} can't be deleted because it is in ${d.status} state.`,
    );
  }
  if (deleteTarget && d.status === "SWITCHOVER_COMPLETED") {
    throw invalidParameterCombination(
      "You can't delete the target of a blue/green deployment after switchover: the target is now your production database.",
    );
  }
  if (deleteTarget) deleteGreen(account, d);
  else detachGreen(account, d);
  d.status = "DELETING";
  account.unschedule((e) => "deploymentId" in e && e.deploymentId === d.id);
  account.schedule({
    at: account.now() + account.timings.deleteDeployment,
    kind: "deployment-gone",
    deploymentId: d.id,
  });
  return d;
}

function deleteGreen(account: Account, d: Deployment): void {
  for (const m of d.members) {
    if (!m.green) continue;
    if (m.kind === "instance") {
      // A real green's server is destroyed by the data plane before it leaves the model.
      const inst = account.instanceByResource(m.green);
      if (inst) startInstanceDeletion(account, inst);
    } else {
      const cl = account.clusterByResource(m.green);
      if (cl) {
        cl.status = "deleting";
        account.unscheduleResource(cl.resourceId);
        account.schedule({
          at: account.now() + account.timings.delete * 2,
          kind: "cluster-gone",
          resourceId: cl.resourceId,
        });
      }
    }
  }
}

/** Without DeleteTarget green leaves the deployment and stands alone (PostgreSQL green is promoted). */
function detachGreen(account: Account, d: Deployment): void {
  const promote = d.status !== "SWITCHOVER_COMPLETED" && realDeployment(account, d);
  for (const m of d.members) {
    const inst = m.green && m.kind === "instance" ? account.instanceByResource(m.green) : undefined;
    if (!inst) continue;
    delete inst.replicaOf;
    // A real green stops following blue: its subscription is dropped and it is writable on its own.
    if (promote) account.addJob({ id: `promote:${inst.resourceId}`, kind: "promote", resourceId: inst.resourceId });
  }
}
