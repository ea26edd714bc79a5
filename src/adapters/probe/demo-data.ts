/**
 * The demo's application data: a table with a server-generated key (serial, AUTO_INCREMENT), written before the
 * switchover and checked after it, on PostgreSQL (pg) and on the MySQL family (mysql2). The drivers load only for
 * the engine in use.
 */
import type { RowDataPacket } from "mysql2/promise";
import { serverName } from "./server-name.js";

export interface DemoSnapshot {
  /** As the server reports it: `server_version`, `VERSION()`. */
  version: string;
  /** "PostgreSQL 17.5", "MariaDB 10.11.19". */
  server: string;
  rows: number;
  maxId: number;
}

export interface DemoDatabase {
  writeRows(count: number): Promise<void>;
  read(): Promise<DemoSnapshot>;
  /** A server variable as the server runs it (`SHOW VARIABLES`, `current_setting`). */
  variable(name: string): Promise<string | undefined>;
}

export const DEMO_TABLE = "demo_orders";

interface Session {
  rows(sql: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

/** One connection per call, closed whatever happens: the demo reads through endpoints that change under it. */
function demoDatabase(
  connect: () => Promise<Session>,
  sql: { create: string; placeholder: (i: number) => string; version: string; variable: string },
  serverOf: (version: string) => string,
): DemoDatabase {
  const using = async <T>(fn: (s: Session) => Promise<T>): Promise<T> => {
    const s = await connect();
    try {
      return await fn(s);
    } finally {
      await s.close().catch(() => {});
    }
  };
  return {
    writeRows: (count) =>
      using(async (s) => {
        await s.rows(sql.create);
        const items = Array.from({ length: count }, (_, i) => `order-${i + 1}`);
        const values = items.map((_, i) => `(${sql.placeholder(i + 1)})`).join(", ");
        await s.rows(`INSERT INTO ${DEMO_TABLE} (item) VALUES ${values}`, items);
      }),
    read: () =>
      using(async (s) => {
        const version = String((await s.rows(sql.version))[0]?.v ?? "?");
        const [r] = await s.rows(`SELECT count(*) AS n, max(id) AS m FROM ${DEMO_TABLE}`);
        return { version, server: serverOf(version), rows: Number(r?.n ?? 0), maxId: Number(r?.m ?? 0) };
      }),
    variable: (name) =>
      using(async (s) => {
        const v = (await s.rows(sql.variable, [name]))[0]?.v;
        return v === undefined || v === null ? undefined : String(v);
      }),
  };
}

export function pgDemoDatabase(connectionString: string): DemoDatabase {
  return demoDatabase(
    async () => {
      const { default: pg } = await import("pg");
      const c = new pg.Client({ connectionString, connectionTimeoutMillis: 5000 });
      c.on("error", () => {});
      await c.connect();
      return { rows: async (q, params) => (await c.query(q, params)).rows, close: () => c.end() };
    },
    {
      create: `CREATE TABLE IF NOT EXISTS ${DEMO_TABLE} (id serial PRIMARY KEY, item text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`,
      placeholder: (i) => `$${i}`,
      version: "SELECT current_setting('server_version') AS v",
      variable: "SELECT current_setting($1, true) AS v",
    },
    (version) => `PostgreSQL ${version}`,
  );
}

/** mysql://user:password@host:port/db (mariadb:// too). */
export function mysqlDemoDatabase(connectionString: string): DemoDatabase {
  const url = new URL(connectionString);
  return demoDatabase(
    async () => {
      const { default: mysql } = await import("mysql2/promise");
      const c = await mysql.createConnection({
        host: url.hostname,
        port: Number(url.port || 3306),
        user: decodeURIComponent(url.username),
        password: decodeURIComponent(url.password),
        database: decodeURIComponent(url.pathname.replace(/^\//, "")) || undefined,
        connectTimeout: 5000,
      });
      c.on("error", () => {});
      return {
        rows: async (q, params) => (await c.query<RowDataPacket[]>(q, params))[0],
        close: () => c.end(),
      };
    },
    {
      create: `CREATE TABLE IF NOT EXISTS ${DEMO_TABLE} (id BIGINT AUTO_INCREMENT PRIMARY KEY, item VARCHAR(64) NOT NULL, created_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)) ENGINE=InnoDB`,
      placeholder: () => "?",
      version: "SELECT VERSION() AS v",
      variable: "SELECT VARIABLE_VALUE AS v FROM information_schema.GLOBAL_VARIABLES WHERE VARIABLE_NAME = UPPER(?)",
    },
    serverName,
  );
}
