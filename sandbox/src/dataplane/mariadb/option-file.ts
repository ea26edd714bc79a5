/**
 * One MariaDB server's files and its option file (my.cnf). The server is started with `--defaults-file=<my.cnf>` as
 * its first argument, so this file is the only configuration it reads: never /etc/mysql (Debian's would point at
 * /run/mysqld, set utf8mb4 and load plugins). The file is regenerated from the spec before every start, which is how
 * static parameters and the read-only role survive restarts.
 */
import { createHash } from "node:crypto";
import os from "node:os";
import path from "node:path";

export interface MariaDbServerSpec {
  /** Stable id (the control plane's DbiResourceId). */
  id: string;
  /** Everything of this server lives here: my.cnf, data/, tmp/, files/, error.log, the pid file and the socket. */
  baseDir: string;
  /** Internal loopback port: clients use an endpoint proxy; a green replicates from its blue's internal port. */
  port: number;
  /** Distinct per server (1…2^32-1): a replica ignores events that carry its own id. */
  serverId: number;
  /** Server variables (MariaDB names) from the DB parameter group and instance class; override the tuning below. */
  variables: Record<string, string>;
  /** Green while it follows blue, old blue after a switchover: `read_only`, which the master user cannot bypass. */
  readOnly: boolean;
}

export interface MariaDbLayout {
  cnf: string;
  dataDir: string;
  /** Per server: mariadbd deletes every `#sql*` file in its tmpdir at start, so a shared one breaks its neighbours. */
  tmpDir: string;
  /** secure_file_priv: the only place `SELECT … INTO OUTFILE` and `LOAD DATA` may touch (the server runs as root). */
  filesDir: string;
  errorLog: string;
  pidFile: string;
  socket: string;
}

/** sun_path holds 108 bytes: mariadbd aborts on a longer socket path, so a long base dir gets one in the temp dir. */
function socketPath(baseDir: string): string {
  const preferred = path.join(baseDir, "mysqld.sock");
  if (Buffer.byteLength(preferred) <= 100) return preferred;
  const hash = createHash("sha1").update(baseDir).digest("hex").slice(0, 16);
  return path.join(os.tmpdir(), `bgdb-mariadb-${hash}.sock`);
}

export function layoutOf(baseDir: string): MariaDbLayout {
  return {
    cnf: path.join(baseDir, "my.cnf"),
    dataDir: path.join(baseDir, "data"),
    tmpDir: path.join(baseDir, "tmp"),
    filesDir: path.join(baseDir, "files"),
    errorLog: path.join(baseDir, "error.log"),
    pidFile: path.join(baseDir, "mariadbd.pid"),
    socket: socketPath(baseDir),
  };
}

/** Run as root mariadbd must be told so; otherwise it runs as whoever started it. */
export const RUNS_AS_ROOT = process.getuid?.() === 0;

/**
 * Sandbox tuning: small and fast to start (about 60 MiB and 0.1 s per server), durability traded for speed as the
 * PostgreSQL servers do (a clean stop still persists everything). A parameter group may override any of these.
 */
const TUNING: Record<string, string> = {
  performance_schema: "OFF", // ON costs about 95 MiB per server
  innodb_buffer_pool_size: "32M",
  // the default reserves terabytes of address space, which fails under strict overcommit or `ulimit -v`
  "loose-innodb_buffer_pool_size_max": "256M",
  innodb_log_file_size: "8M",
  innodb_flush_log_at_trx_commit: "2",
  sync_binlog: "0",
  innodb_doublewrite: "OFF",
  innodb_buffer_pool_dump_at_shutdown: "OFF",
  innodb_buffer_pool_load_at_startup: "OFF",
  aria_pagecache_buffer_size: "8M",
  key_buffer_size: "1M",
  query_cache_size: "0",
  query_cache_type: "OFF",
  skip_name_resolve: "ON",
  // every client arrives from 127.0.0.1 through an endpoint proxy: aborted handshakes must never block that host
  max_connect_errors: "1000000",
};

/** What makes the sandbox work; no parameter group may change these. */
function essentials(spec: MariaDbServerSpec, l: MariaDbLayout): Record<string, string> {
  return {
    datadir: l.dataDir,
    tmpdir: l.tmpDir,
    secure_file_priv: l.filesDir,
    socket: l.socket,
    pid_file: l.pidFile,
    // a file, not stderr: a server orphaned by a killed sandbox keeps logging somewhere
    log_error: l.errorLog,
    port: String(spec.port),
    bind_address: "127.0.0.1",
    ...(RUNS_AS_ROOT ? { user: "root" } : {}),
    // Every server can be a blue and every green a primary: binlog with GTIDs on all, and a replica logs what it
    // applies so a promoted green continues the domain's sequence.
    server_id: String(spec.serverId),
    log_bin: "mariadb-bin",
    log_bin_index: "mariadb-bin.index",
    // explicit: the default names derive from the host name
    relay_log: "relay-bin",
    relay_log_index: "relay-bin.index",
    gtid_strict_mode: "ON",
    log_slave_updates: "ON",
    slave_net_timeout: "10",
    read_only: spec.readOnly ? "ON" : "OFF",
  };
}

export function renderOptionFile(spec: MariaDbServerSpec): string {
  const options = { ...TUNING, ...spec.variables, ...essentials(spec, layoutOf(spec.baseDir)) };
  const lines = Object.entries(options).map(([k, v]) => `${k}=${v}`);
  return `# Written by the bgdb sandbox before every start; edits are lost.\n[mariadbd]\n${lines.join("\n")}\n`;
}
