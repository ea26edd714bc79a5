import { setTimeout as sleep } from "node:timers/promises";
import type mysql from "mysql2/promise";
import {
  type EndpointMoves,
  runSwitchover,
  type SwitchoverEngine,
  type SwitchoverOptions,
  type SwitchoverResult,
} from "../switchover-core.js";
import { stopFollowing } from "./replication.js";
import { CONTROL_USER, type MariaDbServer, type Rows } from "./server.js";

export interface MariaDbSwitchoverContext extends EndpointMoves {
  blue: MariaDbServer;
  green: MariaDbServer;
}

/**
 * Client sessions: not replication threads (blue's Binlog Dump feeds green), not the event scheduler, not the control
 * plane's own (like RDS's rdsadmin, and the lag sampler only reads).
 */
const CLIENT_SESSIONS = `SELECT ID AS id FROM information_schema.PROCESSLIST
  WHERE ID <> CONNECTION_ID() AND USER NOT IN ('system user', 'event_scheduler', ?)
    AND COMMAND NOT IN ('Binlog Dump', 'Daemon', 'Slave_IO', 'Slave_SQL', 'Slave_worker')`;

const seconds = (deadline: number) => Math.max(0, (deadline - Date.now()) / 1000);

/** KILL is asynchronous (it flags the thread): waits, up to `deadline`, until every killed session is gone. */
async function killClients(c: mysql.Connection, deadline: number): Promise<void> {
  const [sessions] = await c.query<Rows>(CLIENT_SESSIONS, [CONTROL_USER]);
  const ids = sessions.map((s) => Number(s.id));
  for (const id of ids) await c.query(`KILL CONNECTION ${id}`).catch(() => undefined); // gone already
  while (ids.length && Date.now() < deadline) {
    const [[left]] = await c.query<Rows>(
      `SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE ID IN (${ids.join(",")})`,
    );
    if (Number(left?.n) === 0) return;
    await sleep(10);
  }
}

/**
 * The MariaDB steps of switchover-core.ts (the prototype's order, measured there: writes blocked 5–80 ms under a
 * writer every 20 ms). Writes are blocked with read_only, not FLUSH TABLES WITH READ LOCK: read_only is global and
 * survives the control connection (a lock would vanish with it and leave blue writable after the promotion),
 * writers fail fast instead of hanging, and the master user cannot bypass it (it lacks READ ONLY ADMIN). Rollback is
 * read_only off on blue; green was never touched.
 */
export async function switchover(ctx: MariaDbSwitchoverContext, opts: SwitchoverOptions): Promise<SwitchoverResult> {
  const blueC = await ctx.blue.admin();
  const greenC = await ctx.green.admin();
  try {
    return await runSwitchover(ctx, opts, mariaDbEngine(ctx.blue, ctx.green, blueC, greenC));
  } finally {
    await blueC.end().catch(() => blueC.destroy());
    await greenC.end().catch(() => greenC.destroy());
  }
}

function mariaDbEngine(
  blue: MariaDbServer,
  green: MariaDbServer,
  blueC: mysql.Connection,
  greenC: mysql.Connection,
): SwitchoverEngine {
  return {
    blueId: blue.spec.id,
    greenId: green.spec.id,
    async guardrails(longTxnS) {
      const [[replica]] = await greenC.query<Rows>("SHOW SLAVE STATUS");
      if (!replica) return "replication to green is not running (green has no replication configured)";
      if (replica.Slave_IO_Running !== "Yes" || replica.Slave_SQL_Running !== "Yes") {
        const error = replica.Last_SQL_Error || replica.Last_IO_Error;
        return `replication to green is not running (IO=${replica.Slave_IO_Running}, SQL=${replica.Slave_SQL_Running}${error ? `: ${error}` : ""})`;
      }
      // trx_started has one-second resolution: the check is good to ±1 s.
      const [[long]] = await blueC.query<Rows>(
        `SELECT trx_mysql_thread_id AS thread, TIMESTAMPDIFF(SECOND, trx_started, NOW()) AS age
         FROM information_schema.INNODB_TRX WHERE trx_started < NOW() - INTERVAL ? SECOND ORDER BY trx_started LIMIT 1`,
        [longTxnS],
      );
      if (long) return `long-running transaction on blue (thread ${long.thread}, open ${long.age} s > ${longTxnS} s)`;
      return undefined;
    },
    async freeze(deadline) {
      // SET GLOBAL read_only waits for running writes and commits, by default up to a day: bound it by the timeout.
      await blueC.query("SET SESSION lock_wait_timeout = ?", [Math.max(1, Math.ceil(seconds(deadline)))]);
      await blueC.query("SET GLOBAL read_only = ON");
      await killClients(blueC, deadline);
      // After the block and the kills, this bounds every commit any client was told about.
      const [[pos]] = await blueC.query<Rows>("SELECT @@gtid_binlog_pos AS p");
      return String(pos?.p ?? "");
    },
    endGreenSessions: (deadline) => killClients(greenC, deadline),
    async caughtUp(target, deadline) {
      const [[r]] = await greenC.query<Rows>("SELECT MASTER_GTID_WAIT(?, ?) AS r", [target, seconds(deadline)]);
      return Number(r?.r) === 0;
    },
    prepare: async () => "", // auto-increment counters came with the row events
    async promote() {
      await stopFollowing(green);
      // The write block becomes old blue's role: read-only across restarts, as RDS leaves it.
      await blue.setReadOnly(true);
    },
    async unfreeze() {
      await blueC.query("SET GLOBAL read_only = OFF");
    },
    // Control connections use the socket without a password; nothing secret can be in an error.
    redact: (text) => text,
  };
}
