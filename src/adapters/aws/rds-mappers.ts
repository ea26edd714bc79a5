/**
 * RDS SDK shapes → bgdb's domain shapes (src/ports/rds.ts). Absent lists become [], tag lists become records, dates
 * stay Date objects.
 */
import type {
  DBCluster,
  DBClusterSnapshot,
  DBEngineVersion,
  DBInstance,
  DBSnapshot,
  Event,
  Parameter,
  BlueGreenDeployment as SdkBlueGreenDeployment,
  Tag,
} from "@aws-sdk/client-rds";
import type {
  BlueGreenDeployment,
  DbCluster,
  DbInstance,
  DbParameter,
  DbParameterGroup,
  DbSnapshot,
  EngineVersion,
  RdsEvent,
} from "../../ports/rds.js";

export function tagsToRecord(tags: Tag[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const t of tags ?? []) if (t.Key !== undefined) out[t.Key] = t.Value ?? "";
  return out;
}

export function recordToTags(tags: Record<string, string> | undefined): Tag[] | undefined {
  return tags === undefined ? undefined : Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}

/** Drops keys whose value is undefined, so recorded inputs (and audit logs) show only what was sent. */
export function compact<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

export function toBlueGreenDeployment(d: SdkBlueGreenDeployment): BlueGreenDeployment {
  return compact({
    id: d.BlueGreenDeploymentIdentifier ?? "",
    name: d.BlueGreenDeploymentName ?? "",
    source: d.Source ?? "",
    target: d.Target,
    status: d.Status ?? "",
    statusDetails: d.StatusDetails,
    tasks: (d.Tasks ?? []).map((t) => ({ name: t.Name ?? "", status: t.Status ?? "" })),
    switchoverDetails: (d.SwitchoverDetails ?? []).map((m) =>
      compact({ sourceMember: m.SourceMember ?? "", targetMember: m.TargetMember, status: m.Status ?? "" }),
    ),
    createTime: d.CreateTime,
    deleteTime: d.DeleteTime,
    tags: tagsToRecord(d.TagList),
  });
}

export function toDbInstance(i: DBInstance): DbInstance {
  const pending = i.PendingModifiedValues ? compact(i.PendingModifiedValues as Record<string, unknown>) : undefined;
  return compact({
    id: i.DBInstanceIdentifier ?? "",
    arn: i.DBInstanceArn ?? "",
    resourceId: i.DbiResourceId,
    status: i.DBInstanceStatus ?? "",
    engine: i.Engine ?? "",
    engineVersion: i.EngineVersion ?? "",
    instanceClass: i.DBInstanceClass,
    endpoint:
      i.Endpoint?.Address !== undefined
        ? compact({ address: i.Endpoint.Address, port: i.Endpoint.Port ?? 0, hostedZoneId: i.Endpoint.HostedZoneId })
        : undefined,
    backupRetentionPeriod: i.BackupRetentionPeriod,
    parameterGroups: (i.DBParameterGroups ?? []).map((g) => ({
      name: g.DBParameterGroupName ?? "",
      applyStatus: g.ParameterApplyStatus ?? "",
    })),
    clusterId: i.DBClusterIdentifier,
    deletionProtection: i.DeletionProtection ?? false,
    multiAz: i.MultiAZ,
    storageType: i.StorageType,
    allocatedStorage: i.AllocatedStorage,
    iops: i.Iops,
    storageThroughput: i.StorageThroughput,
    readReplicaSourceId: i.ReadReplicaSourceDBInstanceIdentifier ?? i.ReadReplicaSourceDBClusterIdentifier,
    readReplicaIds: i.ReadReplicaDBInstanceIdentifiers ?? [],
    // RDS returns MasterUserSecret only when Secrets Manager manages the password; blue/green refuses such sources.
    managedMasterPassword: i.MasterUserSecret !== undefined,
    masterUsername: i.MasterUsername,
    dbName: i.DBName,
    pendingModifiedValues: pending && Object.keys(pending).length > 0 ? pending : undefined,
  });
}

export function toDbCluster(c: DBCluster): DbCluster {
  return compact({
    id: c.DBClusterIdentifier ?? "",
    arn: c.DBClusterArn ?? "",
    resourceId: c.DbClusterResourceId,
    status: c.Status ?? "",
    engine: c.Engine ?? "",
    engineVersion: c.EngineVersion ?? "",
    endpoint: c.Endpoint,
    readerEndpoint: c.ReaderEndpoint,
    port: c.Port,
    members: (c.DBClusterMembers ?? []).map((m) => ({
      instanceId: m.DBInstanceIdentifier ?? "",
      isWriter: m.IsClusterWriter ?? false,
    })),
    backupRetentionPeriod: c.BackupRetentionPeriod,
    parameterGroup: c.DBClusterParameterGroup,
    deletionProtection: c.DeletionProtection ?? false,
    managedMasterPassword: c.MasterUserSecret !== undefined,
    masterUsername: c.MasterUsername,
    databaseName: c.DatabaseName,
    dbClusterInstanceClass: c.DBClusterInstanceClass,
  });
}

export function toEngineVersion(v: DBEngineVersion): EngineVersion {
  return compact({
    engine: v.Engine ?? "",
    engineVersion: v.EngineVersion ?? "",
    parameterGroupFamily: v.DBParameterGroupFamily,
    validUpgradeTargets: (v.ValidUpgradeTarget ?? []).map((t) => ({
      engine: t.Engine ?? "",
      engineVersion: t.EngineVersion ?? "",
      isMajorVersionUpgrade: t.IsMajorVersionUpgrade ?? false,
    })),
  });
}

export function toDbParameter(p: Parameter): DbParameter {
  return compact({ name: p.ParameterName ?? "", value: p.ParameterValue, applyType: p.ApplyType, source: p.Source });
}

export const toParameterGroup = (name: string | undefined, family: string | undefined): DbParameterGroup => ({
  name: name ?? "",
  family: family ?? "",
});

export function toDbSnapshot(s: DBSnapshot): DbSnapshot {
  return compact({
    id: s.DBSnapshotIdentifier ?? "",
    arn: s.DBSnapshotArn,
    status: s.Status ?? "",
    sourceId: s.DBInstanceIdentifier ?? "",
    createTime: s.SnapshotCreateTime,
  });
}

export function toDbClusterSnapshot(s: DBClusterSnapshot): DbSnapshot {
  return compact({
    id: s.DBClusterSnapshotIdentifier ?? "",
    arn: s.DBClusterSnapshotArn,
    status: s.Status ?? "",
    sourceId: s.DBClusterIdentifier ?? "",
    createTime: s.SnapshotCreateTime,
  });
}

export function toRdsEvent(e: Event): RdsEvent {
  return {
    date: e.Date ?? new Date(0),
    message: e.Message ?? "",
    sourceId: e.SourceIdentifier ?? "",
    sourceType: e.SourceType ?? "",
    eventCategories: e.EventCategories ?? [],
  };
}
