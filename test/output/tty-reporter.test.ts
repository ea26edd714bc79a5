import { afterEach, describe, expect, it, vi } from "vitest";
import { createTtyReporter } from "../../src/output/tty-reporter.js";
import { type Capture, capture } from "./capture.js";

const ESC = "\u001b";
let close: (() => void) | undefined;
afterEach(() => {
  close?.();
  vi.useRealTimers();
});

function setup(color = false, stream: Capture = capture(true)) {
  let t = Date.parse("2026-11-26T12:00:00Z");
  const reporter = createTtyReporter({ stderr: stream, color, now: () => new Date(t) });
  close = reporter.close;
  return { stderr: stream, reporter, advance: (ms: number) => (t += ms) };
}

describe("tty reporter", () => {
  it("persists steps with their mark and indented detail lines", () => {
    const { stderr, reporter } = setup();
    reporter.emit({ kind: "step", phase: "create", status: "ok", message: "Created orders-prod-to-17" });
    reporter.emit({
      kind: "step",
      phase: "gate",
      status: "warn",
      message: "lag high",
      detail: ["48 MiB", "3 samples"],
    });
    reporter.emit({ kind: "step", phase: "gate", status: "fail", message: "gate failed" });
    reporter.emit({ kind: "step", phase: "gate", status: "info", message: "fyi" });
    const lines = stderr.lines().map((l) => l.trimEnd());
    expect(lines).toEqual([
      "✔ Created orders-prod-to-17",
      "⚠ lag high",
      "  48 MiB",
      "  3 samples",
      "✖ gate failed",
      "· fyi",
    ]);
  });

  it("shows STATUS  elapsed  detail in the spinner, then clears it for the step", () => {
    const { stderr, reporter } = setup();
    reporter.emit({
      kind: "progress",
      phase: "create",
      label: "orders-prod-to-17",
      status: "PROVISIONING",
      detail: "CREATING_READ_REPLICA_OF_SOURCE …",
      elapsedMs: 724_000,
    });
    expect(stderr.text()).toContain("PROVISIONING  12m04s  CREATING_READ_REPLICA_OF_SOURCE …");
    reporter.emit({ kind: "progress-end", phase: "create" });
    reporter.emit({ kind: "step", phase: "create", status: "ok", message: "AVAILABLE after 31m12s" });
    // ora cleared the spinner line with escape codes before the persisted line.
    expect(stderr.raw()).toMatch(new RegExp(`${ESC}\\[[012]?K`));
    expect(stderr.text()).toContain("✔ AVAILABLE after 31m12s\n");
  });

  it("keeps the elapsed time ticking between polls", () => {
    vi.useFakeTimers();
    const { stderr, reporter, advance } = setup();
    reporter.emit({ kind: "progress", phase: "create", label: "x", status: "PROVISIONING", elapsedMs: 0 });
    advance(65_000);
    vi.advanceTimersByTime(1200);
    expect(stderr.text()).toContain("PROVISIONING  1m05s");
  });

  it("prints notes without losing the spinner", () => {
    const { stderr, reporter } = setup();
    reporter.emit({
      kind: "progress",
      phase: "switchover",
      label: "x",
      status: "SWITCHOVER_IN_PROGRESS",
      elapsedMs: 7000,
    });
    reporter.emit({ kind: "note", phase: "switchover", message: "lag rising", level: "warn" });
    const text = stderr.text();
    expect(text).toContain("⚠ lag rising\n");
    expect(text.lastIndexOf("SWITCHOVER_IN_PROGRESS")).toBeGreaterThan(text.indexOf("lag rising"));
  });

  it("colours marks only when asked", () => {
    const plain = setup(false);
    plain.reporter.emit({ kind: "step", phase: "p", status: "ok", message: "m" });
    expect(plain.stderr.raw()).not.toContain("\u001b[32m");
    plain.reporter.close();
    const coloured = setup(true);
    coloured.reporter.emit({ kind: "step", phase: "p", status: "ok", message: "m" });
    expect(coloured.stderr.raw()).toContain("\u001b[32m✔\u001b[39m");
  });

  it("close stops the spinner so nothing keeps writing", () => {
    vi.useFakeTimers();
    const { stderr, reporter } = setup();
    reporter.emit({ kind: "progress", phase: "p", label: "x", status: "WAITING", elapsedMs: 0 });
    reporter.close();
    const before = stderr.raw().length;
    vi.advanceTimersByTime(5000);
    expect(stderr.raw().length).toBe(before);
    expect(vi.getTimerCount()).toBe(0);
  });
});
