/**
 * The single path every SDK call takes: an outer retry for throttling, then SDK error → BgdbError.
 *
 * Why an outer retry when the SDK already retries (adaptive mode, `maxAttempts`)? Two reasons. RDS control-plane
 * throttles can outlast the SDK's budget (its backoff caps at 20 s), and bgdb's polls are cheap to repeat, so a few
 * slower extra tries beat failing a multi-hour deployment on a throttle. And the SDK's retry lives in the client's
 * middleware, which test doubles such as aws-sdk-client-mock bypass (they replace `send`); this layer is the one
 * tests can observe, with an injected `sleep` so they never wait. Throttled requests were rejected before RDS acted
 * on them, so retrying a mutating call here is safe — and it is the only retry a mutating call gets: those go through
 * a client with one SDK attempt (clients.ts), since a 5xx or a dropped connection does not say RDS did not act.
 */
import { InternalError, isBgdbError } from "../../core/errors.js";
import { type AwsCallTarget, isThrottlingError, mapAwsError } from "./errors.js";

export interface CallOptions {
  /** Waits between throttling retries; the CLI passes its clock's, which Ctrl-C interrupts. @default setTimeout-based sleep */
  sleep?: (ms: number) => Promise<void>;
  /** Jitter source in [0, 1). @default Math.random */
  random?: () => number;
  /** Extra tries after the SDK gave up on a throttled call. @default 3 */
  throttleRetries?: number;
  /** First outer backoff; doubles per try, full jitter, capped at 60 s. @default 2000 */
  throttleBaseDelayMs?: number;
}

export type Call = <T>(operation: string, send: () => Promise<T>) => Promise<T>;

const MAX_DELAY_MS = 60_000;

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createCall(options: CallOptions = {}, target: AwsCallTarget = {}): Call {
  const sleep = options.sleep ?? realSleep;
  const random = options.random ?? Math.random;
  const retries = options.throttleRetries ?? 3;
  const base = options.throttleBaseDelayMs ?? 2000;
  return async (operation, send) => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await send();
      } catch (e) {
        if (attempt >= retries || !isThrottlingError(e)) throw mapAwsError(e, operation, target);
        const cap = Math.min(MAX_DELAY_MS, base * 2 ** attempt);
        // Half fixed, half jittered: never zero, and concurrent runs spread out.
        await sleep(Math.round(cap / 2 + (random() * cap) / 2));
      }
    }
  };
}

/**
 * Wraps every method of a port implementation so nothing but a BgdbError escapes. SDK errors were already mapped by
 * `Call` (every SDK call goes through it) and pass through; anything else is a bug in this adapter (a mapper that
 * met a shape it did not expect), reported as such rather than blamed on AWS.
 */
export function withErrorMapping<T extends object>(port: T, name: string): T {
  const wrapped = {} as Record<string, unknown>;
  for (const [key, value] of Object.entries(port)) {
    wrapped[key] =
      typeof value === "function"
        ? async (...args: unknown[]) => {
            try {
              return await value.apply(port, args);
            } catch (e) {
              if (isBgdbError(e)) throw e;
              throw new InternalError(`Unexpected error in ${name}.${key}: ${String(e)}`, { cause: e });
            }
          }
        : value;
  }
  return wrapped as T;
}
