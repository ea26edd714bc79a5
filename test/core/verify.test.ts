/** The comparison of blue and green (core/verify.ts) against an in-memory database on a fake clock: no real sleeps. */
import { describe, expect, it } from "vitest";
import { FakeClock } from "../../src/adapters/system/fake-clock.js";
import { UsageError } from "../../src/core/errors.js";
import { type CompareSpec, compareTables, describeRange, type TableVerdict } from "../../src/core/verify.js";
import { FakeDb, rows } from "../support/fake-tables.js";

const SPEC: CompareSpec = { chunkSize: 1000, rechecks: 3, recheckWaitMs: 5_000 };

/** Blue with `orders` (2500 rows, key id) and `customers` (10 rows), green an identical copy. */
function world() {
  const blue = new FakeDb("PostgreSQL 16.14", {
    orders: { columns: ["id", "name"], primaryKey: ["id"], rows: rows(2500) },
    customers: { columns: ["id", "name"], primaryKey: ["id"], rows: rows(10) },
  });
  const green = blue.clone("PostgreSQL 17.10");
  const clock = new FakeClock();
  const run = (spec: Partial<CompareSpec> = {}) =>
    compareTables(blue.reader(), green.reader(), { ...SPEC, ...spec }, { clock });
  return { blue, green, clock, run };
}

const verdict = (tables: TableVerdict[], name: string) => tables.find((t) => t.table === name);

