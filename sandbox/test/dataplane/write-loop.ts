import type pg from "pg";
import type { PgServerSpec } from "../../src/dataplane/index.js";
import { client, sleep } from "./harness.js";

export interface WriteLoopReport {
  /** Heartbeat ids the server acknowledged, in acknowledgement order. */
  acked: number[];
  /** Longest time between two consecutive acknowledged writes, as the client saw it. */
  longestGapMs: number;
  errors: string[];
}

/**
 * A bounded client writing a heartbeat row every `everyMs` through an endpoint, reconnecting on any error,
 * the way an application with a pool rides through a switchover.
 */
export function startWriteLoop(port: number, spec: PgServerSpec, everyMs = 20, maxMs = 30_000) {
  let stopping = false;
  const report: WriteLoopReport = { acked: [], longestGapMs: 0, errors: [] };
  const done = (async () => {
    const end = Date.now() + maxMs;
    let lastAck = Date.now();
    let c: pg.Client | undefined;
    while (!stopping && Date.now() < end) {
      try {
        c ??= await client(port, spec);
        const { rows } = await c.query<{ id: string }>("INSERT INTO heartbeat DEFAULT VALUES RETURNING id");
        const now = Date.now();
        report.longestGapMs = Math.max(report.longestGapMs, now - lastAck);
        lastAck = now;
        report.acked.push(Number(rows[0]?.id));
      } catch (err) {
        report.errors.push(String(err));
        await c?.end().catch(() => undefined);
        c = undefined;
      }
      await sleep(everyMs);
    }
    await c?.end().catch(() => undefined);
    return report;
  })();
  return {
    stop: async (): Promise<WriteLoopReport> => {
      stopping = true;
      return done;
    },
  };
}
