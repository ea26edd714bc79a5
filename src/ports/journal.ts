import type { Evidence } from "../core/evidence.js";
import type { ConfirmHow } from "./confirm.js";
import type { CiRun } from "./invocation.js";

/**
 * Where a deployment lives: deployment names are unique per account and region only, and a `bgd-` id is unique
 * within them. Read from the deployment's (or its source's) ARN, so it is what AWS says, not what bgdb assumed.
 */
export interface JournalScope {
  account: string;
  region: string;
}

/** The journal's key for one deployment: its `bgd-` id in its account and region (never its name alone). */
export interface DeploymentKey extends JournalScope {
  id: string;
}

/** What bgdb remembers locally about a deployment. Never trusted over what AWS says; never holds a secret. */
export interface DeploymentState extends DeploymentKey {
  /** Deployment name as AWS reported it (a later deployment may reuse it: the id tells them apart). */
  name: string;
  /** The settings bgdb ran with (flags after validation), secret-free. */
  settings: Record<string, unknown>;
  /** bgdb's last observed phase (see core/phase.ts). */
  phase?: string;
  createdAt: string;
  updatedAt: string;
  /** ISO time the switchover was seen to complete; drives the cleanup retention window. */
  switchedOverAt?: string;
  /** What bgdb observed along the way, for the change record (`bgdb report`). */
  evidence?: Evidence;
  steps: { step: string; at: string; outcome: string; durationMs?: number }[];
}

/**
 * What a line says happened: a call AWS accepted (`ok`) or refused (`error`); a confirmation given (`confirmed`) or
 * not (`declined`); or, on a later line about an earlier request, how AWS finally reported it ended (`completed`,
 * `failed`: a switchover RDS rolled back).
 */
export type AuditOutcome = "ok" | "error" | "confirmed" | "declined" | "completed" | "failed";

/** Who did it: the STS caller, the local user, and the CI run when there is one. */
export interface AuditActor {
  /** Caller ARN from STS, when it could be read. */
  arn?: string;
  user?: string;
  ci?: CiRun;
}

/**
 * One entry of the append-only audit log: one mutating call (or a refusal to make one), one confirmation, or the
 * final outcome of an earlier request. The journal adds the hash chain (`seq`, `prev`) when it writes the line.
 */
export interface AuditEntry {
  at: string;
  actor?: AuditActor;
  account?: string;
  region?: string;
  /** bgdb's command line; the journal redacts it before writing. */
  commandLine?: string[];
  action: string;
  deployment?: string;
  /** Call parameters. The journal redacts anything that looks like a secret before writing. */
  params: Record<string, unknown>;
  requestId?: string;
  outcome: AuditOutcome;
  /**
   * On a `completed` or `failed` line: the request id of the earlier line whose request ended so. Absent when this
   * run did not see that id (another run sent the request, or its response was lost): core/audit-outcomes.ts says
   * which request such a line settles.
   */
  outcomeOf?: string;
  /** On a `completed` or `failed` line: the deployment status AWS reported at the end. */
  status?: string;
  /** On a `Confirm…` line: how it was confirmed and the name that had to be typed. */
  confirmation?: { how: ConfirmHow; name: string };
  errorCode?: string;
  message?: string;
  durationMs?: number;
}

/** The audit log as read back: its entries in file order, and the lines that are not an entry at all. */
export interface AuditLog {
  /** Every entry, with whatever fields it carries (later versions of bgdb may add some). */
  entries: AuditEntry[];
  /** 1-based numbers of lines that are not a JSON audit entry: a damaged or edited log, which a reviewer must see. */
  unreadableLines: number[];
  /** The file byte for byte (empty when there is none): what the hash chain's verifier checks. */
  bytes: Uint8Array;
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
  readState(key: DeploymentKey): Promise<DeploymentState | undefined>;
  /**
   * The most recently updated state of a deployment with this name in this region (and account, when known): how
   * a cleanup resumes after the deployment object, the only thing in AWS that named its old blue, is gone.
   */
  findStateByName(scope: { region: string; account?: string }, name: string): Promise<DeploymentState | undefined>;
  /** Atomic: temp file, fsync, rename. */
  writeState(state: DeploymentState): Promise<void>;
  appendAudit(entry: AuditEntry): Promise<void>;
  /** The whole audit log (empty when there is none yet), for the change record (`bgdb report`). */
  readAudit(): Promise<AuditLog>;
  /**
   * Takes the lock for a deployment name in its account and region (the name is what exists before the id does),
   * or throws LockHeldError (exit 3) naming the holder. A lock whose holder process is gone (same host, pid not
   * alive) is taken over.
   */
  acquireLock(scope: JournalScope, name: string, command: string): Promise<Lock>;
}
