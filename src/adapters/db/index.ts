/**
 * The DbInspectors port: opens the adapter for blue's engine with the credentials of one URL (never printed). The
 * PostgreSQL adapter reads RDS for PostgreSQL and Aurora PostgreSQL; the MySQL family's adapter slots in here.
 */
import { isPostgres } from "../../core/engine.js";
import type { DbInspectors } from "../../ports/index.js";

export function createDbInspectors(url: string, credentials: string): DbInspectors {
  return {
    credentials,
    supports: (engine) => isPostgres(engine),
    async open(target) {
      if (!isPostgres(target.engine)) throw new Error(`no in-database reader for ${target.engine} in this bgdb`);
      const { openPgInspector } = await import("./pg-inspector.js");
      return openPgInspector(url, { host: target.host, port: target.port });
    },
  };
}
