import { randomUUID } from "node:crypto";
import { UsageError } from "../../core/errors.js";
import type { Clock, WriteProbe, WriteProbeReport } from "../../ports/index.js";
import { probeUnreachable } from "./probe-errors.js";

/** One connection of a probe's database driver (pg, mysql2), speaking its own SQL. */
export interface ProbeSession {
  /** Inserts the heartbeat row; returns the server that acknowledged it, e.g. "PostgreSQL 17.2". */
  write(run: string, seq: number): Promise<string>;
  hasTable(): Promise<boolean>;
  createTable(): Promise<void>;
  /** The seqs of `run` present in the table. */
  seqs(run: string): Promise<number[]>;
  deleteRun(run: string): Promise<void>;
  close(): Promise<void>;
}

export interface ProbeDriver {
  /** The probe URL's endpoint, or another (blue's, green's) with the same credentials. */
  connect(endpoint?: { host: string; port: number }): Promise<ProbeSession>;
}

export interface ProbeLoopOptions {
  table: string;
  intervalMs: number;
  clock: Clock;
}

const IDENT = /^[a-z_][a-z0-9_]*$/;

/** The table name is put into SQL as is, so only a plain identifier is accepted. */
export function probeTable(table = "bgdb_probe"): string {
  if (!IDENT.test(table))
    throw new UsageError(`probe table name ${table} is not a plain identifier (letters, digits, _)`);
  return table;
}

/**
 * The write probe for any driver: writes a heartbeat row every interval through the production endpoint, reconnecting
 * after every failure, records which writes were acknowledged, and afterwards checks they are all there. It never
 * creates its table during a switchover (`ensureTable()` is for before the deployment exists).
 */
export function createProbeLoop(
  driver: ProbeDriver,
  o: ProbeLoopOptions,
): WriteProbe & { ensureTable(): Promise<void> } {
  const run = randomUUID();
  const acked: { seq: number; at: number }[] = [];
  /** When each failed write gave up: the change record charts them beside the acknowledged ones. */
  const failedAt: number[] = [];
  let startedAt: number | undefined;
  let seq = 0;
  let lastServerVersion: string | undefined;
  let loop: Promise<void> | undefined;
  const stopper = new AbortController();
  /** A connection for a check, or PROBE_UNREACHABLE saying how to fix the URL. */
  const reach = async (endpoint?: { host: string; port: number }): Promise<ProbeSession> => {
    try {
      return await driver.connect(endpoint);
    } catch (e) {
      throw probeUnreachable(e, endpoint ? `${endpoint.host}:${endpoint.port}` : "the probe URL's endpoint") ?? e;
    }
  };
  const write = async (session: ProbeSession | undefined): Promise<ProbeSession | undefined> => {
    const n = ++seq;
    try {
      const s = session ?? (await driver.connect());
      lastServerVersion = await s.write(run, n);
      acked.push({ seq: n, at: o.clock.now() });
      return s;
    } catch {
      failedAt.push(o.clock.now());
      await session?.close().catch(() => {});
      return undefined;
    }
  };
  return {
    table: o.table,
    intervalMs: o.intervalMs,
    async ensureTable() {
      const s = await reach();
      try {
        await s.createTable();
      } finally {
        await s.close().catch(() => {});
      }
    },
    async missingTable(endpoints) {
      const missing: string[] = [];
      for (const e of endpoints) {
        const s = await reach(e);
        try {
          if (!(await s.hasTable())) missing.push(`${e.host}:${e.port}`);
        } finally {
          await s.close().catch(() => {});
        }
      }
      return missing;
    },
    async start() {
      startedAt = o.clock.now();
      loop = (async () => {
        let session: ProbeSession | undefined;
        while (!stopper.signal.aborted) {
          const started = o.clock.now();
          session = await write(session);
          const wait = Math.max(0, o.intervalMs - (o.clock.now() - started));
          await o.clock.sleep(wait, stopper.signal).catch(() => {});
        }
        await session?.close().catch(() => {});
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
        const s = await driver.connect();
        try {
          const present = new Set(await s.seqs(run));
          missing = acked.filter((a) => !present.has(a.seq)).length;
          verified = true;
          await s.deleteRun(run);
        } finally {
          await s.close().catch(() => {});
        }
      } catch {
        verified = false;
      }
      const t0 = startedAt ?? acked[0]?.at ?? o.clock.now();
      return {
        acknowledged: acked.length,
        failed: failedAt.length,
        longestGapMs,
        longestGapStartedAt,
        missing,
        verified,
        lastServerVersion,
        timeline: {
          startedAt: new Date(t0).toISOString(),
          acknowledgedMs: acked.map((a) => a.at - t0),
          failedMs: failedAt.map((at) => at - t0),
        },
      };
    },
  };
}
