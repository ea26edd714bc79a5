/**
 * The PostgreSQL table reader against real servers: a 16 blue and a 17 green fed by logical replication (the
 * sandbox's data plane), green's database set to print values its own way. Tables of many types, a composite key,
 * no key, a partitioned table, another schema; a row changed on green behind replication's back, rows still
 * replicating, refused credentials and missing privileges.
 */
import type { PgServerSpec } from "@bgdb/sandbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, harness, query, SCHEMA } from "../../../sandbox/test/dataplane/harness.js";
import { openPgReader } from "../../../src/adapters/db/pg-table-reader.js";
import { systemClock } from "../../../src/adapters/system/clock.js";
import { compareTables } from "../../../src/core/verify.js";
import type { DbTarget, TableReader } from "../../../src/ports/index.js";

const MORE = `
CREATE SCHEMA audit;
CREATE TABLE audit.events (
  id bigint PRIMARY KEY, at timestamptz NOT NULL, payload jsonb, amount numeric(12,4), ratio float8,
  tags text[], blob bytea, span interval, day date, note text
);
INSERT INTO audit.events
  SELECT g, timestamptz '2026-01-01 00:00:00+00' + g * interval '1 minute', jsonb_build_object('g', g, 'even', g % 2 = 0),
         g / 7.0, g / 3.0, ARRAY['a', g::text], decode(md5(g::text), 'hex'), g * interval '1 second',
         date '2026-01-01' + g % 90, CASE WHEN g % 10 = 0 THEN NULL WHEN g % 10 = 1 THEN '' ELSE 'n' || g END
  FROM generate_series(1, 3000) g;
CREATE TABLE order_lines (order_id int, line int, sku text NOT NULL, PRIMARY KEY (order_id, line));
INSERT INTO order_lines SELECT 1 + g / 4, g % 4, 'sku-' || g FROM generate_series(0, 999) g;
CREATE TABLE log_lines (at timestamptz NOT NULL DEFAULT now(), line text);
INSERT INTO log_lines (line) SELECT 'l' || g FROM generate_series(1, 50) g;
`;

/**
 * A partitioned table, made on each side by hand with the same rows: the sandbox's schema copy does not copy
 * partitioned keys, and its subscription, made before, does not carry this table.
 */
const PARTITIONED = `
CREATE TABLE measurements (id int, day date, v int, PRIMARY KEY (id, day)) PARTITION BY RANGE (day);
CREATE TABLE measurements_2026 PARTITION OF measurements FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
INSERT INTO measurements SELECT g, date '2026-01-01' + g % 300, g FROM generate_series(1, 400) g;
`;

/** What green's database prints differently unless the reader's session pins it. */
const GREEN_STYLE = [
  "SET timezone = 'Asia/Tokyo'",
  "SET DateStyle = 'SQL, DMY'",
  "SET IntervalStyle = 'iso_8601'",
  "SET extra_float_digits = 0",
  "SET bytea_output = 'escape'",
];

let h: Harness;
let blueSpec: PgServerSpec;
let greenSpec: PgServerSpec;
const SOURCE = "the URL in $BGDB_DB_URL";
const target = (spec: PgServerSpec, side: DbTarget["side"]): DbTarget => ({
  side,
  host: "127.0.0.1",
  port: spec.port,
  engine: "postgres",
  user: spec.masterUser,
  database: spec.dbName,
});
const open = (spec: PgServerSpec, side: DbTarget["side"]) =>
  openPgReader(target(spec, side), { password: spec.masterPassword, source: SOURCE });

/** Both sides open for one test, closed after it. */
async function withSides<T>(fn: (blue: TableReader, green: TableReader) => Promise<T>): Promise<T> {
  const [blue, green] = await Promise.all([open(blueSpec, "blue"), open(greenSpec, "green")]);
  try {
    return await fn(blue, green);
  } finally {
    await Promise.all([blue.close(), green.close()]);
  }
}

const settle = async () => {
  // Replication of what the test just wrote on blue: wait until green shows it.
  for (let i = 0; i < 100; i++) {
    const lag = await h.plane.replicationLagBytes("blue");
    if (lag === 0) return;
    await systemClock.sleep(100);
  }
};

