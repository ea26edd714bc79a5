/**
 * RDS over awsQuery: form-encoded actions in, `<XResponse><XResult>…` XML out. The list member names below were
 * read from @aws-sdk/client-rds's schemas (3.1169): most lists use their shape's member name (`<DBInstances>
 * <DBInstance>`), blue/green lists use `<member>`.
 */
import { AwsError, invalidParameterValue } from "../aws-error.js";
import { bool, int, list, type QueryParams, type QueryValue, required, str } from "../http/form.js";
import type { XmlValue } from "../http/xml.js";
import type { Account } from "../model/account.js";
import { engineVersions } from "../model/catalog.js";
import { createDeployment, deleteDeployment, switchover } from "../model/deployments.js";
import { rdsArn } from "../model/ids.js";
import { modifyParameters } from "../model/parameters.js";
import {
  renderCluster,
  renderDeployment,
  renderEngineVersion,
  renderEvent,
  renderInstance,
  renderParameters,
  renderSnapshot,
} from "../model/render.js";
import {
  createCluster,
  createClusterSnapshot,
  createInstance,
  createInstanceSnapshot,
  createParameterGroup,
  deleteCluster,
  deleteInstance,
  modifyCluster,
  modifyInstance,
} from "../model/resources.js";
import type { Snapshot, Tag } from "../model/state.js";
import { paginate } from "./pagination.js";

export const RDS_XMLNS = "http://rds.amazonaws.com/doc/2014-10-31/";

export const RDS_LIST_MEMBERS: Record<string, string> = {
  DBInstances: "DBInstance",
  DBClusters: "DBCluster",
  DBParameterGroups: "DBParameterGroup",
  DBClusterParameterGroups: "DBClusterParameterGroup",
  DBClusterMembers: "DBClusterMember",
  DBEngineVersions: "DBEngineVersion",
  ValidUpgradeTarget: "UpgradeTarget",
  Parameters: "Parameter",
  DBSnapshots: "DBSnapshot",
  DBClusterSnapshots: "DBClusterSnapshot",
  Events: "Event",
  TagList: "Tag",
  VpcSecurityGroups: "VpcSecurityGroupMembership",
  AvailabilityZones: "AvailabilityZone",
  EventCategories: "EventCategory",
  ReadReplicaDBInstanceIdentifiers: "ReadReplicaDBInstanceIdentifier",
  ReadReplicaIdentifiers: "ReadReplicaIdentifier",
  // Everything else the sandbox renders (BlueGreenDeployments, SwitchoverDetails, Tasks) uses <member>.
};

type Obj = { [key: string]: XmlValue };
type Handler = (p: QueryParams, account: Account) => Obj;

/** DescribeDBParameterGroups and DescribeDBClusterParameterGroups: one group by name (or its NotFound), or all. */
function describeGroups(p: QueryParams, a: Account, kind: "instance" | "cluster"): Obj {
  const prefix = kind === "instance" ? "DBParameterGroup" : "DBClusterParameterGroup";
  const name = str(p, `${prefix}Name`);
  if (name) a.parameterGroup(name, kind);
  const items = a.state.parameterGroups.filter(
    (g) => g.kind === kind && (!name || g.name.toLowerCase() === name.toLowerCase()),
  );
  return paged(p, `${prefix}s`, items, (g) => ({
    [`${prefix}Name`]: g.name,
    DBParameterGroupFamily: g.family,
    Description: g.description,
    [`${prefix}Arn`]: rdsArn(kind === "instance" ? "pg" : "cluster-pg", g.name),
  }));
}

const obj = (v: QueryValue | undefined): QueryParams => (v && typeof v === "object" && !Array.isArray(v) ? v : {});

function filters(p: QueryParams): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const f of list(p, "Filters")) {
    const name = str(obj(f), "Name");
    if (name)
      out.set(
        name,
        list(obj(f), "Values").filter((v): v is string => typeof v === "string"),
      );
  }
  return out;
}

function tags(p: QueryParams): Tag[] {
  return list(p, "Tags").map((t) => ({ Key: str(obj(t), "Key") ?? "", Value: str(obj(t), "Value") ?? "" }));
}

/** Applies a filter only when present: `matches(values, candidate…)` is true if any candidate is listed. */
function passes(f: Map<string, string[]>, name: string, ...candidates: (string | undefined)[]): boolean {
  const values = f.get(name);
  return !values || candidates.some((c) => c !== undefined && values.includes(c));
}

