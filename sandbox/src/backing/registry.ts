/**
 * The real servers' own facts the model does not hold: internal port (subscriptions' and replicas' connection
 * settings name it, so it must survive restarts), major or server id, and the master credentials. Kept per engine in
 * `<sandbox-dir>/<engine>/servers.json`, mode 0600, never in state.json (which status/debug output may show). It lives
 * as long as the servers do: a server's entry goes with DeleteDBInstance, the whole file with `sandbox reset`.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { writeFileAtomic } from "../../../src/common/atomic-file.js";
import type { PgMajor, PgServerSpec } from "../dataplane/index.js";

/**
 * Master password of servers whose creator gave none (`sandbox seed`): a sandbox-only password for throw-away local
 * servers on 127.0.0.1, never for anything real. Override with BGDB_SANDBOX_MASTER_PASSWORD.
 */
export const DEFAULT_SANDBOX_PASSWORD = "bgdb-sandbox";

export function sandboxMasterPassword(): string {
  return process.env.BGDB_SANDBOX_MASTER_PASSWORD || DEFAULT_SANDBOX_PASSWORD;
}

/** One engine's servers.json: an entry per server id (the DbiResourceId), each server's files under `dir/<id>`. */
export class ServerRegistry<E extends { masterPassword?: string }> {
  protected entries: Record<string, E>;
  private readonly file: string;

  constructor(readonly dir: string) {
    this.file = path.join(dir, "servers.json");
    try {
      this.entries = JSON.parse(readFileSync(this.file, "utf8")) as Record<string, E>;
    } catch {
      this.entries = {};
    }
  }

  get(id: string): E | undefined {
    return this.entries[id];
  }

  /** Where the server `id` keeps its files. */
  dataDir(id: string): string {
    return path.join(this.dir, id);
  }

  ids(): string[] {
    return Object.keys(this.entries);
  }

  put(id: string, entry: E): void {
    this.entries[id] = entry;
    this.save();
  }

  remove(id: string): void {
    delete this.entries[id];
    this.save();
  }

  /** Replaces every known password in `text` (error messages bound for StatusDetails or logs). */
  redact(text: string): string {
    let out = text;
    for (const e of Object.values(this.entries)) {
      if (e.masterPassword) out = out.split(e.masterPassword).join("***");
    }
    return out;
  }

  protected save(): void {
    writeFileAtomic(this.file, JSON.stringify(this.entries));
  }
}

export class PgRegistry extends ServerRegistry<Omit<PgServerSpec, "id" | "dataDir">> {
  spec(id: string): PgServerSpec | undefined {
    const e = this.entries[id];
    return e ? { ...e, id, dataDir: this.dataDir(id) } : undefined;
  }

  set(spec: PgServerSpec): void {
    const { id, dataDir: _dataDir, ...entry } = spec;
    this.put(id, entry);
  }

  setMajor(id: string, major: PgMajor): void {
    const e = this.entries[id];
    if (!e) return;
    e.major = major;
    this.save();
  }
}
