import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CloudWatchClient, GetMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import {
  type BlueGreenDeployment,
  CreateBlueGreenDeploymentCommand,
  CreateDBParameterGroupCommand,
  DescribeBlueGreenDeploymentsCommand,
  DescribeDBEngineVersionsCommand,
  DescribeDBInstancesCommand,
  DescribeDBParametersCommand,
  ModifyDBInstanceCommand,
  ModifyDBParameterGroupCommand,
  RDSClient,
  SwitchoverBlueGreenDeploymentCommand,
} from "@aws-sdk/client-rds";
import { Route53Client } from "@aws-sdk/client-route-53";
import type mysql from "mysql2/promise";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MariaDbBacking } from "../src/backing/mariadb-backing.js";
import { distinctLoopbackAddresses } from "../src/dataplane/loopback.js";
import { type SandboxServer, sandboxStatus } from "../src/server.js";
import { type MariaDbAt, mariaDbClient } from "./dataplane/mariadb-harness.js";
import { checkAcked, startMariaDbWriteLoop, WRITES_TABLE } from "./dataplane/mariadb-write-loop.js";
import { sdkConfig, seedThroughAdminApi, startRealSandbox, zoneCnameTarget } from "./helpers.js";

/**
 * The sandbox with real MariaDB behind its mariadb instances, driven through the SDK on the real clock (timings sped
 * up tenfold, so what remains is the servers' own work). The scenarios share one deployment, in order.
 */
