/**
 * Reading a database to compare blue with green (`bgdb verify`): table lists, primary-key ranges and checksums over
 * them. Only reads, never writes; each call is one short read-only statement, so a large table never holds a long
 * transaction. Engine-neutral: a digest is compared only with one from the same engine, so each adapter picks its own
 * (PostgreSQL: md5 over the rows' text in key order; the MySQL family would use its own functions).
 */

/** A primary-key value: one text per key column, as the database prints it (and reads it back as the same value). */
export type KeyValue = readonly string[];

/** Primary keys from `from` (inclusive) up to `to` (exclusive); an absent bound is open. `{}` is the whole table. */
export interface KeyRange {
  from?: KeyValue;
  to?: KeyValue;
}

export interface TableInfo {
  /** How bgdb names it, and what `--tables` matches: `orders`, or `audit.events` outside the default schema. */
  name: string;
  schema: string;
  table: string;
  /** Column names in the table's order. */
  columns: string[];
  /** Primary-key columns in key order; empty when the table has none (it can be compared by row count only). */
  primaryKey: string[];
}

/** One key range read on one side: how many rows, and a digest of those rows in key order. */
export interface RangeSum {
  rows: number;
  digest: string;
}

/** One side (blue or green) opened for reading. */
export interface TableReader {
  /** What answered, e.g. `PostgreSQL 17.10`. */
  readonly server: string;
  /** The user tables (system schemas left out), each with its columns and primary key. */
  listTables(): Promise<TableInfo[]>;
  /** `SELECT count(*)`: for tables without a primary key. */
  countRows(t: TableInfo): Promise<number>;
  /**
   * The primary key `skip` rows past `from` in key order (past the first row when `from` is absent): the end of the
   * chunk starting at `from`. Undefined when the table ends first: that chunk is the last.
   */
  keyAfter(t: TableInfo, from: KeyValue | undefined, skip: number): Promise<KeyValue | undefined>;
  /** Rows in `range` and a digest of `columns` (in this order) over them in key order. */
  checksum(t: TableInfo, columns: readonly string[], range: KeyRange): Promise<RangeSum>;
  close(): Promise<void>;
}

/** Where one side answers, as RDS describes it. */
export interface DbTarget {
  side: "blue" | "green";
  host: string;
  port: number;
  engine: string;
  /** The master user and database RDS reports: used when bgdb was given no connection URL (the sandbox). */
  user?: string;
  database?: string;
}

/** Opens a reader on an endpoint with the credentials bgdb was given (a URL from the environment, never printed). */
export interface TableReaders {
  open(target: DbTarget): Promise<TableReader>;
}
