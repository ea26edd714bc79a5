import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CloudWatchClient, GetMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import {
  type BlueGreenDeployment,
  CreateBlueGreenDeploymentCommand,
  CreateDBInstanceCommand,
  DeleteBlueGreenDeploymentCommand,
  DescribeBlueGreenDeploymentsCommand,
  DescribeDBInstancesCommand,
  ModifyDBInstanceCommand,
  RDSClient,
  SwitchoverBlueGreenDeploymentCommand,
} from "@aws-sdk/client-rds";
import { ChangeResourceRecordSetsCommand, ListHostedZonesByNameCommand, Route53Client } from "@aws-sdk/client-route-53";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { distinctLoopbackAddresses } from "../src/dataplane/loopback.js";
import type { SandboxServer } from "../src/server.js";
import { PG16, PG17, sdkConfig, seedThroughAdminApi, startRealSandbox, zoneCnameTarget } from "./helpers.js";

/**
 * The sandbox with real PostgreSQL behind its instances, driven through the SDK on the real clock (timings sped up
 * tenfold, so what remains is the real servers' own work).
 */
const SEED_PASSWORD = "bgdb-sandbox";
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("sandbox on real PostgreSQL", () => {
  const dir = mkdtempSync(join(tmpdir(), "bgdb-sandbox-pg-"));
  let server: SandboxServer;
  let rds: RDSClient;
  let cloudwatch: CloudWatchClient;
  let route53: Route53Client;
  let distinct: boolean;

  beforeAll(async () => {
    chmodSync(dir, 0o755);
    server = await startRealSandbox(dir);
    const config = sdkConfig(server.url);
    rds = new RDSClient(config);
    cloudwatch = new CloudWatchClient(config);
    route53 = new Route53Client(config);
    distinct = await distinctLoopbackAddresses();
    const seeded = await seedThroughAdminApi(server);
    expect(seeded.ok).toBe(true);
  }, 60_000);

  afterAll(async () => {
    rds?.destroy();
    cloudwatch?.destroy();
    route53?.destroy();
    await server?.close();
    // Nothing of this sandbox outlives it: no postmaster still runs on its data.
    const ps = execFileSync("ps", ["-eo", "args"]).toString();
    expect(ps.split("\n").filter((l) => l.includes(dir))).toEqual([]);
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  const instance = async (id: string) =>
    (await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: id }))).DBInstances![0]!;

  /** Where a client connects: an instance's Endpoint (Address and Port), exactly as RDS reports it. */
  type At = { Address?: string; Port?: number };

  async function sql<T extends pg.QueryResultRow>(
    at: At,
    text: string,
    auth = { user: "bgdb", password: SEED_PASSWORD, database: "app" },
  ): Promise<T[]> {
    const c = new pg.Client({ host: at.Address!, port: at.Port!, ...auth });
    c.on("error", () => undefined);
    await c.connect();
    try {
      return (await c.query<T>(text)).rows;
    } finally {
      await c.end();
    }
  }

  const serverVersion = async (at: At, auth?: Parameters<typeof sql>[2]) =>
    (await sql<{ v: string }>(at, "SELECT current_setting('server_version') AS v", auth))[0]?.v;

  const cnameTarget = (name: string) => zoneCnameTarget(route53, name);

  async function until<T>(what: string, get: () => Promise<T>, ok: (v: T) => boolean, ms = 60_000): Promise<T> {
    const deadline = Date.now() + ms;
    for (;;) {
      const v = await get();
      if (ok(v)) return v;
      if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(v)}`);
      await sleep(200);
    }
  }

  const deployment = async (id: string): Promise<BlueGreenDeployment> =>
    (await rds.send(new DescribeBlueGreenDeploymentsCommand({ BlueGreenDeploymentIdentifier: id })))
      .BlueGreenDeployments![0]!;

  const waitStatus = (id: string, statuses: string[]) =>
    until(
      `deployment ${id}`,
      () => deployment(id),
      (d) => statuses.includes(d.Status ?? ""),
    );

  async function metric(name: string, instanceId: string): Promise<number[]> {
    const out = await cloudwatch.send(
      new GetMetricDataCommand({
        StartTime: new Date(Date.now() - 600_000),
        EndTime: new Date(Date.now() + 60_000),
        MetricDataQueries: [
          {
            Id: "m",
            MetricStat: {
              Metric: {
                Namespace: "AWS/RDS",
                MetricName: name,
                Dimensions: [{ Name: "DBInstanceIdentifier", Value: instanceId }],
              },
              Period: 60,
              Stat: "Maximum",
            },
          },
        ],
      }),
    );
    return out.MetricDataResults?.[0]?.Values ?? [];
  }

  it("upgrades 16 → 17 for real: green replicates, switchover moves production to 17, old blue read-only", async () => {
    const source = await instance("pg16-source");
    expect(source.DBInstanceStatus).toBe("available");
    const prod = source.Endpoint!;
    // The version RDS reports is the one the real server runs.
    expect(source.EngineVersion).toBe(PG16);
    expect(await serverVersion(prod)).toBe(PG16);
    await sql(prod, "CREATE TABLE items (id bigserial PRIMARY KEY, note text)");
    await sql(prod, "INSERT INTO items (note) SELECT 'before ' || g FROM generate_series(1, 200) g");
    // The seeded CNAME names production's address; through it (and the endpoint's port) a client reaches blue.
    expect(await cnameTarget("pg16-source.db.example.internal")).toBe(prod.Address);

    const created = await rds.send(
      new CreateBlueGreenDeploymentCommand({
        BlueGreenDeploymentName: "real-upgrade",
        Source: source.DBInstanceArn!,
        TargetEngineVersion: PG17,
        TargetDBParameterGroupName: "pg17-logical",
      }),
    );
    const id = created.BlueGreenDeployment!.BlueGreenDeploymentIdentifier!;
    const ready = await waitStatus(id, ["AVAILABLE", "INVALID_CONFIGURATION"]);
    expect(ready).toMatchObject({ Status: "AVAILABLE" });
    expect(ready.Tasks?.every((t) => t.Status === "COMPLETED")).toBe(true);

    const greenName = ready.Target!.split(":").pop()!;
    const green = await instance(greenName);
    expect(green).toMatchObject({ DBInstanceStatus: "available", EngineVersion: PG17 });
    const greenAt = green.Endpoint!;
    // Each endpoint has an address of its own where the platform allows it (a listener on 127.0.0.1 alone would not
    // answer on 127.0.0.x, so every connection below proves the proxy listens on its instance's address).
    expect(greenAt.Address === prod.Address).toBe(!distinct);
    expect(await serverVersion(greenAt)).toBe(PG17);
    expect((await sql<{ n: number }>(greenAt, "SELECT count(*)::int AS n FROM items"))[0]?.n).toBe(200);
    // A name of the operator's own repointed at green (UPSERT) reaches green by its address.
    await route53.send(
      new ChangeResourceRecordSetsCommand({
        HostedZoneId: (await route53.send(new ListHostedZonesByNameCommand({ DNSName: "example.internal" })))
          .HostedZones![0]!.Id!,
        ChangeBatch: {
          Changes: [
            {
              Action: "UPSERT",
              ResourceRecordSet: {
                Name: "green-check.db.example.internal",
                Type: "CNAME",
                TTL: 5,
                ResourceRecords: [{ Value: greenAt.Address! }],
              },
            },
          ],
        },
      }),
    );
    const viaTestName = await cnameTarget("green-check.db.example.internal");
    expect(await serverVersion({ Address: viaTestName, Port: greenAt.Port })).toBe(PG17);

    // Real lag: a write burst on blue, then the slot's numbers come from PostgreSQL.
    await sql(prod, "INSERT INTO items (note) SELECT repeat('x', 200) FROM generate_series(1, 2000) g");
    const lag = await until(
      "lag samples",
      () => metric("OldestReplicationSlotLag", "pg16-source"),
      (v) => v.length > 0,
    );
    expect(lag.every((v) => Number.isFinite(v) && v >= 0)).toBe(true);
    await until(
      "green caught up",
      () => sql<{ n: number }>(greenAt, "SELECT count(*)::int AS n FROM items"),
      (r) => r[0]?.n === 2200,
    );

    await rds.send(
      new SwitchoverBlueGreenDeploymentCommand({ BlueGreenDeploymentIdentifier: id, SwitchoverTimeout: 60 }),
    );
    expect((await deployment(id)).Status).toBe("SWITCHOVER_IN_PROGRESS");
    expect(await waitStatus(id, ["SWITCHOVER_COMPLETED", "SWITCHOVER_FAILED", "AVAILABLE"])).toMatchObject({
      Status: "SWITCHOVER_COMPLETED",
    });

    // The production endpoint (same address and port) now answers as 17, with every row, and takes writes; RDS
    // says the same.
    expect((await instance("pg16-source")).Endpoint).toEqual(prod);
    expect(await serverVersion(prod)).toBe(PG17);
    expect((await instance("pg16-source")).EngineVersion).toBe(PG17);
    await sql(prod, "INSERT INTO items (note) VALUES ('after')");
    expect((await sql<{ n: number }>(prod, "SELECT count(*)::int AS n FROM items"))[0]?.n).toBe(2201);
    // The unchanged CNAME still leads to production, which is now the new primary: 17, writable.
    const viaCname = { Address: await cnameTarget("pg16-source.db.example.internal"), Port: prod.Port };
    expect(viaCname.Address).toBe(prod.Address);
    expect(await serverVersion(viaCname)).toBe(PG17);
    await sql(viaCname, "INSERT INTO items (note) VALUES ('via cname')");
    // Old blue keeps its data on the -old1 endpoint (green's former address and port), read-only.
    const old = await instance("pg16-source-old1");
    expect(old.Endpoint).toEqual(greenAt);
    expect(await serverVersion(greenAt)).toBe(PG16);
    expect((await sql<{ n: number }>(greenAt, "SELECT count(*)::int AS n FROM items"))[0]?.n).toBe(2200);
    await expect(sql(greenAt, "INSERT INTO items (note) VALUES ('no')")).rejects.toThrow(/read-only/);
    // Read-only for every session, the master user's too, whatever it overrides, and in every database.
    await expect(sql(greenAt, "BEGIN READ WRITE; INSERT INTO items (note) VALUES ('no'); COMMIT")).rejects.toThrow(
      /cannot set transaction read-write mode during recovery/,
    );
    await expect(
      sql(greenAt, "SET default_transaction_read_only = off; INSERT INTO items (note) VALUES ('no')"),
    ).rejects.toThrow(/read-only transaction/);
    await expect(
      sql(greenAt, "CREATE TABLE elsewhere (id int)", { user: "bgdb", password: SEED_PASSWORD, database: "postgres" }),
    ).rejects.toThrow(/read-only transaction/);
    expect((await sql<{ n: number }>(greenAt, "SELECT count(*)::int AS n FROM items"))[0]?.n).toBe(2200);
    await rds.send(new DeleteBlueGreenDeploymentCommand({ BlueGreenDeploymentIdentifier: id }));
  }, 120_000);

  it("a long-running transaction on blue fails the switchover: blue serves, writable, nothing lost", async () => {
    const auth = { user: "owner", password: "pw with 'quote\\", database: "shop" };
    await rds.send(
      new CreateDBInstanceCommand({
        DBInstanceIdentifier: "shop",
        Engine: "postgres",
        EngineVersion: PG16,
        DBInstanceClass: "db.t4g.micro",
        MasterUsername: auth.user,
        MasterUserPassword: auth.password,
        DBName: auth.database,
        BackupRetentionPeriod: 1,
        DBParameterGroupName: "pg16-logical",
      }),
    );
    expect((await instance("shop")).DBInstanceStatus).toBe("creating");
    const shop = await until(
      "shop available",
      () => instance("shop"),
      (i) => i.DBInstanceStatus === "available",
    );
    const shopAt = shop.Endpoint!;
    await sql(shopAt, "CREATE TABLE orders (id bigserial PRIMARY KEY)", auth);
    await sql(shopAt, "INSERT INTO orders SELECT FROM generate_series(1, 50)", auth);

    const created = await rds.send(
      new CreateBlueGreenDeploymentCommand({ BlueGreenDeploymentName: "same-major", Source: shop.DBInstanceArn! }),
    );
    const id = created.BlueGreenDeployment!.BlueGreenDeploymentIdentifier!;
    const ready = await waitStatus(id, ["AVAILABLE", "INVALID_CONFIGURATION"]);
    expect(ready.Status).toBe("AVAILABLE");
    const greenName = ready.Target!.split(":").pop()!;
    const greenAt = (await instance(greenName)).Endpoint!;
    expect(await serverVersion(greenAt, auth)).toBe(PG16);
    const replicaLag = await until(
      "ReplicaLag samples",
      () => metric("ReplicaLag", greenName),
      (v) => v.length > 0,
    );
    expect(replicaLag.every((v) => v >= 0)).toBe(true);

    // A new major on green is a real upgrade: `upgrading` until the server runs 17, rows kept, still replicating.
    const modified = await rds.send(
      new ModifyDBInstanceCommand({
        DBInstanceIdentifier: greenName,
        EngineVersion: PG17,
        AllowMajorVersionUpgrade: true,
        DBParameterGroupName: "pg17-logical",
        ApplyImmediately: true,
      }),
    );
    expect(modified.DBInstance?.DBInstanceStatus).toBe("upgrading");
    const upgraded = await until(
      "green upgraded",
      () => instance(greenName),
      (i) => i.DBInstanceStatus === "available",
    );
    expect(upgraded.EngineVersion).toBe(PG17);
    expect(await serverVersion(greenAt, auth)).toBe(PG17);
    await sql(shopAt, "INSERT INTO orders SELECT FROM generate_series(1, 10)", auth);
    await until(
      "green follows after upgrade",
      () => sql<{ n: number }>(greenAt, "SELECT count(*)::int AS n FROM orders", auth),
      (r) => r[0]?.n === 60,
    );

    const txn = new pg.Client({ host: shopAt.Address!, port: shopAt.Port!, ...auth });
    txn.on("error", () => undefined);
    await txn.connect();
    try {
      await txn.query("BEGIN");
      await txn.query("SELECT txid_current()");
      await sleep(1500);
      await rds.send(new SwitchoverBlueGreenDeploymentCommand({ BlueGreenDeploymentIdentifier: id }));
      const failed = await waitStatus(id, ["SWITCHOVER_FAILED", "SWITCHOVER_COMPLETED"]);
      expect(failed.Status).toBe("SWITCHOVER_FAILED");
      expect(failed.StatusDetails).toMatch(/long-running transaction/);
      expect(failed.StatusDetails).not.toContain(auth.password);
    } finally {
      await txn.query("ROLLBACK").catch(() => undefined);
      await txn.end().catch(() => undefined);
    }
    // Blue still is production: 16, writable, with everything.
    expect(await serverVersion(shopAt, auth)).toBe(PG16);
    await sql(shopAt, "INSERT INTO orders DEFAULT VALUES", auth);
    expect((await sql<{ n: number }>(shopAt, "SELECT count(*)::int AS n FROM orders", auth))[0]?.n).toBe(61);
    expect((await instance("shop")).DBInstanceArn).toBe(shop.DBInstanceArn);
    await waitStatus(id, ["AVAILABLE"]);

    // DeleteTarget before switchover destroys green's server and data.
    const greenRid = (await instance(greenName)).DbiResourceId!;
    await rds.send(new DeleteBlueGreenDeploymentCommand({ BlueGreenDeploymentIdentifier: id, DeleteTarget: true }));
    await until(
      "green gone",
      () => rds.send(new DescribeDBInstancesCommand({})),
      (r) => !r.DBInstances?.some((i) => i.DBInstanceIdentifier === greenName),
    );
    expect(existsSync(join(dir, "pg", greenRid))).toBe(false);
  }, 120_000);
});
