/** DB instances, Aurora clusters, snapshots and parameter groups: creation, modification, deletion. */
import { AwsError, invalidParameterCombination, invalidParameterValue } from "../aws-error.js";
import type { Account } from "./account.js";
import {
  defaultVersion,
  familyOf,
  findVersion,
  isAurora,
  isSupportedEngine,
  unavailableReason,
  upgradeTargets,
  versionNote,
} from "./catalog.js";
import { checkIdentifier, newResourceId, rdsArn } from "./ids.js";
import { realBackingOf } from "./real-backing.js";
import type { Cluster, Engine, Instance, Snapshot, Tag } from "./state.js";

export interface CreateInstanceInput {
  id: string;
  engine?: string;
  engineVersion?: string;
  instanceClass?: string;
  masterUsername?: string;
  dbName?: string;
  allocatedStorage?: number;
  storageType?: string;
  backupRetentionPeriod?: number;
  parameterGroup?: string;
  deletionProtection?: boolean;
  multiAz?: boolean;
  clusterId?: string;
  tags?: Tag[];
}

function resolveEngine(engine: string | undefined, version: string | undefined): { engine: Engine; version: string } {
  if (!engine || !isSupportedEngine(engine)) throw invalidParameterValue(`Invalid DB engine: ${engine ?? "(none)"}`);
  const unavailable = unavailableReason(engine);
  if (unavailable)
    throw invalidParameterCombination(`Cannot find version ${version ?? "(default)"} for ${engine}: ${unavailable}`);
  const v = version ?? defaultVersion(engine);
  if (!findVersion(engine, v)) {
    throw invalidParameterCombination(`Cannot find version ${v} for ${engine}${versionNote(engine)}`);
  }
  return { engine, version: v };
}

/** Allocated storage RDS accepts per storage type (GiB); an Aurora member's storage is the cluster's. */
const STORAGE_GIB: Record<string, [number, number]> = {
  gp2: [20, 65536],
  gp3: [20, 65536],
  io1: [100, 65536],
  io2: [100, 65536],
  standard: [20, 3072],
};

function checkStorage(engine: Engine, storageType: string, allocated: number): void {
  const range = STORAGE_GIB[storageType];
  if (!range) throw invalidParameterValue(`Invalid storage type: ${storageType}`);
  if (!(allocated >= range[0] && allocated <= range[1])) {
    throw invalidParameterCombination(
      `Invalid storage size for engine name ${engine} and storage type ${storageType}: ${allocated}`,
    );
  }
}

/** Automated backups are kept 0 (off) to 35 days; Aurora always keeps at least 1. */
function checkRetention(days: number | undefined, min = 0): void {
  if (days !== undefined && !(days >= min && days <= 35)) {
    throw invalidParameterValue(`Invalid backup retention period ${days}: it must be between ${min} and 35 days.`);
  }
}

function checkGroupFamily(account: Account, name: string, kind: "instance" | "cluster", family: string): void {
  const group = account.parameterGroup(name, kind);
  if (group.family !== family) {
    throw invalidParameterCombination(
      `The parameter group ${name} with DBParameterGroupFamily ${group.family} cannot be used for this instance. Please use a parameter group with DBParameterGroupFamily ${family}`,
    );
  }
}

