import { describe, expect, it } from "vitest";
import { provisioningFigures, switchoverFigures } from "../../bench/polling-sim.js";
import { DEFAULT_TASK_PACING, taskPacer } from "../../src/core/pacing.js";

const tasks = (...statuses: string[]) => statuses.map((status, i) => ({ name: `T${i}`, status }));

describe("task pacing", () => {
  it("polls at the middle pace while nothing is known about task lengths", () => {
    const p = taskPacer(DEFAULT_TASK_PACING, 0);
    expect(p.next(tasks("IN_PROGRESS", "PENDING"), 60_000)).toBe(DEFAULT_TASK_PACING.unknownMs);
  });

  it("learns a task's length, sleeps far from the next one's expected end and looks often near it", () => {
    const p = taskPacer(DEFAULT_TASK_PACING, 0);
    p.next(tasks("IN_PROGRESS", "PENDING"), 0);
    // T0 took 10 minutes; T1 started then: expected to end at 20 min.
    p.next(tasks("COMPLETED", "IN_PROGRESS"), 600_000);
    expect(p.next(tasks("COMPLETED", "IN_PROGRESS"), 700_000)).toBe(DEFAULT_TASK_PACING.farMs);
    expect(p.next(tasks("COMPLETED", "IN_PROGRESS"), 1_190_000)).toBe(DEFAULT_TASK_PACING.nearMs);
    // Running long: backs off towards the far pace.
    const late = p.next(tasks("COMPLETED", "IN_PROGRESS"), 1_300_000);
    expect(late).toBeGreaterThan(DEFAULT_TASK_PACING.nearMs);
    expect(late).toBeLessThanOrEqual(DEFAULT_TASK_PACING.farMs);
  });

  it("every task done but not yet AVAILABLE: it is about to be, look often", () => {
    const p = taskPacer(DEFAULT_TASK_PACING, 0);
    expect(p.next(tasks("COMPLETED", "COMPLETED"), 1000)).toBe(DEFAULT_TASK_PACING.nearMs);
  });
});

describe("polling goals (simulated on a virtual clock, seeded jitter: deterministic)", () => {
  it("30-minute provisioning, four tasks in turn: mean detection ≤ 5 s with ≤ half the calls of a 10 s poll", () => {
    const { paced, fixed10s } = provisioningFigures();
    expect(paced.meanDetectionMs).toBeLessThanOrEqual(5_000);
    expect(paced.calls).toBeLessThanOrEqual(0.5 * fixed10s.calls);
  });

  it("a 60 s switchover: its end noticed within 1 s on average", () => {
    expect(switchoverFigures().meanDetectionMs).toBeLessThanOrEqual(1_000);
  });
});
