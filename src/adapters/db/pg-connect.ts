/**
 * The one way bgdb opens a PostgreSQL session to read a database — verify's table reader and preflight's inspector
 * alike: at an endpoint RDS names, with the credentials bgdb was given (a URL from the environment, whose host and
 * port the endpoint replaces; or, on the sandbox, the master user RDS reports), read-only for every statement, each
 * bounded by connect, statement and lock timeouts so a busy server never holds bgdb up or a writer waits on it.
 */
import pg from "pg";
import { urlAt } from "./endpoint-url.js";

/** The credentials bgdb reads databases with: one URL for every side and database. Never printed. */
export interface DbCredentials {
  /** A connection URL (its user, password, database and parameters; any host). */
  url?: string;
  /** Without a URL: the master user's password (the sandbox's, which is no secret). */
  password?: string;
  /** Where they come from, in words for messages: `the URL in $BGDB_DB_URL`. */
  source: string;
}

export interface PgAt {
  host: string;
  port: number;
  /** Without a URL: the user to log in as (the master user RDS reports). */
  user?: string;
  /** Another database than the URL's; without a URL, the database to connect to. @default the URL's, or postgres */
  database?: string;
}

export interface PgSessionOptions {
  /** In pg_stat_activity, so a DBA sees who reads. */
  applicationName: string;
  /** @default 10000 */
  connectTimeoutMs?: number;
  /** @default 15000 */
  statementTimeoutMs?: number;
  /** More of the session's settings, e.g. how values print. */
  settings?: readonly string[];
}

const READ_ONLY = [
  "SET default_transaction_read_only = on",
  "SET lock_timeout = '5s'",
  "SET idle_in_transaction_session_timeout = '60s'",
];

/** Connected and set up; the caller ends it. A failure (the driver's error) leaves no session open. */
export async function connectPg(at: PgAt, c: DbCredentials, o: PgSessionOptions): Promise<pg.Client> {
  const client = new pg.Client({
    ...(c.url
      ? { connectionString: urlAt(c.url, at) }
      : { host: at.host, port: at.port, user: at.user, password: c.password, database: at.database ?? "postgres" }),
    connectionTimeoutMillis: o.connectTimeoutMs ?? 10_000,
    statement_timeout: o.statementTimeoutMs ?? 15_000,
    application_name: o.applicationName,
  });
  client.on("error", () => {}); // a terminated session surfaces on the next query
  try {
    await client.connect();
    await client.query([...READ_ONLY, ...(o.settings ?? [])].join("; "));
    return client;
  } catch (e) {
    await client.end().catch(() => {});
    throw e;
  }
}
