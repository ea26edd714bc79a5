/**
 * The RDS calls bgdb makes, in bgdb's own shapes. Status strings stay `string` on purpose: the RDS model declares no
 * enums for them, so core classifies them and treats anything unknown as "keep watching", never as success.
 * Mutating calls return the AWS request id so the journal can record it.
 */

export interface DeploymentTask {
  name: string;
  status: string;
}

export interface SwitchoverMember {
  /** ARN of a blue instance, cluster or cluster endpoint. */
  sourceMember: string;
  /** ARN of the green counterpart; absent early in provisioning. */
  targetMember?: string;
  status: string;
}

export interface BlueGreenDeployment {
  /** `bgd-…` */
  id: string;
  name: string;
  /** ARN of blue (after switchover: the `-old1` ARN). */
  source: string;
  /** ARN of green (after switchover: the production ARN). Absent early in provisioning. */
  target?: string;
  status: string;
  statusDetails?: string;
  tasks: DeploymentTask[];
  switchoverDetails: SwitchoverMember[];
  createTime?: Date;
  deleteTime?: Date;
  tags: Record<string, string>;
}

export interface Endpoint {
  address: string;
  port: number;
  hostedZoneId?: string;
}

export interface DbInstance {
  id: string;
  arn: string;
  /** `db-…`: stays with the instance across the switchover renames. */
  resourceId?: string;
  status: string;
  engine: string;
  engineVersion: string;
  instanceClass?: string;
  endpoint?: Endpoint;
  backupRetentionPeriod?: number;
  parameterGroups: { name: string; applyStatus: string }[];
  /** The Aurora cluster this instance belongs to. */
  clusterId?: string;
  deletionProtection: boolean;
  multiAz?: boolean;
  storageType?: string;
  allocatedStorage?: number;
  /** Provisioned IOPS (io1, io2, gp3). */
  iops?: number;
  /** MiB/s (gp3). */
  storageThroughput?: number;
  /** Source of a read replica (id or ARN as RDS gives it). */
  readReplicaSourceId?: string;
  readReplicaIds: string[];
  /** True when the master password is managed by Secrets Manager (unsupported by blue/green). */
  managedMasterPassword: boolean;
  masterUsername?: string;
  dbName?: string;
  pendingModifiedValues?: Record<string, unknown>;
}

export interface DbClusterMember {
  instanceId: string;
  isWriter: boolean;
}

export interface DbCluster {
  id: string;
  arn: string;
  resourceId?: string;
  status: string;
  engine: string;
  engineVersion: string;
  /** Writer endpoint address. */
  endpoint?: string;
  readerEndpoint?: string;
  port?: number;
  members: DbClusterMember[];
  backupRetentionPeriod?: number;
  parameterGroup?: string;
  deletionProtection: boolean;
  managedMasterPassword: boolean;
  masterUsername?: string;
  databaseName?: string;
  /** Set for Multi-AZ DB clusters (non-Aurora), which blue/green does not support. */
  dbClusterInstanceClass?: string;
}

export interface EngineVersion {
  engine: string;
  engineVersion: string;
  parameterGroupFamily?: string;
  validUpgradeTargets: { engine: string; engineVersion: string; isMajorVersionUpgrade: boolean }[];
}

export interface DbParameter {
  name: string;
  value?: string;
  applyType?: string;
  source?: string;
}

/** A DB (cluster) parameter group: which engine versions it applies to is its family. */
export interface DbParameterGroup {
  name: string;
  /** `postgres17`, `mysql8.0`, `aurora-postgresql16`, … */
  family: string;
}

export interface DbSnapshot {
  id: string;
  arn?: string;
  status: string;
  sourceId: string;
  createTime?: Date;
}

export interface RdsEvent {
  date: Date;
  message: string;
  sourceId: string;
  sourceType: string;
  eventCategories: string[];
}

