/**
 * The DbInspector port on PostgreSQL: blue's settings, slots and subscriptions once, and each database's catalog
 * (RDS replicates every database, each on its own slot), read with the URL's credentials in sessions pg-connect.ts
 * opens (read-only, bounded by timeouts); every statement a catalog read, none takes a lock a writer would wait on.
 */

import type pg from "pg";
import { messageOf } from "../../core/errors.js";
import type { DbActivity, DbInspector, KeylessTable, PgDatabaseFacts, PgFacts } from "../../ports/index.js";
import { connectPg, type DbCredentials, type PgAt } from "./pg-connect.js";

/** The settings logical replication depends on (docs/rds-facts.md §4). */
const SETTINGS = [
  "wal_level",
  "max_replication_slots",
  "max_wal_senders",
  "max_logical_replication_workers",
  "max_worker_processes",
  "rds.logical_replication",
  "rds.logically_replicate_unlogged_tables",
  "shared_preload_libraries",
];

/** User relations: system schemas, TOAST and other sessions' temporary schemas left out. */
const USER_RELATION = `n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp\\_%'`;

const IDENTITY: Record<string, KeylessTable["identity"]> = { d: "default", n: "nothing", i: "index", f: "full" };

async function rows<T extends pg.QueryResultRow>(c: pg.Client, sql: string, params: unknown[] = []): Promise<T[]> {
  return (await c.query<T>(sql, params)).rows;
}

const relations = (c: pg.Client, where: string) =>
  rows<{ name: string }>(
    c,
    `SELECT n.nspname || '.' || c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE ${USER_RELATION} AND ${where} ORDER BY 1`,
  ).then((r) => r.map((x) => x.name));

/** One database's catalog, on a connection to it. */
async function databaseFacts(c: pg.Client, name: string): Promise<PgDatabaseFacts> {
  const keyless = await rows<{ name: string; identity: string }>(
    c,
    `SELECT n.nspname || '.' || c.relname AS name, c.relreplident AS identity
     FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE ${USER_RELATION} AND c.relkind = 'r' AND c.relpersistence = 'p'
       AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conrelid = c.oid AND k.contype = 'p')
     ORDER BY 1`,
  );
  const [counts] = await rows<{ lo: number; seq: number }>(
    c,
    `SELECT (SELECT count(*) FROM pg_largeobject_metadata)::int AS lo,
            (SELECT count(*) FROM pg_class WHERE relkind = 'S')::int AS seq`,
  );
  return {
    name,
    keyless: keyless.map((t) => ({ name: t.name, identity: IDENTITY[t.identity] ?? "default" })),
    unlogged: await relations(c, "c.relkind IN ('r', 'p') AND c.relpersistence = 'u'"),
    materializedViews: await relations(c, "c.relkind = 'm'"),
    largeObjects: counts?.lo ?? 0,
    extensions: await rows<{ name: string; version: string }>(
      c,
      "SELECT extname AS name, extversion AS version FROM pg_extension ORDER BY 1",
    ),
    sequences: counts?.seq ?? 0,
    publications: (await rows<{ name: string }>(c, "SELECT pubname AS name FROM pg_publication ORDER BY 1")).map(
      (p) => p.name,
    ),
  };
}

/** An inspector on one server: `main` is connected to the URL's database; the others are opened one at a time. */
export async function openPgInspector(at: PgAt, c: DbCredentials): Promise<DbInspector> {
  const connect = (database?: string) =>
    connectPg(database === undefined ? at : { ...at, database }, c, { applicationName: "bgdb preflight" });
  const main = await connect();
  return {
    async facts(): Promise<PgFacts> {
      const [head] = await rows<{ version: string; db: string }>(
        main,
        "SELECT current_setting('server_version') AS version, current_database() AS db",
      );
      const settings = Object.fromEntries(
        (
          await rows<{ name: string; setting: string }>(
            main,
            "SELECT name, setting FROM pg_settings WHERE name = ANY($1)",
            [SETTINGS],
          )
        ).map((s) => [s.name, s.setting]),
      );
      const slots = await rows<{
        name: string;
        type: string;
        plugin: string | null;
        database: string | null;
        active: boolean;
      }>(
        main,
        "SELECT slot_name AS name, slot_type AS type, plugin, database, active FROM pg_replication_slots ORDER BY 1",
      );
      const subscriptions = await rows<{ name: string }>(
        main,
        "SELECT subname AS name FROM pg_subscription ORDER BY 1",
      );
      const names = (
        await rows<{ name: string }>(
          main,
          "SELECT datname AS name FROM pg_database WHERE datallowconn AND NOT datistemplate AND datname <> 'rdsadmin' ORDER BY 1",
        )
      ).map((d) => d.name);
      const databases: PgDatabaseFacts[] = [];
      const unreadable: PgFacts["unreadable"] = [];
      for (const name of names) {
        try {
          if (name === head?.db) {
            databases.push(await databaseFacts(main, name));
            continue;
          }
          const other = await connect(name);
          try {
            databases.push(await databaseFacts(other, name));
          } finally {
            await other.end().catch(() => {});
          }
        } catch (e) {
          unreadable.push({ database: name, message: messageOf(e) });
        }
      }
      return {
        family: "postgres",
        server: `PostgreSQL ${head?.version ?? "?"}`,
        settings,
        slots: slots.map((s) => ({
          name: s.name,
          type: s.type === "logical" ? "logical" : "physical",
          ...(s.plugin ? { plugin: s.plugin } : {}),
          ...(s.database ? { database: s.database } : {}),
          active: s.active,
        })),
        subscriptions: subscriptions.map((s) => s.name),
        databases,
        unreadable,
      };
    },

    async activity(): Promise<DbActivity> {
      const sessions = await rows<{
        id: string;
        user: string | null;
        database: string | null;
        command: string | null;
        active: boolean;
        xact_ms: number | null;
        query_ms: number | null;
        wrote: boolean;
      }>(
        main,
        `SELECT pid::text AS id, usename AS user, datname AS database,
                upper(substring(query from '^\\s*([A-Za-z]+)')) AS command, state = 'active' AS active,
                (extract(epoch from clock_timestamp() - xact_start) * 1000)::float8 AS xact_ms,
                (extract(epoch from clock_timestamp() - query_start) * 1000)::float8 AS query_ms,
                backend_xid IS NOT NULL AS wrote
         FROM pg_stat_activity
         WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()
           AND (xact_start IS NOT NULL OR state = 'active')
         ORDER BY xact_start NULLS LAST`,
      );
      return {
        sessions: sessions.map((s) => ({
          id: s.id,
          ...(s.user ? { user: s.user } : {}),
          ...(s.database ? { database: s.database } : {}),
          ...(s.command ? { command: s.command } : {}),
          active: s.active,
          ...(s.xact_ms === null ? {} : { transactionMs: Math.round(s.xact_ms) }),
          ...(s.query_ms === null ? {} : { statementMs: Math.round(s.query_ms) }),
          wrote: s.wrote,
        })),
      };
    },

    async close() {
      await main.end().catch(() => {});
    },
  };
}
