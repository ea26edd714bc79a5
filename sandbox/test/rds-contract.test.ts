import {
  BlueGreenDeploymentAlreadyExistsFault,
  BlueGreenDeploymentNotFoundFault,
  CreateBlueGreenDeploymentCommand,
  CreateDBSnapshotCommand,
  DBClusterParameterGroupNotFoundFault,
  DBInstanceNotFoundFault,
  DBParameterGroupNotFoundFault,
  DeleteBlueGreenDeploymentCommand,
  DeleteDBInstanceCommand,
  DescribeBlueGreenDeploymentsCommand,
  DescribeDBClusterParameterGroupsCommand,
  DescribeDBClustersCommand,
  DescribeDBEngineVersionsCommand,
  DescribeDBInstancesCommand,
  DescribeDBParameterGroupsCommand,
  DescribeDBParametersCommand,
  DescribeDBSnapshotsCommand,
  DescribeEventsCommand,
  InvalidBlueGreenDeploymentStateFault,
  ModifyDBInstanceCommand,
  paginateDescribeBlueGreenDeployments,
  RDSServiceException,
  SourceDatabaseNotSupportedFault,
  SwitchoverBlueGreenDeploymentCommand,
} from "@aws-sdk/client-rds";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { seed } from "../src/seed.js";
import { type Harness, PG16, PG17, startHarness } from "./helpers.js";

const PG_ARN = "arn:aws:rds:us-east-1:000000000000:db:pg16-source";
let h: Harness;

beforeEach(async () => {
  h = await startHarness();
  seed(h.server.account);
});
afterEach(() => h.close());

async function createPg17(name = "pg16-to-17") {
  return h.rds.send(
    new CreateBlueGreenDeploymentCommand({
      BlueGreenDeploymentName: name,
      Source: PG_ARN,
      TargetEngineVersion: PG17,
      TargetDBParameterGroupName: "pg17-logical",
    }),
  );
}

async function describe1(id: string) {
  const r = await h.rds.send(new DescribeBlueGreenDeploymentsCommand({ BlueGreenDeploymentIdentifier: id }));
  return r.BlueGreenDeployments![0]!;
}

