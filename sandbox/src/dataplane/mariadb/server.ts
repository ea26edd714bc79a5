import { existsSync } from "node:fs";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import mysql from "mysql2/promise";
import { reapOrphan } from "../../process.js";
import { runToEnd, ServerProcess } from "../server-process.js";
import { mariaDbBinaries } from "./binaries.js";
import { layoutOf, type MariaDbLayout, type MariaDbServerSpec, RUNS_AS_ROOT, renderOptionFile } from "./option-file.js";

/**
 * The control plane's own account: the OS user over the unix socket (unix_socket authentication), as
 * mariadb-install-db creates it. No password exists for it anywhere; nothing reaches it over TCP.
 */
export const CONTROL_USER = os.userInfo().username;

export type Rows = mysql.RowDataPacket[];

/** One mariadbd: mariadb-install-db on first start, then start/stop of a child process. */
export class MariaDbServer {
  private process: ServerProcess | undefined;
  readonly files: MariaDbLayout;

  constructor(
    public spec: MariaDbServerSpec,
    private readonly log: (msg: string) => void,
  ) {
    this.files = layoutOf(spec.baseDir);
  }

  get running(): boolean {
    return this.process !== undefined;
  }

  /** Written once mariadb-install-db finished: a data dir without it is half made. */
  private get marker(): string {
    return path.join(this.spec.baseDir, "initialized");
  }

  get initialized(): boolean {
    return existsSync(this.marker);
  }

  /** A fresh data directory (a half-made one is removed first). The OS user gets a socket-only root account. */
  async init(): Promise<void> {
    if (this.initialized) return;
    await rm(this.files.dataDir, { recursive: true, force: true });
    for (const dir of [this.spec.baseDir, this.files.tmpDir, this.files.filesDir]) {
      await mkdir(dir, { recursive: true, mode: 0o700 });
    }
    this.log(`mariadb-install-db ${this.spec.id}`);
    await runToEnd(mariaDbBinaries().installDb, [
      "--no-defaults", // first, or /etc/mysql is read
      `--datadir=${this.files.dataDir}`,
      `--tmpdir=${this.files.tmpDir}`,
      ...(RUNS_AS_ROOT ? ["--user=root"] : []),
      "--auth-root-authentication-method=socket",
      "--skip-test-db",
      "--skip-name-resolve",
      // passed to the bootstrap server: an 8 MiB redo log makes the data dir 26 MiB instead of 114 MiB
      "--innodb-log-file-size=8M",
      "--innodb-buffer-pool-size=32M",
    ]);
    await writeFile(this.marker, "");
  }

  async start(): Promise<void> {
    if (this.process) return;
    // A second mariadbd on a busy data dir does not fail fast: it retries the Aria lock for 30 s, then aborts.
    await reapOrphan({
      pidFile: this.files.pidFile,
      mustMatch: ["mariadbd", this.files.cnf],
      signal: "SIGTERM",
      graceMs: 30_000,
      log: this.log,
    });
    await this.writeOptionFile();
    this.log(`start ${this.spec.id} on 127.0.0.1:${this.spec.port}`);
    const proc = await ServerProcess.start({
      label: `mariadbd ${this.spec.id}`,
      file: mariaDbBinaries().mariadbd,
      args: [`--defaults-file=${this.files.cnf}`], // first and only: nothing else is read
      // SIGTERM is mariadbd's clean shutdown (SIGINT and SIGHUP do not stop it); InnoDB recovers after a SIGKILL.
      exitSignal: "SIGTERM",
      stopSignal: "SIGTERM",
      escalateSignal: "SIGKILL",
      escalateAfterMs: 30_000,
      pollMs: 20,
      ready: () => this.withAdmin(async (c) => void (await c.query("SELECT 1"))),
      failureDetail: () => this.errorLogTail(),
    });
    this.process = proc;
    proc.onExit(() => {
      if (this.process === proc) this.process = undefined;
    });
  }

  async stop(): Promise<void> {
    const proc = this.process;
    if (!proc) return;
    await proc.stop();
    this.log(`stopped ${this.spec.id}`);
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  /**
   * The read-only role, now and for every later start. read_only stops every session without READ ONLY ADMIN, which
   * the master user lacks (plane.ts); the control user keeps it and works on.
   */
  async setReadOnly(readOnly: boolean): Promise<void> {
    await this.query(`SET GLOBAL read_only = ${readOnly ? "ON" : "OFF"}`);
    this.spec = { ...this.spec, readOnly };
    await this.writeOptionFile();
  }

  /** my.cnf from the spec: what the next start reads (SET GLOBAL alone would be lost on restart). */
  async writeOptionFile(): Promise<void> {
    await writeFile(this.files.cnf, renderOptionFile(this.spec), { mode: 0o600 });
  }

  /** A control connection: fresh per operation, since a switchover KILLs long-lived sessions. */
  async admin(): Promise<mysql.Connection> {
    const c = await mysql.createConnection({
      socketPath: this.files.socket,
      user: CONTROL_USER,
      connectTimeout: 5000,
      supportBigNumbers: true,
    });
    c.on("error", () => undefined); // a killed session surfaces on its next query
    return c;
  }

  async withAdmin<T>(fn: (c: mysql.Connection) => Promise<T>): Promise<T> {
    const c = await this.admin();
    try {
      return await fn(c);
    } finally {
      await c.end().catch(() => c.destroy());
    }
  }

  async query(sql: string, values: unknown[] = []): Promise<Rows> {
    return this.withAdmin(async (c) => (await c.query<Rows>(sql, values))[0]);
  }

  private async errorLogTail(): Promise<string> {
    const text = await readFile(this.files.errorLog, "utf8").catch(() => "");
    return text.trim().split("\n").slice(-15).join("\n");
  }
}