export function createInstance(account: Account, input: CreateInstanceInput): Instance {
  const id = checkIdentifier(input.id, "DBInstanceIdentifier");
  if (account.state.instances.some((i) => i.id.toLowerCase() === id.toLowerCase())) {
    throw new AwsError("DBInstanceAlreadyExists", `DB instance already exists`);
  }
  const cluster = input.clusterId ? account.cluster(input.clusterId) : undefined;
  const { engine, version } = cluster
    ? { engine: cluster.engine, version: cluster.engineVersion }
    : resolveEngine(input.engine, input.engineVersion);
  if (!cluster && isAurora(engine)) throw invalidParameterCombination("Aurora instances need a DBClusterIdentifier");
  if (!cluster) {
    checkStorage(engine, input.storageType ?? "gp3", input.allocatedStorage ?? 20);
    checkRetention(input.backupRetentionPeriod);
  }
  const family = familyOf(engine, version);
  const parameterGroup = input.parameterGroup ?? `default.${family}`;
  checkGroupFamily(account, parameterGroup, "instance", family);
  const instance: Instance = {
    resourceId: newResourceId("db"),
    id,
    engine,
    engineVersion: version,
    instanceClass: input.instanceClass ?? "db.t4g.micro",
    status: "creating",
    ...account.allocateEndpoint(),
    masterUsername: input.masterUsername ?? cluster?.masterUsername ?? "postgres",
    allocatedStorage: input.allocatedStorage ?? (cluster ? 1 : 20),
    storageType: input.storageType ?? (cluster ? "aurora" : "gp3"),
    backupRetentionPeriod: cluster?.backupRetentionPeriod ?? input.backupRetentionPeriod ?? 1,
    parameterGroup,
    parameterApplyStatus: "in-sync",
    deletionProtection: input.deletionProtection ?? false,
    multiAz: input.multiAz ?? false,
    createTime: account.now(),
    tags: input.tags ?? [],
  };
  if (input.dbName) instance.dbName = input.dbName;
  if (cluster) {
    instance.clusterResourceId = cluster.resourceId;
    instance.isClusterWriter = account.clusterMembers(cluster).length === 0;
  }
  account.state.instances.push(instance);
  // A real server (PostgreSQL 16/17, MariaDB): `creating` lasts until it answers as well as the model's minimum time.
  const major = account.realMajor(instance);
  const after = realBackingOf(account, instance)
    ? account.addJob({
        id: `server:${instance.resourceId}`,
        kind: "create-server",
        resourceId: instance.resourceId,
        ...(major ? { major } : {}),
      })
    : undefined;
  account.schedule({
    at: account.now() + account.timings.create,
    kind: "instance-status",
    resourceId: instance.resourceId,
    status: "available",
    ...(after ? { after } : {}),
  });
  account.emit({
    sourceType: "db-instance",
    sourceId: id,
    sourceArn: rdsArn("db", id),
    message: "DB instance created",
    categories: ["creation"],
  });
  return instance;
}

export interface CreateClusterInput {
  id: string;
  engine?: string;
  engineVersion?: string;
  masterUsername?: string;
  databaseName?: string;
  backupRetentionPeriod?: number;
  parameterGroup?: string;
  deletionProtection?: boolean;
  tags?: Tag[];
}

export function createCluster(account: Account, input: CreateClusterInput): Cluster {
  const id = checkIdentifier(input.id, "DBClusterIdentifier");
  if (account.state.clusters.some((c) => c.id.toLowerCase() === id.toLowerCase())) {
    throw new AwsError("DBClusterAlreadyExistsFault", "DB Cluster already exists");
  }
  const { engine, version } = resolveEngine(input.engine, input.engineVersion);
  if (!isAurora(engine)) throw invalidParameterCombination("The sandbox emulates Aurora clusters only");
  checkRetention(input.backupRetentionPeriod, 1);
  const family = familyOf(engine, version);
  const parameterGroup = input.parameterGroup ?? `default.${family}`;
  checkGroupFamily(account, parameterGroup, "cluster", family);
  const cluster: Cluster = {
    resourceId: newResourceId("cluster"),
    id,
    engine,
    engineVersion: version,
    status: "creating",
    ...account.allocateEndpoint(),
    masterUsername: input.masterUsername ?? "postgres",
    backupRetentionPeriod: input.backupRetentionPeriod ?? 1,
    parameterGroup,
    deletionProtection: input.deletionProtection ?? false,
    createTime: account.now(),
    tags: input.tags ?? [],
  };
  if (input.databaseName) cluster.databaseName = input.databaseName;
  account.state.clusters.push(cluster);
  account.schedule({
    at: account.now() + account.timings.create,
    kind: "cluster-status",
    resourceId: cluster.resourceId,
    status: "available",
  });
  account.emit({
    sourceType: "db-cluster",
    sourceId: id,
    sourceArn: rdsArn("cluster", id),
    message: "DB cluster created",
    categories: ["creation"],
  });
  return cluster;
}

function requireAvailable(status: string, what: "instance" | "cluster", id: string): void {
  if (status === "available") return;
  throw what === "instance"
    ? new AwsError("InvalidDBInstanceState", `Database instance is not in available state.`)
    : new AwsError("InvalidDBClusterStateFault", `DbCluster ${id} is not in available state.`);
}

