import {
  CreateBlueGreenDeploymentCommand,
  CreateDBClusterSnapshotCommand,
  CreateDBSnapshotCommand,
  DBParameterGroupNotFoundFault,
  DBSnapshotNotFoundFault,
  DeleteBlueGreenDeploymentCommand,
  DeleteDBClusterCommand,
  DeleteDBInstanceCommand,
  DescribeBlueGreenDeploymentsCommand,
  DescribeDBClusterParameterGroupsCommand,
  DescribeDBClusterParametersCommand,
  DescribeDBClusterSnapshotsCommand,
  DescribeDBClustersCommand,
  DescribeDBEngineVersionsCommand,
  DescribeDBInstancesCommand,
  DescribeDBParameterGroupsCommand,
  DescribeDBParametersCommand,
  DescribeDBSnapshotsCommand,
  DescribeEventsCommand,
  ModifyDBClusterCommand,
  ModifyDBInstanceCommand,
  RDSClient,
  SwitchoverBlueGreenDeploymentCommand,
} from "@aws-sdk/client-rds";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { NotFoundError } from "../../../src/core/errors.js";
import { makeAdapters, meta } from "./helpers.js";

const rdsMock = mockClient(RDSClient);
beforeEach(() => rdsMock.reset());

const created = new Date("2026-11-26T12:00:00Z");

const sdkBgd = (id: string, extra: Record<string, unknown> = {}) => ({
  BlueGreenDeploymentIdentifier: id,
  BlueGreenDeploymentName: `name-${id}`,
  Source: "arn:aws:rds:eu-west-1:123456789012:db:orders-prod",
  Status: "PROVISIONING",
  CreateTime: created,
  ...extra,
});

const sdkInstance = {
  DBInstanceIdentifier: "orders-prod",
  DBInstanceArn: "arn:aws:rds:eu-west-1:123456789012:db:orders-prod",
  DbiResourceId: "db-ABC",
  DBInstanceStatus: "available",
  Engine: "postgres",
  EngineVersion: "16.3",
  DBInstanceClass: "db.r6g.xlarge",
  Endpoint: { Address: "orders-prod.c9.eu-west-1.rds.amazonaws.com", Port: 5432, HostedZoneId: "Z29XKXDKYMONMX" },
  BackupRetentionPeriod: 7,
  DBParameterGroups: [{ DBParameterGroupName: "orders-pg16", ParameterApplyStatus: "in-sync" }],
  DeletionProtection: true,
  MultiAZ: true,
  StorageType: "gp3",
  AllocatedStorage: 100,
  ReadReplicaDBInstanceIdentifiers: ["orders-replica"],
  MasterUserSecret: { SecretArn: "arn:aws:secretsmanager:x", SecretStatus: "active" },
  MasterUsername: "app",
  DBName: "orders",
  PendingModifiedValues: { DBInstanceClass: "db.r6g.2xlarge" },
};

const sdkCluster = {
  DBClusterIdentifier: "orders-aurora",
  DBClusterArn: "arn:aws:rds:eu-west-1:123456789012:cluster:orders-aurora",
  DbClusterResourceId: "cluster-XYZ",
  Status: "available",
  Engine: "aurora-postgresql",
  EngineVersion: "16.4",
  Endpoint: "orders-aurora.cluster-c9.rds.amazonaws.com",
  ReaderEndpoint: "orders-aurora.cluster-ro-c9.rds.amazonaws.com",
  Port: 5432,
  DBClusterMembers: [
    { DBInstanceIdentifier: "orders-aurora-1", IsClusterWriter: true },
    { DBInstanceIdentifier: "orders-aurora-2", IsClusterWriter: false },
  ],
  BackupRetentionPeriod: 7,
  DBClusterParameterGroup: "orders-cpg16",
  DeletionProtection: false,
  MasterUsername: "app",
  DatabaseName: "orders",
};

const inputsOf = (command: Parameters<typeof rdsMock.commandCalls>[0]) =>
  rdsMock.commandCalls(command).map((c) => c.args[0].input);

