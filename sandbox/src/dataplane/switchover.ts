import type pg from "pg";
import { freezeWrites, terminateClients, unfreezeWrites, waitConfirmed } from "./catch-up.js";
import { connect, type PgServerSpec } from "./pg-server.js";
import { copySequences, subscriptionName, unsubscribe } from "./replication.js";
import { redact } from "./schema-copy.js";
import {
  type EndpointMoves,
  runSwitchover,
  type SwitchoverEngine,
  type SwitchoverOptions,
  type SwitchoverResult,
} from "./switchover-core.js";

export type { SwitchoverOptions, SwitchoverResult } from "./switchover-core.js";

/** What switchover needs from the DataPlane: the two servers and its endpoint table. */
export interface SwitchoverContext extends EndpointMoves {
  blue: PgServerSpec;
  green: PgServerSpec;
}

/**
 * The PostgreSQL steps of switchover-core.ts. Until the subscription is dropped nothing on blue has changed but a
 * database-level read-only default, so rollback is: reset it (the core releases the held connections).
 */
export async function switchover(ctx: SwitchoverContext, opts: SwitchoverOptions): Promise<SwitchoverResult> {
  const { blue, green } = ctx;
  const blueC = await connect(blue);
  const greenC = await connect(green);
  try {
    // Our control sessions must keep writing (ALTER DATABASE, setval) after the read-only default is set.
    await blueC.query("SET default_transaction_read_only = off");
    return await runSwitchover(ctx, opts, pgEngine(blue, green, blueC, greenC));
  } finally {
    await blueC.end().catch(() => undefined);
    await greenC.end().catch(() => undefined);
  }
}

function pgEngine(blue: PgServerSpec, green: PgServerSpec, blueC: pg.Client, greenC: pg.Client): SwitchoverEngine {
  return {
    blueId: blue.id,
    greenId: green.id,
    guardrails: (longTxnS) => guardrails(blueC, greenC, green, longTxnS),
    freeze: () => freezeWrites(blueC, blue.dbName),
    endGreenSessions: () => terminateClients(greenC),
    caughtUp: (target, deadline) => waitConfirmed(blueC, subscriptionName(green.id), target, deadline),
    prepare: async () => `${await copySequences(blueC, greenC)} sequences`,
    promote: () => unsubscribe(green),
    unfreeze: () => unfreezeWrites(blueC, blue.dbName),
    redact: (text) => redact(text, blue, green),
  };
}

async function guardrails(
  blueC: pg.Client,
  greenC: pg.Client,
  green: PgServerSpec,
  longTxnS: number,
): Promise<string | undefined> {
  const long = await blueC.query<{ pid: number; age: string }>(
    `SELECT pid, round(extract(epoch FROM now() - xact_start))::text AS age FROM pg_stat_activity
     WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()
       AND xact_start < now() - make_interval(secs => $1) ORDER BY xact_start LIMIT 1`,
    [longTxnS],
  );
  const oldest = long.rows[0];
  if (oldest) return `long-running transaction on blue (pid ${oldest.pid}, open ${oldest.age} s > ${longTxnS} s)`;
  const sub = await greenC.query<{ subenabled: boolean }>("SELECT subenabled FROM pg_subscription WHERE subname = $1", [
    subscriptionName(green.id),
  ]);
  if (sub.rows[0]?.subenabled !== true) return "replication to green is not running (no enabled subscription)";
  return undefined;
}