/** Checks an engine version change and says whether it is a major upgrade. */
function checkVersionChange(engine: Engine, from: string, to: string, allowMajor: boolean | undefined): boolean {
  if (!findVersion(engine, to))
    throw invalidParameterCombination(`Cannot find upgrade target version ${to} for ${engine}${versionNote(engine)}`);
  const target = upgradeTargets(engine, from).find((t) => t.version === to);
  if (!target)
    throw invalidParameterCombination(`Cannot upgrade ${engine} from ${from} to ${to}${versionNote(engine)}`);
  if (target.isMajor && !allowMajor) {
    throw invalidParameterCombination(
      "The AllowMajorVersionUpgrade flag must be present when upgrading to a new major version.",
    );
  }
  return target.isMajor;
}

export interface ModifyInstanceInput {
  id: string;
  engineVersion?: string;
  parameterGroup?: string;
  instanceClass?: string;
  allowMajorVersionUpgrade?: boolean;
  deletionProtection?: boolean;
  backupRetentionPeriod?: number;
}

export function modifyInstance(account: Account, input: ModifyInstanceInput): Instance {
  const instance = account.instance(input.id);
  checkRetention(input.backupRetentionPeriod);
  requireAvailable(instance.status, "instance", instance.id);
  const versionChange = input.engineVersion && input.engineVersion !== instance.engineVersion;
  if (versionChange && instance.clusterResourceId) {
    throw invalidParameterCombination(
      "The engine version of an Aurora DB instance is set by its cluster: modify the cluster.",
    );
  }
  const newVersion = versionChange ? input.engineVersion! : instance.engineVersion;
  if (versionChange)
    checkVersionChange(instance.engine, instance.engineVersion, newVersion, input.allowMajorVersionUpgrade);
  const family = familyOf(instance.engine, newVersion);
  if (input.parameterGroup) checkGroupFamily(account, input.parameterGroup, "instance", family);
  else if (versionChange && familyOf(instance.engine, instance.engineVersion) !== family)
    instance.parameterGroup = `default.${family}`;
  if (input.parameterGroup) {
    instance.parameterGroup = input.parameterGroup;
    instance.parameterApplyStatus = "applying";
  }
  if (input.deletionProtection !== undefined) instance.deletionProtection = input.deletionProtection;
  if (input.backupRetentionPeriod !== undefined) instance.backupRetentionPeriod = input.backupRetentionPeriod;
  const classChanged = !!input.instanceClass && input.instanceClass !== instance.instanceClass;
  const changesShape = versionChange || input.parameterGroup || classChanged;
  if (input.instanceClass) instance.instanceClass = input.instanceClass;
  if (!changesShape) return instance;
  instance.status = versionChange ? "upgrading" : "modifying";
  const at = account.now() + (versionChange ? account.timings.upgrade : account.timings.modify);
  const done = { at, kind: "instance-status", resourceId: instance.resourceId, status: "available" } as const;
  // A new major on a real server is a real upgrade (`upgrading` until it finished); a minor change is model-only.
  const fromMajor = account.realMajor(instance);
  const toMajor = account.realMajor(instance, newVersion);
  // A real MariaDB server gets the new parameter group's values and class for real (`modifying` until it has them).
  const after =
    versionChange && fromMajor && toMajor && toMajor !== fromMajor
      ? account.addJob({
          id: `upgrade:${instance.resourceId}`,
          kind: "upgrade",
          resourceId: instance.resourceId,
          major: toMajor,
        })
      : !versionChange && realBackingOf(account, instance) === "mariadb"
        ? account.addJob({
            id: `modify:${instance.resourceId}`,
            kind: "modify",
            resourceId: instance.resourceId,
            classChanged,
          })
        : undefined;
  const gate = after ? { after } : {};
  account.schedule(versionChange ? { ...done, engineVersion: newVersion, ...gate } : { ...done, ...gate });
  return instance;
}

export interface ModifyClusterInput {
  id: string;
  engineVersion?: string;
  parameterGroup?: string;
  instanceParameterGroup?: string;
  allowMajorVersionUpgrade?: boolean;
  deletionProtection?: boolean;
  backupRetentionPeriod?: number;
}