describe("compareTables", () => {
  it("in sync: every table matches, counts are the chunks' sums, nothing is re-read or waited for", async () => {
    const w = world();
    const r = await w.run();
    expect(r.match).toBe(true);
    expect(r.rounds).toBe(0);
    expect(w.clock.sleeps).toEqual([]);
    expect(verdict(r.tables, "orders")).toEqual({
      table: "orders",
      match: true,
      compared: "checksum",
      primaryKey: ["id"],
      blueRows: 2500,
      greenRows: 2500,
      chunks: 3,
      differing: [],
      differingChunks: 0,
      healed: 0,
    });
    expect(r.tables.map((t) => t.table)).toEqual(["customers", "orders"]);
    expect(r.chunks).toBe(4);
    // Keyset boundaries come from blue; green is only checksummed over them.
    expect(w.blue.calls.filter((c) => c.startsWith("keyAfter orders"))).toEqual([
      "keyAfter orders - 1000",
      "keyAfter orders 1001 1000",
      "keyAfter orders 2001 1000",
    ]);
    expect(w.green.calls.some((c) => c.startsWith("keyAfter"))).toBe(false);
    expect(w.green.calls.filter((c) => c.startsWith("checksum orders"))).toEqual([
      "checksum orders -..1001",
      "checksum orders 1001..2001",
      "checksum orders 2001..-",
    ]);
  });

  it("a row changed on green: its chunk, and only it, is named after the re-checks", async () => {
    const w = world();
    const row = w.green.table("orders").rows[1499];
    if (row) row.name = "changed behind replication's back";
    const r = await w.run();
    expect(r.match).toBe(false);
    const orders = verdict(r.tables, "orders");
    expect(orders).toMatchObject({ match: false, differingChunks: 1, healed: 0, blueRows: 2500, greenRows: 2500 });
    expect(orders?.differing).toEqual([{ from: ["1001"], to: ["2001"], blueRows: 1000, greenRows: 1000 }]);
    expect(verdict(r.tables, "customers")?.match).toBe(true);
    // Three re-checks, 5 s apart on the injected clock, each reading only the differing chunk again.
    expect(r.rounds).toBe(3);
    expect(w.clock.sleeps).toEqual([5_000, 5_000, 5_000]);
    expect(w.green.calls.filter((c) => c === "checksum orders 1001..2001")).toHaveLength(4);
    expect(w.green.calls.filter((c) => c === "checksum orders -..1001")).toHaveLength(1);
  });

  it("a difference that heals on a re-check (rows still replicating) is no difference", async () => {
    const w = world();
    const late = w.green.table("orders").rows.pop();
    const slept = () => w.clock.sleeps.length > 0;
    w.green.beforeRead = () => {
      if (slept() && late && !w.green.table("orders").rows.includes(late)) w.green.table("orders").rows.push(late);
    };
    const r = await w.run();
    expect(r.match).toBe(true);
    expect(r.rounds).toBe(1);
    expect(w.clock.sleeps).toEqual([5_000]);
    expect(verdict(r.tables, "orders")).toMatchObject({ match: true, healed: 1, differingChunks: 0, greenRows: 2500 });
  });

  it("re-checks can be turned off: the first reading stands", async () => {
    const w = world();
    w.green.table("orders").rows.pop();
    const r = await w.run({ rechecks: 0 });
    expect(r.match).toBe(false);
    expect(w.clock.sleeps).toEqual([]);
    expect(verdict(r.tables, "orders")).toMatchObject({
      greenRows: 2499,
      differing: [{ from: ["2001"], blueRows: 500, greenRows: 499 }],
    });
  });

  it("neighbouring differing chunks are one key range; green without the rows differs over all of them", async () => {
    const w = world();
    w.green.table("orders").rows = [];
    const r = await w.run({ rechecks: 1 });
    expect(verdict(r.tables, "orders")).toMatchObject({
      differingChunks: 3,
      differing: [{ blueRows: 2500, greenRows: 0 }],
      greenRows: 0,
    });
    const orders = verdict(r.tables, "orders");
    expect(orders?.differing[0]?.from).toBeUndefined();
    expect(orders?.differing[0]?.to).toBeUndefined();
  });

  it("a table without a primary key is compared by row count only", async () => {
    const w = world();
    const events = {
      columns: ["at", "what"],
      primaryKey: [],
      rows: [
        { at: "1", what: "a" },
        { at: "2", what: "b" },
      ],
    };
    w.blue.tables.set("events", events);
    w.green.tables.set("events", {
      ...events,
      rows: [
        { at: "1", what: "a" },
        { at: "2", what: "CHANGED" },
      ],
    });
    const r = await w.run();
    // The same count: a match, said to be by count only (the changed value cannot be seen without a key).
    expect(verdict(r.tables, "events")).toMatchObject({
      match: true,
      compared: "count",
      chunks: 1,
      blueRows: 2,
      greenRows: 2,
    });
    expect(w.blue.calls).toContain("count events");
    expect(w.blue.calls.some((c) => c.startsWith("checksum events"))).toBe(false);
    w.green.table("events").rows.push({ at: "3", what: "c" });
    const again = await w.run({ rechecks: 1 });
    expect(verdict(again.tables, "events")).toMatchObject({
      match: false,
      compared: "count",
      differingChunks: 1,
      greenRows: 3,
    });
  });

  it("a column only one side has is a difference; the rows are compared on the columns both have", async () => {
    const w = world();
    const green = w.green.table("customers");
    green.columns.push("note");
    for (const row of green.rows) row.note = "added on green";
    const r = await w.run();
    expect(verdict(r.tables, "customers")).toMatchObject({
      match: false,
      columns: { onlyBlue: [], onlyGreen: ["note"] },
      differingChunks: 0,
      blueRows: 10,
      greenRows: 10,
    });
    expect(w.green.calls).toContain("checksum customers -..-");
  });

  it("empty tables match; rows only green has are found in the one open range", async () => {
    const w = world();
    w.blue.tables.set("empty", { columns: ["id"], primaryKey: ["id"], rows: [] });
    w.green.tables.set("empty", { columns: ["id"], primaryKey: ["id"], rows: [] });
    expect(verdict((await w.run()).tables, "empty")).toMatchObject({
      match: true,
      chunks: 1,
      blueRows: 0,
      greenRows: 0,
    });
    w.green.table("empty").rows.push({ id: "7" });
    const r = await w.run({ rechecks: 0 });
    expect(verdict(r.tables, "empty")).toMatchObject({ match: false, differing: [{ blueRows: 0, greenRows: 1 }] });
  });

  it("a table on one side only is a difference, named with the side it is missing on", async () => {
    const w = world();
    w.blue.tables.set("audit.events", { columns: ["id"], primaryKey: ["id"], rows: rows(3) });
    w.green.tables.set("scratch", { columns: ["id"], primaryKey: ["id"], rows: [] });
    const r = await w.run();
    expect(verdict(r.tables, "audit.events")).toMatchObject({ match: false, compared: "none", missingOn: "green" });
    expect(verdict(r.tables, "scratch")).toMatchObject({ match: false, compared: "none", missingOn: "blue" });
  });

  it("--tables limits the comparison (by name or schema.table); an unknown name stops it before any read", async () => {
    const w = world();
    w.blue.tables.set("audit.events", { columns: ["id"], primaryKey: ["id"], rows: rows(3) });
    w.green.tables.set("audit.events", { columns: ["id"], primaryKey: ["id"], rows: rows(3) });
    const r = await w.run({ tables: ["public.customers", "audit.events"] });
    expect(r.tables.map((t) => t.table)).toEqual(["audit.events", "customers"]);
    expect(w.blue.calls.some((c) => c.includes("orders"))).toBe(false);
    w.blue.calls.length = 0;
    const refused = w.run({ tables: ["orders", "ordres"] });
    await expect(refused).rejects.toBeInstanceOf(UsageError);
    await expect(refused).rejects.toThrow(
      /--tables names ordres, which is not a table on blue or green \(tables: audit\.events, customers, orders\)/,
    );
    expect(w.blue.calls).toEqual(["listTables"]);
  });

  it("a composite key chunks and names its ranges as row values", async () => {
    const blue = new FakeDb("PostgreSQL 16.14", {
      lines: {
        columns: ["order_id", "line", "sku"],
        primaryKey: ["order_id", "line"],
        rows: Array.from({ length: 250 }, (_, i) => ({
          order_id: String(1 + Math.floor(i / 5)),
          line: String(1 + (i % 5)),
          sku: `s${i}`,
        })),
      },
    });
    const green = blue.clone();
    const changed = green.table("lines").rows[120];
    if (changed) changed.sku = "other";
    const r = await compareTables(
      blue.reader(),
      green.reader(),
      { ...SPEC, chunkSize: 100, rechecks: 0 },
      { clock: new FakeClock() },
    );
    const lines = verdict(r.tables, "lines");
    expect(lines?.differing).toEqual([{ from: ["21", "1"], to: ["41", "1"], blueRows: 100, greenRows: 100 }]);
    expect(describeRange(["order_id", "line"], lines?.differing[0] ?? {})).toBe(
      "(order_id, line) >= (21, 1) AND (order_id, line) < (41, 1)",
    );
  });
});

describe("describeRange", () => {
  it.each([
    [{}, "all rows"],
    [{ to: ["1001"] }, "id < 1001"],
    [{ from: ["1001"], to: ["2001"] }, "id >= 1001 AND id < 2001"],
    [{ from: ["2001"] }, "id >= 2001"],
  ])("%j → %s", (range, words) => {
    expect(describeRange(["id"], range)).toBe(words);
  });
});