function paged<T>(p: QueryParams, key: string, items: T[], render: (t: T) => Obj): Obj {
  const { page, marker } = paginate(items, str(p, "Marker"), int(p, "MaxRecords"));
  return { [key]: page.map(render), Marker: marker };
}

function describeSnapshots(p: QueryParams, a: Account, kind: Snapshot["kind"]): Obj {
  const idKey = kind === "instance" ? "DBSnapshotIdentifier" : "DBClusterSnapshotIdentifier";
  const sourceKey = kind === "instance" ? "DBInstanceIdentifier" : "DBClusterIdentifier";
  const id = str(p, idKey);
  const source = str(p, sourceKey);
  const items = a.state.snapshots.filter(
    (s) => s.kind === kind && (!id || s.id.toLowerCase() === id.toLowerCase()) && (!source || s.sourceId === source),
  );
  if (id && items.length === 0) {
    throw kind === "instance"
      ? new AwsError("DBSnapshotNotFound", `DBSnapshot ${id} not found.`, 404)
      : new AwsError("DBClusterSnapshotNotFoundFault", `DBClusterSnapshot ${id} not found.`, 404);
  }
  return paged(p, kind === "instance" ? "DBSnapshots" : "DBClusterSnapshots", items, renderSnapshot);
}

function parseTime(v: string | undefined, what: string): number | undefined {
  if (v === undefined) return undefined;
  const t = Date.parse(v);
  if (Number.isNaN(t)) throw invalidParameterValue(`Invalid ${what}: ${v}`);
  return t;
}

