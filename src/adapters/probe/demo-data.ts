import pg from "pg";

/** The demo's application data: a table with a serial key, written before and checked after the switchover. */
export interface DemoSnapshot {
  version: string;
  rows: number;
  maxId: number;
}

export const DEMO_TABLE = "demo_orders";

async function withClient<T>(connectionString: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString, connectionTimeoutMillis: 5000 });
  c.on("error", () => {});
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end().catch(() => {});
  }
}

export function writeDemoRows(connectionString: string, count: number): Promise<void> {
  return withClient(connectionString, async (c) => {
    await c.query(
      `CREATE TABLE IF NOT EXISTS ${DEMO_TABLE} (id serial PRIMARY KEY, item text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`,
    );
    await c.query(`INSERT INTO ${DEMO_TABLE} (item) SELECT 'order-' || g FROM generate_series(1, $1::int) AS g`, [
      count,
    ]);
  });
}

export function readDemoData(connectionString: string): Promise<DemoSnapshot> {
  return withClient(connectionString, async (c) => {
    const v = await c.query<{ v: string }>("SELECT current_setting('server_version') AS v");
    const r = await c.query<{ n: string; m: string | null }>(`SELECT count(*) AS n, max(id) AS m FROM ${DEMO_TABLE}`);
    return { version: v.rows[0]?.v ?? "?", rows: Number(r.rows[0]?.n ?? 0), maxId: Number(r.rows[0]?.m ?? 0) };
  });
}