export function modifyCluster(account: Account, input: ModifyClusterInput): Cluster {
  const cluster = account.cluster(input.id);
  checkRetention(input.backupRetentionPeriod, 1);
  requireAvailable(cluster.status, "cluster", cluster.id);
  const versionChange = input.engineVersion && input.engineVersion !== cluster.engineVersion;
  const newVersion = versionChange ? input.engineVersion! : cluster.engineVersion;
  if (versionChange)
    checkVersionChange(cluster.engine, cluster.engineVersion, newVersion, input.allowMajorVersionUpgrade);
  const family = familyOf(cluster.engine, newVersion);
  if (input.parameterGroup) {
    checkGroupFamily(account, input.parameterGroup, "cluster", family);
    cluster.parameterGroup = input.parameterGroup;
  } else if (versionChange && familyOf(cluster.engine, cluster.engineVersion) !== family) {
    cluster.parameterGroup = `default.${family}`;
  }
  if (input.instanceParameterGroup) checkGroupFamily(account, input.instanceParameterGroup, "instance", family);
  if (input.deletionProtection !== undefined) cluster.deletionProtection = input.deletionProtection;
  if (input.backupRetentionPeriod !== undefined) cluster.backupRetentionPeriod = input.backupRetentionPeriod;
  if (!versionChange) return cluster;
  const at = account.now() + account.timings.upgrade;
  cluster.status = "upgrading";
  account.schedule({
    at,
    kind: "cluster-status",
    resourceId: cluster.resourceId,
    status: "available",
    engineVersion: newVersion,
  });
  for (const member of account.clusterMembers(cluster)) {
    member.status = "upgrading";
    member.parameterGroup =
      input.instanceParameterGroup ??
      (member.parameterGroup.startsWith("default.") ? `default.${family}` : member.parameterGroup);
    account.schedule({
      at,
      kind: "instance-status",
      resourceId: member.resourceId,
      status: "available",
      engineVersion: newVersion,
    });
  }
  return cluster;
}

function addSnapshot(account: Account, snapshot: Omit<Snapshot, "status" | "createTime">): Snapshot {
  const exists = account.state.snapshots.some(
    (s) => s.kind === snapshot.kind && s.id.toLowerCase() === snapshot.id.toLowerCase(),
  );
  if (exists) {
    throw snapshot.kind === "instance"
      ? new AwsError(
          "DBSnapshotAlreadyExists",
          `Cannot create the snapshot because a snapshot with the identifier ${snapshot.id} already exists.`,
        )
      : new AwsError(
          "DBClusterSnapshotAlreadyExistsFault",
          `Cannot create the cluster snapshot because one with the identifier ${snapshot.id} already exists.`,
        );
  }
  checkIdentifier(snapshot.id, snapshot.kind === "instance" ? "DBSnapshotIdentifier" : "DBClusterSnapshotIdentifier");
  const created: Snapshot = { ...snapshot, status: "creating", createTime: account.now() };
  account.state.snapshots.push(created);
  account.schedule({
    at: account.now() + account.timings.snapshot,
    kind: "snapshot-status",
    id: created.id,
    status: "available",
  });
  const sourceType = snapshot.kind === "instance" ? "db-snapshot" : "db-cluster-snapshot";
  const arnKind = snapshot.kind === "instance" ? "snapshot" : "cluster-snapshot";
  account.emit({
    sourceType,
    sourceId: created.id,
    sourceArn: rdsArn(arnKind, created.id),
    message: "Creating manual snapshot",
    categories: ["creation"],
  });
  return created;
}

export function createInstanceSnapshot(
  account: Account,
  snapshotId: string,
  instanceId: string,
  tags: Tag[] = [],
): Snapshot {
  const instance = account.instance(instanceId);
  requireAvailable(instance.status, "instance", instance.id);
  return addSnapshot(account, {
    id: snapshotId,
    kind: "instance",
    sourceId: instance.id,
    engine: instance.engine,
    engineVersion: instance.engineVersion,
    tags,
  });
}