beforeAll(async () => {
  h = await harness();
  blueSpec = await h.spec("blue", 16);
  greenSpec = await h.spec("green", 17);
  await h.plane.createServer(blueSpec);
  await query(blueSpec.port, blueSpec, SCHEMA + MORE);
  await h.plane.createGreen("blue", greenSpec);
  for (const spec of [blueSpec, greenSpec]) await query(spec.port, spec, PARTITIONED);
  for (const s of GREEN_STYLE) {
    await query(greenSpec.port, greenSpec, `ALTER DATABASE ${greenSpec.dbName} ${s}`);
  }
}, 120_000);
afterAll(async () => h?.dispose());

describe("the PostgreSQL table reader", () => {
  it("lists user tables with their columns and primary keys: partitions through their parent, views left out", async () => {
    await withSides(async (blue, green) => {
      expect(blue.server).toMatch(/^PostgreSQL 16\.\d+$/);
      expect(green.server).toMatch(/^PostgreSQL 17\.\d+$/);
      const tables = await blue.listTables();
      expect(tables.map((t) => t.name)).toEqual([
        "audit.events",
        "customers",
        "heartbeat",
        "log_lines",
        "measurements",
        "order_lines",
        "orders",
      ]);
      expect(tables.find((t) => t.name === "audit.events")).toEqual({
        name: "audit.events",
        schema: "audit",
        table: "events",
        columns: ["id", "at", "payload", "amount", "ratio", "tags", "blob", "span", "day", "note"],
        primaryKey: ["id"],
      });
      expect(tables.find((t) => t.name === "order_lines")?.primaryKey).toEqual(["order_id", "line"]);
      expect(tables.find((t) => t.name === "log_lines")?.primaryKey).toEqual([]);
      expect(await green.listTables()).toEqual(tables);
    });
  });

  it("reads keyset boundaries and range checksums; 16 and 17 print the same rows the same way", async () => {
    await withSides(async (blue, green) => {
      const [events] = (await blue.listTables()).filter((t) => t.name === "audit.events");
      if (!events) throw new Error("no audit.events");
      expect(await blue.keyAfter(events, undefined, 1000)).toEqual(["1001"]);
      expect(await blue.keyAfter(events, ["1001"], 1000)).toEqual(["2001"]);
      expect(await blue.keyAfter(events, ["2001"], 1000)).toBeUndefined();
      const range = { from: ["1001"], to: ["2001"] };
      const b = await blue.checksum(events, events.columns, range);
      expect(b).toEqual({ rows: 1000, digest: expect.stringMatching(/^[0-9a-f]{32}$/) });
      expect(await green.checksum(events, events.columns, range)).toEqual(b);
      expect(await blue.checksum(events, events.columns, {})).toMatchObject({ rows: 3000 });
      expect(await blue.countRows(events)).toBe(3000);
      const [lines] = (await blue.listTables()).filter((t) => t.name === "order_lines");
      if (!lines) throw new Error("no order_lines");
      expect(await blue.keyAfter(lines, ["100", "2"], 10)).toEqual(["103", "0"]);
    });
  });

  it("in sync: every table matches (the one without a key by count)", async () => {
    const r = await withSides((blue, green) =>
      compareTables(blue, green, { chunkSize: 500, rechecks: 0, recheckWaitMs: 0 }, { clock: systemClock }),
    );
    expect(r.tables.filter((t) => !t.match)).toEqual([]);
    expect(r.tables.find((t) => t.table === "log_lines")).toMatchObject({ compared: "count", blueRows: 50 });
    expect(r.tables.find((t) => t.table === "audit.events")).toMatchObject({
      chunks: 6,
      blueRows: 3000,
      greenRows: 3000,
    });
    expect(r.tables.find((t) => t.table === "measurements")).toMatchObject({ compared: "checksum", blueRows: 400 });
  });

  it("a row changed on green behind replication's back is found in its key range", async () => {
    await query(greenSpec.port, greenSpec, "UPDATE audit.events SET note = 'edited on green' WHERE id = 1234");
    try {
      const r = await withSides((blue, green) =>
        compareTables(blue, green, { chunkSize: 500, rechecks: 1, recheckWaitMs: 100 }, { clock: systemClock }),
      );
      expect(r.match).toBe(false);
      expect(r.tables.filter((t) => !t.match).map((t) => t.table)).toEqual(["audit.events"]);
      expect(r.tables.find((t) => t.table === "audit.events")?.differing).toEqual([
        { from: ["1001"], to: ["1501"], blueRows: 500, greenRows: 500 },
      ]);
    } finally {
      await query(greenSpec.port, greenSpec, "UPDATE audit.events SET note = 'n1234' WHERE id = 1234");
    }
  });

  it("rows still replicating differ on the first read and match on a re-check", async () => {
    const subscription = "bgdb_sub_green";
    await query(greenSpec.port, greenSpec, `ALTER SUBSCRIPTION ${subscription} DISABLE`);
    await query(
      blueSpec.port,
      blueSpec,
      "INSERT INTO order_lines SELECT 900 + g, 0, 'late' FROM generate_series(1, 20) g",
    );
    const r = await withSides((blue, green) =>
      compareTables(
        blue,
        green,
        { tables: ["order_lines"], chunkSize: 500, rechecks: 5, recheckWaitMs: 500 },
        {
          clock: systemClock,
          // Replication resumes only once the first read has seen the difference.
          onRecheck: (round) =>
            void (round === 1 && query(greenSpec.port, greenSpec, `ALTER SUBSCRIPTION ${subscription} ENABLE`)),
        },
      ),
    );
    expect(r.match).toBe(true);
    expect(r.rounds).toBeGreaterThanOrEqual(1);
    expect(r.tables[0]).toMatchObject({ table: "order_lines", healed: 1, blueRows: 1020, greenRows: 1020 });
    await settle();
  });

  it("a refused login or nothing answering is DB_UNREACHABLE (exit 3), without the password", async () => {
    const refused = await openPgReader(target(blueSpec, "blue"), { password: "wrong", source: SOURCE }).catch((e) => e);
    expect(refused).toMatchObject({
      code: "DB_UNREACHABLE",
      exitCode: 3,
      hint: expect.stringContaining(
        `Check ${SOURCE}: its user and password were refused by blue 127.0.0.1:${blueSpec.port}`,
      ),
    });
    const closed = await openPgReader(
      { ...target(blueSpec, "green"), port: 1 },
      { password: "x", source: SOURCE },
    ).catch((e) => e);
    expect(closed).toMatchObject({
      code: "DB_UNREACHABLE",
      hint: expect.stringContaining("Nothing answers at green 127.0.0.1:1"),
    });
  });

  it("a URL's host and port are replaced by the side's endpoint; its credentials and database are used", async () => {
    const url = `postgres://${blueSpec.masterUser}:${encodeURIComponent(blueSpec.masterPassword)}@db.invalid:1/${blueSpec.dbName}?host=/nowhere`;
    const r = await openPgReader(target(greenSpec, "green"), { url, source: SOURCE });
    try {
      expect(r.server).toMatch(/^PostgreSQL 17\./);
    } finally {
      await r.close();
    }
  });

  it("a table the user may not read is DB_READ_FAILED (exit 3) naming it and what to grant", async () => {
    await query(
      blueSpec.port,
      blueSpec,
      "CREATE ROLE reader LOGIN PASSWORD 'reader-pw'; GRANT USAGE ON SCHEMA audit TO reader",
    );
    const r = await openPgReader(
      { ...target(blueSpec, "blue"), user: "reader" },
      { password: "reader-pw", source: SOURCE },
    );
    try {
      const [events] = (await r.listTables()).filter((t) => t.name === "audit.events");
      if (!events) throw new Error("no audit.events");
      await expect(r.countRows(events)).rejects.toMatchObject({
        code: "DB_READ_FAILED",
        exitCode: 3,
        message: expect.stringMatching(/^Reading audit\.events on blue 127\.0\.0\.1:\d+ failed: permission denied/),
        hint: expect.stringContaining("SELECT"),
      });
    } finally {
      await r.close();
    }
  });
});