describe("RDS awsQuery responses parse in the real SDK", () => {
  it("describes instances and clusters with every list populated and dates as Date", async () => {
    const r = await h.rds.send(new DescribeDBInstancesCommand({}));
    expect(r.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
    const pg = r.DBInstances!.find((i) => i.DBInstanceIdentifier === "pg16-source")!;
    expect(pg.DBInstanceStatus).toBe("available");
    expect(pg.Endpoint).toEqual({
      Address: expect.stringMatching(/^127\.0\.\d+\.\d+$/),
      Port: expect.any(Number),
      HostedZoneId: expect.any(String),
    });
    expect(pg.DBParameterGroups).toEqual([{ DBParameterGroupName: "pg16-logical", ParameterApplyStatus: "in-sync" }]);
    expect(pg.InstanceCreateTime).toBeInstanceOf(Date);
    expect(pg.DbiResourceId).toMatch(/^db-/);
    expect(pg.BackupRetentionPeriod).toBe(7);
    expect(pg.DeletionProtection).toBe(false);
    const withReplica = (await h.rds.send(new DescribeDBInstancesCommand({}))).DBInstances!;
    expect(withReplica.length).toBeGreaterThan(0);
    const c = await h.rds.send(new DescribeDBClustersCommand({ DBClusterIdentifier: "aurora-pg-source" }));
    expect(c.DBClusters![0]!.DBClusterMembers).toEqual([
      expect.objectContaining({ DBInstanceIdentifier: "aurora-pg-source-instance-1", IsClusterWriter: true }),
    ]);
    expect(c.DBClusters![0]!.AvailabilityZones!.length).toBe(3);
    expect(c.DBClusters![0]!.ClusterCreateTime).toBeInstanceOf(Date);
  });

  it("maps wire error codes to the SDK's modelled exceptions", async () => {
    const e1 = await h.rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: "nope" })).catch((e) => e);
    expect(e1).toBeInstanceOf(DBInstanceNotFoundFault);
    expect(e1.$metadata.httpStatusCode).toBe(404);
    expect(e1.$metadata.requestId).toBeTruthy();
    const e2 = await h.rds
      .send(new DescribeBlueGreenDeploymentsCommand({ BlueGreenDeploymentIdentifier: "bgd-nope" }))
      .catch((e) => e);
    expect(e2).toBeInstanceOf(BlueGreenDeploymentNotFoundFault);
    const e3 = await h.rds.send(new DescribeDBParametersCommand({ DBParameterGroupName: "nope" })).catch((e) => e);
    expect(e3).toBeInstanceOf(DBParameterGroupNotFoundFault);
  });

  it("answers an unknown action with InvalidAction in the XML error shape", async () => {
    const res = await fetch(h.server.url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "Action=RebootDBShard&Version=2014-10-31",
    });
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(text).toContain("<Code>InvalidAction</Code>");
    expect(text).toContain("<RequestId>");
  });

  it("lists engine versions with upgrade targets and parameters", async () => {
    // PostgreSQL: exactly what the installed servers run, and the one upgrade that really happens (16 → 17).
    const all = await h.rds.send(new DescribeDBEngineVersionsCommand({ Engine: "postgres" }));
    expect(all.DBEngineVersions!.map((x) => x.EngineVersion)).toEqual([PG16, PG17]);
    const v = await h.rds.send(new DescribeDBEngineVersionsCommand({ Engine: "postgres", EngineVersion: PG16 }));
    expect(v.DBEngineVersions![0]!.ValidUpgradeTarget).toEqual([
      expect.objectContaining({ Engine: "postgres", EngineVersion: PG17, IsMajorVersionUpgrade: true }),
    ]);
    const top = await h.rds.send(new DescribeDBEngineVersionsCommand({ Engine: "postgres", EngineVersion: PG17 }));
    expect(top.DBEngineVersions![0]!.ValidUpgradeTarget).toEqual([]);
    expect(v.DBEngineVersions![0]!.DBParameterGroupFamily).toBe("postgres16");
    expect(
      (await h.rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: "pg16-source" }))).DBInstances![0]!
        .EngineVersion,
    ).toBe(PG16);
    // Model-only MySQL keeps minor steps within a major.
    const my = await h.rds.send(new DescribeDBEngineVersionsCommand({ Engine: "mysql", EngineVersion: "8.0.36" }));
    expect(my.DBEngineVersions![0]!.ValidUpgradeTarget).toContainEqual(
      expect.objectContaining({ EngineVersion: "8.0.40", IsMajorVersionUpgrade: false }),
    );
    const p = await h.rds.send(new DescribeDBParametersCommand({ DBParameterGroupName: "pg16-logical" }));
    expect(p.Parameters).toContainEqual(
      expect.objectContaining({ ParameterName: "rds.logical_replication", ParameterValue: "1", Source: "user" }),
    );
  });

  it("describes parameter groups with their family, by name or all, instance and cluster groups apart", async () => {
    const one = await h.rds.send(new DescribeDBParameterGroupsCommand({ DBParameterGroupName: "PG17-Logical" }));
    expect(one.DBParameterGroups).toEqual([
      expect.objectContaining({ DBParameterGroupName: "pg17-logical", DBParameterGroupFamily: "postgres17" }),
    ]);
    const all = await h.rds.send(new DescribeDBParameterGroupsCommand({}));
    expect(all.DBParameterGroups!.map((g) => g.DBParameterGroupName)).toEqual(
      expect.arrayContaining(["pg16-logical", "default.postgres17"]),
    );
    expect(all.DBParameterGroups!.map((g) => g.DBParameterGroupName)).not.toContain("aurora-pg17-logical");
    const cluster = await h.rds.send(
      new DescribeDBClusterParameterGroupsCommand({ DBClusterParameterGroupName: "aurora-pg17-logical" }),
    );
    expect(cluster.DBClusterParameterGroups).toEqual([
      expect.objectContaining({
        DBClusterParameterGroupName: "aurora-pg17-logical",
        DBParameterGroupFamily: "aurora-postgresql17",
      }),
    ]);
    const missing = await h.rds
      .send(new DescribeDBClusterParameterGroupsCommand({ DBClusterParameterGroupName: "pg17-logical" }))
      .catch((e) => e);
    expect(missing).toBeInstanceOf(DBClusterParameterGroupNotFoundFault);
  });

  it("paginates deployments with Marker/MaxRecords", async () => {
    for (let i = 0; i < 25; i++) {
      const id = `src-${i}`;
      h.server.account.state.instances.push({
        ...h.server.account.instance("pg16-source"),
        id,
        resourceId: `db-X${i}`,
      });
      await h.rds.send(
        new CreateBlueGreenDeploymentCommand({
          BlueGreenDeploymentName: `bgd-${i}`,
          Source: `arn:aws:rds:us-east-1:000000000000:db:${id}`,
        }),
      );
    }
    const first = await h.rds.send(new DescribeBlueGreenDeploymentsCommand({ MaxRecords: 20 }));
    expect(first.BlueGreenDeployments).toHaveLength(20);
    expect(first.Marker).toBeTruthy();
    const names: string[] = [];
    for await (const page of paginateDescribeBlueGreenDeployments({ client: h.rds, pageSize: 20 }, {})) {
      names.push(...page.BlueGreenDeployments!.map((d) => d.BlueGreenDeploymentName!));
    }
    expect(new Set(names).size).toBe(25);
    const bad = await h.rds.send(new DescribeBlueGreenDeploymentsCommand({ MaxRecords: 5 })).catch((e) => e);
    expect(bad.name).toBe("InvalidParameterValue");
  });
});

