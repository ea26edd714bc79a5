/** Engine facts bgdb needs: families and major versions, as RDS spells them. */

export type EngineFamily = "postgres" | "mysql" | "mariadb" | "aurora-postgresql" | "aurora-mysql" | "other";

export function engineFamily(engine: string): EngineFamily {
  switch (engine) {
    case "postgres":
    case "mysql":
    case "mariadb":
    case "aurora-postgresql":
    case "aurora-mysql":
      return engine;
    case "aurora":
      return "aurora-mysql";
    default:
      return "other";
  }
}

export const isPostgres = (engine: string): boolean => engine === "postgres" || engine === "aurora-postgresql";

/** Connection URL schemes bgdb reads, and the driver each asks for: PostgreSQL's, or mysql2 for MySQL and MariaDB. */
export const URL_SCHEMES = {
  "postgres:": "postgres",
  "postgresql:": "postgres",
  "mysql:": "mysql",
  "mariadb:": "mysql",
} as const satisfies Record<string, "postgres" | "mysql">;

/** The driver a connection URL asks for; undefined when it is no URL or its scheme is none of URL_SCHEMES'. */
export function urlDriver(url: string): "postgres" | "mysql" | undefined {
  const scheme = /^[a-z][a-z0-9+.-]*:/i.exec(url)?.[0].toLowerCase();
  return scheme !== undefined && Object.hasOwn(URL_SCHEMES, scheme)
    ? URL_SCHEMES[scheme as keyof typeof URL_SCHEMES]
    : undefined;
}
export const isAurora = (engine: string): boolean => engine.startsWith("aurora");

/**
 * Major version as RDS groups upgrades: PostgreSQL "16.3" → "16"; MySQL "8.0.36" → "8.0";
 * Aurora MySQL "8.0.mysql_aurora.3.05.2" → "8.0".
 */
export function majorVersion(engine: string, version: string): string {
  const parts = version.split(".");
  if (isPostgres(engine)) {
    const first = parts[0] ?? version;
    // PostgreSQL before 10 used two-part majors (9.6).
    return Number(first) < 10 ? parts.slice(0, 2).join(".") : first;
  }
  return parts.slice(0, 2).join(".");
}

function compareNumeric(a: string, b: string): number {
  const pa = a.split(".").map((x) => Number.parseInt(x, 10));
  const pb = b.split(".").map((x) => Number.parseInt(x, 10));
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (Number.isFinite(d) && d !== 0) return d;
  }
  return 0;
}

/** Minimum source versions for logical replication on a PostgreSQL major upgrade (docs/rds-facts.md §4). */
const LOGICAL_MINIMUMS: Record<string, string> = {
  "11": "11.21",
  "12": "12.16",
  "13": "13.12",
  "14": "14.9",
  "15": "15.4",
  "16": "16.1",
};

/**
 * RDS for PostgreSQL uses logical replication when green is a major version above blue and blue is recent enough;
 * otherwise physical. Only meaningful for `postgres` (Aurora PostgreSQL always replicates logically).
 */
export function usesLogicalReplication(engine: string, blueVersion: string, greenVersion: string): boolean {
  if (engine === "aurora-postgresql") return true;
  if (engine !== "postgres") return false;
  const blueMajor = majorVersion(engine, blueVersion);
  if (blueMajor === majorVersion(engine, greenVersion)) return false;
  const min = LOGICAL_MINIMUMS[blueMajor];
  return min === undefined ? Number(blueMajor) > 16 : compareNumeric(blueVersion, min) >= 0;
}

/**
 * How green is fed from blue, which decides which preflight checks apply (core/db-checks.ts): `logical` for a
 * PostgreSQL major upgrade RDS replicates logically (and Aurora PostgreSQL), `physical` for any other PostgreSQL
 * deployment, `binlog` for the MySQL family (docs/rds-facts.md §4). Without a target version green keeps blue's.
 */
export type Replication = "logical" | "physical" | "binlog";

export function replicationOf(engine: string, blueVersion: string, targetVersion = blueVersion): Replication {
  if (usesLogicalReplication(engine, blueVersion, targetVersion)) return "logical";
  return isPostgres(engine) ? "physical" : "binlog";
}
