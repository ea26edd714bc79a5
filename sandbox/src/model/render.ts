/** The model in AWS's own output shapes (element names exactly as the RDS API model spells them). */
import type { XmlValue } from "../http/xml.js";
import type { Account } from "./account.js";
import { type EngineVersionInfo, parameterDefaults, upgradeTargets } from "./catalog.js";
import { rdsArn } from "./ids.js";
import type { Cluster, Deployment, Instance, ParameterGroup, RdsEventRecord, Snapshot } from "./state.js";

type Obj = { [key: string]: XmlValue };

const HOSTED_ZONE_ID = "Z2R2ITUGPM61AM";

export function renderInstance(account: Account, i: Instance): Obj {
  const cluster = i.clusterResourceId ? account.clusterByResource(i.clusterResourceId) : undefined;
  const replicas = account.state.instances.filter((r) => r.replicaOf === i.resourceId).map((r) => r.id);
  const source = i.replicaOf ? account.instanceByResource(i.replicaOf) : undefined;
  return {
    DBInstanceIdentifier: i.id,
    DBInstanceClass: i.instanceClass,
    Engine: i.engine,
    DBInstanceStatus: i.status,
    MasterUsername: i.masterUsername,
    DBName: i.dbName,
    Endpoint: i.status === "creating" ? undefined : { Address: i.address, Port: i.port, HostedZoneId: HOSTED_ZONE_ID },
    AllocatedStorage: i.allocatedStorage,
    InstanceCreateTime: new Date(i.createTime),
    PreferredBackupWindow: "03:00-03:30",
    BackupRetentionPeriod: i.backupRetentionPeriod,
    DBParameterGroups: [{ DBParameterGroupName: i.parameterGroup, ParameterApplyStatus: i.parameterApplyStatus }],
    AvailabilityZone: "us-east-1a",
    PreferredMaintenanceWindow: "sun:05:00-sun:05:30",
    PendingModifiedValues: {},
    MultiAZ: i.multiAz,
    EngineVersion: i.engineVersion,
    AutoMinorVersionUpgrade: true,
    ReadReplicaSourceDBInstanceIdentifier: source?.id,
    ReadReplicaDBInstanceIdentifiers: replicas,
    PubliclyAccessible: false,
    StorageType: i.storageType,
    DbInstancePort: 0,
    DBClusterIdentifier: cluster?.id,
    StorageEncrypted: true,
    DbiResourceId: i.resourceId,
    DBInstanceArn: rdsArn("db", i.id),
    IAMDatabaseAuthenticationEnabled: false,
    DeletionProtection: i.deletionProtection,
    TagList: i.tags,
    CustomerOwnedIpEnabled: false,
    DedicatedLogVolume: false,
  };
}

export function renderCluster(account: Account, c: Cluster): Obj {
  const members = account.clusterMembers(c);
  return {
    AllocatedStorage: 1,
    AvailabilityZones: ["us-east-1a", "us-east-1b", "us-east-1c"],
    BackupRetentionPeriod: c.backupRetentionPeriod,
    DatabaseName: c.databaseName,
    DBClusterIdentifier: c.id,
    DBClusterParameterGroup: c.parameterGroup,
    Status: c.status,
    Endpoint: c.status === "creating" ? undefined : c.address,
    ReaderEndpoint: c.status === "creating" ? undefined : c.address,
    MultiAZ: members.length > 1,
    Engine: c.engine,
    EngineVersion: c.engineVersion,
    Port: c.port,
    MasterUsername: c.masterUsername,
    PreferredBackupWindow: "03:00-03:30",
    PreferredMaintenanceWindow: "sun:05:00-sun:05:30",
    DBClusterMembers: members.map((m) => ({
      DBInstanceIdentifier: m.id,
      IsClusterWriter: !!m.isClusterWriter,
      DBClusterParameterGroupStatus: "in-sync",
      PromotionTier: 1,
    })),
    HostedZoneId: HOSTED_ZONE_ID,
    StorageEncrypted: true,
    DbClusterResourceId: c.resourceId,
    DBClusterArn: rdsArn("cluster", c.id),
    ClusterCreateTime: new Date(c.createTime),
    EngineMode: "provisioned",
    DeletionProtection: c.deletionProtection,
    TagList: c.tags,
  };
}

