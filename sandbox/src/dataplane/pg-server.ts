import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { appendFile, chmod, chown, mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { type PgMajor, pgBinaries } from "./binaries.js";
import { runToEnd, ServerProcess } from "./server-process.js";

/** What the control plane decides about one PostgreSQL server. */
export interface PgServerSpec {
  /** Stable id (the control plane's DbiResourceId or instance name). */
  id: string;
  major: PgMajor;
  /** Where the cluster lives; created by initdb if it has no PG_VERSION yet. */
  dataDir: string;
  /** Internal loopback port the postmaster listens on (clients use an endpoint proxy port instead). */
  port: number;
  masterUser: string;
  /** Never logged; written only to a 0600 pwfile that is deleted right after initdb. */
  masterPassword: string;
  dbName: string;
}

/**
 * Settings every server gets. wal_level=logical so any server can be a blue; short status/keepalive
 * intervals because `confirmed_flush_lsn` only moves on subscriber feedback, and switchover waits on it.
 * fsync off: a sandbox trades crash durability for fast tests (a clean stop still persists everything).
 */
const SERVER_CONF = `
listen_addresses = '127.0.0.1'
unix_socket_directories = ''
wal_level = logical
max_replication_slots = 16
max_wal_senders = 16
max_logical_replication_workers = 8
max_worker_processes = 16
wal_receiver_status_interval = 1s
wal_retrieve_retry_interval = 200ms
wal_sender_timeout = 10s
shared_buffers = 32MB
fsync = off
full_page_writes = off
`;

/** PostgreSQL refuses to run as root; when we are root, run it as the `postgres` OS user (created if missing). */
function runAs(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const ids = () => ({
    uid: Number(execFileSync("id", ["-u", "postgres"]).toString().trim()),
    gid: Number(execFileSync("id", ["-g", "postgres"]).toString().trim()),
  });
  try {
    return ids();
  } catch {
    execFileSync("useradd", ["--system", "--user-group", "postgres"]);
    return ids();
  }
}

export function clientConfig(spec: PgServerSpec, database = spec.dbName): pg.ClientConfig {
  return {
    host: "127.0.0.1",
    port: spec.port,
    user: spec.masterUser,
    password: spec.masterPassword,
    database,
    connectionTimeoutMillis: 5000,
  };
}

/** A connected client whose async errors (e.g. its backend terminated) never crash the process. */
export async function connect(spec: PgServerSpec, database?: string): Promise<pg.Client> {
  const client = new pg.Client(clientConfig(spec, database));
  client.on("error", () => undefined);
  await client.connect();
  return client;
}

/** Runs `fn` with a fresh connection, always closing it. */
export async function withClient<T>(
  spec: PgServerSpec,
  fn: (c: pg.Client) => Promise<T>,
  database?: string,
): Promise<T> {
  const client = await connect(spec, database);
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** One postmaster: initdb on first start, then start/stop of a child process. */
export class PgServer {
  private process: ServerProcess | undefined;

  constructor(
    public spec: PgServerSpec,
    private readonly secretsDir: string,
    private readonly log: (msg: string) => void,
  ) {}

  get running(): boolean {
    return this.process !== undefined;
  }

  async init(): Promise<void> {
    if (existsSync(path.join(this.spec.dataDir, "PG_VERSION"))) return;
    const owner = runAs();
    await mkdir(this.spec.dataDir, { recursive: true, mode: 0o700 });
    await mkdir(this.secretsDir, { recursive: true, mode: 0o700 });
    if (owner) {
      await chown(this.spec.dataDir, owner.uid, owner.gid);
      await chown(this.secretsDir, owner.uid, owner.gid);
    }
    const pwfile = path.join(this.secretsDir, `${this.spec.id}-${process.pid}.pw`);
    try {
      await writeFile(pwfile, this.spec.masterPassword, { mode: 0o600 });
      await chmod(pwfile, 0o600);
      if (owner) await chown(pwfile, owner.uid, owner.gid);
      const args = ["-D", this.spec.dataDir, "-U", this.spec.masterUser, `--pwfile=${pwfile}`];
      args.push("--auth=scram-sha-256", "--encoding=UTF8", "--locale=C", "--no-sync");
      this.log(`initdb ${this.spec.id} (PostgreSQL ${this.spec.major})`);
      await runToEnd(pgBinaries(this.spec.major).initdb, args, owner);
    } finally {
      await rm(pwfile, { force: true });
    }
    await appendFile(path.join(this.spec.dataDir, "postgresql.conf"), SERVER_CONF);
    await this.start();
    if (this.spec.dbName !== "postgres") {
      await withClient(
        this.spec,
        (c) => c.query(`CREATE DATABASE ${pg.escapeIdentifier(this.spec.dbName)}`),
        "postgres",
      );
    }
  }

  async start(): Promise<void> {
    if (this.process) return;
    this.log(`start ${this.spec.id} on 127.0.0.1:${this.spec.port}`);
    const proc = await ServerProcess.start({
      label: `postgres ${this.spec.id}`,
      file: pgBinaries(this.spec.major).postgres,
      args: ["-D", this.spec.dataDir, "-p", String(this.spec.port)],
      ...(runAs() ? { spawn: runAs() } : {}),
      // Immediate shutdown when Node dies first; fast shutdown (aborts open transactions, checkpoints) otherwise.
      exitSignal: "SIGQUIT",
      stopSignal: "SIGINT",
      escalateSignal: "SIGQUIT",
      escalateAfterMs: 15_000,
      ready: async () => {
        await withClient(this.spec, (c) => c.query("SELECT 1"), "postgres");
      },
    });
    this.process = proc;
    proc.onExit(() => {
      if (this.process === proc) this.process = undefined;
    });
  }

  /** Whether the server comes up as a standby (see restartAsStandby): on disk, so it survives restarts. */
  get standby(): boolean {
    return existsSync(path.join(this.spec.dataDir, "standby.signal"));
  }

  /**
   * Restarts the server as a hot standby with nothing to follow (a `standby.signal` file, no primary_conninfo, no
   * restore_command): it serves reads and refuses every write from every session, the master user's included —
   * `BEGIN READ WRITE` and `SET transaction_read_only = off` fail with "cannot set transaction read-write mode during
   * recovery", and `SET default_transaction_read_only = off` changes nothing. Only `SELECT pg_promote()` (the master
   * user is a PostgreSQL superuser here) ends it, for good. A database-level read-only default is not enough: any
   * session may override it. Idempotent.
   */
  async restartAsStandby(): Promise<void> {
    if (this.standby && this.running) return;
    await this.stop();
    const signal = path.join(this.spec.dataDir, "standby.signal");
    await writeFile(signal, "", { mode: 0o600 });
    const owner = runAs();
    if (owner) await chown(signal, owner.uid, owner.gid);
    await this.start();
  }

  /** Fast shutdown (SIGINT): aborts open transactions, checkpoints, exits; escalates if it hangs. */
  async stop(): Promise<void> {
    const proc = this.process;
    if (!proc) return;
    await proc.stop();
    this.log(`stopped ${this.spec.id}`);
  }
}
