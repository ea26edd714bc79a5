import { randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { MariaDbServer, Rows } from "./server.js";

/** Per green, on blue: only REPLICATION SLAVE, from loopback. Its password lives in green's master.info only. */
const REPL_USER = "bgdb_repl";

export interface ReplicaStatus {
  running: boolean;
  /** e.g. "IO=Yes, SQL=No: <last error>" for messages. */
  summary: string;
}

/**
 * Green follows blue from `gtid` (where its copy was taken), over blue's internal port (never an endpoint proxy:
 * production's moves at switchover). Read-only while it follows, as RDS keeps a green.
 */
export async function followBlue(blue: MariaDbServer, green: MariaDbServer, gtid: string): Promise<void> {
  const password = randomBytes(18).toString("base64url");
  await blue.withAdmin(async (c) => {
    // Not binlogged: green must not get (or replay) its own replication account.
    await c.query("SET SESSION sql_log_bin = 0");
    await c.query("CREATE OR REPLACE USER ?@'127.0.0.1' IDENTIFIED BY ?", [REPL_USER, password]);
    await c.query("GRANT REPLICATION SLAVE ON *.* TO ?@'127.0.0.1'", [REPL_USER]);
  });
  await green.withAdmin(async (c) => {
    // Strict GTID mode refuses a slave position behind green's own binlog: green must have written none of its own.
    const [[own]] = await c.query<Rows>("SELECT @@gtid_binlog_pos AS p");
    if (own?.p) await c.query("RESET MASTER");
    await c.query("SET GLOBAL gtid_slave_pos = ?", [gtid]);
    // MASTER_CONNECT_RETRY defaults to 60 s: green would stay disconnected for a minute after blue restarts.
    await c.query(
      `CHANGE MASTER TO MASTER_HOST = '127.0.0.1', MASTER_PORT = ?, MASTER_USER = ?, MASTER_PASSWORD = ?,
       MASTER_USE_GTID = slave_pos, MASTER_CONNECT_RETRY = 1, MASTER_HEARTBEAT_PERIOD = 1`,
      [blue.spec.port, REPL_USER, password],
    );
    await c.query("SET GLOBAL read_only = ON");
    await c.query("START SLAVE");
  });
  await waitReplicating(green, 15_000);
}

export async function replicaStatus(server: MariaDbServer): Promise<ReplicaStatus | undefined> {
  const [s] = await server.query("SHOW SLAVE STATUS");
  if (!s) return undefined;
  const error = s.Last_SQL_Error || s.Last_IO_Error;
  return {
    running: s.Slave_IO_Running === "Yes" && s.Slave_SQL_Running === "Yes",
    summary: `IO=${s.Slave_IO_Running}, SQL=${s.Slave_SQL_Running}${error ? `: ${error}` : ""}`,
  };
}

/** Waits until both replication threads run (after START SLAVE or a restart of green). */
export async function waitReplicating(green: MariaDbServer, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = await replicaStatus(green);
    if (status?.running) return;
    if (Date.now() > deadline) {
      throw new Error(`replication to ${green.spec.id} is not running (${status?.summary ?? "not configured"})`);
    }
    await sleep(20);
  }
}

/** Green leaves its blue for good: no replication configuration left, writable. */
export async function stopFollowing(green: MariaDbServer): Promise<void> {
  await green.withAdmin(async (c) => {
    await c.query("STOP SLAVE");
    await c.query("RESET SLAVE ALL");
  });
  await green.setReadOnly(false);
}
