/** What a client writing through the production endpoint saw during a switchover. */
export interface WriteProbeReport {
  /** Writes the database acknowledged (COMMIT returned). */
  acknowledged: number;
  /** Writes that failed (connection refused, read-only, terminated session…). */
  failed: number;
  /** The longest time between two acknowledged writes, ms: what an application would have felt as a stall. */
  longestGapMs: number;
  /** When that gap started (ISO). */
  longestGapStartedAt?: string;
  /** Acknowledged writes not found afterwards: must be 0. */
  missing: number;
  /** False when the verification query itself could not run. */
  verified: boolean;
  /** The server version that answered the last acknowledged write (e.g. "PostgreSQL 17.2"). */
  lastServerVersion?: string;
  /**
   * Every write as it happened, for a chart of the switchover: when the probe started (ISO), and the offsets (ms
   * from then) of each acknowledged and each failed write.
   */
  timeline?: { startedAt: string; acknowledgedMs: number[]; failedMs: number[] };
}

export interface WriteProbe {
  /** The probe's table, for messages. */
  readonly table: string;
  /** How often it writes, ms. */
  readonly intervalMs: number;
  /**
   * The endpoints (host:port) among `endpoints` where the probe's table does not exist, reached with the production
   * URL's credentials. The table must exist on blue and green before the switchover: DDL is not replicated logically.
   */
  missingTable(endpoints: { host: string; port: number }[]): Promise<string[]>;
  /** Starts writing a heartbeat row every interval through the production endpoint (never creates the table). */
  start(): Promise<void>;
  /** Stops, then checks every acknowledged write is present. */
  stop(): Promise<WriteProbeReport>;
}