describe("blue/green lifecycle", () => {
  it("provisions, switches over with renames, and keeps resource ids", async () => {
    const created = await createPg17();
    const d0 = created.BlueGreenDeployment!;
    expect(d0.BlueGreenDeploymentIdentifier).toMatch(/^bgd-[a-z0-9]{16}$/);
    expect(d0.Status).toBe("PROVISIONING");
    expect(d0.CreateTime).toBeInstanceOf(Date);
    expect(d0.Tasks!.map((t) => t.Name)).toEqual([
      "CREATING_READ_REPLICA_OF_SOURCE",
      "DB_ENGINE_VERSION_UPGRADE",
      "CONFIGURE_BACKUPS",
    ]);
    expect(d0.Tasks![0]!.Status).toBe("IN_PROGRESS");
    expect(d0.Target).toBeUndefined();
    expect(d0.SwitchoverDetails).toEqual([{ SourceMember: PG_ARN, Status: "PROVISIONING" }]);
    const id = d0.BlueGreenDeploymentIdentifier!;
    const blueRid = (await h.rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: "pg16-source" })))
      .DBInstances![0]!.DbiResourceId;

    h.clock.advance(1000);
    const d1 = await describe1(id);
    expect(d1.Target).toMatch(/:db:pg16-source-green-[a-z]{6}$/);
    expect(d1.SwitchoverDetails![0]!.TargetMember).toBe(d1.Target);
    const greenName = d1.Target!.split(":").pop()!;
    const blue = (await h.rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: "pg16-source" })))
      .DBInstances![0]!;
    expect(blue.ReadReplicaDBInstanceIdentifiers).toEqual([greenName]);

    const early = await h.rds
      .send(new SwitchoverBlueGreenDeploymentCommand({ BlueGreenDeploymentIdentifier: id }))
      .catch((e) => e);
    expect(early).toBeInstanceOf(InvalidBlueGreenDeploymentStateFault);

    h.clock.advance(6000);
    const d2 = await describe1(id);
    expect(d2.Status).toBe("AVAILABLE");
    expect(d2.Tasks!.every((t) => t.Status === "COMPLETED")).toBe(true);
    const green = (await h.rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: greenName })))
      .DBInstances![0]!;
    expect(green.EngineVersion).toBe(PG17);
    expect(green.DBParameterGroups![0]!.DBParameterGroupName).toBe("pg17-logical");
    const greenRid = green.DbiResourceId;

    const badTimeout = await h.rds
      .send(new SwitchoverBlueGreenDeploymentCommand({ BlueGreenDeploymentIdentifier: id, SwitchoverTimeout: 10 }))
      .catch((e) => e);
    expect(badTimeout.name).toBe("InvalidParameterValue");
    const sw = await h.rds.send(
      new SwitchoverBlueGreenDeploymentCommand({ BlueGreenDeploymentIdentifier: id, SwitchoverTimeout: 300 }),
    );
    expect(sw.BlueGreenDeployment!.Status).toBe("SWITCHOVER_IN_PROGRESS");
    h.clock.advance(3000);
    const d3 = await describe1(id);
    expect(d3.Status).toBe("SWITCHOVER_COMPLETED");
    expect(d3.Source).toBe(`${PG_ARN}-old1`);
    expect(d3.Target).toBe(PG_ARN);
    const prod = (await h.rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: "pg16-source" })))
      .DBInstances![0]!;
    const old = (await h.rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: "pg16-source-old1" })))
      .DBInstances![0]!;
    expect(prod.DbiResourceId).toBe(greenRid);
    expect(prod.EngineVersion).toBe(PG17);
    expect(old.DbiResourceId).toBe(blueRid);
    expect(old.Endpoint!.Port).not.toBe(prod.Endpoint!.Port);

    const afterDelete = await h.rds
      .send(new DeleteBlueGreenDeploymentCommand({ BlueGreenDeploymentIdentifier: id, DeleteTarget: true }))
      .catch((e) => e);
    expect(afterDelete.name).toBe("InvalidParameterCombination");
    await h.rds.send(new DeleteBlueGreenDeploymentCommand({ BlueGreenDeploymentIdentifier: id }));
    h.clock.advance(1000);
    expect(await describe1(id).catch((e) => e)).toBeInstanceOf(BlueGreenDeploymentNotFoundFault);
    expect(
      (await h.rds.send(new DescribeDBInstancesCommand({}))).DBInstances!.map((i) => i.DBInstanceIdentifier),
    ).toContain("pg16-source-old1");

    const ev = await h.rds.send(
      new DescribeEventsCommand({ SourceType: "blue-green-deployment", SourceIdentifier: id, Duration: 60 }),
    );
    const messages = ev.Events!.map((e) => e.Message);
    expect(messages.some((m) => m!.startsWith("Blue/green deployment tasks completed"))).toBe(true);
    expect(messages).toContain("Switchover completed on blue/green deployment.");
    expect(ev.Events![0]!.Date).toBeInstanceOf(Date);
    expect(ev.Events![0]!.EventCategories!.length).toBeGreaterThan(0);
  });

  it("DeleteTarget before switchover deletes green; blue stays", async () => {
    const id = (await createPg17()).BlueGreenDeployment!.BlueGreenDeploymentIdentifier!;
    h.clock.advance(7000);
    const greenName = (await describe1(id)).Target!.split(":").pop()!;
    const del = await h.rds.send(
      new DeleteBlueGreenDeploymentCommand({ BlueGreenDeploymentIdentifier: id, DeleteTarget: true }),
    );
    expect(del.BlueGreenDeployment!.Status).toBe("DELETING");
    h.clock.advance(2000);
    const names = (await h.rds.send(new DescribeDBInstancesCommand({}))).DBInstances!.map(
      (i) => i.DBInstanceIdentifier,
    );
    expect(names).toContain("pg16-source");
    expect(names).not.toContain(greenName);
  });

  it("enforces create prerequisites", async () => {
    await createPg17();
    expect(await createPg17().catch((e) => e)).toBeInstanceOf(BlueGreenDeploymentAlreadyExistsFault);
    const badName = await h.rds
      .send(new CreateBlueGreenDeploymentCommand({ BlueGreenDeploymentName: "9bad--name", Source: PG_ARN }))
      .catch((e) => e);
    expect(badName.name).toBe("InvalidParameterValue");
    const missing = await h.rds
      .send(
        new CreateBlueGreenDeploymentCommand({
          BlueGreenDeploymentName: "x",
          Source: "arn:aws:rds:us-east-1:000000000000:db:ghost",
        }),
      )
      .catch((e) => e);
    expect(missing).toBeInstanceOf(DBInstanceNotFoundFault);
    await h.rds.send(
      new ModifyDBInstanceCommand({
        DBInstanceIdentifier: "mysql80-source",
        BackupRetentionPeriod: 0,
        ApplyImmediately: true,
      }),
    );
    const noBackups = await h.rds
      .send(
        new CreateBlueGreenDeploymentCommand({
          BlueGreenDeploymentName: "m",
          Source: "arn:aws:rds:us-east-1:000000000000:db:mysql80-source",
        }),
      )
      .catch((e) => e);
    expect(noBackups).toBeInstanceOf(SourceDatabaseNotSupportedFault);
    const badGroup = await h.rds
      .send(
        new CreateBlueGreenDeploymentCommand({
          BlueGreenDeploymentName: "g",
          Source: "arn:aws:rds:us-east-1:000000000000:db:mysql80-source",
          TargetDBParameterGroupName: "ghost",
        }),
      )
      .catch((e) => e);
    expect(badGroup).toBeInstanceOf(RDSServiceException);
  });

  it("modifies, snapshots and deletes instances with RDS's rules", async () => {
    // Only the installed PostgreSQL 16 minor exists: another one (say the next) is not offered.
    const nextMinor = `16.${Number(PG16.split(".")[1]) + 1}`;
    const otherMinor = await h.rds
      .send(new ModifyDBInstanceCommand({ DBInstanceIdentifier: "pg16-source", EngineVersion: nextMinor }))
      .catch((e) => e);
    expect(otherMinor.name).toBe("InvalidParameterCombination");
    const major = await h.rds
      .send(
        new ModifyDBInstanceCommand({
          DBInstanceIdentifier: "mysql80-source",
          EngineVersion: "8.4.3",
          ApplyImmediately: true,
        }),
      )
      .catch((e) => e);
    expect(major.name).toBe("InvalidParameterCombination");
    const m = await h.rds.send(
      new ModifyDBInstanceCommand({
        DBInstanceIdentifier: "mysql80-source",
        EngineVersion: "8.0.40",
        ApplyImmediately: true,
      }),
    );
    expect(m.DBInstance!.DBInstanceStatus).toBe("upgrading");
    h.clock.advance(3000);
    const my = (await h.rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: "mysql80-source" })))
      .DBInstances![0]!;
    expect([my.DBInstanceStatus, my.EngineVersion]).toEqual(["available", "8.0.40"]);

    await h.rds.send(
      new CreateDBSnapshotCommand({ DBSnapshotIdentifier: "snap-1", DBInstanceIdentifier: "pg16-source" }),
    );
    h.clock.advance(2000);
    const s = await h.rds.send(new DescribeDBSnapshotsCommand({ DBSnapshotIdentifier: "snap-1" }));
    expect(s.DBSnapshots![0]).toEqual(
      expect.objectContaining({ Status: "available", DBInstanceIdentifier: "pg16-source" }),
    );
    expect(s.DBSnapshots![0]!.SnapshotCreateTime).toBeInstanceOf(Date);

    await h.rds.send(
      new ModifyDBInstanceCommand({
        DBInstanceIdentifier: "mysql80-source",
        DeletionProtection: true,
        ApplyImmediately: true,
      }),
    );
    const protectedErr = await h.rds
      .send(new DeleteDBInstanceCommand({ DBInstanceIdentifier: "mysql80-source", SkipFinalSnapshot: true }))
      .catch((e) => e);
    expect(protectedErr.name).toBe("InvalidParameterCombination");
    await h.rds.send(
      new DeleteDBInstanceCommand({ DBInstanceIdentifier: "pg16-source", FinalDBSnapshotIdentifier: "final-1" }),
    );
    h.clock.advance(2000);
    expect(
      await h.rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: "pg16-source" })).catch((e) => e),
    ).toBeInstanceOf(DBInstanceNotFoundFault);
    expect(
      (await h.rds.send(new DescribeDBSnapshotsCommand({ DBSnapshotIdentifier: "final-1" }))).DBSnapshots,
    ).toHaveLength(1);
  });
});
