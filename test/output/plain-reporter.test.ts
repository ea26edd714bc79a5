import { describe, expect, it } from "vitest";
import { createPlainReporter } from "../../src/output/plain-reporter.js";
import { capture } from "./capture.js";

function setup(mode: "plain" | "json" | "quiet" = "plain", heartbeatMs?: number) {
  let t = Date.parse("2026-11-26T12:00:01Z");
  const stderr = capture();
  // json keeps the plain progress lines on stderr; quiet prints only failures and warnings.
  const reporter = createPlainReporter({ stderr, now: () => new Date(t), heartbeatMs, quiet: mode === "quiet" });
  return { stderr, reporter, advance: (ms: number) => (t += ms) };
}

const progress = (status: string, detail?: string, elapsedMs = 0) =>
  ({ kind: "progress", phase: "create", label: "orders-prod-to-17", status, detail, elapsedMs }) as const;

describe("plain reporter", () => {
  it("prints timestamped lines with the phase padded to 10 and no colour", () => {
    const { stderr, reporter } = setup();
    reporter.emit({ kind: "step", phase: "create", status: "ok", message: "Created orders-prod-to-17" });
    reporter.emit({
      kind: "step",
      phase: "switchover",
      status: "fail",
      message: "rolled back",
      detail: ["blue serves"],
    });
    expect(stderr.raw()).toBe(
      [
        "2026-11-26T12:00:01Z create     Created orders-prod-to-17",
        "2026-11-26T12:00:01Z switchover ✖ rolled back",
        "2026-11-26T12:00:01Z switchover   blue serves",
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
    reporter.emit(progress("PROVISIONING", "CREATING_READ_REPLICA_OF_SOURCE IN_PROGRESS", 20_000));
    advance(10_000);
    reporter.emit(progress("PROVISIONING", "CREATING_READ_REPLICA_OF_SOURCE IN_PROGRESS", 30_000));
    advance(10_000);
    reporter.emit(progress("AVAILABLE", undefined, 40_000));
    expect(stderr.lines()).toEqual([
      "2026-11-26T12:00:01Z create     orders-prod-to-17 PROVISIONING  0m00s",
      "2026-11-26T12:00:21Z create     orders-prod-to-17 PROVISIONING (CREATING_READ_REPLICA_OF_SOURCE IN_PROGRESS)  0m20s",
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
    reporter.emit({ kind: "note", phase: "switchover", message: "This switches traffic." });
    reporter.emit({ kind: "note", phase: "switchover", message: "Lag is high", level: "warn" });
    expect(stderr.lines()).toEqual([
      "2026-11-26T12:00:01Z switchover This switches traffic.",
      "2026-11-26T12:00:01Z switchover ⚠ Lag is high",
    ]);
  });

  it("json mode still sends plain progress to stderr", () => {
    const { stderr, reporter } = setup("json");
    reporter.emit(progress("PROVISIONING"));
    reporter.emit({ kind: "step", phase: "create", status: "ok", message: "done" });
    expect(stderr.lines()).toHaveLength(2);
  });

  it("quiet mode prints only failed steps and warnings", () => {
    const { stderr, reporter } = setup("quiet");
    reporter.emit(progress("PROVISIONING"));
    reporter.emit({ kind: "step", phase: "create", status: "ok", message: "fine" });
    reporter.emit({ kind: "step", phase: "create", status: "warn", message: "meh" });
    reporter.emit({ kind: "step", phase: "create", status: "fail", message: "broken" });
    reporter.emit({ kind: "note", phase: "create", message: "fyi" });
    reporter.emit({ kind: "note", phase: "create", message: "careful", level: "warn" });
    expect(stderr.lines()).toEqual([
      "2026-11-26T12:00:01Z create     ✖ broken",
      "2026-11-26T12:00:01Z create     ⚠ careful",
    ]);
  });
});
