/**
 * The real servers' own facts the model does not hold: internal port (subscriptions' connection strings name it, so
 * it must survive restarts), major, and the master credentials the data plane connects with. Kept in
 * `<sandbox-dir>/pg/servers.json`, mode 0600, never in state.json (which status/debug output may show). It lives as
 * long as the servers do: a server's entry goes with DeleteDBInstance, the whole file with `sandbox reset`.
 */
import { chmodSync, readFileSync } from "node:fs";
import path from "node:path";
import type { PgMajor, PgServerSpec } from "../dataplane/index.js";
import { writeFileAtomic } from "../store.js";

/**
 * Master password of servers whose creator gave none (`sandbox seed`): a sandbox-only password for throw-away local
 * servers on 127.0.0.1, never for anything real. Override with BGDB_SANDBOX_MASTER_PASSWORD.
 */
export const DEFAULT_SANDBOX_PASSWORD = "bgdb-sandbox";

export function sandboxMasterPassword(): string {
  return process.env.BGDB_SANDBOX_MASTER_PASSWORD || DEFAULT_SANDBOX_PASSWORD;
}

type Entry = Omit<PgServerSpec, "id" | "dataDir">;

export class PgRegistry {
  private entries: Record<string, Entry>;
  private readonly file: string;

  constructor(readonly pgDir: string) {
    this.file = path.join(pgDir, "servers.json");
    try {
      this.entries = JSON.parse(readFileSync(this.file, "utf8")) as Record<string, Entry>;
    } catch {
      this.entries = {};
    }
  }

  spec(id: string): PgServerSpec | undefined {
    const e = this.entries[id];
    return e ? { ...e, id, dataDir: this.dataDir(id) } : undefined;
  }

  dataDir(id: string): string {
    return path.join(this.pgDir, id);
  }

  ids(): string[] {
    return Object.keys(this.entries);
  }

  set(spec: PgServerSpec): void {
    const { id, dataDir: _dataDir, ...entry } = spec;
    this.entries[id] = entry;
    this.save();
  }

  setMajor(id: string, major: PgMajor): void {
    const e = this.entries[id];
    if (!e) return;
    e.major = major;
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

  private save(): void {
    writeFileAtomic(this.file, JSON.stringify(this.entries));
    chmodSync(this.file, 0o600);
  }
}
