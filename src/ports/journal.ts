/** What bgdb remembers locally about a deployment. Never trusted over what AWS says; never holds a secret. */
export interface DeploymentState {
  /** Deployment name (unique per account and region): the journal's key. */
  name: string;
  /** `bgd-…` once known. */
  id?: string;
  /** The settings bgdb ran with (flags after validation), secret-free. */
  settings: Record<string, unknown>;
  /** bgdb's last observed phase (see core/phase.ts). */
  phase?: string;
  createdAt: string;
  updatedAt: string;
  /** ISO time the switchover was seen to complete; drives the cleanup retention window. */
  switchedOverAt?: string;
  steps: { step: string; at: string; outcome: string; durationMs?: number }[];
}

/** One line of the append-only audit log: one mutating call (or a refusal to make one). */
export interface AuditEntry {
  at: string;
  /** Caller ARN from STS, when it could be read. */
  actor?: string;
  account?: string;
  region?: string;
  action: string;
  deployment?: string;
  /** Call parameters. The journal redacts anything that looks like a secret before writing. */
  params: Record<string, unknown>;
  requestId?: string;
  outcome: "ok" | "error";
  errorCode?: string;
  message?: string;
  durationMs?: number;
}

export interface LockInfo {
  pid: number;
  hostname: string;
  command: string;
  startedAt: string;
}

export interface Lock {
  release(): Promise<void>;
}

export interface Journal {
  readState(name: string): Promise<DeploymentState | undefined>;
  /** Atomic: temp file, fsync, rename. */
  writeState(state: DeploymentState): Promise<void>;
  appendAudit(entry: AuditEntry): Promise<void>;
  /**
   * Takes the per-deployment lock or throws LockHeldError (exit 3) naming the holder. A lock whose holder process is
   * gone (same host, pid not alive) is taken over.
   */
  acquireLock(name: string, command: string): Promise<Lock>;
}
