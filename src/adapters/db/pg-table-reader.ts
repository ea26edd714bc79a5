/**
 * The table reader on PostgreSQL (RDS for PostgreSQL, Aurora PostgreSQL), with node-postgres. One session per side,
 * opened as pg-connect.ts opens every session bgdb reads with (read-only, statement and lock timeouts), each
 * statement its own short transaction. The session also pins how values print (time zone, date and interval styles,
 * float digits, bytea) so blue and green render the same value as the same text whatever their parameter groups say.
 */
import pg from "pg";
import type { DbTarget, KeyRange, KeyValue, RangeSum, TableInfo, TableReader } from "../../ports/index.js";
import { connectFailed, readFailed } from "./db-errors.js";
import { connectPg, type DbCredentials } from "./pg-connect.js";

export interface PgReaderOptions {
  /** @default 120000: a chunk that takes longer is a sign to use a smaller --chunk-size */
  statementTimeoutMs?: number;
}

/** How values print, pinned: blue and green render the same value as the same text whatever their groups say. */
const PRINTING = [
  "SET TimeZone = 'UTC'",
  "SET DateStyle = 'ISO, YMD'",
  "SET IntervalStyle = 'postgres'",
  "SET extra_float_digits = 1",
  "SET bytea_output = 'hex'",
];

const id = (name: string) => pg.escapeIdentifier(name);
const relation = (t: TableInfo) => `${id(t.schema)}.${id(t.table)}`;
/** `(a, b)` or `a`: the key as a row value, for comparisons and ORDER BY. */
const tuple = (xs: readonly string[]) => (xs.length === 1 ? (xs[0] ?? "") : `(${xs.join(", ")})`);

/** `WHERE key >= $1 AND key < $2` for a range, with its parameters (key values as text; PostgreSQL casts them). */
function whereOf(t: TableInfo, range: KeyRange, first = 1): { sql: string; params: string[] } {
  const key = tuple(t.primaryKey.map(id));
  const params: string[] = [];
  const bound = (op: string, v: KeyValue) => {
    const placeholders = v.map((x) => {
      params.push(x);
      return `$${first + params.length - 1}`;
    });
    return `${key} ${op} ${tuple(placeholders)}`;
  };
  const parts = [...(range.from ? [bound(">=", range.from)] : []), ...(range.to ? [bound("<", range.to)] : [])];
  return { sql: parts.length > 0 ? `WHERE ${parts.join(" AND ")}` : "", params };
}

const LIST_TABLES = `
SELECT n.nspname AS schema, c.relname AS table,
  array(SELECT a.attname::text FROM pg_attribute a
        WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum) AS columns,
  array(SELECT a.attname::text FROM pg_index i
        CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
        WHERE i.indrelid = c.oid AND i.indisprimary ORDER BY k.ord) AS pk
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
  AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
ORDER BY 1, 2`;

export async function openPgReader(target: DbTarget, c: DbCredentials, o: PgReaderOptions = {}): Promise<TableReader> {
  const where = `${target.side} ${target.host}:${target.port}`;
  const client = await connectPg(target, c, {
    applicationName: "bgdb verify",
    statementTimeoutMs: o.statementTimeoutMs ?? 120_000,
    settings: PRINTING,
  }).catch((e: unknown) => {
    throw connectFailed(e, where, c.source);
  });
  let server: string;
  try {
    const v = await client.query<{ v: string }>("SELECT current_setting('server_version') AS v");
    server = `PostgreSQL ${(v.rows[0]?.v ?? "?").split(" ")[0]}`;
  } catch (e) {
    await client.end().catch(() => {});
    throw connectFailed(e, where, c.source);
  }
  const read = async <R extends pg.QueryResultRow>(what: string, sql: string, params: unknown[] = []) => {
    try {
      return (await client.query<R>(sql, params)).rows;
    } catch (e) {
      throw readFailed(e, where, what);
    }
  };
  return {
    server,
    async listTables() {
      const rows = await read<{ schema: string; table: string; columns: string[]; pk: string[] }>(
        "the table list",
        LIST_TABLES,
      );
      return rows.map((r) => ({
        name: r.schema === "public" ? r.table : `${r.schema}.${r.table}`,
        schema: r.schema,
        table: r.table,
        columns: r.columns,
        primaryKey: r.pk,
      }));
    },
    async countRows(t) {
      const rows = await read<{ n: string }>(t.name, `SELECT count(*)::bigint AS n FROM ${relation(t)}`);
      return Number(rows[0]?.n ?? 0);
    },
    async keyAfter(t, from, skip) {
      const w = whereOf(t, from ? { from } : {});
      const keys = t.primaryKey.map((k, i) => `${id(k)}::text AS k${i}`).join(", ");
      const order = t.primaryKey.map(id).join(", ");
      const rows = await read<Record<string, string>>(
        t.name,
        `SELECT ${keys} FROM ${relation(t)} ${w.sql} ORDER BY ${order} OFFSET $${w.params.length + 1} LIMIT 1`,
        [...w.params, skip],
      );
      const row = rows[0];
      return row ? t.primaryKey.map((_, i) => row[`k${i}`] ?? "") : undefined;
    },
    async checksum(t, columns, range): Promise<RangeSum> {
      const w = whereOf(t, range);
      const order = t.primaryKey.map(id).join(", ");
      const row = `ROW(${columns.map(id).join(", ")})::text`;
      const rows = await read<{ n: string; d: string }>(
        t.name,
        `SELECT count(*)::bigint AS n, md5(coalesce(string_agg(md5(${row}), '' ORDER BY ${order}), '')) AS d FROM ${relation(t)} ${w.sql}`,
        w.params,
      );
      return { rows: Number(rows[0]?.n ?? 0), digest: rows[0]?.d ?? "" };
    },
    async close() {
      await client.end().catch(() => {});
    },
  };
}
