import mysql from "mysql2/promise";
import type { Clock, WriteProbe } from "../../ports/index.js";
import { createProbeLoop, type ProbeSession, probeTable } from "./probe-loop.js";
import { serverName } from "./server-name.js";

export interface MysqlWriteProbeOptions {
  /** mysql://user:password@host:port/db (mariadb:// too) — never logged or written anywhere. */
  connectionString: string;
  /** @default 100 */
  intervalMs?: number;
  /** @default "bgdb_probe" */
  table?: string;
  clock: Clock;
  /** Per-connection timeout so a write never hangs the probe. @default 2000 */
  connectTimeoutMs?: number;
}

/** The DDL the probe expects (for the README and tests; the probe creates it only through `ensureTable()`). */
export const MYSQL_PROBE_TABLE_DDL = (table: string) =>
  `CREATE TABLE IF NOT EXISTS ${table} (id BIGINT AUTO_INCREMENT PRIMARY KEY, run VARCHAR(36) NOT NULL, seq INT NOT NULL, at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), KEY (run)) ENGINE=InnoDB`;

/**
 * The write probe on RDS for MySQL and MariaDB (probe-loop.ts does the writing and checking), with mysql2. Binlog
 * replication does carry DDL, but the probe still never creates its table mid-switchover: the check that it exists on
 * blue and green is the same for every engine.
 */
export function createMysqlWriteProbe(o: MysqlWriteProbeOptions): WriteProbe & { ensureTable(): Promise<void> } {
  const table = probeTable(o.table);
  const url = new URL(o.connectionString);
  const connect = async (endpoint?: { host: string; port: number }): Promise<ProbeSession> => {
    const c = await mysql.createConnection({
      host: endpoint?.host ?? url.hostname,
      port: endpoint?.port ?? Number(url.port || 3306),
      user: decodeURIComponent(url.username),
      password: decodeURIComponent(url.password),
      database: decodeURIComponent(url.pathname.replace(/^\//, "")) || undefined,
      connectTimeout: o.connectTimeoutMs ?? 2000,
    });
    c.on("error", () => {}); // a killed session surfaces on the next query
    const version = await c.query<mysql.RowDataPacket[]>("SELECT VERSION() AS v").catch((e: unknown) => {
      c.destroy();
      throw e;
    });
    const server = serverName(String(version[0][0]?.v ?? "?"));
    return {
      async write(run, seq) {
        await c.query(`INSERT INTO ${table} (run, seq) VALUES (?, ?)`, [run, seq]);
        return server;
      },
      hasTable: async () =>
        (
          await c.query<mysql.RowDataPacket[]>(
            "SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?",
            [table],
          )
        )[0].length > 0,
      createTable: async () => void (await c.query(MYSQL_PROBE_TABLE_DDL(table))),
      seqs: async (run) =>
        (await c.query<mysql.RowDataPacket[]>(`SELECT seq FROM ${table} WHERE run = ?`, [run]))[0].map((r) =>
          Number(r.seq),
        ),
      deleteRun: async (run) => void (await c.query(`DELETE FROM ${table} WHERE run = ?`, [run])),
      close: () => c.end(),
    };
  };
  return createProbeLoop({ connect }, { table, intervalMs: o.intervalMs ?? 100, clock: o.clock });
}
