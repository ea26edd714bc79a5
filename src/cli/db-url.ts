/**
 * `--db-url-env NAME`: the connection URL bgdb reads databases with, from the environment, read and checked at the
 * edge (unset or not a URL: exit 2, before anything runs) and never printed — messages name the variable, not its
 * value. One URL for everything that reads a database in a run: preflight's checks inside blue and the switchover
 * prediction (blue's catalog and sessions), `bgdb verify` and `--verify` (blue and green, table by table).
 */
import { URL_SCHEMES, urlDriver } from "../core/engine.js";
import type { Deps } from "../ports/index.js";
import { DEFAULT_DB_URL_ENV } from "./options/common.js";
import { usage } from "./options/parse.js";

/** The URL a run reads databases with, and the variable it came from. */
export interface DbUrl {
  /**
   * Never printed. Absent only on the sandbox when a comparison was asked for without --db-url-env: bgdb then logs
   * in as the master user RDS reports, with the sandbox's password (which is no secret).
   */
  url?: string;
  variable: string;
}

/**
 * What the command needs: `required` when it cannot run without a URL (verify, --verify), which then comes from
 * $BGDB_DB_URL unless --db-url-env names another variable — and, on the `sandbox`, may be left out altogether.
 * Otherwise (preflight's in-database checks, the prediction) there is a URL only with --db-url-env.
 */
export function dbUrlFrom(
  o: { dbUrlEnv?: string },
  env: NodeJS.ProcessEnv,
  need: { required: boolean; sandbox?: boolean },
): DbUrl | undefined {
  const variable = o.dbUrlEnv ?? (need.required ? DEFAULT_DB_URL_ENV : undefined);
  if (!variable) return undefined;
  const named = `${variable}${o.dbUrlEnv ? " (--db-url-env)" : ""}`;
  const url = env[variable];
  if (!url) {
    if (need.sandbox && !o.dbUrlEnv) return { variable };
    throw usage([
      `the connection URL is read from ${named}, which is not set in the environment (a postgres:// or mysql:// URL with user, password and database; each endpoint RDS names replaces its host and port)`,
    ]);
  }
  return { url: checkedConnectionUrl(url, named), variable };
}

const SCHEMES = Object.keys(URL_SCHEMES).map((scheme) => `${scheme}//`);

/**
 * Every connection URL bgdb reads (the databases', the probe's) passes here at the edge: it must parse, name a driver
 * bgdb has and a host, or the run is bad input (exit 2) before any call. `named` says where it came from; the value
 * is never shown, not even in the refusal.
 */
export function checkedConnectionUrl(url: string, named: string): string {
  if (URL.canParse(url) && urlDriver(url) && new URL(url).host) return url;
  throw usage([
    `${named} must hold a ${SCHEMES.slice(0, -1).join(", ")} or ${SCHEMES.at(-1)} URL with user, password, host and database (its value is not shown)`,
  ]);
}

/**
 * Adds what reads the databases (each engine's driver loaded only when a side of it is opened), all with the same
 * credentials: blue's inspectors (`inspect`, with a URL) and blue's and green's table readers (`compare`). Deps that
 * came with their own (a test's, a library caller's) keep them.
 */
export async function withDatabases(
  deps: Deps,
  db: DbUrl | undefined,
  use: { inspect?: boolean; compare?: boolean },
): Promise<Deps> {
  const inspect = use.inspect && db?.url !== undefined && !deps.inspectors;
  const compare = use.compare && db !== undefined && !deps.tableReaders;
  if (!db || (!inspect && !compare)) return deps;
  const { createDbInspectors, createTableReaders } = await import("../adapters/db/index.js");
  const credentials = db.url
    ? { url: db.url, source: `the URL in $${db.variable}` }
    : { password: deps.sandboxPassword, source: "the sandbox's master user" };
  return {
    ...deps,
    ...(inspect ? { inspectors: createDbInspectors(credentials) } : {}),
    ...(compare ? { tableReaders: createTableReaders(credentials) } : {}),
  };
}