export function renderDeployment(account: Account, d: Deployment): Obj {
  return {
    BlueGreenDeploymentIdentifier: d.id,
    BlueGreenDeploymentName: d.name,
    Source: d.sourceArn,
    Target: d.targetArn,
    SwitchoverDetails: d.members.map((m) => ({
      SourceMember: account.memberArn(m.blue, m.kind),
      TargetMember: m.green ? account.memberArn(m.green, m.kind) : undefined,
      Status: m.green ? d.memberStatus : "PROVISIONING",
    })),
    Tasks: d.tasks.map((t) => ({ Name: t.Name, Status: t.Status })),
    Status: d.status,
    StatusDetails: d.statusDetails,
    CreateTime: new Date(d.createTime),
    DeleteTime: d.deleteTime ? new Date(d.deleteTime) : undefined,
    TagList: d.tags,
  };
}

export function renderSnapshot(s: Snapshot): Obj {
  const created = new Date(s.createTime);
  const common = {
    SnapshotCreateTime: s.status === "available" ? created : undefined,
    Engine: s.engine,
    AllocatedStorage: 20,
    Status: s.status,
    Port: 5432,
    EngineVersion: s.engineVersion,
    SnapshotType: "manual",
    PercentProgress: s.status === "available" ? 100 : 0,
    StorageEncrypted: true,
    TagList: s.tags,
  };
  return s.kind === "instance"
    ? {
        DBSnapshotIdentifier: s.id,
        DBInstanceIdentifier: s.sourceId,
        ...common,
        InstanceCreateTime: created,
        DBSnapshotArn: rdsArn("snapshot", s.id),
      }
    : {
        DBClusterSnapshotIdentifier: s.id,
        DBClusterIdentifier: s.sourceId,
        ...common,
        ClusterCreateTime: created,
        DBClusterSnapshotArn: rdsArn("cluster-snapshot", s.id),
      };
}

export function renderEvent(e: RdsEventRecord): Obj {
  return {
    SourceIdentifier: e.sourceId,
    SourceType: e.sourceType,
    Message: e.message,
    EventCategories: e.categories,
    Date: new Date(e.date),
    SourceArn: e.sourceArn,
  };
}

export function renderEngineVersion(v: EngineVersionInfo): Obj {
  return {
    Engine: v.engine,
    EngineVersion: v.version,
    DBParameterGroupFamily: v.family,
    DBEngineDescription: v.engine,
    DBEngineVersionDescription: `${v.engine} ${v.version}`,
    ValidUpgradeTarget: upgradeTargets(v.engine, v.version).map((t) => ({
      Engine: t.engine,
      EngineVersion: t.version,
      Description: `${t.engine} ${t.version}`,
      AutoUpgrade: false,
      IsMajorVersionUpgrade: t.isMajor,
    })),
    SupportsReadReplica: true,
    Status: "available",
    SupportsParallelQuery: false,
    SupportsGlobalDatabases: false,
    SupportsBabelfish: false,
  };
}

export function renderParameters(group: ParameterGroup, source?: string): Obj[] {
  const defaults = parameterDefaults(group.family);
  const names = [...new Set([...Object.keys(defaults), ...Object.keys(group.parameters)])].sort();
  return names
    .map((name) => {
      const def = defaults[name];
      const user = group.parameters[name];
      return {
        ParameterName: name,
        ParameterValue: user ?? def?.value,
        Description: name,
        Source: user !== undefined ? "user" : "engine-default",
        ApplyType: def?.applyType ?? "dynamic",
        DataType: def?.dataType ?? "string",
        AllowedValues: def?.allowedValues,
        IsModifiable: true,
        ApplyMethod: "pending-reboot",
      };
    })
    .filter((p) => !source || p.Source === source);
}