const HANDLERS: Record<string, Handler> = {
  CreateBlueGreenDeployment: (p, a) => ({
    BlueGreenDeployment: renderDeployment(
      a,
      createDeployment(a, {
        name: str(p, "BlueGreenDeploymentName"),
        source: str(p, "Source"),
        targetEngineVersion: str(p, "TargetEngineVersion"),
        targetParameterGroup: str(p, "TargetDBParameterGroupName"),
        targetClusterParameterGroup: str(p, "TargetDBClusterParameterGroupName"),
        targetInstanceClass: str(p, "TargetDBInstanceClass"),
        tags: tags(p),
      }),
    ),
  }),
  DescribeBlueGreenDeployments: (p, a) => {
    const id = str(p, "BlueGreenDeploymentIdentifier");
    if (id) a.deployment(id);
    const f = filters(p);
    const items = a.state.deployments.filter(
      (d) =>
        (!id || d.id.toLowerCase() === id.toLowerCase()) &&
        passes(f, "blue-green-deployment-identifier", d.id) &&
        passes(f, "blue-green-deployment-name", d.name) &&
        passes(f, "source", d.sourceArn) &&
        passes(f, "target", d.targetArn),
    );
    return paged(p, "BlueGreenDeployments", items, (d) => renderDeployment(a, d));
  },
  SwitchoverBlueGreenDeployment: (p, a) => ({
    BlueGreenDeployment: renderDeployment(
      a,
      switchover(a, str(p, "BlueGreenDeploymentIdentifier") ?? "", int(p, "SwitchoverTimeout")),
    ),
  }),
  DeleteBlueGreenDeployment: (p, a) => ({
    BlueGreenDeployment: renderDeployment(
      a,
      deleteDeployment(a, str(p, "BlueGreenDeploymentIdentifier") ?? "", bool(p, "DeleteTarget")),
    ),
  }),
  DescribeDBInstances: (p, a) => {
    const id = str(p, "DBInstanceIdentifier");
    const only = id ? a.instance(id) : undefined;
    const f = filters(p);
    const items = a.state.instances.filter((i) => {
      const cluster = i.clusterResourceId ? a.clusterByResource(i.clusterResourceId) : undefined;
      return (
        (!only || i === only) &&
        passes(f, "db-instance-id", i.id, rdsArn("db", i.id)) &&
        passes(f, "db-cluster-id", cluster?.id, cluster ? rdsArn("cluster", cluster.id) : undefined) &&
        passes(f, "dbi-resource-id", i.resourceId) &&
        passes(f, "engine", i.engine)
      );
    });
    return paged(p, "DBInstances", items, (i) => renderInstance(a, i));
  },
  DescribeDBClusters: (p, a) => {
    const id = str(p, "DBClusterIdentifier");
    const only = id ? a.cluster(id) : undefined;
    const f = filters(p);
    const items = a.state.clusters.filter(
      (c) =>
        (!only || c === only) &&
        passes(f, "db-cluster-id", c.id, rdsArn("cluster", c.id)) &&
        passes(f, "engine", c.engine),
    );
    return paged(p, "DBClusters", items, (c) => renderCluster(a, c));
  },
  CreateDBInstance: (p, a) => ({
    DBInstance: renderInstance(
      a,
      createInstance(a, {
        id: str(p, "DBInstanceIdentifier") ?? "",
        engine: str(p, "Engine"),
        engineVersion: str(p, "EngineVersion"),
        instanceClass: str(p, "DBInstanceClass"),
        masterUsername: str(p, "MasterUsername"),
        dbName: str(p, "DBName"),
        allocatedStorage: int(p, "AllocatedStorage"),
        storageType: str(p, "StorageType"),
        backupRetentionPeriod: int(p, "BackupRetentionPeriod"),
        parameterGroup: str(p, "DBParameterGroupName"),
        deletionProtection: bool(p, "DeletionProtection"),
        multiAz: bool(p, "MultiAZ"),
        clusterId: str(p, "DBClusterIdentifier"),
        tags: tags(p),
      }),
    ),
  }),
  CreateDBCluster: (p, a) => ({
    DBCluster: renderCluster(
      a,
      createCluster(a, {
        id: str(p, "DBClusterIdentifier") ?? "",
        engine: str(p, "Engine"),
        engineVersion: str(p, "EngineVersion"),
        masterUsername: str(p, "MasterUsername"),
        databaseName: str(p, "DatabaseName"),
        backupRetentionPeriod: int(p, "BackupRetentionPeriod"),
        parameterGroup: str(p, "DBClusterParameterGroupName"),
        deletionProtection: bool(p, "DeletionProtection"),
        tags: tags(p),
      }),
    ),
  }),
  ModifyDBInstance: (p, a) => ({
    DBInstance: renderInstance(
      a,
      modifyInstance(a, {
        id: str(p, "DBInstanceIdentifier") ?? "",
        engineVersion: str(p, "EngineVersion"),
        parameterGroup: str(p, "DBParameterGroupName"),
        instanceClass: str(p, "DBInstanceClass"),
        allowMajorVersionUpgrade: bool(p, "AllowMajorVersionUpgrade"),
        deletionProtection: bool(p, "DeletionProtection"),
        backupRetentionPeriod: int(p, "BackupRetentionPeriod"),
      }),
    ),
  }),
  ModifyDBCluster: (p, a) => ({
    DBCluster: renderCluster(
      a,
      modifyCluster(a, {
        id: str(p, "DBClusterIdentifier") ?? "",
        engineVersion: str(p, "EngineVersion"),
        parameterGroup: str(p, "DBClusterParameterGroupName"),
        instanceParameterGroup: str(p, "DBInstanceParameterGroupName"),
        allowMajorVersionUpgrade: bool(p, "AllowMajorVersionUpgrade"),
        deletionProtection: bool(p, "DeletionProtection"),
        backupRetentionPeriod: int(p, "BackupRetentionPeriod"),
      }),
    ),
  }),
  DeleteDBInstance: (p, a) => ({
    DBInstance: renderInstance(
      a,
      deleteInstance(a, {
        id: str(p, "DBInstanceIdentifier") ?? "",
        skipFinalSnapshot: bool(p, "SkipFinalSnapshot"),
        finalSnapshotId: str(p, "FinalDBSnapshotIdentifier"),
      }),
    ),
  }),
  DeleteDBCluster: (p, a) => ({
    DBCluster: renderCluster(
      a,
      deleteCluster(a, {
        id: str(p, "DBClusterIdentifier") ?? "",
        skipFinalSnapshot: bool(p, "SkipFinalSnapshot"),
        finalSnapshotId: str(p, "FinalDBSnapshotIdentifier"),
      }),
    ),
  }),
  DescribeDBEngineVersions: (p) => {
    const version = str(p, "EngineVersion");
    const family = str(p, "DBParameterGroupFamily");
    const items = engineVersions(str(p, "Engine")).filter(
      (v) => (!version || v.version === version) && (!family || v.family === family),
    );
    return paged(p, "DBEngineVersions", items, renderEngineVersion);
  },
  DescribeDBParameters: (p, a) => {
    const group = a.parameterGroup(str(p, "DBParameterGroupName") ?? "", "instance");
    return paged(p, "Parameters", renderParameters(group, str(p, "Source")), (x) => x);
  },
  DescribeDBClusterParameters: (p, a) => {
    const group = a.parameterGroup(str(p, "DBClusterParameterGroupName") ?? "", "cluster");
    return paged(p, "Parameters", renderParameters(group, str(p, "Source")), (x) => x);
  },
  DescribeDBParameterGroups: (p, a) => describeGroups(p, a, "instance"),
  DescribeDBClusterParameterGroups: (p, a) => describeGroups(p, a, "cluster"),
  CreateDBParameterGroup: (p, a) => {
    const name = str(p, "DBParameterGroupName") ?? "";
    const family = str(p, "DBParameterGroupFamily") ?? "";
    if (a.state.parameterGroups.some((g) => g.kind === "instance" && g.name === name)) {
      throw new AwsError("DBParameterGroupAlreadyExists", `Parameter group ${name} already exists`);
    }
    if (!engineVersions().some((v) => v.family === family)) throw invalidParameterValue(`Invalid family ${family}`);
    createParameterGroup(a, name, "instance", family, {});
    return {
      DBParameterGroup: {
        DBParameterGroupName: name,
        DBParameterGroupFamily: family,
        Description: str(p, "Description"),
      },
    };
  },
  ModifyDBParameterGroup: (p, a) => {
    const group = a.parameterGroup(str(p, "DBParameterGroupName") ?? "", "instance");
    modifyParameters(
      group,
      list(p, "Parameters").map((x) => ({
        name: str(obj(x), "ParameterName"),
        value: str(obj(x), "ParameterValue"),
        applyMethod: str(obj(x), "ApplyMethod"),
      })),
    );
    return { DBParameterGroupName: group.name };
  },
  CreateDBSnapshot: (p, a) => ({
    DBSnapshot: renderSnapshot(
      createInstanceSnapshot(a, str(p, "DBSnapshotIdentifier") ?? "", str(p, "DBInstanceIdentifier") ?? "", tags(p)),
    ),
  }),
  CreateDBClusterSnapshot: (p, a) => ({
    DBClusterSnapshot: renderSnapshot(
      createClusterSnapshot(
        a,
        str(p, "DBClusterSnapshotIdentifier") ?? "",
        str(p, "DBClusterIdentifier") ?? "",
        tags(p),
      ),
    ),
  }),
  DescribeDBSnapshots: (p, a) => describeSnapshots(p, a, "instance"),
  DescribeDBClusterSnapshots: (p, a) => describeSnapshots(p, a, "cluster"),
  DescribeEvents: (p, a) => {
    const end = parseTime(str(p, "EndTime"), "EndTime") ?? a.now() + 1;
    const duration = int(p, "Duration");
    const start = parseTime(str(p, "StartTime"), "StartTime") ?? end - (duration ?? 60) * 60_000;
    const sourceId = str(p, "SourceIdentifier");
    const sourceType = str(p, "SourceType");
    const items = a.state.events.filter(
      (e) =>
        e.date >= start &&
        e.date < end &&
        (!sourceId || e.sourceId === sourceId) &&
        (!sourceType || e.sourceType === sourceType),
    );
    return paged(p, "Events", items, renderEvent);
  },
};

