/**
 * The PostgreSQL inspector against a real PostgreSQL 16 server: the catalog facts preflight judges (every database),
 * the settings and slots, and the sessions the prediction reads — with the credentials of a URL whose host and port
 * are replaced by the endpoint RDS names.
 */
import type { PgServerSpec } from "@bgdb/sandbox";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { client, type Harness, harness, query } from "../../../sandbox/test/dataplane/harness.js";
import { createDbInspectors } from "../../../src/adapters/db/index.js";
import type { PgFacts } from "../../../src/ports/index.js";

let h: Harness;
let spec: PgServerSpec;
/** The URL's host and port are wrong on purpose: the inspector connects where RDS says blue is. */
const url = () =>
  `postgres://${spec.masterUser}:${encodeURIComponent(spec.masterPassword)}@nowhere.invalid:1/${spec.dbName}`;
const target = () => ({ host: "127.0.0.1", port: spec.port, engine: "postgres" });

beforeAll(async () => {
  h = await harness();
  spec = await h.spec("inspect", 16);
  await h.plane.createServer(spec);
  const sql = (s: string, db = spec.dbName) => query(spec.port, db === spec.dbName ? spec : { ...spec, dbName: db }, s);
  await sql(`
    CREATE TABLE keyed (id serial PRIMARY KEY, note text);
    CREATE TABLE events (at timestamptz, what text);
    CREATE TABLE wide (a int, b int);
    ALTER TABLE wide REPLICA IDENTITY FULL;
    CREATE TABLE by_index (k int NOT NULL, v text);
    CREATE UNIQUE INDEX by_index_k ON by_index (k);
    ALTER TABLE by_index REPLICA IDENTITY USING INDEX by_index_k;
    CREATE UNLOGGED TABLE cache (k text PRIMARY KEY, v text);
    CREATE MATERIALIZED VIEW daily AS SELECT 1 AS n;
    CREATE SEQUENCE invoice_no;
    SELECT lo_create(0);
    CREATE PUBLICATION everything FOR ALL TABLES;
  `);
  await sql("SELECT pg_create_logical_replication_slot('cdc', 'pgoutput')");
  await sql("CREATE DATABASE billing");
  await sql("CREATE TABLE ledger (amount numeric)", "billing");
}, 60_000);
afterAll(async () => h?.dispose());

describe("facts", () => {
  let facts: PgFacts;
  beforeAll(async () => {
    const inspector = await createDbInspectors({ url: url(), source: "the URL in $BLUE_URL" }).open(target());
    try {
      const f = await inspector.facts();
      if (f.family !== "postgres") throw new Error("expected PostgreSQL facts");
      facts = f;
    } finally {
      await inspector.close();
    }
  }, 30_000);

  it("reads every database that accepts connections, each with its own catalog", () => {
    expect(facts.server).toMatch(/^PostgreSQL 16\./);
    expect(facts.databases.map((d) => d.name)).toEqual(["billing", "orders", "postgres"]);
    expect(facts.unreadable).toEqual([]);
    const billing = facts.databases.find((d) => d.name === "billing");
    expect(billing?.keyless).toEqual([{ name: "public.ledger", identity: "default" }]);
  });

  it("finds tables without a primary key with their replica identity, and nothing else", () => {
    const orders = facts.databases.find((d) => d.name === "orders");
    expect(orders?.keyless).toEqual([
      { name: "public.by_index", identity: "index" },
      { name: "public.events", identity: "default" },
      { name: "public.wide", identity: "full" },
    ]);
    expect(orders).toMatchObject({
      unlogged: ["public.cache"],
      materializedViews: ["public.daily"],
      largeObjects: 1,
      publications: ["everything"],
    });
    // keyed_id_seq and invoice_no.
    expect(orders?.sequences).toBe(2);
    expect(orders?.extensions.map((e) => e.name)).toContain("plpgsql");
  });

  it("reads the settings logical replication needs, and the slots", () => {
    expect(facts.settings).toMatchObject({
      wal_level: "logical",
      max_replication_slots: expect.stringMatching(/^\d+$/),
      max_wal_senders: expect.stringMatching(/^\d+$/),
      max_logical_replication_workers: expect.stringMatching(/^\d+$/),
      max_worker_processes: expect.stringMatching(/^\d+$/),
    });
    // Not RDS: its own settings are simply absent.
    expect(facts.settings).not.toHaveProperty("rds.logical_replication");
    expect(facts.slots).toEqual([
      { name: "cdc", type: "logical", plugin: "pgoutput", database: "orders", active: false },
    ]);
    expect(facts.subscriptions).toEqual([]);
  });
});

describe("activity", () => {
  it("sees a writing transaction left open and a DDL statement waiting, never its own session", async () => {
    const writer = await client(spec.port, spec);
    const locker = await client(spec.port, spec);
    const migrator = await client(spec.port, spec);
    try {
      for (const q of ["BEGIN", "UPDATE keyed SET note = 'x'", "INSERT INTO keyed (note) VALUES ('y')"])
        await writer.query(q);
      for (const q of ["BEGIN", "LOCK TABLE events IN ACCESS SHARE MODE"]) await locker.query(q);
      const pending = migrator.query("ALTER TABLE events ADD COLUMN extra int").catch(() => undefined);
      const inspector = await createDbInspectors({ url: url(), source: "the URL in $BLUE_URL" }).open(target());
      try {
        let sessions = (await inspector.activity()).sessions;
        for (let i = 0; i < 50 && !sessions.some((s) => s.command === "ALTER"); i++) {
          await new Promise((r) => setTimeout(r, 100));
          sessions = (await inspector.activity()).sessions;
        }
        const pid = async (c: pg.Client) => String((await c.query("SELECT pg_backend_pid() AS p")).rows[0].p);
        const byId = new Map(sessions.map((s) => [s.id, s]));
        expect(byId.get(await pid(writer))).toMatchObject({
          user: spec.masterUser,
          database: "orders",
          command: "INSERT",
          active: false,
          wrote: true,
          transactionMs: expect.any(Number),
        });
        expect(byId.get(await pid(locker))).toMatchObject({ command: "LOCK", wrote: false, active: false });
        expect(sessions.find((s) => s.command === "ALTER")).toMatchObject({
          active: true,
          statementMs: expect.any(Number),
        });
        expect(sessions.every((s) => s.command !== "SELECT" || s.active)).toBe(true);
        await locker.query("ROLLBACK");
        await pending;
      } finally {
        await inspector.close();
      }
    } finally {
      await writer.query("ROLLBACK").catch(() => undefined);
      for (const c of [writer, locker, migrator]) await c.end().catch(() => undefined);
    }
  }, 30_000);
});

describe("connecting", () => {
  it("only claims PostgreSQL engines", () => {
    const inspectors = createDbInspectors({ url: url(), source: "the URL in $BLUE_URL" });
    expect(["postgres", "aurora-postgresql", "mysql"].map((e) => inspectors.supports(e))).toEqual([true, true, false]);
  });

  it("a wrong password fails to open, and the error does not carry the password", async () => {
    const wrong = "postgres://master:n0t-the-Pa55word@x:1/orders";
    const e = await createDbInspectors({ url: wrong, source: "the URL in $BLUE_URL" })
      .open(target())
      .catch((err: Error) => err);
    expect(e).toBeInstanceOf(Error);
    expect((e as Error).message).toMatch(/password authentication failed/);
    expect((e as Error).message).not.toContain("n0t-the-Pa55word");
  });
});
