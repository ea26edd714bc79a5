/**
 * One error hierarchy for bgdb. Every error an operator can see is a BgdbError: a stable `code`, a message written
 * for the operator, a `hint` saying what to do next, and the exit code of ARCHITECTURE.md. Adapters translate SDK
 * and system errors into these; the CLI prints them once and sets `process.exitCode`.
 */

/** Exit codes, exactly as ARCHITECTURE.md gives them. */
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

export interface BgdbErrorOptions {
  hint?: string;
  cause?: unknown;
  /** AWS request id of the call that failed, when there was one. */
  requestId?: string;
  /** Extra facts for `--json` output (kept small and secret-free). */
  details?: Record<string, unknown>;
}

export class BgdbError extends Error {
  readonly code: string;
  readonly exitCode: ExitCode;
  readonly hint?: string;
  readonly requestId?: string;
  readonly details?: Record<string, unknown>;

  constructor(code: string, exitCode: ExitCode, message: string, options: BgdbErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.exitCode = exitCode;
    this.hint = options.hint;
    this.requestId = options.requestId;
    this.details = options.details;
  }
}

/** Bad flag, file or environment variable. Nothing was changed in AWS. Exit 2. */
export class UsageError extends BgdbError {
  constructor(message: string, options: BgdbErrorOptions = {}) {
    super("BAD_USAGE", ExitCode.Usage, message, options);
  }
}

/** Preflight failed, resource not found, unsupported, credentials or permission refused, lock held. Exit 3. */
export class PreconditionError extends BgdbError {
  constructor(code: string, message: string, options: BgdbErrorOptions = {}) {
    super(code, ExitCode.Precondition, message, options);
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

/** A gate or wait did not pass in time. Blue still serves. Exit 4. */
export class GateTimeoutError extends BgdbError {
  constructor(code: string, message: string, options: BgdbErrorOptions = {}) {
    super(code, ExitCode.GateTimeout, message, options);
  }
}

/** AWS reported a failure (creation failed, INVALID_CONFIGURATION, SWITCHOVER_FAILED, a throttle that never ended). Exit 5. */
export class AwsFailureError extends BgdbError {
  constructor(code: string, message: string, options: BgdbErrorOptions = {}) {
    super(code, ExitCode.AwsFailure, message, options);
  }
}

/** The user's tests against green failed or timed out. Exit 6. */
export class TestsFailedError extends BgdbError {
  constructor(message: string, options: BgdbErrorOptions = {}) {
    super("TESTS_FAILED", ExitCode.TestsFailed, message, options);
  }
}

/** Ctrl-C, an aborted signal, or a declined confirmation. State is saved; re-running is safe. Exit 130. */
export class InterruptedError extends BgdbError {
  constructor(message = "Interrupted.", options: BgdbErrorOptions = {}) {
    super("INTERRUPTED", ExitCode.Interrupted, message, options);
  }
}

/** A bug in bgdb. Exit 1. */
export class InternalError extends BgdbError {
  constructor(message: string, options: BgdbErrorOptions = {}) {
    super("INTERNAL", ExitCode.Internal, message, options);
  }
}

export function isBgdbError(e: unknown): e is BgdbError {
  return e instanceof BgdbError;
}

/** Throws InterruptedError when the signal has been aborted. Every step calls this first. */
export function throwIfAborted(signal: AbortSignal | undefined, what = "Interrupted"): void {
  if (signal?.aborted) {
    throw new InterruptedError(`${what}.`, { cause: signal.reason });
  }
}
