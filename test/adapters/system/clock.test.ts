import { describe, expect, it, vi } from "vitest";
import { systemClock } from "../../../src/adapters/system/clock.js";
import { InterruptedError } from "../../../src/core/errors.js";

describe("systemClock", () => {
  it("now() follows Date.now()", () => {
    vi.useFakeTimers({ now: 1_700_000_000_000 });
    try {
      expect(systemClock.now()).toBe(1_700_000_000_000);
    } finally {
      vi.useRealTimers();
    }
  });

  it("sleep resolves after the timer fires", async () => {
    vi.useFakeTimers();
    try {
      let done = false;
      const p = systemClock.sleep(1000).then(() => {
        done = true;
      });
      await vi.advanceTimersByTimeAsync(999);
      expect(done).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      await p;
      expect(done).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it("rejects at once with InterruptedError when the signal is already aborted", async () => {
    const ac = new AbortController();
    ac.abort();
    await expect(systemClock.sleep(60_000, ac.signal)).rejects.toBeInstanceOf(InterruptedError);
  });

  it("rejects as soon as the signal aborts and clears its timer", async () => {
    vi.useFakeTimers();
    try {
      const ac = new AbortController();
      const p = systemClock.sleep(60_000, ac.signal);
      expect(vi.getTimerCount()).toBe(1);
      ac.abort();
      await expect(p).rejects.toMatchObject({ exitCode: 130, code: "INTERRUPTED" });
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });
});
