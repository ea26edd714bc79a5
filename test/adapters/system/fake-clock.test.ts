import { describe, expect, it } from "vitest";
import { createFakeClock, FakeClock } from "../../../src/adapters/system/fake-clock.js";
import { InterruptedError } from "../../../src/core/errors.js";

describe("FakeClock", () => {
  it("starts at the given time", () => {
    expect(createFakeClock(5000).now()).toBe(5000);
    expect(new FakeClock().now()).toBe(Date.parse("2026-11-26T12:00:00Z"));
  });

  it("sleep advances virtual time instantly and records durations", async () => {
    const clock = createFakeClock(0);
    const realStart = Date.now();
    for (let i = 0; i < 1000; i++) await clock.sleep(3_600_000);
    expect(clock.now()).toBe(3_600_000_000);
    expect(clock.sleeps).toHaveLength(1000);
    expect(clock.sleeps[0]).toBe(3_600_000);
    expect(Date.now() - realStart).toBeLessThan(2000);
  });

  it("sleep resolves on a microtask, not synchronously", async () => {
    const clock = createFakeClock(0);
    let resolved = false;
    const p = clock.sleep(10).then(() => {
      resolved = true;
    });
    expect(resolved).toBe(false);
    await p;
    expect(resolved).toBe(true);
  });

  it("advance moves time without recording a sleep", () => {
    const clock = createFakeClock(100);
    clock.advance(50);
    expect(clock.now()).toBe(150);
    expect(clock.sleeps).toEqual([]);
  });

  it("rejects with InterruptedError when the signal is aborted, without moving time", async () => {
    const clock = createFakeClock(0);
    const ac = new AbortController();
    ac.abort();
    await expect(clock.sleep(1000, ac.signal)).rejects.toBeInstanceOf(InterruptedError);
    expect(clock.now()).toBe(0);
  });

  it("rejects when the signal aborts during the sleep", async () => {
    const clock = createFakeClock(0);
    const ac = new AbortController();
    const p = clock.sleep(1000, ac.signal);
    ac.abort();
    await expect(p).rejects.toBeInstanceOf(InterruptedError);
  });
});
