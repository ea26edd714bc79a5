import { randomUUID } from "node:crypto";
import pg from "pg";
import { UsageError } from "../../core/errors.js";
import type { Clock, WriteProbe, WriteProbeReport } from "../../ports/index.js";
import { urlAt } from "../db/endpoint-url.js";

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

const IDENT = /^[a-z_][a-z0-9_]*$/;

/**
 * Writes a heartbeat row every `intervalMs` through the given endpoint, reconnecting after every failure, and records
 * which writes were acknowledged. It never creates its table during a switchover: with PostgreSQL logical replication
 * DDL is not replicated, and a table only blue has breaks green's apply. `ensureTable()` before the deployment exists.
 */
export function createPgWriteProbe(o: PgWriteProbeOptions): WriteProbe & { ensureTable(): Promise<void> } {
  const table = o.table ?? "bgdb_probe";
  if (!IDENT.test(table))
    throw new UsageError(`probe table name ${table} is not a plain identifier (letters, digits, _)`);
  const interval = o.intervalMs ?? 100;
  const run = randomUUID();
  const acked: { seq: number; at: number }[] = [];
  let failed = 0;
  let seq = 0;
  let lastServerVersion: string | undefined;
  let loop: Promise<void> | undefined;
  const stopper = new AbortController();
  const connect = async (endpoint?: { host: string; port: number }) => {
    // node-postgres lets a connectionString's host win over a `host` beside it: the endpoint goes into the URL.
    const c = new pg.Client({
      connectionString: endpoint ? urlAt(o.connectionString, endpoint) : o.connectionString,
      connectionTimeoutMillis: o.connectTimeoutMs ?? 2000,
    });
    c.on("error", () => {}); // a terminated session surfaces on the next query
    await c.connect();
    return c;
  };
  const ensureTable = async () => {
    const c = await connect();
    try {
      await c.query(
        `CREATE TABLE IF NOT EXISTS ${table} (id bigserial PRIMARY KEY, run text NOT NULL, seq integer NOT NULL, at timestamptz NOT NULL DEFAULT now())`,
      );
    } finally {
      await c.end().catch(() => {});
    }
  };
  const write = async (client: pg.Client | undefined): Promise<pg.Client | undefined> => {
    const n = ++seq;
    try {
      const c = client ?? (await connect());
      const r = await c.query(
        `INSERT INTO ${table} (run, seq) VALUES ($1, $2) RETURNING current_setting('server_version') AS v`,
        [run, n],
      );
      acked.push({ seq: n, at: o.clock.now() });
      lastServerVersion = `PostgreSQL ${r.rows[0]?.v ?? "?"}`;
      return c;
    } catch {
      failed++;
      await client?.end().catch(() => {});
      return undefined;
    }
  };
  return {
    table,
    intervalMs: interval,
    ensureTable,
    async missingTable(endpoints) {
      const missing: string[] = [];
      for (const e of endpoints) {
        const c = await connect(e);
        try {
          const r = await c.query<{ t: string | null }>("SELECT to_regclass($1)::text AS t", [table]);
          if (!r.rows[0]?.t) missing.push(`${e.host}:${e.port}`);
        } finally {
          await c.end().catch(() => {});
        }
      }
      return missing;
    },
    async start() {
      loop = (async () => {
        let client: pg.Client | undefined;
        while (!stopper.signal.aborted) {
          const started = o.clock.now();
          client = await write(client);
          const wait = Math.max(0, interval - (o.clock.now() - started));
          await o.clock.sleep(wait, stopper.signal).catch(() => {});
        }
        await client?.end().catch(() => {});
      })();
    },
    async stop(): Promise<WriteProbeReport> {
      stopper.abort();
      await loop;
      let longestGapMs = 0;
      let longestGapStartedAt: string | undefined;
      for (let i = 1; i < acked.length; i++) {
        const gap = (acked[i]?.at ?? 0) - (acked[i - 1]?.at ?? 0);
        if (gap > longestGapMs) {
          longestGapMs = gap;
          longestGapStartedAt = new Date(acked[i - 1]?.at ?? 0).toISOString();
        }
      }
      let missing = acked.length;
      let verified = false;
      try {
        const c = await connect();
        try {
          const r = await c.query<{ seq: number }>(`SELECT seq FROM ${table} WHERE run = $1`, [run]);
          const present = new Set(r.rows.map((x) => Number(x.seq)));
          missing = acked.filter((a) => !present.has(a.seq)).length;
          verified = true;
          await c.query(`DELETE FROM ${table} WHERE run = $1`, [run]);
        } finally {
          await c.end().catch(() => {});
        }
      } catch {
        verified = false;
      }
      return {
        acknowledged: acked.length,
        failed,
        longestGapMs,
        longestGapStartedAt,
        missing,
        verified,
        lastServerVersion,
      };
    },
  };
}
