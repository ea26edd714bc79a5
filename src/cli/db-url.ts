/**
 * `--db-url-env NAME`: blue's connection URL, read from the environment at the edge. Checked before anything runs
 * (unset or not a URL: exit 2) and never printed — messages name the variable, not its value.
 */
import type { Deps } from "../ports/index.js";
import { usage } from "./options/parse.js";

const SCHEMES = ["postgres:", "postgresql:", "mysql:", "mariadb:"];

/** The URL in the variable --db-url-env names, or undefined without the flag. */
export function dbUrlFrom(options: { dbUrlEnv?: string }, env: NodeJS.ProcessEnv): string | undefined {
  const name = options.dbUrlEnv;
  if (!name) return undefined;
  const url = env[name];
  if (!url) throw usage([`--db-url-env names ${name}, which is not set in the environment`]);
  const scheme = URL.canParse(url) ? new URL(url).protocol : undefined;
  if (!scheme || !SCHEMES.includes(scheme)) {
    throw usage([
      `${name} (--db-url-env) must hold a URL such as postgres://user:password@host/database or mysql://user:password@host/database`,
    ]);
  }
  return url;
}

/**
 * Adds blue's inspectors (their drivers loaded only when asked for) to the deps; deps that came with inspectors of
 * their own (a test's, a library caller's) keep them.
 */
export async function withInspectors(deps: Deps, url: string | undefined, name: string | undefined): Promise<Deps> {
  if (!url || !name || deps.inspectors) return deps;
  const { createDbInspectors } = await import("../adapters/db/index.js");
  return { ...deps, inspectors: createDbInspectors(url, `the URL in $${name}`) };
}