describe("blue/green deployments", () => {
  it("creates a deployment with every target option and returns the request id", async () => {
    rdsMock
      .on(CreateBlueGreenDeploymentCommand)
      .resolves({ ...meta("req-create"), BlueGreenDeployment: sdkBgd("bgd-1") });
    const { rds } = makeAdapters();
    const out = await rds.createBlueGreenDeployment({
      name: "orders-prod-to-17",
      sourceArn: "arn:aws:rds:eu-west-1:123456789012:db:orders-prod",
      targetEngineVersion: "17.2",
      targetDbParameterGroupName: "orders-pg17",
      targetDbInstanceClass: "db.r7g.xlarge",
      upgradeTargetStorageConfig: true,
      targetIops: 3000,
      targetStorageType: "gp3",
      targetAllocatedStorage: 200,
      targetStorageThroughput: 125,
      tags: { team: "orders", "bgdb:managed": "true" },
    });
    expect(inputsOf(CreateBlueGreenDeploymentCommand)).toEqual([
      {
        BlueGreenDeploymentName: "orders-prod-to-17",
        Source: "arn:aws:rds:eu-west-1:123456789012:db:orders-prod",
        TargetEngineVersion: "17.2",
        TargetDBParameterGroupName: "orders-pg17",
        TargetDBInstanceClass: "db.r7g.xlarge",
        UpgradeTargetStorageConfig: true,
        TargetIops: 3000,
        TargetStorageType: "gp3",
        TargetAllocatedStorage: 200,
        TargetStorageThroughput: 125,
        Tags: [
          { Key: "team", Value: "orders" },
          { Key: "bgdb:managed", Value: "true" },
        ],
      },
    ]);
    expect(out.requestId).toBe("req-create");
    expect(out.id).toBe("bgd-1");
  });

  it("sends only the fields that were given", async () => {
    rdsMock.on(CreateBlueGreenDeploymentCommand).resolves({ ...meta(), BlueGreenDeployment: sdkBgd("bgd-1") });
    await makeAdapters().rds.createBlueGreenDeployment({ name: "n", sourceArn: "arn:x" });
    expect(Object.keys(inputsOf(CreateBlueGreenDeploymentCommand)[0] ?? {})).toEqual([
      "BlueGreenDeploymentName",
      "Source",
    ]);
  });

  it("maps a full deployment: tasks, switchover details, tags, dates stay Date", async () => {
    const deleteTime = new Date("2026-11-27T00:00:00Z");
    rdsMock.on(DescribeBlueGreenDeploymentsCommand).resolves({
      BlueGreenDeployments: [
        sdkBgd("bgd-1", {
          Target: "arn:aws:rds:eu-west-1:123456789012:db:orders-prod-green-k2m9qa",
          Status: "AVAILABLE",
          StatusDetails: "all good",
          Tasks: [{ Name: "CREATING_READ_REPLICA_OF_SOURCE", Status: "COMPLETED" }],
          SwitchoverDetails: [
            { SourceMember: "arn:blue", TargetMember: "arn:green", Status: "AVAILABLE" },
            { SourceMember: "arn:blue-replica", Status: "PROVISIONING" },
          ],
          DeleteTime: deleteTime,
          TagList: [{ Key: "team", Value: "orders" }],
        }),
      ],
    });
    const [bgd] = await makeAdapters().rds.describeBlueGreenDeployments();
    expect(bgd).toEqual({
      id: "bgd-1",
      name: "name-bgd-1",
      source: "arn:aws:rds:eu-west-1:123456789012:db:orders-prod",
      target: "arn:aws:rds:eu-west-1:123456789012:db:orders-prod-green-k2m9qa",
      status: "AVAILABLE",
      statusDetails: "all good",
      tasks: [{ name: "CREATING_READ_REPLICA_OF_SOURCE", status: "COMPLETED" }],
      switchoverDetails: [
        { sourceMember: "arn:blue", targetMember: "arn:green", status: "AVAILABLE" },
        { sourceMember: "arn:blue-replica", status: "PROVISIONING" },
      ],
      createTime: created,
      deleteTime,
      tags: { team: "orders" },
    });
    expect(bgd?.createTime).toBeInstanceOf(Date);
  });

  it("maps absent lists to [] and absent tags to {}", async () => {
    rdsMock.on(DescribeBlueGreenDeploymentsCommand).resolves({ BlueGreenDeployments: [sdkBgd("bgd-1")] });
    const [bgd] = await makeAdapters().rds.describeBlueGreenDeployments();
    expect(bgd?.tasks).toEqual([]);
    expect(bgd?.switchoverDetails).toEqual([]);
    expect(bgd?.tags).toEqual({});
    expect(bgd && "target" in bgd).toBe(false);
  });

  it("follows Marker across pages with MaxRecords 100, a fresh input per page", async () => {
    rdsMock
      .on(DescribeBlueGreenDeploymentsCommand)
      .resolvesOnce({ BlueGreenDeployments: [sdkBgd("bgd-1")], Marker: "m1" })
      .resolvesOnce({ BlueGreenDeployments: [sdkBgd("bgd-2")], Marker: "m2" })
      .resolvesOnce({ BlueGreenDeployments: [sdkBgd("bgd-3")] });
    const all = await makeAdapters().rds.describeBlueGreenDeployments();
    expect(all.map((d) => d.id)).toEqual(["bgd-1", "bgd-2", "bgd-3"]);
    expect(inputsOf(DescribeBlueGreenDeploymentsCommand)).toEqual([
      { MaxRecords: 100 },
      { MaxRecords: 100, Marker: "m1" },
      { MaxRecords: 100, Marker: "m2" },
    ]);
  });

  it("stops when an endpoint repeats the same marker", async () => {
    rdsMock.on(DescribeBlueGreenDeploymentsCommand).resolves({ BlueGreenDeployments: [], Marker: "same" });
    await makeAdapters().rds.describeBlueGreenDeployments();
    expect(rdsMock.commandCalls(DescribeBlueGreenDeploymentsCommand)).toHaveLength(2);
  });

  it("describes by identifier or by name filter", async () => {
    rdsMock.on(DescribeBlueGreenDeploymentsCommand).resolves({ BlueGreenDeployments: [] });
    const { rds } = makeAdapters();
    await rds.describeBlueGreenDeployments({ identifier: "bgd-abc" });
    await rds.describeBlueGreenDeployments({ name: "orders-prod-to-17" });
    expect(inputsOf(DescribeBlueGreenDeploymentsCommand)).toEqual([
      { BlueGreenDeploymentIdentifier: "bgd-abc", MaxRecords: 100 },
      { Filters: [{ Name: "blue-green-deployment-name", Values: ["orders-prod-to-17"] }], MaxRecords: 100 },
    ]);
  });

  it("switches over with the timeout and deletes with DeleteTarget as asked", async () => {
    rdsMock
      .on(SwitchoverBlueGreenDeploymentCommand)
      .resolves({ ...meta("req-sw"), BlueGreenDeployment: sdkBgd("bgd-1", { Status: "SWITCHOVER_IN_PROGRESS" }) });
    rdsMock
      .on(DeleteBlueGreenDeploymentCommand)
      .resolves({ ...meta("req-del"), BlueGreenDeployment: sdkBgd("bgd-1", { Status: "DELETING" }) });
    const { rds } = makeAdapters();
    const sw = await rds.switchoverBlueGreenDeployment("bgd-1", 600);
    const del = await rds.deleteBlueGreenDeployment("bgd-1", true);
    await rds.deleteBlueGreenDeployment("bgd-1", false);
    expect(inputsOf(SwitchoverBlueGreenDeploymentCommand)).toEqual([
      { BlueGreenDeploymentIdentifier: "bgd-1", SwitchoverTimeout: 600 },
    ]);
    expect(inputsOf(DeleteBlueGreenDeploymentCommand)).toEqual([
      { BlueGreenDeploymentIdentifier: "bgd-1", DeleteTarget: true },
      { BlueGreenDeploymentIdentifier: "bgd-1", DeleteTarget: false },
    ]);
    expect([sw.status, sw.requestId]).toEqual(["SWITCHOVER_IN_PROGRESS", "req-sw"]);
    expect([del.status, del.requestId]).toEqual(["DELETING", "req-del"]);
  });
});

