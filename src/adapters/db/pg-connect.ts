/**
 * A PostgreSQL connection with the credentials of a URL from the environment (never logged), at an endpoint RDS
 * names: the URL's user, password, database and parameters, RDS's host and port. Small on purpose: `bgdb verify`
 * opens its readers the same way, and the two fold into one helper.
 */
import pg from "pg";

export interface PgEndpoint {
  host: string;
  port: number;
  /** Another database than the URL's (one server, several databases). */
  database?: string;
}

export interface PgConnectOptions {
  /** @default 5000 */
  connectTimeoutMs?: number;
  /** Per statement, so a busy catalog never holds bgdb up. @default 15000 */
  statementTimeoutMs?: number;
}

/** The URL with `at`'s host, port and database: a connection string pg reads (its fields would lose to the URL's). */
export function urlAt(url: string, at: PgEndpoint): string {
  const u = new URL(url);
  u.hostname = at.host;
  u.port = String(at.port);
  if (at.database !== undefined) u.pathname = `/${encodeURIComponent(at.database)}`;
  return u.toString();
}

/** Connected, read-only by default, named `bgdb` in pg_stat_activity. The caller ends it. */
export async function connectPg(url: string, at: PgEndpoint, o: PgConnectOptions = {}): Promise<pg.Client> {
  const client = new pg.Client({
    connectionString: urlAt(url, at),
    connectionTimeoutMillis: o.connectTimeoutMs ?? 5000,
    statement_timeout: o.statementTimeoutMs ?? 15_000,
    application_name: "bgdb",
    options: "-c default_transaction_read_only=on",
  });
  client.on("error", () => {}); // a dropped session surfaces on the next query
  await client.connect();
  return client;
}