export interface CreateDeploymentInput {
  name: string;
  sourceArn: string;
  targetEngineVersion?: string;
  targetDbParameterGroupName?: string;
  targetDbClusterParameterGroupName?: string;
  targetDbInstanceClass?: string;
  upgradeTargetStorageConfig?: boolean;
  targetIops?: number;
  targetStorageType?: string;
  targetAllocatedStorage?: number;
  targetStorageThroughput?: number;
  tags?: Record<string, string>;
}

export interface ModifyInstanceInput {
  id: string;
  engineVersion?: string;
  parameterGroupName?: string;
  instanceClass?: string;
  allowMajorVersionUpgrade?: boolean;
  deletionProtection?: boolean;
  /** bgdb always applies immediately; the field exists so the call's input is explicit. */
  applyImmediately: true;
}

export interface ModifyClusterInput {
  id: string;
  engineVersion?: string;
  clusterParameterGroupName?: string;
  /** Parameter group for the cluster's instances (major upgrades). */
  instanceParameterGroupName?: string;
  allowMajorVersionUpgrade?: boolean;
  deletionProtection?: boolean;
  applyImmediately: true;
}

export type WithRequestId<T> = T & { requestId?: string };

export interface Rds {
  createBlueGreenDeployment(input: CreateDeploymentInput): Promise<WithRequestId<BlueGreenDeployment>>;
  /** All pages. `identifier` is a `bgd-` id (case-insensitive); `name` filters on blue-green-deployment-name. */
  describeBlueGreenDeployments(filter?: { identifier?: string; name?: string }): Promise<BlueGreenDeployment[]>;
  switchoverBlueGreenDeployment(id: string, timeoutSeconds: number): Promise<WithRequestId<BlueGreenDeployment>>;
  deleteBlueGreenDeployment(id: string, deleteTarget: boolean): Promise<WithRequestId<BlueGreenDeployment>>;

  /** With `id` (identifier or ARN): that instance or NotFoundError; without: all pages. */
  describeDbInstances(filter?: { id?: string; clusterId?: string }): Promise<DbInstance[]>;
  describeDbClusters(filter?: { id?: string }): Promise<DbCluster[]>;
  modifyDbInstance(input: ModifyInstanceInput): Promise<WithRequestId<DbInstance>>;
  modifyDbCluster(input: ModifyClusterInput): Promise<WithRequestId<DbCluster>>;

  describeDbEngineVersions(filter: { engine: string; engineVersion?: string }): Promise<EngineVersion[]>;
  describeDbParameters(groupName: string): Promise<DbParameter[]>;
  describeDbClusterParameters(groupName: string): Promise<DbParameter[]>;
  /** The group of that name, or undefined when there is none. */
  describeDbParameterGroup(name: string): Promise<DbParameterGroup | undefined>;
  describeDbClusterParameterGroup(name: string): Promise<DbParameterGroup | undefined>;

  createDbSnapshot(
    snapshotId: string,
    instanceId: string,
    tags?: Record<string, string>,
  ): Promise<WithRequestId<DbSnapshot>>;
  describeDbSnapshots(snapshotId: string): Promise<DbSnapshot[]>;
  createDbClusterSnapshot(
    snapshotId: string,
    clusterId: string,
    tags?: Record<string, string>,
  ): Promise<WithRequestId<DbSnapshot>>;
  describeDbClusterSnapshots(snapshotId: string): Promise<DbSnapshot[]>;
  /** bgdb takes its own final snapshot first and waits for it, so this always skips RDS's final snapshot. */
  deleteDbInstance(id: string): Promise<WithRequestId<DbInstance>>;
  deleteDbCluster(id: string): Promise<WithRequestId<DbCluster>>;

  /** Events of one source since `startTime` (RDS keeps 14 days). */
  describeEvents(filter: {
    sourceType: "blue-green-deployment" | "db-instance" | "db-cluster" | "db-snapshot" | "db-cluster-snapshot";
    sourceId?: string;
    startTime?: Date;
  }): Promise<RdsEvent[]>;
}
