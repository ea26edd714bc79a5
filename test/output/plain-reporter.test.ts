import { describe, expect, it } from "vitest";
import type { MessageEvent, ProgressEvent } from "../../src/core/event.js";
import { createPlainReporter } from "../../src/output/plain-reporter.js";
import { capture } from "./capture.js";

function setup(mode: "plain" | "json" | "quiet" = "plain", heartbeatMs?: number) {
  let t = Date.parse("2026-11-26T12:00:01Z");
  const stderr = capture();
  // json keeps the plain progress lines on stderr; quiet prints only failures and warnings.
  const reporter = createPlainReporter({ stderr, now: () => new Date(t), heartbeatMs, quiet: mode === "quiet" });
  return { stderr, reporter, advance: (ms: number) => (t += ms) };
}

const progress = (status: string, tasks?: { name: string; status: string }[], elapsedMs = 0): ProgressEvent => ({
  kind: "progress",
  phase: "create",
  label: "orders-prod-to-17",
  status,
  detail: tasks ? { tasks } : undefined,
  elapsedMs,
});
const READ_REPLICA = [{ name: "CREATING_READ_REPLICA_OF_SOURCE", status: "IN_PROGRESS" }];

/** A message event of each level, with words the test can look for. */
const created = (): MessageEvent => ({
  kind: "message",
  phase: "create",
  level: "ok",
  code: "create.created",
  name: "orders-prod-to-17",
  id: "bgd-1",
});
const said = (level: MessageEvent["level"], what: string): MessageEvent => ({
  kind: "message",
  phase: "switchover",
  level,
  code: "switchover.follow-up-failed",
  what,
  after: "completed",
  message: "boom",
});

describe("plain reporter", () => {
  it("prints timestamped lines with the phase padded to 10 and no colour", () => {
    const { stderr, reporter } = setup();
    reporter.emit(created());
    reporter.emit({
      kind: "message",
      phase: "gate",
      level: "fail",
      code: "gate.passed",
      checks: [{ name: "members", ok: false, available: 0, total: 1 }],
    });
    expect(stderr.raw()).toBe(
      [
        "2026-11-26T12:00:01Z create     Created blue/green deployment orders-prod-to-17 (bgd-1)",
        "2026-11-26T12:00:01Z gate       ✖ Gate",
        "2026-11-26T12:00:01Z gate         ✖ 0/1 members AVAILABLE",
        "",
      ].join("\n"),
    );
  });

  it("prints progress only when status or detail change", () => {
    const { stderr, reporter, advance } = setup();
    reporter.emit(progress("PROVISIONING", undefined, 0));
    advance(10_000);
    reporter.emit(progress("PROVISIONING", undefined, 10_000));
    advance(10_000);
    reporter.emit(progress("PROVISIONING", READ_REPLICA, 20_000));
    advance(10_000);
    reporter.emit(progress("PROVISIONING", READ_REPLICA, 30_000));
    advance(10_000);
    reporter.emit(progress("AVAILABLE", undefined, 40_000));
    expect(stderr.lines()).toEqual([
      "2026-11-26T12:00:01Z create     orders-prod-to-17 PROVISIONING  0m00s",
      "2026-11-26T12:00:21Z create     orders-prod-to-17 PROVISIONING (CREATING_READ_REPLICA_OF_SOURCE …)  0m20s",
      "2026-11-26T12:00:41Z create     orders-prod-to-17 AVAILABLE  0m40s",
    ]);
  });

  it("repeats an unchanged status after the heartbeat interval", () => {
    const { stderr, reporter, advance } = setup("plain", 300_000);
    for (let i = 0; i <= 12; i++) {
      reporter.emit(progress("PROVISIONING", undefined, i * 60_000));
      advance(60_000);
    }
    // t = 0, 5, 10 minutes
    expect(stderr.lines()).toHaveLength(3);
    expect(stderr.lines()[1]).toContain("12:05:01Z");
    expect(stderr.lines()[1]).toContain("5m00s");
  });

  it("defaults the heartbeat to 60 s", () => {
    const { stderr, reporter, advance } = setup();
    reporter.emit(progress("PROVISIONING"));
    advance(59_000);
    reporter.emit(progress("PROVISIONING"));
    advance(1_000);
    reporter.emit(progress("PROVISIONING"));
    expect(stderr.lines()).toHaveLength(2);
  });

  it("a new wait after progress-end prints its first line even if the status matches", () => {
    const { stderr, reporter } = setup();
    reporter.emit(progress("AVAILABLE"));
    reporter.emit({ kind: "progress-end", phase: "create" });
    reporter.emit(progress("AVAILABLE"));
    expect(stderr.lines()).toHaveLength(2);
  });

  it("prints notes, marking warnings", () => {
    const { stderr, reporter } = setup();
    reporter.emit({
      kind: "message",
      phase: "switchover",
      level: "info",
      code: "switchover.confirm",
      timeoutSeconds: 300,
    });
    reporter.emit(said("warn", "The Route 53 check"));
    expect(stderr.lines()).toEqual([
      "2026-11-26T12:00:01Z switchover This switches production traffic to green. RDS rolls back if it takes longer than 300 s.",
      "2026-11-26T12:00:01Z switchover ⚠ The Route 53 check failed after the switchover completed: boom",
    ]);
  });

  it("json mode still sends plain progress to stderr", () => {
    const { stderr, reporter } = setup("json");
    reporter.emit(progress("PROVISIONING"));
    reporter.emit(created());
    expect(stderr.lines()).toHaveLength(2);
  });

  it("quiet mode prints only failed steps and warnings", () => {
    const { stderr, reporter } = setup("quiet");
    reporter.emit(progress("PROVISIONING"));
    reporter.emit(created());
    reporter.emit(said("info", "fyi"));
    reporter.emit(said("fail", "broken"));
    reporter.emit(said("warn", "careful"));
    expect(stderr.lines()).toEqual([
      "2026-11-26T12:00:01Z switchover ✖ broken failed after the switchover completed: boom",
      "2026-11-26T12:00:01Z switchover ⚠ careful failed after the switchover completed: boom",
    ]);
  });
});
