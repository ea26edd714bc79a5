import pg from "pg";
import type { Clock, WriteProbe } from "../../ports/index.js";
import { urlAt } from "../db/endpoint-url.js";
import { createProbeLoop, type ProbeSession, probeTable } from "./probe-loop.js";

export interface PgWriteProbeOptions {
  /** postgres://user:password@host:port/db — never logged or written anywhere. */
  connectionString: string;
  /** @default 100 */
  intervalMs?: number;
  /** @default "bgdb_probe" */
  table?: string;
  clock: Clock;
  /** Per-connection timeout so a write never hangs the probe. @default 2000 */
  connectTimeoutMs?: number;
}

/**
 * The write probe on PostgreSQL (probe-loop.ts does the writing and checking). It never creates its table during a
 * switchover: with logical replication DDL is not replicated, and a table only blue has breaks green's apply.
 * `ensureTable()` before the deployment exists.
 */
export function createPgWriteProbe(o: PgWriteProbeOptions): WriteProbe & { ensureTable(): Promise<void> } {
  const table = probeTable(o.table);
  const connect = async (endpoint?: { host: string; port: number }): Promise<ProbeSession> => {
    const c = new pg.Client({
      connectionString: endpoint ? urlAt(o.connectionString, endpoint) : o.connectionString,
      connectionTimeoutMillis: o.connectTimeoutMs ?? 2000,
    });
    c.on("error", () => {}); // a terminated session surfaces on the next query
    await c.connect();
    return {
      async write(run, seq) {
        const r = await c.query(
          `INSERT INTO ${table} (run, seq) VALUES ($1, $2) RETURNING current_setting('server_version') AS v`,
          [run, seq],
        );
        return `PostgreSQL ${r.rows[0]?.v ?? "?"}`;
      },
      hasTable: async () =>
        !!(await c.query<{ t: string | null }>("SELECT to_regclass($1)::text AS t", [table])).rows[0]?.t,
      createTable: async () =>
        void (await c.query(
          `CREATE TABLE IF NOT EXISTS ${table} (id bigserial PRIMARY KEY, run text NOT NULL, seq integer NOT NULL, at timestamptz NOT NULL DEFAULT now())`,
        )),
      seqs: async (run) =>
        (await c.query<{ seq: number }>(`SELECT seq FROM ${table} WHERE run = $1`, [run])).rows.map((x) =>
          Number(x.seq),
        ),
      deleteRun: async (run) => void (await c.query(`DELETE FROM ${table} WHERE run = $1`, [run])),
      close: () => c.end(),
    };
  };
  return createProbeLoop({ connect }, { table, intervalMs: o.intervalMs ?? 100, clock: o.clock });
}
