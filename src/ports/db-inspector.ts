/**
 * Looking inside blue before a blue/green deployment and before its switchover: what the catalog holds that RDS's
 * replication cannot carry (preflight, core/db-checks.ts), and what the sessions are doing now (the switchover
 * prediction, core/predict.ts). Only reads; facts, never verdicts: core judges them. Engine-shaped: PostgreSQL and
 * the MySQL family answer with their own facts, so a MySQL adapter is a drop-in beside the PostgreSQL one.
 */

/** A table without a primary key, and the replica identity PostgreSQL would replicate its changes by. */
export interface KeylessTable {
  /** `schema.table`. */
  name: string;
  /** `default` (no key: updates and deletes can't be replicated), `nothing`, `index` (a unique index), `full`. */
  identity: "default" | "nothing" | "index" | "full";
}

/** What one PostgreSQL database holds (each database is replicated on its own slot). */
export interface PgDatabaseFacts {
  name: string;
  keyless: KeylessTable[];
  /** `schema.table` of unlogged tables. */
  unlogged: string[];
  /** `schema.view` of materialized views. */
  materializedViews: string[];
  largeObjects: number;
  extensions: { name: string; version: string }[];
  sequences: number;
  publications: string[];
}

export interface PgFacts {
  family: "postgres";
  /** What answered, e.g. `PostgreSQL 16.14`. */
  server: string;
  /**
   * Server settings by name, as `SHOW` prints them (`wal_level`, `max_replication_slots`, `max_wal_senders`,
   * `max_logical_replication_workers`, `max_worker_processes`, `rds.logical_replication`, `shared_preload_libraries`,
   * `rds.logically_replicate_unlogged_tables`); a setting the server does not have is absent.
   */
  settings: Record<string, string>;
  slots: { name: string; type: "logical" | "physical"; plugin?: string; database?: string; active: boolean }[];
  subscriptions: string[];
  databases: PgDatabaseFacts[];
  /** Databases the credentials could not read, and why (the message never holds the password). */
  unreadable: { database: string; message: string }[];
}

export interface MysqlFacts {
  family: "mysql";
  /** `MySQL 8.0.36`, `MariaDB 10.11.8`. */
  server: string;
  /** `log_bin`, `binlog_format`, `event_scheduler`, as `SHOW VARIABLES` prints them. */
  variables: Record<string, string>;
  /** `binlog retention hours` from `mysql.rds_configuration`: null when unset, undefined where there is no such table. */
  binlogRetentionHours?: number | null;
  /** `db.table` of base tables without a primary key (system schemas left out). */
  keyless: string[];
  databases: string[];
}

export type DbFacts = PgFacts | MysqlFacts;

/** One session on blue with an open transaction or a running statement (the reader's own left out). */
export interface SessionActivity {
  /** The server's id of the session (PostgreSQL pid, MySQL connection id). */
  id: string;
  user?: string;
  database?: string;
  /** The first keyword of its current or last statement, upper case (`UPDATE`, `ALTER`): never the statement. */
  command?: string;
  /** A statement is running now (not idle in a transaction). */
  active: boolean;
  /** How long its transaction has been open, ms (absent: no transaction). */
  transactionMs?: number;
  /** How long its current statement has run, ms. */
  statementMs?: number;
  /** The transaction has written (PostgreSQL: it holds a transaction id; MySQL: InnoDB counts modified rows). */
  wrote: boolean;
}

export interface DbActivity {
  sessions: SessionActivity[];
}

/** Where blue answers, as RDS describes it. */
export interface InspectTarget {
  host: string;
  port: number;
  engine: string;
}

/** One connection's worth of reading blue. */
export interface DbInspector {
  facts(): Promise<DbFacts>;
  activity(): Promise<DbActivity>;
  close(): Promise<void>;
}

/** Opens inspectors with the credentials bgdb was given (a URL from the environment, never printed). */
export interface DbInspectors {
  /** Where the credentials come from, for messages: `the URL in $BLUE_URL`. */
  readonly credentials: string;
  /** False for an engine no adapter reads yet: its in-database checks are reported as not run. */
  supports(engine: string): boolean;
  open(target: InspectTarget): Promise<DbInspector>;
}
