import { InterruptedError } from "../../core/errors.js";
import type { Clock } from "../../ports/clock.js";

/**
 * A clock whose sleeps return at once after moving virtual time forward, so a wait of hours runs in milliseconds.
 * Lives in src (not test/) because the CLI tests, core tests and the demo all use it.
 */
export class FakeClock implements Clock {
  private current: number;
  /** Every duration passed to sleep(), in call order: lets a test assert the poll schedule. */
  readonly sleeps: number[] = [];

  constructor(startMs = Date.UTC(2026, 10, 26, 12, 0, 0)) {
    this.current = startMs;
  }

  now(): number {
    return this.current;
  }

  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) {
      throw new InterruptedError("Interrupted.", { cause: signal.reason });
    }
    this.sleeps.push(ms);
    this.current += Math.max(0, ms);
    // Resolve on a microtask (async function) so callers still interleave like with a real timer.
    await Promise.resolve();
    if (signal?.aborted) {
      throw new InterruptedError("Interrupted.", { cause: signal.reason });
    }
  }

  /** Moves virtual time forward without a sleep (e.g. "AWS took 5 minutes to answer"). */
  advance(ms: number): void {
    this.current += ms;
  }
}

/** @param startMs virtual epoch milliseconds. @default 2026-11-26T12:00:00Z */
export function createFakeClock(startMs?: number): FakeClock {
  return new FakeClock(startMs);
}
