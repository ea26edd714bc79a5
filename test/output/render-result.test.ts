import { describe, expect, it } from "vitest";
import type { CommandResult } from "../../src/core/result.js";
import { messageKey } from "../../src/output/message-key.js";
import { renderResult } from "../../src/output/render-result.js";
import { capture } from "./capture.js";

const result: CommandResult = {
  command: "create",
  phase: "green-ready",
  deployment: {
    id: "bgd-4tq2x8m1c9kd",
    name: "orders-prod-to-17",
    status: "AVAILABLE",
    source: "arn:aws:rds:eu-west-1:1:db:orders-prod",
    tasks: [],
  },
  members: [],
  durations: { wait: 1_872_000 },
  report: [
    {
      code: "create.available",
      status: "AVAILABLE",
      elapsedMs: 1_872_000,
      green: [{ id: "orders-prod-green-k2m9qa", engine: "postgres", engineVersion: "17.2", status: "available" }],
    },
    { code: "create.old-blue-left", oldBlue: "orders-prod-old1" },
  ],
  nextSteps: ["bgdb test orders-prod-to-17 -- npm run test:integration", "bgdb switchover orders-prod-to-17"],
  data: { when: new Date("2026-11-26T12:31:13Z") },
};

const AVAILABLE = "AVAILABLE after 31m12s — green: orders-prod-green-k2m9qa (postgres 17.2, available)";
const OLD_BLUE =
  "The old blue orders-prod-old1 from an earlier switchover still exists (kept, billed, read-only): delete it after a final snapshot once its retention window is over.";

describe("renderResult", () => {
  it("on a terminal, what the progress display already showed is not printed again", () => {
    const stdout = capture();
    const [available] = result.report;
    renderResult(result, "tty", stdout, {
      shown: new Set([messageKey(available ?? { code: "upgrade.analyze-advised" })]),
    });
    expect(stdout.raw()).not.toContain("AVAILABLE after");
    expect(stdout.raw()).toContain(OLD_BLUE);
    expect(stdout.raw()).toContain("Next: bgdb test");
    // Logs and pipes always get the whole result.
    const piped = capture();
    renderResult(result, "plain", piped, {
      shown: new Set([messageKey(available ?? { code: "upgrade.analyze-advised" })]),
    });
    expect(piped.raw()).toContain("AVAILABLE after");
  });

  it("json: exactly one parseable document with nextSteps", () => {
    const stdout = capture();
    renderResult(result, "json", stdout);
    expect(stdout.raw().endsWith("}\n")).toBe(true);
    const doc = JSON.parse(stdout.raw());
    expect(doc).toMatchObject({
      ok: true,
      command: "create",
      phase: "green-ready",
      deployment: { id: "bgd-4tq2x8m1c9kd" },
      members: [],
      durations: { wait: 1_872_000 },
      nextSteps: result.nextSteps,
      summary: [AVAILABLE, OLD_BLUE],
      report: result.report,
      data: { when: "2026-11-26T12:31:13.000Z" },
      schemaVersion: 1,
    });
  });

  it("printed commands carry the run's routing flags, in every mode", () => {
    const prefix = "bgdb --sandbox --sandbox-dir /tmp/sb";
    const json = capture();
    renderResult(result, "json", json, { prefix });
    for (const step of JSON.parse(json.raw()).nextSteps)
      expect(step).toMatch(/^bgdb --sandbox --sandbox-dir \/tmp\/sb /);
    const plain = capture();
    renderResult(result, "plain", plain, { prefix });
    expect(plain.raw()).toContain("Next: bgdb --sandbox --sandbox-dir /tmp/sb test orders-prod-to-17");
    expect(plain.raw()).not.toMatch(/bgdb (test|switchover)/);
  });

  it("json: missing deployment and data are null and {}", () => {
    const stdout = capture();
    renderResult({ ...result, deployment: undefined, data: undefined }, "json", stdout);
    const doc = JSON.parse(stdout.raw());
    expect(doc.deployment).toBeNull();
    expect(doc.data).toEqual({});
  });

  it("human modes: summary, a blank line, then Next: with later steps aligned", () => {
    for (const mode of ["tty", "plain"] as const) {
      const stdout = capture();
      renderResult(result, mode, stdout);
      expect(stdout.raw()).toBe(
        [
          AVAILABLE,
          OLD_BLUE,
          "",
          "Next: bgdb test orders-prod-to-17 -- npm run test:integration",
          "      bgdb switchover orders-prod-to-17",
          "",
        ].join("\n"),
      );
    }
  });

  it("no next steps: only the summary", () => {
    const stdout = capture();
    renderResult({ ...result, nextSteps: [] }, "plain", stdout);
    expect(stdout.raw()).toBe(`${AVAILABLE}\n${OLD_BLUE}\n`);
  });

  it("quiet: only the summary's first line", () => {
    const stdout = capture();
    renderResult(result, "quiet", stdout);
    expect(stdout.raw()).toBe(`${AVAILABLE}\n`);
    const empty = capture();
    renderResult({ ...result, report: [] }, "quiet", empty);
    expect(empty.raw()).toBe("");
  });
});