describe("instances and clusters", () => {
  it("maps an instance to the domain shape", async () => {
    rdsMock.on(DescribeDBInstancesCommand).resolves({ DBInstances: [sdkInstance] });
    const [db] = await makeAdapters().rds.describeDbInstances({ id: "orders-prod" });
    expect(db).toEqual({
      id: "orders-prod",
      arn: "arn:aws:rds:eu-west-1:123456789012:db:orders-prod",
      resourceId: "db-ABC",
      status: "available",
      engine: "postgres",
      engineVersion: "16.3",
      instanceClass: "db.r6g.xlarge",
      endpoint: { address: "orders-prod.c9.eu-west-1.rds.amazonaws.com", port: 5432, hostedZoneId: "Z29XKXDKYMONMX" },
      backupRetentionPeriod: 7,
      parameterGroups: [{ name: "orders-pg16", applyStatus: "in-sync" }],
      deletionProtection: true,
      multiAz: true,
      storageType: "gp3",
      allocatedStorage: 100,
      readReplicaIds: ["orders-replica"],
      managedMasterPassword: true,
      masterUsername: "app",
      dbName: "orders",
      pendingModifiedValues: { DBInstanceClass: "db.r6g.2xlarge" },
    });
    expect(inputsOf(DescribeDBInstancesCommand)).toEqual([{ DBInstanceIdentifier: "orders-prod", MaxRecords: 100 }]);
  });

  it("defaults absent lists and flags on a sparse instance", async () => {
    rdsMock.on(DescribeDBInstancesCommand).resolves({
      DBInstances: [
        {
          DBInstanceIdentifier: "r",
          ReadReplicaSourceDBInstanceIdentifier: "orders-prod",
          DBClusterIdentifier: "c1",
          PendingModifiedValues: {},
        },
      ],
    });
    const [db] = await makeAdapters().rds.describeDbInstances();
    expect(db).toMatchObject({
      parameterGroups: [],
      readReplicaIds: [],
      deletionProtection: false,
      managedMasterPassword: false,
      readReplicaSourceId: "orders-prod",
      clusterId: "c1",
    });
    expect(db && "pendingModifiedValues" in db).toBe(false);
    expect(db && "endpoint" in db).toBe(false);
  });

  it("accepts an ARN as id, filters by cluster, and pages through all instances", async () => {
    rdsMock
      .on(DescribeDBInstancesCommand)
      .resolvesOnce({ DBInstances: [sdkInstance] })
      .resolvesOnce({ DBInstances: [sdkInstance], Marker: "p2" })
      .resolvesOnce({ DBInstances: [{ ...sdkInstance, DBInstanceIdentifier: "two" }] });
    const { rds } = makeAdapters();
    await rds.describeDbInstances({ id: sdkInstance.DBInstanceArn });
    const all = await rds.describeDbInstances({ clusterId: "orders-aurora" });
    expect(all.map((i) => i.id)).toEqual(["orders-prod", "two"]);
    expect(inputsOf(DescribeDBInstancesCommand)).toEqual([
      { DBInstanceIdentifier: sdkInstance.DBInstanceArn, MaxRecords: 100 },
      { Filters: [{ Name: "db-cluster-id", Values: ["orders-aurora"] }], MaxRecords: 100 },
      { Filters: [{ Name: "db-cluster-id", Values: ["orders-aurora"] }], MaxRecords: 100, Marker: "p2" },
    ]);
  });

  it("throws NotFoundError when an id matches nothing", async () => {
    rdsMock.on(DescribeDBInstancesCommand).resolves({ DBInstances: [] });
    rdsMock.on(DescribeDBClustersCommand).resolves({ DBClusters: [] });
    const { rds } = makeAdapters();
    await expect(rds.describeDbInstances({ id: "nope" })).rejects.toBeInstanceOf(NotFoundError);
    await expect(rds.describeDbClusters({ id: "nope" })).rejects.toBeInstanceOf(NotFoundError);
    await expect(rds.describeDbInstances()).resolves.toEqual([]);
  });

  it("maps a cluster to the domain shape", async () => {
    rdsMock.on(DescribeDBClustersCommand).resolves({ DBClusters: [sdkCluster] });
    const [c] = await makeAdapters().rds.describeDbClusters({ id: "orders-aurora" });
    expect(c).toEqual({
      id: "orders-aurora",
      arn: "arn:aws:rds:eu-west-1:123456789012:cluster:orders-aurora",
      resourceId: "cluster-XYZ",
      status: "available",
      engine: "aurora-postgresql",
      engineVersion: "16.4",
      endpoint: "orders-aurora.cluster-c9.rds.amazonaws.com",
      readerEndpoint: "orders-aurora.cluster-ro-c9.rds.amazonaws.com",
      port: 5432,
      members: [
        { instanceId: "orders-aurora-1", isWriter: true },
        { instanceId: "orders-aurora-2", isWriter: false },
      ],
      backupRetentionPeriod: 7,
      parameterGroup: "orders-cpg16",
      deletionProtection: false,
      managedMasterPassword: false,
      masterUsername: "app",
      databaseName: "orders",
    });
    expect(inputsOf(DescribeDBClustersCommand)).toEqual([{ DBClusterIdentifier: "orders-aurora", MaxRecords: 100 }]);
  });

  it("modifies an instance and a cluster, always with ApplyImmediately", async () => {
    rdsMock.on(ModifyDBInstanceCommand).resolves({ ...meta("req-mi"), DBInstance: sdkInstance });
    rdsMock.on(ModifyDBClusterCommand).resolves({ ...meta("req-mc"), DBCluster: sdkCluster });
    const { rds } = makeAdapters();
    const i = await rds.modifyDbInstance({
      id: "green-1",
      engineVersion: "17.2",
      parameterGroupName: "pg17",
      instanceClass: "db.r7g.large",
      allowMajorVersionUpgrade: true,
      deletionProtection: false,
      applyImmediately: true,
    });
    const c = await rds.modifyDbCluster({
      id: "green-c",
      engineVersion: "17.2",
      clusterParameterGroupName: "cpg17",
      instanceParameterGroupName: "pg17",
      allowMajorVersionUpgrade: true,
      applyImmediately: true,
    });
    expect(inputsOf(ModifyDBInstanceCommand)).toEqual([
      {
        DBInstanceIdentifier: "green-1",
        EngineVersion: "17.2",
        DBParameterGroupName: "pg17",
        DBInstanceClass: "db.r7g.large",
        AllowMajorVersionUpgrade: true,
        DeletionProtection: false,
        ApplyImmediately: true,
      },
    ]);
    expect(inputsOf(ModifyDBClusterCommand)).toEqual([
      {
        DBClusterIdentifier: "green-c",
        EngineVersion: "17.2",
        DBClusterParameterGroupName: "cpg17",
        DBInstanceParameterGroupName: "pg17",
        AllowMajorVersionUpgrade: true,
        ApplyImmediately: true,
      },
    ]);
    expect([i.id, i.requestId, c.id, c.requestId]).toEqual(["orders-prod", "req-mi", "orders-aurora", "req-mc"]);
  });

  it("deletes with SkipFinalSnapshot and keeps automated backups", async () => {
    rdsMock.on(DeleteDBInstanceCommand).resolves({ ...meta("req-di"), DBInstance: sdkInstance });
    rdsMock.on(DeleteDBClusterCommand).resolves({ ...meta("req-dc"), DBCluster: sdkCluster });
    const { rds } = makeAdapters();
    expect((await rds.deleteDbInstance("orders-prod-old1")).requestId).toBe("req-di");
    expect((await rds.deleteDbCluster("orders-aurora-old1")).requestId).toBe("req-dc");
    expect(inputsOf(DeleteDBInstanceCommand)).toEqual([
      { DBInstanceIdentifier: "orders-prod-old1", SkipFinalSnapshot: true, DeleteAutomatedBackups: false },
    ]);
    expect(inputsOf(DeleteDBClusterCommand)).toEqual([
      { DBClusterIdentifier: "orders-aurora-old1", SkipFinalSnapshot: true, DeleteAutomatedBackups: false },
    ]);
  });

  it("reports a mutating call that returned no object as an AWS failure with its request id", async () => {
    rdsMock.on(ModifyDBInstanceCommand).resolves({ ...meta("req-empty") });
    await expect(makeAdapters().rds.modifyDbInstance({ id: "x", applyImmediately: true })).rejects.toMatchObject({
      code: "AWS_ERROR",
      exitCode: 5,
      requestId: "req-empty",
    });
  });
});

