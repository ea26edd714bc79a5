import type { Clock, Reporter } from "../ports/index.js";
import {
  AwsFailureError,
  type BgdbError,
  GateTimeoutError,
  InterruptedError,
  isBgdbError,
  throwIfAborted,
} from "./errors.js";
import type { EventPhase, WaitDetail } from "./event.js";
import { formatElapsed } from "./format.js";
import type { PollTiming } from "./timing.js";

/** What a decision function says about one observation. */
export type WaitStep<R> =
  | { type: "done"; value: R }
  | { type: "fail"; error: BgdbError }
  /**
   * Keep waiting. `status`/`detail` are shown to the operator; `pace` picks the interval: `watch` while a switchover
   * runs (seconds matter), `fast` near an expected transition, `slow` during long work.
   */
  | { type: "continue"; status: string; detail?: WaitDetail; pace: "watch" | "fast" | "slow" };

export interface WaitSpec<T, R> {
  phase: EventPhase;
  label: string;
  timeoutMs: number;
  observe: () => Promise<T>;
  decide: (observation: T, elapsedMs: number) => WaitStep<R>;
  /** The error when the deadline passes; gets the last observation (if any). */
  onTimeout: (last: T | undefined, elapsedMs: number) => BgdbError;
  /** What the last observation says about production, added when Ctrl-C stops the wait (e.g. "blue still serves"). */
  interrupted?: (last: T | undefined) => string;
  /** An interval chosen from the observation itself (provisioning's task pacing), instead of the step's pace. */
  paceMs?: (observation: T, nowMs: number) => number;
}

export interface WaitContext {
  clock: Clock;
  reporter: Reporter;
  signal: AbortSignal;
  timing: PollTiming;
  random: () => number;
}

/** Errors worth polling through: throttling that outlived the SDK's retries (AWS_UNAVAILABLE), 5xx, network blips. */
export function isTransient(e: unknown): boolean {
  return isBgdbError(e) && (e.code === "AWS_UNAVAILABLE" || e.code === "NETWORK");
}

export function jittered(ms: number, jitter: number, random: () => number): number {
  return Math.max(0, Math.round(ms * (1 + jitter * (2 * random() - 1))));
}

/**
 * The one place bgdb waits. Polls `observe`, asks the pure `decide` what it means, sleeps on the injected clock with a
 * jittered interval (fast near an expected transition, slow during long provisioning), backs off on transient errors,
 * stops at the deadline, and rejects with InterruptedError as soon as the signal aborts.
 */
export async function waitFor<T, R>(ctx: WaitContext, spec: WaitSpec<T, R>): Promise<{ value: R; elapsedMs: number }> {
  const start = ctx.clock.now();
  let last: T | undefined;
  let transientErrors = 0;
  let backoffMs = ctx.timing.fastMs;
  try {
    for (;;) {
      throwIfAborted(ctx.signal, `Stopped waiting for ${spec.label}`);
      let intervalMs: number;
      try {
        last = await spec.observe();
        transientErrors = 0;
        backoffMs = ctx.timing.fastMs;
        const elapsedMs = ctx.clock.now() - start;
        const step = spec.decide(last, elapsedMs);
        if (step.type === "done") return { value: step.value, elapsedMs };
        if (step.type === "fail") throw step.error;
        ctx.reporter.emit({
          kind: "progress",
          phase: spec.phase,
          label: spec.label,
          status: step.status,
          detail: step.detail,
          elapsedMs,
        });
        intervalMs =
          spec.paceMs?.(last, ctx.clock.now()) ??
          (step.pace === "watch"
            ? ctx.timing.switchoverMs
            : step.pace === "fast"
              ? ctx.timing.fastMs
              : ctx.timing.slowMs);
      } catch (e) {
        if (!isTransient(e)) throw e;
        transientErrors += 1;
        if (transientErrors > ctx.timing.maxTransientErrors) {
          throw new AwsFailureError(
            "AWS_UNAVAILABLE",
            `AWS kept failing while bgdb waited for ${spec.label} (${transientErrors} errors in a row).`,
            { cause: e, hint: "Check the AWS Health Dashboard and re-run the same command: it resumes where AWS is." },
          );
        }
        backoffMs = Math.min(backoffMs * 2, ctx.timing.maxBackoffMs);
        intervalMs = backoffMs;
      }
      const elapsedMs = ctx.clock.now() - start;
      const remaining = spec.timeoutMs - elapsedMs;
      if (remaining <= 0) throw spec.onTimeout(last, elapsedMs);
      await ctx.clock.sleep(Math.min(jittered(intervalMs, ctx.timing.jitter, ctx.random), remaining), ctx.signal);
    }
  } catch (e) {
    if (e instanceof InterruptedError && spec.interrupted && !e.hint) {
      throw new InterruptedError(`${e.message.replace(/\.$/, "")}. ${spec.interrupted(last)}`, { cause: e.cause });
    }
    throw e;
  } finally {
    ctx.reporter.emit({ kind: "progress-end", phase: spec.phase });
  }
}

/** The usual deadline error: exit 4, blue still serves. */
export function timeoutError(what: string, elapsedMs: number, hint: string, details?: Record<string, unknown>) {
  return new GateTimeoutError("WAIT_TIMEOUT", `Gave up waiting for ${what} after ${formatElapsed(elapsedMs)}.`, {
    hint,
    details,
  });
}
