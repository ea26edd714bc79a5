import { afterEach, describe, expect, it, vi } from "vitest";
import type { MessageEvent, MessagePayload } from "../../src/core/event.js";
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

const message = (level: MessageEvent["level"], payload: MessagePayload): MessageEvent => ({
  kind: "message",
  phase: "gate",
  level,
  ...payload,
});

describe("tty reporter", () => {
  it("persists steps with their mark and indented detail lines", () => {
    const { stderr, reporter } = setup();
    reporter.emit(message("ok", { code: "create.created", name: "orders-prod-to-17", id: "bgd-1" }));
    reporter.emit(
      message("warn", {
        code: "gate.passed",
        checks: [
          { name: "members", ok: true, available: 1, total: 1 },
          { name: "members", ok: false, available: 0, total: 1 },
        ],
      }),
    );
    reporter.emit(
      message("fail", { code: "test.finished", command: "npm test", outcome: "exit 1", passed: false, durationMs: 0 }),
    );
    reporter.emit(message("info", { code: "create.attached", name: "x", id: "bgd-2", status: "AVAILABLE" }));
    const lines = stderr.lines().map((l) => l.trimEnd());
    expect(lines).toEqual([
      "✔ Created blue/green deployment orders-prod-to-17 (bgd-1)",
      "⚠ Gate",
      "  ✔ 1/1 members AVAILABLE",
      "  ✖ 0/1 members AVAILABLE",
      "✖ npm test → exit 1 (0m00s)",
      "· Attached to existing deployment x (bgd-2), AVAILABLE",
    ]);
  });

  it("shows STATUS  elapsed  detail in the spinner, then clears it for the step", () => {
    const { stderr, reporter } = setup();
    reporter.emit({
      kind: "progress",
      phase: "create",
      label: "orders-prod-to-17",
      status: "PROVISIONING",
      detail: { tasks: [{ name: "CREATING_READ_REPLICA_OF_SOURCE", status: "IN_PROGRESS" }] },
      elapsedMs: 724_000,
    });
    expect(stderr.text()).toContain("PROVISIONING  12m04s  CREATING_READ_REPLICA_OF_SOURCE …");
    reporter.emit({ kind: "progress-end", phase: "create" });
    reporter.emit(message("ok", { code: "create.available", status: "AVAILABLE", elapsedMs: 1_872_000, green: [] }));
    // ora cleared the spinner line with escape codes before the persisted line.
    expect(stderr.raw()).toMatch(new RegExp(`${ESC}\\[[012]?K`));
    expect(stderr.text()).toContain("✔ AVAILABLE after 31m12s — green: \n");
  });

  it("on a terminal that reports 0 columns (an unsized pty), clears the spinner's one line, not Infinity", () => {
    const stream = Object.assign(capture(true), { columns: 0, cursorTo() {}, moveCursor() {}, clearLine() {} });
    const { stderr, reporter } = setup(false, stream);
    reporter.emit({ kind: "progress", phase: "create", label: "x", status: "PROVISIONING", elapsedMs: 0 });
    reporter.emit({ kind: "progress-end", phase: "create" });
    reporter.emit(message("ok", { code: "create.available", status: "AVAILABLE", elapsedMs: 1000, green: [] }));
    expect(stderr.text()).toContain("✔ AVAILABLE after 0m01s");
    expect(stderr.raw().length).toBeLessThan(2000);
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
    reporter.emit(message("warn", { code: "lag.unread", message: "throttled" }));
    const text = stderr.text();
    expect(text).toContain("⚠ lag not read this period: throttled\n");
    expect(text.lastIndexOf("SWITCHOVER_IN_PROGRESS")).toBeGreaterThan(text.indexOf("lag not read"));
  });

  it("colours marks only when asked", () => {
    const plain = setup(false);
    plain.reporter.emit(message("ok", { code: "cleanup.snapshot-available", id: "s" }));
    expect(plain.stderr.raw()).not.toContain("\u001b[32m");
    plain.reporter.close();
    const coloured = setup(true);
    coloured.reporter.emit(message("ok", { code: "cleanup.snapshot-available", id: "s" }));
    expect(coloured.stderr.raw()).toContain("\u001b[32m✔\u001b[39m");
  });

  it("close stops the spinner so nothing keeps writing", () => {
    vi.useFakeTimers();
    const { stderr, reporter } = setup();
    reporter.emit({ kind: "progress", phase: "create", label: "x", status: "WAITING", elapsedMs: 0 });
    reporter.close();
    const before = stderr.raw().length;
    vi.advanceTimersByTime(5000);
    expect(stderr.raw().length).toBe(before);
    expect(vi.getTimerCount()).toBe(0);
  });
});