describe("engine versions and parameters", () => {
  it("maps engine versions with upgrade targets across pages", async () => {
    rdsMock
      .on(DescribeDBEngineVersionsCommand)
      .resolvesOnce({
        DBEngineVersions: [
          {
            Engine: "postgres",
            EngineVersion: "16.3",
            DBParameterGroupFamily: "postgres16",
            ValidUpgradeTarget: [{ Engine: "postgres", EngineVersion: "17.2", IsMajorVersionUpgrade: true }],
          },
        ],
        Marker: "m",
      })
      .resolvesOnce({ DBEngineVersions: [{ Engine: "postgres", EngineVersion: "16.4" }] });
    const versions = await makeAdapters().rds.describeDbEngineVersions({ engine: "postgres", engineVersion: "16.3" });
    expect(versions).toEqual([
      {
        engine: "postgres",
        engineVersion: "16.3",
        parameterGroupFamily: "postgres16",
        validUpgradeTargets: [{ engine: "postgres", engineVersion: "17.2", isMajorVersionUpgrade: true }],
      },
      { engine: "postgres", engineVersion: "16.4", validUpgradeTargets: [] },
    ]);
    expect(inputsOf(DescribeDBEngineVersionsCommand)).toEqual([
      { Engine: "postgres", EngineVersion: "16.3", MaxRecords: 100 },
      { Engine: "postgres", EngineVersion: "16.3", MaxRecords: 100, Marker: "m" },
    ]);
  });

  it("pages through instance and cluster parameters", async () => {
    const param = (n: string) => ({ ParameterName: n, ParameterValue: "1", ApplyType: "static", Source: "user" });
    rdsMock
      .on(DescribeDBParametersCommand)
      .resolvesOnce({ Parameters: [param("a")], Marker: "m" })
      .resolvesOnce({ Parameters: [param("b"), { ParameterName: "c" }] });
    rdsMock.on(DescribeDBClusterParametersCommand).resolves({ Parameters: [param("rds.logical_replication")] });
    const { rds } = makeAdapters();
    expect(await rds.describeDbParameters("pg17")).toEqual([
      { name: "a", value: "1", applyType: "static", source: "user" },
      { name: "b", value: "1", applyType: "static", source: "user" },
      { name: "c" },
    ]);
    expect((await rds.describeDbClusterParameters("cpg17")).map((p) => p.name)).toEqual(["rds.logical_replication"]);
    expect(inputsOf(DescribeDBParametersCommand)).toEqual([
      { DBParameterGroupName: "pg17", MaxRecords: 100 },
      { DBParameterGroupName: "pg17", MaxRecords: 100, Marker: "m" },
    ]);
    expect(inputsOf(DescribeDBClusterParametersCommand)).toEqual([
      { DBClusterParameterGroupName: "cpg17", MaxRecords: 100 },
    ]);
  });
});

