/**
 * Reading databases, by engine: verify's table readers (blue and green) and preflight's inspectors (blue), both
 * opened with the same credentials (pg-connect.ts), each driver loaded only when a side of its engine is opened.
 * PostgreSQL today; the MySQL family (mysql2) plugs in here as another case of each factory, behind the same ports.
 */
import { isPostgres, URL_SCHEMES } from "../../core/engine.js";
import { PreconditionError, UsageError } from "../../core/errors.js";
import type { DbInspectors, DbTarget, TableReader, TableReaders } from "../../ports/index.js";
import type { DbCredentials } from "./pg-connect.js";

export type { DbCredentials } from "./pg-connect.js";

const POSTGRES_SCHEMES = new Set(
  Object.entries(URL_SCHEMES).flatMap(([scheme, driver]) => (driver === "postgres" ? [scheme] : [])),
);

/** The URL's scheme must be the engine's: a mysql:// URL cannot log in to PostgreSQL (and saying so beats a timeout). */
function requireScheme(url: string | undefined, schemes: Set<string>, who: string, engine: string): void {
  if (!url) return;
  const scheme = URL.canParse(url) ? new URL(url).protocol : "";
  if (!schemes.has(scheme)) {
    throw new UsageError(
      `The connection URL for reading ${who} starts with ${scheme || "no scheme"}, but ${who} runs ${engine}: give a ${[...schemes].map((s) => `${s}//`).join(" or ")} URL.`,
    );
  }
}

/** `bgdb verify`'s readers of blue and green. */
export function createTableReaders(c: DbCredentials): TableReaders {
  return {
    async open(target: DbTarget): Promise<TableReader> {
      if (isPostgres(target.engine)) {
        requireScheme(c.url, POSTGRES_SCHEMES, target.side, target.engine);
        const { openPgReader } = await import("./pg-table-reader.js");
        return openPgReader(target, c);
      }
      throw new PreconditionError(
        "VERIFY_NOT_SUPPORTED",
        `bgdb verify reads PostgreSQL (postgres, aurora-postgresql) so far; ${target.side} runs ${target.engine}.`,
        { hint: "Compare the tables that matter with your own queries against blue's and green's endpoints." },
      );
    },
  };
}

/** preflight's (and the prediction's) reader of blue's catalog and sessions. */
export function createDbInspectors(c: DbCredentials): DbInspectors {
  return {
    credentials: c.source,
    supports: (engine) => isPostgres(engine),
    async open(target) {
      // Callers ask `supports` first; this guards a caller that did not.
      if (!isPostgres(target.engine)) {
        throw new PreconditionError(
          "INSPECT_NOT_SUPPORTED",
          `bgdb reads blue's catalog and sessions on PostgreSQL (postgres, aurora-postgresql) so far; blue runs ${target.engine}.`,
          {
            hint: "Run the command without --db-url-env: RDS's own checks still run; check blue's tables and sessions yourself.",
          },
        );
      }
      requireScheme(c.url, POSTGRES_SCHEMES, "blue", target.engine);
      const { openPgInspector } = await import("./pg-inspector.js");
      return openPgInspector({ host: target.host, port: target.port }, c);
    },
  };
}
