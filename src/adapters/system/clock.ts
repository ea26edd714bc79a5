import { InterruptedError } from "../../core/errors.js";
import type { Clock } from "../../ports/clock.js";

/** The real clock. Core never calls setTimeout itself; it sleeps through this so tests can swap in FakeClock. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(new InterruptedError("Interrupted.", { cause: signal.reason }));
        return;
      }
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(new InterruptedError("Interrupted.", { cause: signal?.reason }));
      };
      const timer = setTimeout(
        () => {
          signal?.removeEventListener("abort", onAbort);
          resolve();
        },
        Math.max(0, ms),
      );
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  },
};
