/**
 * One error hierarchy for bgdb. Every error an operator can see is a BgdbError: a stable `code`, a message written
 * for the operator, a `hint` saying what to do next, and the exit code of docs/architecture.md. Adapters translate SDK
 * and system errors into these; the CLI prints them once and sets `process.exitCode`.
 */

/** Exit codes, as docs/architecture.md gives them. */
export const ExitCode = {
  Ok: 0,
  Internal: 1,
  Usage: 2,
  Precondition: 3,
  GateTimeout: 4,
  AwsFailure: 5,
  TestsFailed: 6,
  Interrupted: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * Every error code bgdb can report, with the exit code it carries: the `code` of `--json`'s error, stable for
 * scripts, and checked by the compiler (a code not listed here cannot be thrown or tested for).
 */
export const ERROR_CODES = {
  BAD_USAGE: ExitCode.Usage,
  // preconditions (exit 3)
  NOT_FOUND: ExitCode.Precondition,
  RECORD_NOT_FOUND: ExitCode.Precondition,
  LOCK_HELD: ExitCode.Precondition,
  STATE_CORRUPT: ExitCode.Precondition,
  STATE_DIR_UNUSABLE: ExitCode.Precondition,
  AUDIT_LOG_MISSING: ExitCode.Precondition,
  AUDIT_LOG_UNREADABLE: ExitCode.Precondition,
  PREFLIGHT_FAILED: ExitCode.Precondition,
  ALREADY_EXISTS: ExitCode.Precondition,
  NOT_AVAILABLE: ExitCode.Precondition,
  NOT_SWITCHED: ExitCode.Precondition,
  ALREADY_SWITCHED: ExitCode.Precondition,
  SWITCHOVER_IN_PROGRESS: ExitCode.Precondition,
  SWITCHOVER_REFUSED: ExitCode.Precondition,
  UNKNOWN_STATUS: ExitCode.Precondition,
  GREEN_NOT_READY: ExitCode.Precondition,
  GREEN_NOT_FOUND: ExitCode.Precondition,
  INVALID_UPGRADE_TARGET: ExitCode.Precondition,
  MAJOR_UPGRADE_NOT_ALLOWED: ExitCode.Precondition,
  PHYSICAL_REPLICATION: ExitCode.Precondition,
  RETENTION: ExitCode.Precondition,
  DELETION_PROTECTION: ExitCode.Precondition,
  RESOURCE_CHANGED: ExitCode.Precondition,
  PROBE_TABLE_MISSING: ExitCode.Precondition,
  PROBE_UNREACHABLE: ExitCode.Precondition,
  DB_UNREACHABLE: ExitCode.Precondition,
  DB_READ_FAILED: ExitCode.Precondition,
  VERIFY_NOT_SUPPORTED: ExitCode.Precondition,
  INSPECT_NOT_SUPPORTED: ExitCode.Precondition,
  CNAME_MISMATCH: ExitCode.Precondition,
  HOOK_FAILED: ExitCode.Precondition,
  SANDBOX_NOT_INSTALLED: ExitCode.Precondition,
  SANDBOX_UNAVAILABLE: ExitCode.Precondition,
  /** The sandbox cannot run this engine on this machine (MariaDB not installed). */
  ENGINE_NOT_INSTALLED: ExitCode.Precondition,
  SOURCE_NOT_SUPPORTED: ExitCode.Precondition,
  INVALID_INSTANCE_STATE: ExitCode.Precondition,
  INVALID_CLUSTER_STATE: ExitCode.Precondition,
  INVALID_BGD_STATE: ExitCode.Precondition,
  INVALID_ACTION: ExitCode.Precondition,
  INVALID_PARAMETER_COMBINATION: ExitCode.Precondition,
  INVALID_PARAMETER_VALUE: ExitCode.Precondition,
  QUOTA_EXCEEDED: ExitCode.Precondition,
  CREDENTIALS: ExitCode.Precondition,
  ACCESS_DENIED: ExitCode.Precondition,
  REGION_MISSING: ExitCode.Precondition,
  // gates and waits (exit 4)
  WAIT_TIMEOUT: ExitCode.GateTimeout,
  GATE_NOT_MET: ExitCode.GateTimeout,
  GATE_CHANGED: ExitCode.GateTimeout,
  SWITCHOVER_WATCH_TIMEOUT: ExitCode.GateTimeout,
  // AWS reported a failure (exit 5)
  CREATION_FAILED: ExitCode.AwsFailure,
  INVALID_CONFIGURATION: ExitCode.AwsFailure,
  DEPLOYMENT_DELETING: ExitCode.AwsFailure,
  SWITCHOVER_FAILED: ExitCode.AwsFailure,
  UPGRADE_FAILED: ExitCode.AwsFailure,
  SNAPSHOT_FAILED: ExitCode.AwsFailure,
  WRITES_LOST: ExitCode.AwsFailure,
  DATA_DIFFERS: ExitCode.AwsFailure,
  AWS_UNAVAILABLE: ExitCode.AwsFailure,
  NETWORK: ExitCode.AwsFailure,
  AWS_ERROR: ExitCode.AwsFailure,
  TESTS_FAILED: ExitCode.TestsFailed,
  INTERRUPTED: ExitCode.Interrupted,
  INTERNAL: ExitCode.Internal,
} as const satisfies Record<string, ExitCode>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** The codes that carry exit code `E`: a PreconditionError can only be given an exit-3 code, and so on. */
export type CodeOf<E extends ExitCode> = {
  [K in ErrorCode]: (typeof ERROR_CODES)[K] extends E ? K : never;
}[ErrorCode];

export interface BgdbErrorOptions {
  hint?: string;
  cause?: unknown;
  /** AWS request id of the call that failed, when there was one. */
  requestId?: string;
  /** Extra facts for `--json` output (kept small and secret-free). */
  details?: Record<string, unknown>;
}

export class BgdbError extends Error {
  readonly code: ErrorCode;
  readonly exitCode: ExitCode;
  readonly hint?: string;
  readonly requestId?: string;
  readonly details?: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, options: BgdbErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.exitCode = ERROR_CODES[code];
    this.hint = options.hint;
    this.requestId = options.requestId;
    this.details = options.details;
  }
}

