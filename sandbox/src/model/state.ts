/** The sandbox account, exactly as persisted in `<dir>/state.json`. Times are epoch milliseconds. */
import type { FaultSpec } from "../faults.js";

export type Engine = "postgres" | "mysql" | "mariadb" | "aurora-postgresql" | "aurora-mysql";

/** A type alias (not an interface) so it fits the renderers' index-signature shapes. */
export type Tag = { Key: string; Value: string };

export interface Instance {
  /** Stable across renames: `db-…`. Everything inside the model refers to instances by this. */
  resourceId: string;
  id: string;
  engine: Engine;
  engineVersion: string;
  instanceClass: string;
  status: string;
  /** Endpoint address: one loopback address per instance where the platform allows it (see dataplane/loopback.ts). */
  address: string;
  port: number;
  masterUsername: string;
  dbName?: string;
  allocatedStorage: number;
  storageType: string;
  backupRetentionPeriod: number;
  parameterGroup: string;
  parameterApplyStatus: string;
  deletionProtection: boolean;
  multiAz: boolean;
  /** Resource id of the Aurora cluster this instance belongs to. */
  clusterResourceId?: string;
  isClusterWriter?: boolean;
  createTime: number;
  tags: Tag[];
  /** Set on green members: their blue counterpart's resource id (drives the lag model and replica lists). */
  replicaOf?: string;
}

export interface Cluster {
  resourceId: string;
  id: string;
  engine: Engine;
  engineVersion: string;
  status: string;
  address: string;
  port: number;
  masterUsername: string;
  databaseName?: string;
  backupRetentionPeriod: number;
  parameterGroup: string;
  deletionProtection: boolean;
  createTime: number;
  tags: Tag[];
}

export interface Snapshot {
  id: string;
  kind: "instance" | "cluster";
  /** Name of the instance or cluster at snapshot time, as RDS reports it. */
  sourceId: string;
  engine: Engine;
  engineVersion: string;
  status: string;
  createTime: number;
  tags: Tag[];
}

export interface ParameterGroup {
  name: string;
  kind: "instance" | "cluster";
  family: string;
  description: string;
  parameters: Record<string, string>;
}

export interface MemberPair {
  /** Blue resource id (instance or cluster). */
  blue: string;
  /** Green resource id, once green exists. */
  green?: string;
  kind: "instance" | "cluster";
}

export interface Deployment {
  id: string;
  name: string;
  sourceArn: string;
  targetArn?: string;
  status: string;
  statusDetails?: string;
  tasks: { Name: string; Status: string }[];
  members: MemberPair[];
  /** SwitchoverDetails status shared by every member (the sandbox moves them together). */
  memberStatus: string;
  targetEngineVersion?: string;
  targetParameterGroup?: string;
  targetClusterParameterGroup?: string;
  targetInstanceClass?: string;
  createTime: number;
  /** When green came into being (lag is measured from then). */
  greenTime?: number;
  switchoverTime?: number;
  deleteTime?: number;
  tags: Tag[];
}

export interface RdsEventRecord {
  date: number;
  sourceType: "blue-green-deployment" | "db-instance" | "db-cluster" | "db-snapshot" | "db-cluster-snapshot";
  sourceId: string;
  sourceArn: string;
  message: string;
  categories: string[];
}

export interface RecordSet {
  Name: string;
  Type: string;
  TTL?: number;
  Values: string[];
  AliasTarget?: { HostedZoneId: string; DNSName: string };
}

export interface HostedZone {
  id: string;
  name: string;
  callerReference: string;
  /** A private zone answers only inside its VPCs (the sandbox has no network, so this is what the API reports). */
  vpcs?: { id: string; region: string }[];
  records: RecordSet[];
}

/**
 * Real work on a PostgreSQL or MariaDB server (src/backing/ does it in the serve process). Persisted so a
 * restarted server knows what is still owed: `pending` jobs are picked up again on start (see pg-backing.ts for
 * what each kind does when it was interrupted).
 */
export interface Job {
  /** Deterministic per purpose (`server:<rid>`, `green:<deployment>`, …) so events can name it before it exists. */
  id: string;
  /** `modify`: make the server run its instance's current parameter group and class (MariaDB). */
  kind: "create-server" | "create-green" | "upgrade" | "modify" | "switchover" | "destroy" | "promote";
  /** The instance the work is on (green for create-green/promote). */
  resourceId?: string;
  deploymentId?: string;
  /** Target PostgreSQL major (create-server, create-green, upgrade); MariaDB runs the installed build only. */
  major?: 16 | 17;
  /** Create-server: fill the new database with the sandbox's sample rows (`sandbox seed`). */
  sampleData?: boolean;
  /** Modify: the instance class changed, which restarts the server. */
  classChanged?: boolean;
  /** Switchover: SwitchoverTimeout in ms. */
  timeoutMs?: number;
  state: "pending" | "done" | "failed";
  /** Why it failed; never holds a password. */
  reason?: string;
}

/**
 * A transition waiting for its time. Applying events lazily on each request replaces background timers. An event
 * with `after` also waits for that job to be done (real work), so statuses follow the real servers.
 */
export type ScheduledEvent = { at: number; after?: string } & (
  | {
      kind: "instance-status";
      resourceId: string;
      status: string;
      engineVersion?: string;
      clearPendingVersion?: boolean;
    }
  | { kind: "cluster-status"; resourceId: string; status: string; engineVersion?: string }
  | { kind: "instance-gone"; resourceId: string }
  | { kind: "cluster-gone"; resourceId: string }
  | { kind: "snapshot-status"; id: string; status: string }
  | { kind: "task"; deploymentId: string; task: string; status: string }
  | { kind: "green-created"; deploymentId: string }
  | { kind: "deployment-status"; deploymentId: string; status: string; details?: string }
  | { kind: "switchover-done"; deploymentId: string }
  | { kind: "deployment-gone"; deploymentId: string }
);

export interface SandboxState {
  version: 1;
  instances: Instance[];
  clusters: Cluster[];
  snapshots: Snapshot[];
  parameterGroups: ParameterGroup[];
  deployments: Deployment[];
  events: RdsEventRecord[];
  hostedZones: HostedZone[];
  schedule: ScheduledEvent[];
  /** Real-server work owed or finished (empty when the sandbox runs model-only). */
  jobs: Job[];
  faults: FaultSpec[];
  /** Next loopback port handed to a new instance endpoint. */
  nextPort: number;
  /** Counter of the next endpoint address (loopbackAddress(n)); used only where distinct addresses work. */
  nextAddress: number;
  /** Request counter per fault index, for deterministic "share of calls" faults. */
  faultCounters: Record<string, number>;
}

export const FIRST_ENDPOINT_PORT = 15432;

export function emptyState(): SandboxState {
  return {
    version: 1,
    instances: [],
    clusters: [],
    snapshots: [],
    parameterGroups: [],
    deployments: [],
    events: [],
    hostedZones: [],
    schedule: [],
    jobs: [],
    faults: [],
    nextPort: FIRST_ENDPOINT_PORT,
    nextAddress: 1,
    faultCounters: {},
  };
}
