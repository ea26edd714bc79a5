/**
 * The engine versions and default parameter groups the sandbox offers: a small, fixed slice of what RDS has, with
 * the upgrade paths the demo and tests need (minor within a major, and one major step).
 */
import { INSTALL_HINT, mariaDbInstall } from "../dataplane/mariadb/binaries.js";
import { MARIADB_PARAMETERS } from "./mariadb-parameters.js";
import type { Engine, ParameterGroup } from "./state.js";

export interface EngineVersionInfo {
  engine: Engine;
  version: string;
  family: string;
  major: string;
}

const VERSIONS: Record<Engine, string[]> = {
  postgres: ["16.3", "16.4", "16.6", "17.2", "17.4"],
  mysql: ["8.0.36", "8.0.40", "8.4.3", "8.4.4"],
  "aurora-postgresql": ["16.4", "16.6", "17.4"],
  "aurora-mysql": ["8.0.mysql_aurora.3.05.2", "8.0.mysql_aurora.3.08.0"],
  // Only the build installed on this machine (asked on first use): nothing else could really run.
  get mariadb() {
    const install = mariaDbInstall();
    return install.ok ? [install.version] : [];
  },
};

/** Whether `version` is the MariaDB build installed here. */
export function isInstalledMariaDb(version: string): boolean {
  return VERSIONS.mariadb.includes(version);
}

/** Said after a version MariaDB cannot run here: only the installed build can (the brackets are the sandbox's). */
export function versionNote(engine: Engine): string {
  return engine === "mariadb" && VERSIONS.mariadb.length
    ? ` (the sandbox runs only the MariaDB build installed here, ${VERSIONS.mariadb[0]})`
    : "";
}

/** Why an engine offers no version at all on this machine (MariaDB not installed), said with the fix. */
export function unavailableReason(engine: Engine): string | undefined {
  const install = engine === "mariadb" ? mariaDbInstall() : undefined;
  return install && !install.ok ? `${install.reason}; ${INSTALL_HINT}` : undefined;
}

export const ENGINES = Object.keys(VERSIONS) as Engine[];

/** postgres 16.3 → "16"; mysql 8.0.36 → "8.0"; mariadb 10.11.19 → "10.11"; aurora-mysql 8.0.mysql_aurora.3.05.2 → "8.0". */
export function majorOf(engine: Engine, version: string): string {
  const parts = version.split(".");
  return engine.endsWith("mysql") || engine === "mariadb" ? parts.slice(0, 2).join(".") : (parts[0] ?? version);
}

export function familyOf(engine: Engine, version: string): string {
  return `${engine}${majorOf(engine, version)}`;
}

export function isSupportedEngine(engine: string): engine is Engine {
  return engine in VERSIONS;
}

export const isAurora = (engine: Engine) => engine.startsWith("aurora-");

export function engineVersions(engine?: string): EngineVersionInfo[] {
  const engines = engine ? ENGINES.filter((e) => e === engine) : ENGINES;
  return engines.flatMap((e) =>
    VERSIONS[e].map((version) => ({ engine: e, version, family: familyOf(e, version), major: majorOf(e, version) })),
  );
}

export function findVersion(engine: Engine, version: string): EngineVersionInfo | undefined {
  return engineVersions(engine).find((v) => v.version === version);
}

/** Without a version, RDS picks the engine's default; the sandbox picks the oldest of the newest-but-one major. */
export function defaultVersion(engine: Engine): string {
  return VERSIONS[engine][0]!;
}

function compareVersions(a: string, b: string): number {
  const pa = a.split(/[._]/);
  const pb = b.split(/[._]/);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? "0";
    const y = pb[i] ?? "0";
    const nx = Number(x);
    const ny = Number(y);
    const c = Number.isNaN(nx) || Number.isNaN(ny) ? x.localeCompare(y) : nx - ny;
    if (c !== 0) return c;
  }
  return 0;
}

/** Every later minor of the same major, and every version of the next major. */
export function upgradeTargets(engine: Engine, version: string): (EngineVersionInfo & { isMajor: boolean })[] {
  const from = findVersion(engine, version);
  if (!from) return [];
  const majors = [...new Set(engineVersions(engine).map((v) => v.major))];
  const nextMajor = majors[majors.indexOf(from.major) + 1];
  return engineVersions(engine)
    .filter((v) => (v.major === from.major && compareVersions(v.version, version) > 0) || v.major === nextMajor)
    .map((v) => ({ ...v, isMajor: v.major !== from.major }));
}

export interface ParameterDefault {
  value: string;
  applyType: "static" | "dynamic";
  dataType: string;
  allowedValues?: string;
}

const POSTGRES_PARAMETERS: Record<string, ParameterDefault> = {
  "rds.logical_replication": { value: "0", applyType: "static", dataType: "boolean" },
  max_replication_slots: { value: "20", applyType: "static", dataType: "integer" },
  max_wal_senders: { value: "20", applyType: "static", dataType: "integer" },
  max_logical_replication_workers: { value: "4", applyType: "static", dataType: "integer" },
  max_worker_processes: { value: "8", applyType: "static", dataType: "integer" },
  synchronous_commit: { value: "on", applyType: "dynamic", dataType: "string" },
  shared_preload_libraries: { value: "pg_stat_statements", applyType: "static", dataType: "list" },
};

const MYSQL_PARAMETERS: Record<string, ParameterDefault> = {
  binlog_format: { value: "MIXED", applyType: "dynamic", dataType: "string" },
  event_scheduler: { value: "OFF", applyType: "dynamic", dataType: "string" },
  lower_case_table_names: { value: "0", applyType: "static", dataType: "integer" },
  binlog_row_image: { value: "full", applyType: "dynamic", dataType: "string" },
};

export function parameterDefaults(family: string): Record<string, ParameterDefault> {
  if (family.startsWith("mariadb")) return MARIADB_PARAMETERS;
  return family.includes("postgres") ? POSTGRES_PARAMETERS : MYSQL_PARAMETERS;
}

/** `default.postgres16` and friends: one instance group per family, plus a cluster group for Aurora families. */
export function defaultParameterGroups(): ParameterGroup[] {
  const families = [...new Set(engineVersions().map((v) => v.family))];
  return families.flatMap((family) => {
    const kinds: ("instance" | "cluster")[] = family.startsWith("aurora-") ? ["instance", "cluster"] : ["instance"];
    return kinds.map((kind) => ({
      name: `default.${family}`,
      kind,
      family,
      description: `Default ${kind === "cluster" ? "cluster " : ""}parameter group for ${family}`,
      parameters: {},
    }));
  });
}