/** Bad flag, file or environment variable. Nothing was changed in AWS. Exit 2. */
export class UsageError extends BgdbError {
  constructor(message: string, options: BgdbErrorOptions = {}) {
    super("BAD_USAGE", message, options);
  }
}

/** Preflight failed, resource not found, unsupported, credentials or permission refused, lock held. Exit 3. */
export class PreconditionError extends BgdbError {
  constructor(code: CodeOf<typeof ExitCode.Precondition>, message: string, options: BgdbErrorOptions = {}) {
    super(code, message, options);
  }
}

export class NotFoundError extends PreconditionError {
  constructor(message: string, options: BgdbErrorOptions = {}) {
    super("NOT_FOUND", message, options);
  }
}

export class LockHeldError extends PreconditionError {
  constructor(message: string, options: BgdbErrorOptions = {}) {
    super("LOCK_HELD", message, options);
  }
}

/**
 * A gate or wait did not pass in time. Exit 4. Before a switchover blue still serves; SWITCHOVER_WATCH_TIMEOUT is a
 * switchover RDS accepted that bgdb stopped watching (RDS finishes or rolls it back).
 */
export class GateTimeoutError extends BgdbError {
  constructor(code: CodeOf<typeof ExitCode.GateTimeout>, message: string, options: BgdbErrorOptions = {}) {
    super(code, message, options);
  }
}

/** AWS reported a failure (creation failed, INVALID_CONFIGURATION, SWITCHOVER_FAILED, a throttle that never ended). Exit 5. */
export class AwsFailureError extends BgdbError {
  constructor(code: CodeOf<typeof ExitCode.AwsFailure>, message: string, options: BgdbErrorOptions = {}) {
    super(code, message, options);
  }
}

/** The user's tests against green failed or timed out. Exit 6. */
export class TestsFailedError extends BgdbError {
  constructor(message: string, options: BgdbErrorOptions = {}) {
    super("TESTS_FAILED", message, options);
  }
}

/** Ctrl-C, an aborted signal, or a declined confirmation. State is saved; re-running is safe. Exit 130. */
export class InterruptedError extends BgdbError {
  constructor(message = "Interrupted.", options: BgdbErrorOptions = {}) {
    super("INTERRUPTED", message, options);
  }
}

/** A bug in bgdb. Exit 1. */
export class InternalError extends BgdbError {
  constructor(message: string, options: BgdbErrorOptions = {}) {
    super("INTERNAL", message, options);
  }
}

/** What a thrown value says: an Error's message, anything else as text. */
export const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

export function isBgdbError(e: unknown): e is BgdbError {
  return e instanceof BgdbError;
}

/** The deployment an error concerns, as `--json`'s error document names it (so CI can act on it). */
export interface ErrorDeployment {
  id: string;
  name: string;
  status: string;
}

/**
 * Names the deployment on an error leaving a command that knows it (unless the error names one already): the
 * operator and a CI job both need to know what to look at, or abort, next.
 */
export function aboutDeployment(e: unknown, d: ErrorDeployment): unknown {
  if (!isBgdbError(e) || (e.details && "deployment" in e.details && typeof e.details.deployment === "object")) return e;
  Object.defineProperty(e, "details", {
    value: { ...e.details, deployment: { id: d.id, name: d.name, status: d.status } },
    enumerable: true,
  });
  return e;
}

/** Throws InterruptedError when the signal has been aborted. Every step calls this first. */
export function throwIfAborted(signal: AbortSignal | undefined, what = "Interrupted"): void {
  if (signal?.aborted) {
    throw new InterruptedError(`${what}.`, { cause: signal.reason });
  }
}
