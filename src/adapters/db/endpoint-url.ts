/**
 * A connection URL pointed at another endpoint: the host and port replaced, the credentials, database and options
 * kept. The write probe reaches blue and green this way, and `bgdb verify` reads them this way, with the one URL the
 * operator gave (whose host may be any of them). Never printed: it holds the password.
 */
import { UsageError } from "../../core/errors.js";

export interface Endpoint {
  host: string;
  port: number;
  /** Another database than the URL's (one server, several databases: preflight reads each one's catalog). */
  database?: string;
}

/** Query parameters libpq (and node-postgres) read as the host or port, which would override the URL's own. */
const HOST_PARAMS = ["host", "hostaddr", "port"];

export function urlAt(connectionString: string, endpoint: Endpoint): string {
  let url: URL;
  try {
    url = new URL(connectionString);
  } catch {
    // The message must not quote the URL: it holds the password.
    throw new UsageError("The connection URL is not a URL (expected scheme://user:password@host:port/database).");
  }
  if (!url.host) {
    throw new UsageError("The connection URL names no host (scheme://user:password@host:port/database expected).");
  }
  url.hostname = endpoint.host.includes(":") && !endpoint.host.startsWith("[") ? `[${endpoint.host}]` : endpoint.host;
  url.port = String(endpoint.port);
  if (endpoint.database !== undefined) url.pathname = `/${encodeURIComponent(endpoint.database)}`;
  for (const p of HOST_PARAMS) url.searchParams.delete(p);
  return url.toString();
}
