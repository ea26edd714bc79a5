import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, type PgServerSpec } from "../../src/dataplane/index.js";
import { client, eventually, type Harness, harness, query, SCHEMA, sleep } from "./harness.js";
import { startWriteLoop } from "./write-loop.js";

/**
 * One blue (16) and one green (17) shared by the scenarios, in order: refusal and rollback leave the
 * deployment as they found it, so the last test can switch over for real.
 */
describe("switchover on real servers", () => {
  let h: Harness;
  let blue: PgServerSpec;
  let green: PgServerSpec;
  const ports = { blueEndpointPort: 0, greenEndpointPort: 0, oldBlueEndpointPort: 0 };
  const countOn = async (port: number, spec: PgServerSpec, table = "heartbeat") =>
    (await query<{ n: number }>(port, spec, `SELECT count(*)::int AS n FROM ${table}`))[0]?.n ?? -1;

  beforeAll(async () => {
    h = await harness();
    blue = await h.spec("blue", 16);
    green = await h.spec("green", 17);
    await h.plane.createServer(blue);
    await query(blue.port, blue, SCHEMA);
    await h.plane.createGreen("blue", green);
    ports.blueEndpointPort = await freePort();
    ports.greenEndpointPort = await freePort();
    ports.oldBlueEndpointPort = await freePort();
    await h.plane.openEndpoint(ports.blueEndpointPort, "blue");
    await h.plane.openEndpoint(ports.greenEndpointPort, "green");
  }, 60_000);
  afterAll(async () => h?.dispose());

  it("refuses while a long-running transaction is open on blue", async () => {
    const txn = await client(ports.blueEndpointPort, blue);
    try {
      await txn.query("BEGIN");
      await txn.query("SELECT txid_current()");
      await sleep(1200);
      const result = await h.plane.switchover("blue", "green", {
        ...ports,
        timeoutMs: 5000,
        longTransactionSeconds: 1,
      });
      expect(result).toMatchObject({ ok: false, reason: expect.stringMatching(/long-running transaction/) });
      // Refusal touches nothing: that very transaction can still commit a write.
      await txn.query("INSERT INTO heartbeat DEFAULT VALUES");
      await txn.query("COMMIT");
    } finally {
      await txn.end();
    }
  });

  it("rolls back past the timeout: blue serves, writable, nothing lost", async () => {
    // Make green unable to catch up: a replica-only trigger that stalls each applied heartbeat row.
    await query(
      green.port,
      green,
      `CREATE FUNCTION stall() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(0.5); RETURN NEW; END $$;
       CREATE TRIGGER stall BEFORE INSERT ON heartbeat FOR EACH ROW EXECUTE FUNCTION stall();
       ALTER TABLE heartbeat ENABLE REPLICA TRIGGER stall;`,
    );
    await query(blue.port, blue, "INSERT INTO heartbeat SELECT FROM generate_series(1, 10)");
    const before = await countOn(ports.blueEndpointPort, blue);
    const result = await h.plane.switchover("blue", "green", { ...ports, timeoutMs: 1500 });
    expect(result).toMatchObject({ ok: false, reason: expect.stringMatching(/did not catch up/) });
    await query(ports.blueEndpointPort, blue, "INSERT INTO heartbeat DEFAULT VALUES");
    expect(await countOn(ports.blueEndpointPort, blue)).toBe(before + 1);
    expect((await h.plane.status("blue")).version).toMatch(/^PostgreSQL 16\./);
    // Replication survived the rollback: once the stall is gone, green converges.
    await query(green.port, green, "DROP TRIGGER stall ON heartbeat");
    expect(await eventually(async () => (await countOn(green.port, green)) === before + 1, 15_000)).toBe(true);
  }, 30_000);

  it("switches over under a continuous write loop without losing an acknowledged write", async () => {
    const loop = startWriteLoop(ports.blueEndpointPort, blue, 20);
    await sleep(1000);
    const result = await h.plane.switchover("blue", "green", { ...ports, timeoutMs: 10_000 });
    await sleep(1000);
    const report = await loop.stop();
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    console.log(
      `switchover: writes blocked ${result.writeBlockedMs} ms, catch-up ${result.catchUpMs} ms; ` +
        `client saw longest gap ${report.longestGapMs} ms over ${report.acked.length} acked writes, ${report.errors.length} errors`,
    );
    // The production endpoint now answers as green (17) and holds every acknowledged write.
    const prod = await query<{ v: string }>(ports.blueEndpointPort, blue, "SELECT version() AS v");
    expect(prod[0]?.v).toMatch(/^PostgreSQL 17\./);
    const ids = await query<{ id: string }>(
      ports.blueEndpointPort,
      blue,
      "SELECT id FROM heartbeat WHERE id = ANY($1)",
      [report.acked],
    );
    expect(ids.length).toBe(report.acked.length);
    // Sequences continued: ids strictly increase in acknowledgement order, across the switchover.
    expect(report.acked.every((id, i) => i === 0 || id > (report.acked[i - 1] ?? 0))).toBe(true);
    expect(report.errors.filter((e) => /duplicate key/.test(e))).toEqual([]);
    // Old blue answers on its -old1 endpoint, read-only, with its data.
    const old = await client(ports.oldBlueEndpointPort, blue);
    try {
      expect((await old.query<{ v: string }>("SELECT version() AS v")).rows[0]?.v).toMatch(/^PostgreSQL 16\./);
      await expect(old.query("INSERT INTO heartbeat DEFAULT VALUES")).rejects.toThrow(/read-only/);
      // Not just a default a session can override: the server is a standby now.
      await expect(old.query("BEGIN READ WRITE")).rejects.toThrow(/during recovery/);
      await old.query("ROLLBACK");
      await old.query("SET default_transaction_read_only = off");
      await expect(old.query("INSERT INTO heartbeat DEFAULT VALUES")).rejects.toThrow(/read-only/);
      expect(h.plane.isReadOnly("blue")).toBe(true);
    } finally {
      await old.end();
    }
  }, 30_000);
});
