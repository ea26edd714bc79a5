/**
 * The `Rds` port on top of `RdsApi`: builds the SDK inputs from bgdb's arguments, collects pages, and maps the
 * answers to domain shapes. Mutating calls return the AWS request id for the audit log.
 */
import { AwsFailureError, NotFoundError } from "../../core/errors.js";
import type { Rds, WithRequestId } from "../../ports/rds.js";
import { NOT_FOUND_HINT } from "./errors.js";
import { describeAll } from "./paginate.js";
import type { RdsApi } from "./rds-api.js";
import {
  compact,
  recordToTags,
  toBlueGreenDeployment,
  toDbCluster,
  toDbClusterSnapshot,
  toDbInstance,
  toDbParameter,
  toDbSnapshot,
  toEngineVersion,
  toParameterGroup,
  toRdsEvent,
} from "./rds-mappers.js";

/** RDS's largest page size for describe calls (range 20–100). */
const PAGE = 100;

/** RDS keeps events for 14 days; without a start time DescribeEvents would return only the last hour. */
const EVENT_RETENTION_MINUTES = 14 * 24 * 60;

/** Maps the object a mutating call returned and attaches its request id; RDS always returns the object. */
function mutated<S, D>(
  operation: string,
  out: { $metadata: { requestId?: string } },
  value: S | undefined,
  map: (s: S) => D,
): WithRequestId<D> {
  const requestId = out.$metadata.requestId;
  if (value === undefined) {
    throw new AwsFailureError("AWS_ERROR", `${operation} returned no result.`, {
      requestId,
      hint: "The endpoint answered without the expected object; check --endpoint-url and run again.",
    });
  }
  return { ...map(value), requestId };
}

/** A describe-by-id of something that does not exist answers "nothing" rather than an error. */
async function emptyIfNotFound<T>(read: () => Promise<T[]>): Promise<T[]> {
  try {
    return await read();
  } catch (e) {
    if (e instanceof NotFoundError) return [];
    throw e;
  }
}

const notFound = (what: string, id: string) => new NotFoundError(`${what} ${id} not found.`, { hint: NOT_FOUND_HINT });

const filter = (name: string, value: string | undefined) =>
  value === undefined ? undefined : [{ Name: name, Values: [value] }];

