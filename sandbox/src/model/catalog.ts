/**
 * The engine versions and default parameter groups the sandbox offers. An engine with real servers offers exactly
 * what its installed servers run (PostgreSQL: one version per major, read from the binaries, so the only upgrade is
 * the major step 16 → 17, which really happens); a model-only engine offers a small fixed slice of what RDS has,
 * with minor and major steps.
 */
import { installedPgVersion, PG_MAJORS } from "../dataplane/binaries.js";
import { INSTALL_HINT, mariaDbInstall } from "../dataplane/mariadb/binaries.js";
import { MARIADB_PARAMETERS } from "./mariadb-parameters.js";
import type { Engine, ParameterGroup, SandboxState } from "./state.js";

export interface EngineVersionInfo {
  engine: Engine;
  version: string;
  family: string;
  major: string;
}

/**
 * Where each engine's versions come from, oldest first. An engine with real servers reads its installed binaries
 * (and is marked in REAL_ENGINES); a model-only one has a fixed list.
 */
const VERSION_SOURCES: Record<Engine, () => string[]> = {
  postgres: () => PG_MAJORS.map(installedPgVersion),
  mysql: () => ["8.0.36", "8.0.40", "8.4.3", "8.4.4"],
  "aurora-postgresql": () => ["16.4", "16.6", "17.4"],
  "aurora-mysql": () => ["8.0.mysql_aurora.3.05.2", "8.0.mysql_aurora.3.08.0"],
  // Only the build installed on this machine: nothing else could really run.
  mariadb: () => {
    const install = mariaDbInstall();
    return install.ok ? [install.version] : [];
  },
};

/** Engines whose versions are those of their installed servers: a persisted version of theirs may be outdated. */
const REAL_ENGINES: Engine[] = ["postgres", "mariadb"];

export const ENGINES = Object.keys(VERSION_SOURCES) as Engine[];

/**
 * Not cached here: each source reads its binary once per process itself (installedPgVersion), or once per
 * BGDB_SANDBOX_MARIADBD (mariaDbInstall: a test points it at a missing build).
 */
function versionsOf(engine: Engine): string[] {
  return VERSION_SOURCES[engine]();
}

/** Whether `version` is the MariaDB build installed here. */
export function isInstalledMariaDb(version: string): boolean {
  return versionsOf("mariadb").includes(version);
}

/** Said after a version MariaDB cannot run here: only the installed build can (the brackets are the sandbox's). */
export function versionNote(engine: Engine): string {
  const installed = engine === "mariadb" ? versionsOf("mariadb")[0] : undefined;
  return installed ? ` (the sandbox runs only the MariaDB build installed here, ${installed})` : "";
}

/** Why an engine offers no version at all on this machine (MariaDB not installed), said with the fix. */
export function unavailableReason(engine: Engine): string | undefined {
  const install = engine === "mariadb" ? mariaDbInstall() : undefined;
  return install && !install.ok ? `${install.reason}; ${INSTALL_HINT}` : undefined;
}

/** postgres 16.3 → "16"; mysql 8.0.36 → "8.0"; mariadb 10.11.19 → "10.11"; aurora-mysql 8.0.mysql_aurora.3.05.2 → "8.0". */
export function majorOf(engine: Engine, version: string): string {
  const parts = version.split(".");
  return engine.endsWith("mysql") || engine === "mariadb" ? parts.slice(0, 2).join(".") : (parts[0] ?? version);
}

export function familyOf(engine: Engine, version: string): string {
  return `${engine}${majorOf(engine, version)}`;
}

export function isSupportedEngine(engine: string): engine is Engine {
  return engine in VERSION_SOURCES;
}

export const isAurora = (engine: Engine) => engine.startsWith("aurora-");

export function engineVersions(engine?: string): EngineVersionInfo[] {
  const engines = engine ? ENGINES.filter((e) => e === engine) : ENGINES;
  return engines.flatMap((e) =>
    versionsOf(e).map((version) => ({ engine: e, version, family: familyOf(e, version), major: majorOf(e, version) })),
  );
}

export function findVersion(engine: Engine, version: string): EngineVersionInfo | undefined {
  return engineVersions(engine).find((v) => v.version === version);
}

/** Without a version, RDS picks the engine's default; the sandbox picks its oldest (PostgreSQL: the 16 it runs). */
export function defaultVersion(engine: Engine): string {
  return versionsOf(engine)[0]!;
}

/** The newest version of one major (`postgres`, `16` → the installed 16.x). */
export function versionOfMajor(engine: Engine, major: string): string | undefined {
  return engineVersions(engine)
    .filter((v) => v.major === major)
    .at(-1)?.version;
}

/**
 * A version as the sandbox runs it now: for an engine with real servers, a version of a major it has but not the
 * one installed (a state.json from older binaries or an older sandbox) becomes the installed one of that major.
 */
export function currentVersion(engine: Engine, version: string): string {
  if (!REAL_ENGINES.includes(engine) || findVersion(engine, version)) return version;
  return versionOfMajor(engine, majorOf(engine, version)) ?? version;
}

/** Brings every version state.json holds to what the installed servers run (see currentVersion). */
export function alignVersions(state: SandboxState): void {
  const engineOf = (resourceId: string) =>
    (
      state.instances.find((i) => i.resourceId === resourceId) ??
      state.clusters.find((c) => c.resourceId === resourceId)
    )?.engine;
  for (const r of [...state.instances, ...state.clusters, ...state.snapshots]) {
    r.engineVersion = currentVersion(r.engine, r.engineVersion);
  }
  for (const d of state.deployments) {
    const engine = engineOf(d.members[0]?.blue ?? "");
    if (engine && d.targetEngineVersion) d.targetEngineVersion = currentVersion(engine, d.targetEngineVersion);
  }
  for (const e of state.schedule) {
    const engine = "resourceId" in e && engineOf(e.resourceId);
    if (engine && "engineVersion" in e && e.engineVersion) e.engineVersion = currentVersion(engine, e.engineVersion);
  }
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