describe("parameter groups", () => {
  it("reads one group's family, instance and cluster groups alike", async () => {
    rdsMock.on(DescribeDBParameterGroupsCommand).resolves({
      DBParameterGroups: [{ DBParameterGroupName: "orders-pg17", DBParameterGroupFamily: "postgres17" }],
    });
    rdsMock.on(DescribeDBClusterParameterGroupsCommand).resolves({
      DBClusterParameterGroups: [{ DBClusterParameterGroupName: "c17", DBParameterGroupFamily: "aurora-postgresql17" }],
    });
    const { rds } = makeAdapters();
    expect(await rds.describeDbParameterGroup("Orders-PG17")).toEqual({ name: "orders-pg17", family: "postgres17" });
    expect(await rds.describeDbClusterParameterGroup("c17")).toEqual({ name: "c17", family: "aurora-postgresql17" });
    expect(inputsOf(DescribeDBParameterGroupsCommand)).toEqual([{ DBParameterGroupName: "Orders-PG17" }]);
  });

  it("answers undefined for a group that does not exist", async () => {
    rdsMock
      .on(DescribeDBParameterGroupsCommand)
      .rejects(new DBParameterGroupNotFoundFault({ message: "DBParameterGroup not found: nope", $metadata: {} }));
    expect(await makeAdapters().rds.describeDbParameterGroup("nope")).toBeUndefined();
  });
});