export function createRdsAdapter(api: RdsApi): Rds {
  return {
    async createBlueGreenDeployment(input) {
      const out = await api.createBlueGreenDeployment(
        compact({
          BlueGreenDeploymentName: input.name,
          Source: input.sourceArn,
          TargetEngineVersion: input.targetEngineVersion,
          TargetDBParameterGroupName: input.targetDbParameterGroupName,
          TargetDBClusterParameterGroupName: input.targetDbClusterParameterGroupName,
          TargetDBInstanceClass: input.targetDbInstanceClass,
          UpgradeTargetStorageConfig: input.upgradeTargetStorageConfig,
          TargetIops: input.targetIops,
          TargetStorageType: input.targetStorageType,
          TargetAllocatedStorage: input.targetAllocatedStorage,
          TargetStorageThroughput: input.targetStorageThroughput,
          Tags: recordToTags(input.tags),
        }),
      );
      return mutated("CreateBlueGreenDeployment", out, out.BlueGreenDeployment, toBlueGreenDeployment);
    },

    async describeBlueGreenDeployments(f = {}) {
      return await describeAll(
        api.describeBlueGreenDeployments,
        compact({
          BlueGreenDeploymentIdentifier: f.identifier,
          Filters: filter("blue-green-deployment-name", f.name),
          MaxRecords: PAGE,
        }),
        (p) => p.BlueGreenDeployments,
        toBlueGreenDeployment,
      );
    },

    async switchoverBlueGreenDeployment(id, timeoutSeconds) {
      const out = await api.switchoverBlueGreenDeployment({
        BlueGreenDeploymentIdentifier: id,
        SwitchoverTimeout: timeoutSeconds,
      });
      return mutated("SwitchoverBlueGreenDeployment", out, out.BlueGreenDeployment, toBlueGreenDeployment);
    },

    async deleteBlueGreenDeployment(id, deleteTarget) {
      const out = await api.deleteBlueGreenDeployment({
        BlueGreenDeploymentIdentifier: id,
        DeleteTarget: deleteTarget,
      });
      return mutated("DeleteBlueGreenDeployment", out, out.BlueGreenDeployment, toBlueGreenDeployment);
    },

    async describeDbInstances(f = {}) {
      const instances = await describeAll(
        api.describeDBInstances,
        compact({ DBInstanceIdentifier: f.id, Filters: filter("db-cluster-id", f.clusterId), MaxRecords: PAGE }),
        (p) => p.DBInstances,
        toDbInstance,
      );
      if (f.id !== undefined && instances.length === 0) throw notFound("DB instance", f.id);
      return instances;
    },

    async describeDbClusters(f = {}) {
      const clusters = await describeAll(
        api.describeDBClusters,
        compact({ DBClusterIdentifier: f.id, MaxRecords: PAGE }),
        (p) => p.DBClusters,
        toDbCluster,
      );
      if (f.id !== undefined && clusters.length === 0) throw notFound("DB cluster", f.id);
      return clusters;
    },

    async modifyDbInstance(input) {
      const out = await api.modifyDBInstance(
        compact({
          DBInstanceIdentifier: input.id,
          EngineVersion: input.engineVersion,
          DBParameterGroupName: input.parameterGroupName,
          DBInstanceClass: input.instanceClass,
          AllowMajorVersionUpgrade: input.allowMajorVersionUpgrade,
          DeletionProtection: input.deletionProtection,
          // Always: bgdb drives changes now and watches them; a change parked for the maintenance window would
          // surprise the operator hours later.
          ApplyImmediately: true,
        }),
      );
      return mutated("ModifyDBInstance", out, out.DBInstance, toDbInstance);
    },

    async modifyDbCluster(input) {
      const out = await api.modifyDBCluster(
        compact({
          DBClusterIdentifier: input.id,
          EngineVersion: input.engineVersion,
          DBClusterParameterGroupName: input.clusterParameterGroupName,
          DBInstanceParameterGroupName: input.instanceParameterGroupName,
          AllowMajorVersionUpgrade: input.allowMajorVersionUpgrade,
          DeletionProtection: input.deletionProtection,
          ApplyImmediately: true,
        }),
      );
      return mutated("ModifyDBCluster", out, out.DBCluster, toDbCluster);
    },

    async describeDbEngineVersions(f) {
      return await describeAll(
        api.describeDBEngineVersions,
        compact({ Engine: f.engine, EngineVersion: f.engineVersion, MaxRecords: PAGE }),
        (p) => p.DBEngineVersions,
        toEngineVersion,
      );
    },

    async describeDbParameters(groupName) {
      return await describeAll(
        api.describeDBParameters,
        { DBParameterGroupName: groupName, MaxRecords: PAGE },
        (p) => p.Parameters,
        toDbParameter,
      );
    },

    async describeDbClusterParameters(groupName) {
      return await describeAll(
        api.describeDBClusterParameters,
        { DBClusterParameterGroupName: groupName, MaxRecords: PAGE },
        (p) => p.Parameters,
        toDbParameter,
      );
    },

    // A group that does not exist answers undefined: preflight reports it as a failed check, not an error.
    async describeDbParameterGroup(name) {
      const groups = await emptyIfNotFound(() =>
        describeAll(
          api.describeDBParameterGroups,
          { DBParameterGroupName: name },
          (p) => p.DBParameterGroups,
          (g) => toParameterGroup(g.DBParameterGroupName, g.DBParameterGroupFamily),
        ),
      );
      return groups.find((g) => g.name.toLowerCase() === name.toLowerCase());
    },

    async describeDbClusterParameterGroup(name) {
      const groups = await emptyIfNotFound(() =>
        describeAll(
          api.describeDBClusterParameterGroups,
          { DBClusterParameterGroupName: name },
          (p) => p.DBClusterParameterGroups,
          (g) => toParameterGroup(g.DBClusterParameterGroupName, g.DBParameterGroupFamily),
        ),
      );
      return groups.find((g) => g.name.toLowerCase() === name.toLowerCase());
    },

    async createDbSnapshot(snapshotId, instanceId, tags) {
      const out = await api.createDBSnapshot(
        compact({ DBSnapshotIdentifier: snapshotId, DBInstanceIdentifier: instanceId, Tags: recordToTags(tags) }),
      );
      return mutated("CreateDBSnapshot", out, out.DBSnapshot, toDbSnapshot);
    },

    // Snapshot lookups answer [] for an unknown id: callers ask "does bgdb's snapshot exist yet?".
    describeDbSnapshots: (snapshotId) =>
      emptyIfNotFound(() =>
        describeAll(
          api.describeDBSnapshots,
          { DBSnapshotIdentifier: snapshotId, MaxRecords: PAGE },
          (p) => p.DBSnapshots,
          toDbSnapshot,
        ),
      ),

    async createDbClusterSnapshot(snapshotId, clusterId, tags) {
      const out = await api.createDBClusterSnapshot(
        compact({ DBClusterSnapshotIdentifier: snapshotId, DBClusterIdentifier: clusterId, Tags: recordToTags(tags) }),
      );
      return mutated("CreateDBClusterSnapshot", out, out.DBClusterSnapshot, toDbClusterSnapshot);
    },

    describeDbClusterSnapshots: (snapshotId) =>
      emptyIfNotFound(() =>
        describeAll(
          api.describeDBClusterSnapshots,
          { DBClusterSnapshotIdentifier: snapshotId, MaxRecords: PAGE },
          (p) => p.DBClusterSnapshots,
          toDbClusterSnapshot,
        ),
      ),

    // SkipFinalSnapshot: bgdb has already taken its own snapshot and waited for it to be `available` before it gets
    // here (cleanup of the old blue), so an RDS final snapshot would be a second, unnamed copy that bgdb can't wait
    // for. DeleteAutomatedBackups: false keeps the point-in-time backups too (RDS defaults to deleting them), so the
    // old blue stays restorable through its retention window.
    async deleteDbInstance(id) {
      const out = await api.deleteDBInstance({
        DBInstanceIdentifier: id,
        SkipFinalSnapshot: true,
        DeleteAutomatedBackups: false,
      });
      return mutated("DeleteDBInstance", out, out.DBInstance, toDbInstance);
    },

    async deleteDbCluster(id) {
      const out = await api.deleteDBCluster({
        DBClusterIdentifier: id,
        SkipFinalSnapshot: true,
        DeleteAutomatedBackups: false,
      });
      return mutated("DeleteDBCluster", out, out.DBCluster, toDbCluster);
    },

    async describeEvents(f) {
      return await describeAll(
        api.describeEvents,
        compact({
          SourceType: f.sourceType,
          SourceIdentifier: f.sourceId,
          StartTime: f.startTime,
          Duration: f.startTime === undefined ? EVENT_RETENTION_MINUTES : undefined,
          MaxRecords: PAGE,
        }),
        (p) => p.Events,
        toRdsEvent,
      );
    },
  };
}