/** Each action's required members, as the RDS API model marks them: a request without one is MissingParameter. */
const REQUIRED: Record<string, string[]> = {
  CreateBlueGreenDeployment: ["BlueGreenDeploymentName", "Source"],
  SwitchoverBlueGreenDeployment: ["BlueGreenDeploymentIdentifier"],
  DeleteBlueGreenDeployment: ["BlueGreenDeploymentIdentifier"],
  CreateDBInstance: ["DBInstanceIdentifier", "DBInstanceClass", "Engine"],
  CreateDBCluster: ["DBClusterIdentifier", "Engine"],
  ModifyDBInstance: ["DBInstanceIdentifier"],
  ModifyDBCluster: ["DBClusterIdentifier"],
  DeleteDBInstance: ["DBInstanceIdentifier"],
  DeleteDBCluster: ["DBClusterIdentifier"],
  DescribeDBParameters: ["DBParameterGroupName"],
  DescribeDBClusterParameters: ["DBClusterParameterGroupName"],
  CreateDBParameterGroup: ["DBParameterGroupName", "DBParameterGroupFamily", "Description"],
  ModifyDBParameterGroup: ["DBParameterGroupName"],
  CreateDBSnapshot: ["DBSnapshotIdentifier", "DBInstanceIdentifier"],
  CreateDBClusterSnapshot: ["DBClusterSnapshotIdentifier", "DBClusterIdentifier"],
};

export function rdsAction(action: string, params: QueryParams, account: Account): Obj {
  const handler = HANDLERS[action];
  if (!handler) throw new AwsError("InvalidAction", `The action ${action} is not valid for this web service.`);
  for (const key of REQUIRED[action] ?? []) required(params, key);
  return handler(params, account);
}
