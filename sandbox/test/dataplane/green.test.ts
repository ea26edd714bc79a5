import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PgServerSpec } from "../../src/dataplane/index.js";
import { eventually, type Harness, harness, query, SCHEMA, sleep } from "./harness.js";

describe("green on 17 from a 16 blue", () => {
  let h: Harness;
  let blue: PgServerSpec;
  let green: PgServerSpec;

  beforeAll(async () => {
    h = await harness();
    blue = await h.spec("blue", 16);
    green = await h.spec("green", 17);
    await h.plane.createServer(blue);
    await query(blue.port, blue, SCHEMA);
    await h.plane.createGreen("blue", green);
  }, 60_000);
  afterAll(async () => h?.dispose());

  it("runs the requested majors", async () => {
    expect((await h.plane.status("blue")).version).toMatch(/^PostgreSQL 16\./);
    expect((await h.plane.status("green")).version).toMatch(/^PostgreSQL 17\./);
  });

  it("copies schema objects and rows", async () => {
    const count = await query<{ n: number }>(green.port, green, "SELECT count(*)::int AS n FROM orders");
    expect(count[0]?.n).toBe(500);
    const paid = await query<{ n: number }>(green.port, green, "SELECT count(*)::int AS n FROM paid_orders");
    expect(paid[0]?.n).toBe(500);
    const objects = await query<{ name: string }>(
      green.port,
      green,
      `SELECT indexname AS name FROM pg_indexes WHERE schemaname = 'public'
       UNION ALL SELECT conname FROM pg_constraint WHERE connamespace = 'public'::regnamespace
       UNION ALL SELECT typname FROM pg_type WHERE typtype = 'e'
       UNION ALL SELECT sequencename FROM pg_sequences`,
    );
    expect(objects.map((o) => o.name)).toEqual(
      expect.arrayContaining([
        "orders_customer_idx",
        "customers_email_key",
        "orders_customer_id_fkey",
        "orders_total_check",
        "status",
        "orders_id_seq",
      ]),
    );
  });

  it("keeps replicating: a row inserted on blue appears on green", async () => {
    await query(blue.port, blue, "INSERT INTO customers (email) VALUES ('late@example.com')");
    const seen = await eventually(async () => {
      const rows = await query(green.port, green, "SELECT 1 FROM customers WHERE email = 'late@example.com'");
      return rows.length === 1;
    });
    expect(seen).toBe(true);
  });

  it("upgrades a same-major green to 17 in place: same port, rows kept, still replicating", async () => {
    const green16 = await h.spec("green16", 16);
    await h.plane.createGreen("blue", green16);
    await h.plane.upgradeServer("green16", 17);
    expect((await h.plane.status("green16")).version).toMatch(/^PostgreSQL 17\./);
    const count = async (spec: PgServerSpec) =>
      (await query<{ n: number }>(spec.port, spec, "SELECT count(*)::int AS n FROM customers"))[0]?.n;
    expect(await count(green16)).toBe(await count(blue));
    await query(blue.port, blue, "INSERT INTO customers (email) VALUES ('after-upgrade@example.com')");
    const seen = await eventually(async () => {
      const rows = await query(
        green16.port,
        green16,
        "SELECT 1 FROM customers WHERE email = 'after-upgrade@example.com'",
      );
      return rows.length === 1;
    });
    expect(seen).toBe(true);
  }, 40_000);

  it("reports replication lag that grows under a write burst and settles after", async () => {
    // A burst of many mid-sized transactions for ~2 s: WAL is produced faster than the subscriber confirms.
    const burstEnd = Date.now() + 2000;
    const writer = async () => {
      while (Date.now() < burstEnd) {
        await query(
          blue.port,
          blue,
          "INSERT INTO orders (customer_id, total) SELECT 1 + g % 20, g FROM generate_series(1, 5000) g",
        );
      }
    };
    const writers = Promise.all([writer(), writer()]);
    let peak = 0;
    while (Date.now() < burstEnd) {
      peak = Math.max(peak, await h.plane.replicationLagBytes("blue"));
      await sleep(100);
    }
    await writers;
    let after = peak;
    const settled = await eventually(async () => {
      after = await h.plane.replicationLagBytes("blue");
      return after < 16 * 1024;
    }, 20_000);
    console.log(`lag: peak ${peak} bytes during a 2 s write burst, ${after} bytes once settled`);
    expect(peak).toBeGreaterThan(256 * 1024);
    expect(settled).toBe(true);
  }, 30_000);
});