export function createClusterSnapshot(
  account: Account,
  snapshotId: string,
  clusterId: string,
  tags: Tag[] = [],
): Snapshot {
  const cluster = account.cluster(clusterId);
  requireAvailable(cluster.status, "cluster", cluster.id);
  return addSnapshot(account, {
    id: snapshotId,
    kind: "cluster",
    sourceId: cluster.id,
    engine: cluster.engine,
    engineVersion: cluster.engineVersion,
    tags,
  });
}

export interface DeleteInput {
  id: string;
  skipFinalSnapshot?: boolean;
  finalSnapshotId?: string;
}

function checkDeletable(
  deletionProtection: boolean,
  status: string,
  input: DeleteInput,
  what: "instance" | "cluster",
): void {
  if (deletionProtection) {
    throw invalidParameterCombination(
      `Cannot delete protected ${what === "instance" ? "DB Instance" : "Cluster"}, please disable deletion protection and try again.`,
    );
  }
  if (status === "deleting" || status === "creating") {
    throw what === "instance"
      ? new AwsError("InvalidDBInstanceState", `Instance is currently ${status}.`)
      : new AwsError("InvalidDBClusterStateFault", `Cluster is currently ${status}.`);
  }
  if (!input.skipFinalSnapshot && !input.finalSnapshotId) {
    throw invalidParameterCombination("FinalDBSnapshotIdentifier is required unless SkipFinalSnapshot is specified.");
  }
}

export function deleteInstance(account: Account, input: DeleteInput): Instance {
  const instance = account.instance(input.id);
  // Aurora members never take their own final snapshot: the cluster's does.
  checkDeletable(
    instance.deletionProtection,
    instance.status,
    { ...input, skipFinalSnapshot: input.skipFinalSnapshot || !!instance.clusterResourceId },
    "instance",
  );
  if (input.finalSnapshotId && !input.skipFinalSnapshot) {
    addSnapshot(account, {
      id: input.finalSnapshotId,
      kind: "instance",
      sourceId: instance.id,
      engine: instance.engine,
      engineVersion: instance.engineVersion,
      tags: [],
    });
  }
  startInstanceDeletion(account, instance);
  return instance;
}

export function startInstanceDeletion(account: Account, instance: Instance): void {
  const real = realBackingOf(account, instance) !== undefined;
  instance.status = "deleting";
  account.unscheduleResource(instance.resourceId);
  // Gone from the model only once its real server is stopped and its data removed.
  const after = real
    ? account.addJob({ id: `destroy:${instance.resourceId}`, kind: "destroy", resourceId: instance.resourceId })
    : undefined;
  account.schedule({
    at: account.now() + account.timings.delete,
    kind: "instance-gone",
    resourceId: instance.resourceId,
    ...(after ? { after } : {}),
  });
}

export function deleteCluster(account: Account, input: DeleteInput): Cluster {
  const cluster = account.cluster(input.id);
  checkDeletable(cluster.deletionProtection, cluster.status, input, "cluster");
  if (account.clusterMembers(cluster).some((m) => m.status !== "deleting")) {
    throw new AwsError(
      "InvalidDBClusterStateFault",
      "Cluster cannot be deleted, it still contains DB instances in non-deleting state.",
    );
  }
  if (input.finalSnapshotId && !input.skipFinalSnapshot) {
    addSnapshot(account, {
      id: input.finalSnapshotId,
      kind: "cluster",
      sourceId: cluster.id,
      engine: cluster.engine,
      engineVersion: cluster.engineVersion,
      tags: [],
    });
  }
  cluster.status = "deleting";
  account.unscheduleResource(cluster.resourceId);
  account.schedule({
    at: account.now() + account.timings.delete,
    kind: "cluster-gone",
    resourceId: cluster.resourceId,
  });
  return cluster;
}

/** Seed helper: a custom parameter group with some parameters changed from the family defaults. */
export function createParameterGroup(
  account: Account,
  name: string,
  kind: "instance" | "cluster",
  family: string,
  parameters: Record<string, string>,
): void {
  const existing = account.state.parameterGroups.find((g) => g.kind === kind && g.name === name);
  if (existing) {
    Object.assign(existing.parameters, parameters);
    return;
  }
  account.state.parameterGroups.push({ name, kind, family, description: `${name} (sandbox)`, parameters });
}
