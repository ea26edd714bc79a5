import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import { type PgServerSpec, withClient } from "./pg-server.js";

/** One publication per blue (FOR ALL TABLES, as RDS sets it up for a logical blue/green). */
export const PUBLICATION = "bgdb_pub";

/** Subscription (and, by PostgreSQL default, slot) name of a subscriber: identifier-safe. */
export function subscriptionName(subscriberId: string): string {
  return `bgdb_sub_${subscriberId.toLowerCase().replace(/[^a-z0-9_]/g, "_")}`.slice(0, 63);
}

/** libpq conninfo value quoting: single quotes, backslash-escaped. */
function conninfo(spec: PgServerSpec): string {
  const q = (v: string) => `'${v.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
  return [
    `host=127.0.0.1 port=${spec.port}`,
    `user=${q(spec.masterUser)} password=${q(spec.masterPassword)} dbname=${q(spec.dbName)}`,
  ].join(" ");
}

/**
 * Publication on the publisher, subscription with initial copy on the subscriber, then waits until every
 * table reached `r`eady/`s`ynced. The subscription stores the master password in the subscriber's catalog,
 * as any PostgreSQL subscription does; it is never logged.
 */
export async function subscribe(publisher: PgServerSpec, subscriber: PgServerSpec, timeoutMs = 60_000): Promise<void> {
  await withClient(publisher, async (c) => {
    const exists = await c.query("SELECT 1 FROM pg_publication WHERE pubname = $1", [PUBLICATION]);
    if (exists.rowCount === 0) await c.query(`CREATE PUBLICATION ${PUBLICATION} FOR ALL TABLES`);
  });
  const sub = subscriptionName(subscriber.id);
  await withClient(subscriber, (c) =>
    c.query(
      `CREATE SUBSCRIPTION ${sub} CONNECTION ${pg.escapeLiteral(conninfo(publisher))} PUBLICATION ${PUBLICATION} WITH (copy_data = true)`,
    ),
  );
  await waitInitialSync(subscriber, timeoutMs);
}

async function waitInitialSync(subscriber: PgServerSpec, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const sql = `SELECT count(*)::int AS pending FROM pg_subscription_rel r JOIN pg_subscription s ON s.oid = r.srsubid
               WHERE s.subname = $1 AND r.srsubstate NOT IN ('r', 's')`;
  await withClient(subscriber, async (c) => {
    for (;;) {
      const { rows } = await c.query<{ pending: number }>(sql, [subscriptionName(subscriber.id)]);
      if (rows[0]?.pending === 0) return;
      if (Date.now() > deadline) throw new Error(`initial sync of ${subscriber.id} not done after ${timeoutMs} ms`);
      await sleep(100);
    }
  });
}

/** Whether `spec` has a bgdb subscription (i.e. is a green being fed by a blue). */
export async function hasSubscription(spec: PgServerSpec): Promise<boolean> {
  const sql = "SELECT 1 FROM pg_subscription WHERE subname = $1";
  return withClient(spec, async (c) => ((await c.query(sql, [subscriptionName(spec.id)])).rowCount ?? 0) > 0);
}

/** Drops the subscription; PostgreSQL also drops its slot on the publisher (which must be reachable). */
export async function unsubscribe(subscriber: PgServerSpec): Promise<void> {
  await withClient(subscriber, (c) => c.query(`DROP SUBSCRIPTION IF EXISTS ${subscriptionName(subscriber.id)}`));
}

/** RDS OldestReplicationSlotLag: bytes of WAL the slowest logical slot's consumer has not confirmed. */
export const LAG_SQL = `SELECT coalesce(max(pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn)), 0)::bigint AS lag
  FROM pg_replication_slots WHERE slot_type = 'logical'`;

export async function lagBytes(publisher: PgServerSpec): Promise<number> {
  return withClient(publisher, async (c) => Number((await c.query<{ lag: string }>(LAG_SQL)).rows[0]?.lag ?? 0));
}

/**
 * Logical replication does not carry sequence values: set each of the target's sequences to the source's
 * last_value (is_called = true, so the next nextval continues after it). Sequences never used are skipped.
 */
export async function copySequences(from: pg.Client, to: pg.Client): Promise<number> {
  const { rows } = await from.query<{ s: string; n: string; v: string }>(
    "SELECT schemaname AS s, sequencename AS n, last_value::text AS v FROM pg_sequences WHERE last_value IS NOT NULL",
  );
  for (const r of rows) {
    const name = `${pg.escapeIdentifier(r.s)}.${pg.escapeIdentifier(r.n)}`;
    await to.query("SELECT setval($1::regclass, $2::bigint, true)", [name, r.v]);
  }
  return rows.length;
}

/** Seconds behind as the walsenders on the publisher report it; NULL (undefined) when nothing is in flight. */
export async function lagSeconds(publisher: PgServerSpec): Promise<number | undefined> {
  const sql = "SELECT max(extract(epoch FROM replay_lag))::float8 AS s FROM pg_stat_replication";
  const row = await withClient(publisher, async (c) => (await c.query<{ s: number | null }>(sql)).rows[0]);
  return row?.s ?? undefined;
}

/** A slot nobody streams from (its subscriber died before finishing): dropped so a new subscription can reuse the name. */
export async function dropInactiveSlot(publisher: PgServerSpec, slot: string): Promise<void> {
  await withClient(publisher, (c) =>
    c.query(
      "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = $1 AND NOT active",
      [slot],
    ),
  );
}