describe("snapshots", () => {
  const snapTime = new Date("2026-11-26T13:00:00Z");

  it("creates instance and cluster snapshots with tags and request ids", async () => {
    rdsMock.on(CreateDBSnapshotCommand).resolves({
      ...meta("req-s"),
      DBSnapshot: {
        DBSnapshotIdentifier: "s1",
        DBSnapshotArn: "arn:s1",
        Status: "creating",
        DBInstanceIdentifier: "db1",
      },
    });
    rdsMock.on(CreateDBClusterSnapshotCommand).resolves({
      ...meta("req-cs"),
      DBClusterSnapshot: { DBClusterSnapshotIdentifier: "cs1", Status: "creating", DBClusterIdentifier: "c1" },
    });
    const { rds } = makeAdapters();
    expect(await rds.createDbSnapshot("s1", "db1", { "bgdb:deployment": "d" })).toEqual({
      id: "s1",
      arn: "arn:s1",
      status: "creating",
      sourceId: "db1",
      requestId: "req-s",
    });
    expect(await rds.createDbClusterSnapshot("cs1", "c1")).toEqual({
      id: "cs1",
      status: "creating",
      sourceId: "c1",
      requestId: "req-cs",
    });
    expect(inputsOf(CreateDBSnapshotCommand)).toEqual([
      { DBSnapshotIdentifier: "s1", DBInstanceIdentifier: "db1", Tags: [{ Key: "bgdb:deployment", Value: "d" }] },
    ]);
    expect(inputsOf(CreateDBClusterSnapshotCommand)).toEqual([
      { DBClusterSnapshotIdentifier: "cs1", DBClusterIdentifier: "c1" },
    ]);
  });

  it("describes snapshots by id and answers [] for an unknown one", async () => {
    rdsMock
      .on(DescribeDBSnapshotsCommand)
      .resolvesOnce({
        DBSnapshots: [
          {
            DBSnapshotIdentifier: "s1",
            Status: "available",
            DBInstanceIdentifier: "db1",
            SnapshotCreateTime: snapTime,
          },
        ],
      })
      .rejectsOnce(new DBSnapshotNotFoundFault({ message: "not found", $metadata: { httpStatusCode: 404 } }));
    rdsMock.on(DescribeDBClusterSnapshotsCommand).resolves({
      DBClusterSnapshots: [{ DBClusterSnapshotIdentifier: "cs1", Status: "available", DBClusterIdentifier: "c1" }],
    });
    const { rds } = makeAdapters();
    expect(await rds.describeDbSnapshots("s1")).toEqual([
      { id: "s1", status: "available", sourceId: "db1", createTime: snapTime },
    ]);
    expect(await rds.describeDbSnapshots("missing")).toEqual([]);
    expect(await rds.describeDbClusterSnapshots("cs1")).toEqual([{ id: "cs1", status: "available", sourceId: "c1" }]);
    expect(inputsOf(DescribeDBSnapshotsCommand)).toEqual([
      { DBSnapshotIdentifier: "s1", MaxRecords: 100 },
      { DBSnapshotIdentifier: "missing", MaxRecords: 100 },
    ]);
    expect(inputsOf(DescribeDBClusterSnapshotsCommand)).toEqual([
      { DBClusterSnapshotIdentifier: "cs1", MaxRecords: 100 },
    ]);
  });
});

