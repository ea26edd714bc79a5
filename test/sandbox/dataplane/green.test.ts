import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PgServerSpec } from "../../../src/sandbox/dataplane/index.js";
import { eventually, type Harness, harness, query, SCHEMA } from "./harness.js";

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
});
