import type mysql from "mysql2/promise";
import type { MasterAccount } from "../../src/dataplane/mariadb/plane.js";
import { type MariaDbAt, mariaDbClient, mariaDbQuery } from "./mariadb-harness.js";

/** What an application writing through an endpoint saw: seq → the auto-increment id it was told. */
export interface MariaDbWriteReport {
  acked: Map<number, number>;
  longestGapMs: number;
  errors: string[];
}

/** `CREATE TABLE writes …` for the loop: seq is the client's own key, id the server's auto-increment. */
export const WRITES_TABLE =
  "CREATE TABLE writes (id BIGINT AUTO_INCREMENT PRIMARY KEY, seq INT NOT NULL UNIQUE, at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)) ENGINE=InnoDB";

/**
 * A client inserting a row every `everyMs` through `at`, reconnecting after any error and retrying the same seq,
 * the way an application with a pool rides through a switchover. A duplicate key on a retry means the earlier
 * attempt committed but its answer was lost: it counts as acknowledged with the id found.
 */
export function startMariaDbWriteLoop(at: MariaDbAt, master: MasterAccount, everyMs = 20, maxMs = 60_000) {
  let stopping = false;
  const report: MariaDbWriteReport = { acked: new Map(), longestGapMs: 0, errors: [] };
  const done = (async () => {
    const end = Date.now() + maxMs;
    let lastAck = Date.now();
    let seq = 1;
    let c: mysql.Connection | undefined;
    const ack = (id: number) => {
      const now = Date.now();
      report.longestGapMs = Math.max(report.longestGapMs, now - lastAck);
      lastAck = now;
      report.acked.set(seq++, id);
    };
    while (!stopping && Date.now() < end) {
      try {
        c ??= await mariaDbClient(at, master);
        const [r] = await c.query<mysql.ResultSetHeader>("INSERT INTO writes (seq) VALUES (?)", [seq]);
        ack(r.insertId);
      } catch (err) {
        const e = err as { code?: string; message?: string };
        if (e.code === "ER_DUP_ENTRY") {
          const [row] = await mariaDbQuery(at, master, "SELECT id FROM writes WHERE seq = ?", [seq]);
          ack(Number(row?.id));
        } else {
          report.errors.push(e.code ?? String(e.message));
          c?.destroy();
          c = undefined;
        }
      }
      await new Promise((r) => setTimeout(r, everyMs));
    }
    c?.destroy();
    return report;
  })();
  return {
    stop: async (): Promise<MariaDbWriteReport> => {
      stopping = true;
      return done;
    },
  };
}

/** Acknowledged writes missing on the server behind `at`, or there with another id than the client was told. */
export async function checkAcked(at: MariaDbAt, master: MasterAccount, report: MariaDbWriteReport) {
  const rows = await mariaDbQuery(at, master, "SELECT seq, id FROM writes");
  const onServer = new Map(rows.map((r) => [Number(r.seq), Number(r.id)]));
  let missing = 0;
  let mismatched = 0;
  for (const [seq, id] of report.acked) {
    if (!onServer.has(seq)) missing++;
    else if (onServer.get(seq) !== id) mismatched++;
  }
  const ids = new Set(rows.map((r) => Number(r.id)));
  return { acked: report.acked.size, missing, mismatched, duplicateIds: rows.length - ids.size };
}
