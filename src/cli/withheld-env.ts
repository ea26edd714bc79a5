/**
 * What bgdb's child processes (the test command, hooks, the sandbox program) never inherit from bgdb's environment:
 * the secrets bgdb itself reads there. One list, so a new secret variable is withheld everywhere at once.
 */
import { GITHUB_ENV } from "./github.js";
import { DEFAULT_DB_URL_ENV, DEFAULT_PROBE_URL_ENV } from "./options/common.js";

/**
 * The database URL (the variable --db-url-env names, and BGDB_DB_URL), the probe's URL (--probe-url-env's, and
 * BGDB_PROBE_URL) and the GitHub stop token. A test or hook that needs a database is given its own variable.
 */
export function withheldEnv(named: { dbUrlEnv?: string; probeUrlEnv?: string } = {}): string[] {
  const variables = [
    GITHUB_ENV.stopToken,
    DEFAULT_DB_URL_ENV,
    DEFAULT_PROBE_URL_ENV,
    named.dbUrlEnv,
    named.probeUrlEnv,
  ];
  return [...new Set(variables.filter((v): v is string => v !== undefined))];
}