const MASTER = { user: "bgdb", password: "bgdb-sandbox", dbName: "app" };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("sandbox on real MariaDB", () => {
  const dir = mkdtempSync(join(tmpdir(), "bgdb-sandbox-mdb-"));
  let server: SandboxServer;
  let rds: RDSClient;
  let cloudwatch: CloudWatchClient;
  let route53: Route53Client;
  let distinct: boolean;
  let deploymentId: string;
  let greenName: string;
  const leftovers = () =>
    execFileSync("ps", ["-eo", "args"], { encoding: "utf8" })
      .split("\n")
      .filter((l) => l.includes(dir));

  const start = async () => {
    server = await startRealSandbox(dir);
    const config = sdkConfig(server.url);
    rds = new RDSClient(config);
    cloudwatch = new CloudWatchClient(config);
    route53 = new Route53Client(config);
  };
  const stop = async () => {
    rds.destroy();
    cloudwatch.destroy();
    route53.destroy();
    await server.close();
  };
  /** Root on a server's socket, for what only an operator of the machine could do (stall green's apply). */
  const asRoot = (id: string, statements: string[]) =>
    (server.backing!.engines.mariadb as MariaDbBacking).plane.sql(id, statements);

  beforeAll(async () => {
    await start();
    distinct = await distinctLoopbackAddresses();
    const seeded = await seedThroughAdminApi(server);
    expect(seeded.ok, await seeded.clone().text()).toBe(true);
  }, 60_000);

  afterAll(async () => {
    await stop().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  const instance = async (id: string) =>
    (await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: id }))).DBInstances![0]!;
  /** Where a client connects: the instance's Endpoint (Address and Port), exactly as RDS reports it. */
  const endpointOf = async (id: string) => (await instance(id)).Endpoint!;

  async function sql(at: MariaDbAt, text: string, values: unknown[] = []): Promise<mysql.RowDataPacket[]> {
    const c = await mariaDbClient(at, MASTER);
    try {
      return (await c.query<mysql.RowDataPacket[]>(text, values))[0];
    } finally {
      await c.end().catch(() => c.destroy());
    }
  }
  const variable = async (at: MariaDbAt, name: string) =>
    String((await sql(at, "SHOW GLOBAL VARIABLES LIKE ?", [name]))[0]?.Value);

  const cnameTarget = (name: string) => zoneCnameTarget(route53, name);

  /** Old blue's lasting role: the master user can neither write nor lift read_only (no READ ONLY ADMIN, no SUPER). */
  async function expectReadOnlyForMaster(at: MariaDbAt): Promise<void> {
    expect(await variable(at, "read_only")).toBe("ON");
    await expect(sql(at, "INSERT INTO items (name, qty) VALUES ('no', 1)")).rejects.toMatchObject({ errno: 1290 });
    await expect(sql(at, "CREATE TABLE elsewhere (id INT)")).rejects.toMatchObject({ errno: 1290 });
    await expect(sql(at, "SET GLOBAL read_only = OFF")).rejects.toMatchObject({ errno: 1227 });
    expect(await variable(at, "read_only")).toBe("ON");
  }

  async function until<T>(what: string, get: () => Promise<T>, ok: (v: T) => boolean, ms = 60_000): Promise<T> {
    const deadline = Date.now() + ms;
    for (;;) {
      const v = await get();
      if (ok(v)) return v;
      if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(v)}`);
      await sleep(200);
    }
  }

  const deployment = async (): Promise<BlueGreenDeployment> =>
    (await rds.send(new DescribeBlueGreenDeploymentsCommand({ BlueGreenDeploymentIdentifier: deploymentId })))
      .BlueGreenDeployments![0]!;
  const waitStatus = (statuses: string[]) =>
    until(
      `deployment ${deploymentId}`,
      () => deployment(),
      (d) => statuses.includes(d.Status ?? ""),
    );
  const waitAvailable = (id: string) =>
    until(
      `${id} available`,
      () => instance(id),
      (i) => i.DBInstanceStatus === "available",
    );

  /** ReplicaLag of green, one-second periods over the last minute, oldest first. */
  async function replicaLag(): Promise<number[]> {
    const out = await cloudwatch.send(
      new GetMetricDataCommand({
        StartTime: new Date(Date.now() - 60_000),
        EndTime: new Date(Date.now() + 1000),
        ScanBy: "TimestampAscending",
        MetricDataQueries: [
          {
            Id: "m",
            MetricStat: {
              Metric: {
                Namespace: "AWS/RDS",
                MetricName: "ReplicaLag",
                Dimensions: [{ Name: "DBInstanceIdentifier", Value: greenName }],
              },
              Period: 1,
              Stat: "Maximum",
            },
          },
        ],
      }),
    );
    return out.MetricDataResults?.[0]?.Values ?? [];
  }

  it("seeds a real mariadb-source: the installed build, 1000 rows, ROW binlog kept a week, the sandbox password", async () => {
    const versions = await rds.send(new DescribeDBEngineVersionsCommand({ Engine: "mariadb" }));
    expect(versions.DBEngineVersions).toHaveLength(1);
    const installed = versions.DBEngineVersions![0]!.EngineVersion!;
    const source = await instance("mariadb-source");
    expect(source).toMatchObject({ Engine: "mariadb", EngineVersion: installed, DBInstanceStatus: "available" });
    expect(source.BackupRetentionPeriod).toBeGreaterThan(0);
    const prod = source.Endpoint!;
    // Its own endpoint address where the platform allows it (the proxy listens there, or nothing below connects), and
    // the seeded CNAME names it.
    expect(prod.Address === "127.0.0.1").toBe(!distinct);
    expect(await cnameTarget("mariadb-source.db.example.internal")).toBe(prod.Address);
    expect(String((await sql(prod, "SELECT VERSION() AS v"))[0]?.v)).toMatch(new RegExp(`^${installed}-MariaDB`));
    expect((await sql(prod, "SELECT COUNT(*) AS n FROM items"))[0]?.n).toBe(1000);
    expect(await variable(prod, "binlog_format")).toBe("ROW");
    expect(await variable(prod, "binlog_expire_logs_seconds")).toBe(String(7 * 24 * 3600));
    // Every other parameter of the group is what the server really runs, and static means static to it too.
    const params = await rds.send(new DescribeDBParametersCommand({ DBParameterGroupName: "mariadb-binlog" }));
    const meta = new Map(
      (
        await sql(
          prod,
          "SELECT LOWER(VARIABLE_NAME) AS n, READ_ONLY AS ro, GLOBAL_VALUE AS v FROM information_schema.SYSTEM_VARIABLES",
        )
      ).map((r) => [String(r.n), r]),
    );
    const norm = (v: string) => ({ "0": "OFF", "1": "ON" })[v] ?? v.replace(/\.0+$/, "");
    for (const p of params.Parameters!) {
      const real = meta.get(p.ParameterName!);
      expect(real, p.ParameterName).toBeDefined();
      expect(real?.ro === "YES" ? "static" : "dynamic", p.ParameterName).toBe(p.ApplyType);
      if (!p.ParameterValue!.startsWith("{"))
        expect(norm(String(real?.v)), p.ParameterName).toBe(norm(p.ParameterValue!));
    }
    // db.t4g.medium (4 GiB) under RDS's {DBInstanceClassMemory/12582880}
    expect(await variable(prod, "max_connections")).toBe("341");
    await sql(prod, WRITES_TABLE);
    await sql(prod, "CREATE TABLE burst (id INT AUTO_INCREMENT PRIMARY KEY, note VARCHAR(40)) ENGINE=InnoDB");
  });

  it("builds green as a read-only copy at a GTID that follows blue, with ReplicaLag from the replica", async () => {
    const created = await rds.send(
      new CreateBlueGreenDeploymentCommand({
        BlueGreenDeploymentName: "mariadb-bg",
        Source: (await instance("mariadb-source")).DBInstanceArn!,
      }),
    );
    deploymentId = created.BlueGreenDeployment!.BlueGreenDeploymentIdentifier!;
    const ready = await waitStatus(["AVAILABLE", "INVALID_CONFIGURATION"]);
    expect(ready.Status, ready.StatusDetails).toBe("AVAILABLE");
    greenName = ready.Target!.split(":").pop()!;
    const greenAt = await endpointOf(greenName);
    // Green's endpoint has an address of its own too (where the platform allows it): a DNS name can tell them apart.
    expect(greenAt.Address === (await endpointOf("mariadb-source")).Address).toBe(!distinct);
    expect((await sql(greenAt, "SELECT COUNT(*) AS n FROM items"))[0]?.n).toBe(1000);
    await expect(sql(greenAt, "INSERT INTO items (name, qty) VALUES ('no', 1)")).rejects.toMatchObject({
      errno: 1290,
    });
    await sql(await endpointOf("mariadb-source"), "INSERT INTO items (name, qty) VALUES ('after green', 1)");
    await until(
      "row on green",
      () => sql(greenAt, "SELECT COUNT(*) AS n FROM items"),
      (r) => r[0]?.n === 1001,
    );
    const lag = await until("ReplicaLag samples", replicaLag, (v) => v.length > 0);
    expect(lag.at(-1)).toBe(0);
    // Engine versions other than the installed build cannot run: refused as RDS refuses an unknown target.
    await expect(
      rds.send(
        new ModifyDBInstanceCommand({
          DBInstanceIdentifier: greenName,
          EngineVersion: "10.11.6",
          ApplyImmediately: true,
        }),
      ),
    ).rejects.toMatchObject({ name: "InvalidParameterCombination", message: expect.stringMatching(/installed here/) });
  }, 90_000);

  it("ReplicaLag grows under a write burst green applies slowly, settles after it, and is -1 while replication is stopped", async () => {
    const greenRid = (await instance(greenName)).DbiResourceId!;
    // Green applies each burst row 20 ms late (a replica-only trigger): 200 rows written in well under a second
    // take green about 4 s.
    await asRoot(greenRid, [
      "SET SESSION sql_log_bin = 0",
      "SET GLOBAL slave_run_triggers_for_rbr = YES",
      "CREATE TRIGGER app.stall BEFORE INSERT ON app.burst FOR EACH ROW SET @s = SLEEP(0.02)",
    ]);
    const prod = await endpointOf("mariadb-source");
    const c = await mariaDbClient(prod, MASTER);
    for (let i = 0; i < 200; i++) await c.query("INSERT INTO burst (note) VALUES ('burst')");
    await c.end();
    const grown = await until("lag grows", replicaLag, (v) => Math.max(...v) >= 2, 20_000);
    await until(
      "green has the burst",
      async () => sql(await endpointOf(greenName), "SELECT COUNT(*) AS n FROM burst"),
      (r) => r[0]?.n === 200,
      30_000,
    );
    const settled = await until("lag settles", replicaLag, (v) => v.at(-1) === 0 && v.at(-2) === 0, 10_000);
    console.log(
      `MariaDB ReplicaLag under the burst: max ${Math.max(...grown)} s, then ${settled.slice(-3).join(", ")}`,
    );
    await asRoot(greenRid, [
      "SET SESSION sql_log_bin = 0",
      "DROP TRIGGER app.stall",
      "SET GLOBAL slave_run_triggers_for_rbr = NO",
    ]);
    await asRoot(greenRid, ["STOP SLAVE SQL_THREAD"]);
    await until("lag -1", replicaLag, (v) => v.at(-1) === -1, 10_000);
    await asRoot(greenRid, ["START SLAVE SQL_THREAD"]);
    await until("lag 0 again", replicaLag, (v) => v.at(-1) === 0, 10_000);
  }, 90_000);

  it("applies a parameter group and an instance class to green for real; replication resumes", async () => {
    await rds.send(
      new CreateDBParameterGroupCommand({
        DBParameterGroupName: "green-tuned",
        DBParameterGroupFamily: (await rds.send(new DescribeDBEngineVersionsCommand({ Engine: "mariadb" })))
          .DBEngineVersions![0]!.DBParameterGroupFamily!,
        Description: "green",
      }),
    );
    await expect(
      rds.send(
        new ModifyDBParameterGroupCommand({
          DBParameterGroupName: "green-tuned",
          Parameters: [
            { ParameterName: "innodb_log_buffer_size", ParameterValue: "33554432", ApplyMethod: "immediate" },
          ],
        }),
      ),
    ).rejects.toMatchObject({ name: "InvalidParameterCombination" });
    await expect(
      rds.send(
        new ModifyDBParameterGroupCommand({
          DBParameterGroupName: "green-tuned",
          Parameters: [{ ParameterName: "no_such_thing", ParameterValue: "1", ApplyMethod: "immediate" }],
        }),
      ),
    ).rejects.toMatchObject({
      name: "InvalidParameterValue",
      message: "Could not find parameter with name: no_such_thing",
    });
    await rds.send(
      new ModifyDBParameterGroupCommand({
        DBParameterGroupName: "green-tuned",
        Parameters: [
          { ParameterName: "binlog_format", ParameterValue: "ROW", ApplyMethod: "immediate" },
          { ParameterName: "max_connections", ParameterValue: "250", ApplyMethod: "immediate" },
          { ParameterName: "innodb_log_buffer_size", ParameterValue: "33554432", ApplyMethod: "pending-reboot" },
        ],
      }),
    );
    const greenAt = await endpointOf(greenName);
    // A restart shows as the loss of a global set by hand (by root on the socket; no parameter group sets it).
    // Uptime counts whole seconds, too coarse on a busy machine to tell a restart from none.
    const greenRid = (await instance(greenName)).DbiResourceId!;
    const mark = () => asRoot(greenRid, ["SET GLOBAL wait_timeout = 28801"]);
    const restarted = async () => (await variable(greenAt, "wait_timeout")) !== "28801";
    await mark();
    expect(await restarted()).toBe(false);
    const modified = await rds.send(
      new ModifyDBInstanceCommand({
        DBInstanceIdentifier: greenName,
        DBParameterGroupName: "green-tuned",
        ApplyImmediately: true,
      }),
    );
    expect(modified.DBInstance?.DBInstanceStatus).toBe("modifying");
    const green = await waitAvailable(greenName);
    expect(green.DBParameterGroups).toEqual([{ DBParameterGroupName: "green-tuned", ParameterApplyStatus: "in-sync" }]);
    expect(await variable(greenAt, "max_connections")).toBe("250");
    expect(await variable(greenAt, "innodb_log_buffer_size")).toBe("33554432");
    expect(await variable(greenAt, "read_only")).toBe("ON");
    expect(await restarted()).toBe(true); // the static parameter restarted it
    // A bigger class is a restart too (the group's max_connections still holds).
    await mark();
    await rds.send(
      new ModifyDBInstanceCommand({
        DBInstanceIdentifier: greenName,
        DBInstanceClass: "db.r6g.large",
        ApplyImmediately: true,
      }),
    );
    await waitAvailable(greenName);
    expect(await restarted()).toBe(true);
    expect(await variable(greenAt, "innodb_log_buffer_size")).toBe("33554432");
    await sql(await endpointOf("mariadb-source"), "INSERT INTO items (name, qty) VALUES ('after modify', 1)");
    await until(
      "green replicates after the restarts",
      () => sql(greenAt, "SELECT COUNT(*) AS n FROM items"),
      (r) => r[0]?.n === 1002,
      20_000,
    );
  }, 90_000);

  it("refuses a switchover over a long-running transaction, and the switchover-failure fault leaves blue serving", async () => {
    const prod = await endpointOf("mariadb-source");
    const txn = await mariaDbClient(prod, MASTER);
    try {
      await txn.query("BEGIN");
      await txn.query("UPDATE items SET qty = qty + 1 WHERE id = 1");
      await sleep(2300); // INNODB_TRX.trx_started has one-second resolution
      await rds.send(new SwitchoverBlueGreenDeploymentCommand({ BlueGreenDeploymentIdentifier: deploymentId }));
      const failed = await waitStatus(["SWITCHOVER_FAILED", "SWITCHOVER_COMPLETED"]);
      expect(failed.Status).toBe("SWITCHOVER_FAILED");
      expect(failed.StatusDetails).toMatch(/long-running transaction/);
    } finally {
      await txn.query("ROLLBACK").catch(() => undefined);
      await txn.end().catch(() => txn.destroy());
    }
    await waitStatus(["AVAILABLE"]);
    server.account.state.faults.push({ kind: "switchover-failure" });
    await rds.send(new SwitchoverBlueGreenDeploymentCommand({ BlueGreenDeploymentIdentifier: deploymentId }));
    expect((await waitStatus(["SWITCHOVER_FAILED", "SWITCHOVER_COMPLETED"])).Status).toBe("SWITCHOVER_FAILED");
    server.account.state.faults.splice(0);
    await waitStatus(["AVAILABLE"]);
    await sql(prod, "INSERT INTO items (name, qty) VALUES ('blue still writable', 1)");
    await until(
      "green still follows",
      async () => sql(await endpointOf(greenName), "SELECT COUNT(*) AS n FROM items"),
      (r) => r[0]?.n === 1003,
    );
  }, 60_000);

  it("switches over under continuous writes through the production endpoint: 0 missing, no id collision", async () => {
    const prod = await endpointOf("mariadb-source");
    const greenAt = await endpointOf(greenName);
    const loop = startMariaDbWriteLoop(prod, MASTER, 20);
    await sleep(1000);
    await rds.send(
      new SwitchoverBlueGreenDeploymentCommand({ BlueGreenDeploymentIdentifier: deploymentId, SwitchoverTimeout: 60 }),
    );
    expect(await waitStatus(["SWITCHOVER_COMPLETED", "SWITCHOVER_FAILED", "AVAILABLE"])).toMatchObject({
      Status: "SWITCHOVER_COMPLETED",
    });
    await sleep(1000);
    const report = await loop.stop();
    const check = await checkAcked(prod, MASTER, report);
    console.log(
      `MariaDB switchover through the SDK: client saw longest gap ${report.longestGapMs} ms over ${check.acked} acknowledged writes (${report.errors.length} errors)`,
    );
    expect(check).toMatchObject({ missing: 0, mismatched: 0, duplicateIds: 0 });
    expect(check.acked).toBeGreaterThan(50);
    const ids = [...report.acked.values()];
    expect(ids.every((id, i) => i === 0 || id > ids[i - 1]!)).toBe(true);
    // Production (same address and port) is the former green, writable; RDS says the same.
    expect((await instance("mariadb-source")).Endpoint).toEqual(prod);
    expect(await variable(prod, "read_only")).toBe("OFF");
    expect(await variable(prod, "innodb_log_buffer_size")).toBe("33554432");
    expect((await sql(prod, "SHOW SLAVE STATUS")).length).toBe(0);
    // The unchanged CNAME still leads to production, the new primary.
    const viaCname = { Address: await cnameTarget("mariadb-source.db.example.internal"), Port: prod.Port };
    expect(viaCname.Address).toBe(prod.Address);
    await sql(viaCname, "INSERT INTO items (name, qty) VALUES ('via cname', 1)");
    // Old blue keeps its data on green's former endpoint, read-only for every client, the master user included.
    const old = await instance("mariadb-source-old1");
    expect(old.Endpoint).toEqual(greenAt);
    expect((await sql(greenAt, "SELECT COUNT(*) AS n FROM items"))[0]?.n).toBe(1003);
    await expectReadOnlyForMaster(greenAt);
    const status = sandboxStatus(server.account, server.backing).instances.find(
      (i) => i.id === old.DBInstanceIdentifier,
    );
    expect(status?.backing).toMatch(/^MariaDB .* server \(read-only\)$/);
  }, 90_000);

  it("keeps data and roles across a stop and start; a reset leaves no mariadbd and no files", async () => {
    await stop();
    expect(leftovers()).toEqual([]);
    await start();
    const prod = await endpointOf("mariadb-source");
    expect((await sql(prod, "SELECT COUNT(*) AS n FROM items"))[0]?.n).toBe(1004);
    await sql(prod, "INSERT INTO items (name, qty) VALUES ('after restart', 1)");
    // The roles survive the restart: production writable, old blue read-only for the master user still.
    expect(await variable(prod, "read_only")).toBe("OFF");
    await expectReadOnlyForMaster(await endpointOf("mariadb-source-old1"));
    await stop();
    rmSync(dir, { recursive: true, force: true });
    expect(existsSync(dir)).toBe(false);
    expect(leftovers()).toEqual([]);
    await start(); // for afterAll: an empty sandbox
  }, 90_000);
});
