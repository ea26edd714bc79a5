/**
 * The MariaDB build installed on this machine, if any. The sandbox ships no MariaDB (unlike PostgreSQL, which comes
 * from npm): it runs the system's, so the catalog offers exactly the version that binary reports and nothing else.
 * `BGDB_SANDBOX_MARIADBD` names a mariadbd explicitly; the client tools are looked for next to it and in the same
 * places as the server.
 */
import { execFileSync } from "node:child_process";
import { accessSync, constants } from "node:fs";
import path from "node:path";

export interface MariaDbBinaries {
  mariadbd: string;
  installDb: string;
  dump: string;
  client: string;
}

export type MariaDbInstall = { ok: true; version: string; binaries: MariaDbBinaries } | { ok: false; reason: string };

/** What to tell someone who wants engine mariadb and has no MariaDB. */
export const INSTALL_HINT =
  "install it (Debian/Ubuntu: `apt-get install mariadb-server-core mariadb-client`; macOS: `brew install mariadb`) " +
  "or point BGDB_SANDBOX_MARIADBD at a mariadbd";

/** The replication and privilege features the sandbox relies on (GTID, MASTER_GTID_WAIT, READ ONLY ADMIN). */
const MINIMUM = [10, 6];

/** Debian keeps the server in /usr/sbin, which is not on a non-root user's PATH. */
const SEARCH = ["/usr/sbin", "/usr/local/sbin", "/usr/local/mysql/bin", "/usr/bin", "/usr/local/bin"];

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function find(names: string[], dirs: string[]): string | undefined {
  for (const dir of dirs) {
    for (const name of names) {
      const file = path.join(dir, name);
      if (executable(file)) return file;
    }
  }
  return undefined;
}

/** "…/mariadbd  Ver 10.11.19-MariaDB-0+deb12u1 for debian-linux-gnu on x86_64 (Debian 12)" → "10.11.19". */
export function parseMariaDbVersion(output: string): string | undefined {
  return /\bVer\s+(\d+\.\d+\.\d+)-MariaDB/.exec(output)?.[1];
}

function detect(override: string | undefined): MariaDbInstall {
  const pathDirs = (process.env.PATH ?? "").split(path.delimiter).filter(Boolean);
  const dirs = [...new Set([...(override ? [path.dirname(override)] : []), ...pathDirs, ...SEARCH])];
  const mariadbd = override ?? find(["mariadbd", "mysqld"], dirs);
  if (!mariadbd || !executable(mariadbd)) {
    return { ok: false, reason: `MariaDB is not installed on this machine (no ${override ?? "mariadbd"})` };
  }
  let output: string;
  try {
    output = execFileSync(mariadbd, ["--version"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
  } catch (e) {
    return { ok: false, reason: `${mariadbd} --version failed: ${(e as Error).message}` };
  }
  const version = parseMariaDbVersion(output);
  if (!version) return { ok: false, reason: `${mariadbd} is not MariaDB (${output.trim()})` };
  const [major = 0, minor = 0] = version.split(".").map(Number);
  if (major < MINIMUM[0]! || (major === MINIMUM[0] && minor < MINIMUM[1]!)) {
    return { ok: false, reason: `${mariadbd} is MariaDB ${version}; the sandbox needs ${MINIMUM.join(".")} or later` };
  }
  const installDb = find(["mariadb-install-db", "mysql_install_db"], dirs);
  const dump = find(["mariadb-dump", "mysqldump"], dirs);
  const client = find(["mariadb", "mysql"], dirs);
  if (!installDb || !dump || !client) {
    const missing = [!installDb && "mariadb-install-db", !dump && "mariadb-dump", !client && "mariadb"].filter(Boolean);
    return { ok: false, reason: `MariaDB ${version} is installed but not ${missing.join(", ")}` };
  }
  return { ok: true, version, binaries: { mariadbd, installDb, dump, client } };
}

const cache = new Map<string, MariaDbInstall>();

/** Looked up once per value of BGDB_SANDBOX_MARIADBD (a test may point it elsewhere). */
export function mariaDbInstall(): MariaDbInstall {
  const override = process.env.BGDB_SANDBOX_MARIADBD || undefined;
  const key = override ?? "";
  let found = cache.get(key);
  if (!found) {
    found = detect(override);
    cache.set(key, found);
  }
  return found;
}

/** The binaries, or an error that says how to install them. */
export function mariaDbBinaries(): MariaDbBinaries {
  const install = mariaDbInstall();
  if (!install.ok) throw new Error(`${install.reason}: ${INSTALL_HINT}`);
  return install.binaries;
}