describe("events", () => {
  it("sends the source and start time, pages, and maps events", async () => {
    const at = new Date("2026-11-26T12:04:11Z");
    const start = new Date("2026-11-26T12:00:00Z");
    rdsMock
      .on(DescribeEventsCommand)
      .resolvesOnce({
        Events: [
          {
            Date: at,
            Message: "Switchover canceled",
            SourceIdentifier: "bgd-1",
            SourceType: "blue-green-deployment",
            EventCategories: ["notification"],
          },
        ],
        Marker: "m",
      })
      .resolvesOnce({ Events: [{ Date: at, Message: "second", SourceIdentifier: "bgd-1" }] });
    const events = await makeAdapters().rds.describeEvents({
      sourceType: "blue-green-deployment",
      sourceId: "bgd-1",
      startTime: start,
    });
    expect(events).toEqual([
      {
        date: at,
        message: "Switchover canceled",
        sourceId: "bgd-1",
        sourceType: "blue-green-deployment",
        eventCategories: ["notification"],
      },
      { date: at, message: "second", sourceId: "bgd-1", sourceType: "", eventCategories: [] },
    ]);
    expect(inputsOf(DescribeEventsCommand)).toEqual([
      { SourceType: "blue-green-deployment", SourceIdentifier: "bgd-1", StartTime: start, MaxRecords: 100 },
      {
        SourceType: "blue-green-deployment",
        SourceIdentifier: "bgd-1",
        StartTime: start,
        MaxRecords: 100,
        Marker: "m",
      },
    ]);
  });

  it("asks for the whole 14-day retention when no start time is given", async () => {
    rdsMock.on(DescribeEventsCommand).resolves({ Events: [] });
    await makeAdapters().rds.describeEvents({ sourceType: "db-instance", sourceId: "orders-prod" });
    expect(inputsOf(DescribeEventsCommand)).toEqual([
      { SourceType: "db-instance", SourceIdentifier: "orders-prod", Duration: 20160, MaxRecords: 100 },
    ]);
  });
});
