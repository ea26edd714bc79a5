/**
 * The table readers of `bgdb verify`, by engine: each driver is loaded only when a side of its engine is opened.
 * PostgreSQL today; the MySQL family (mysql2) plugs in here as another `open` case behind the same port.
 */

import { isPostgres } from "../../core/engine.js";
import { PreconditionError, UsageError } from "../../core/errors.js";
import type { DbTarget, TableReader, TableReaders } from "../../ports/index.js";

export interface ReaderCredentials {
  /** A connection URL (any host: each side's endpoint replaces it). Never printed. */
  url?: string;
  /** Without a URL: the master user's password (the sandbox's, which is no secret). */
  password?: string;
  /** Where the credentials come from, for a refused connection's hint ("Fix $BGDB_DB_URL"). */
  fix: string;
}

const POSTGRES_SCHEMES = new Set(["postgres:", "postgresql:"]);

/** The URL's scheme must be the engine's: a mysql:// URL cannot log in to PostgreSQL (and saying so beats a timeout). */
function requireScheme(url: string | undefined, schemes: Set<string>, target: DbTarget): void {
  if (!url) return;
  const scheme = URL.canParse(url) ? new URL(url).protocol : "";
  if (!schemes.has(scheme)) {
    throw new UsageError(
      `The connection URL for reading ${target.side} starts with ${scheme || "no scheme"}, but ${target.side} runs ${target.engine}: give a ${[...schemes].map((s) => `${s}//`).join(" or ")} URL.`,
    );
  }
}

export function createTableReaders(c: ReaderCredentials): TableReaders {
  return {
    async open(target: DbTarget): Promise<TableReader> {
      if (isPostgres(target.engine)) {
        requireScheme(c.url, POSTGRES_SCHEMES, target);
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
