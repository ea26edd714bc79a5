import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import { DataPlane, freePort, type PgMajor, type PgServerSpec } from "../../src/dataplane/index.js";

/** One DataPlane in a temp dir; `dispose` must run in afterAll/afterEach so no server outlives a test. */
export interface Harness {
  plane: DataPlane;
  root: string;
  spec(id: string, major: PgMajor): Promise<PgServerSpec>;
  dispose(): Promise<void>;
}

export async function harness(): Promise<Harness> {
  const root = await mkdtemp(path.join(os.tmpdir(), "bgdb-dp-"));
  // The servers run as the `postgres` OS user when we are root: it must be able to reach its data dirs.
  await chmod(root, 0o755);
  const plane = new DataPlane({
    rootDir: root,
    log: (m) => process.env.BGDB_DP_LOG && console.log(`${new Date().toISOString().slice(17, 23)} ${m}`),
  });
  return {
    plane,
    root,
    spec: async (id, major) => ({
      id,
      major,
      dataDir: path.join(root, id),
      port: await freePort(),
      masterUser: "master",
      masterPassword: "s3cret'pw\\x",
      dbName: "orders",
    }),
    dispose: async () => {
      await plane.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}

/** A client to a loopback port (an endpoint or a server), with errors swallowed (sessions get terminated). */
export async function client(port: number, spec: PgServerSpec): Promise<pg.Client> {
  const c = new pg.Client({
    host: "127.0.0.1",
    port,
    user: spec.masterUser,
    password: spec.masterPassword,
    database: spec.dbName,
  });
  c.on("error", () => undefined);
  await c.connect();
  return c;
}

export async function query<T extends pg.QueryResultRow>(
  port: number,
  spec: PgServerSpec,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  const c = await client(port, spec);
  try {
    return (await c.query<T>(sql, params)).rows;
  } finally {
    await c.end();
  }
}

export const SCHEMA = `
CREATE TYPE status AS ENUM ('new', 'paid', 'shipped');
CREATE TABLE customers (id serial PRIMARY KEY, email text NOT NULL UNIQUE);
CREATE TABLE orders (
  id bigserial PRIMARY KEY,
  customer_id int NOT NULL REFERENCES customers(id),
  status status NOT NULL DEFAULT 'new',
  total numeric(10,2) CHECK (total >= 0),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX orders_customer_idx ON orders (customer_id);
CREATE VIEW paid_orders AS SELECT * FROM orders WHERE status = 'paid';
CREATE TABLE heartbeat (id bigserial PRIMARY KEY, at timestamptz NOT NULL DEFAULT clock_timestamp());
INSERT INTO customers (email) SELECT 'c' || g || '@example.com' FROM generate_series(1, 20) g;
INSERT INTO orders (customer_id, status, total) SELECT 1 + g % 20, 'paid', g FROM generate_series(1, 500) g;
`;

/** Polls `check` until it is true or `ms` passes. */
export async function eventually(check: () => Promise<boolean>, ms = 10_000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await sleep(100);
  }
  return check();
}

export { sleep };
