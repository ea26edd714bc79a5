import { describe, expect, it } from "vitest";
import type { CommandResult } from "../../src/core/result.js";
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
  summary: ["✔ AVAILABLE after 31m12s", "  green: orders-prod-green-k2m9qa"],
  nextSteps: ["bgdb test orders-prod-to-17 -- npm run test:integration", "bgdb switchover orders-prod-to-17"],
  data: { when: new Date("2026-11-26T12:31:13Z") },
};

describe("renderResult", () => {
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
      summary: result.summary,
      data: { when: "2026-11-26T12:31:13.000Z" },
    });
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
          "✔ AVAILABLE after 31m12s",
          "  green: orders-prod-green-k2m9qa",
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
    expect(stdout.raw()).toBe("✔ AVAILABLE after 31m12s\n  green: orders-prod-green-k2m9qa\n");
  });

  it("quiet: only the summary's first line", () => {
    const stdout = capture();
    renderResult(result, "quiet", stdout);
    expect(stdout.raw()).toBe("✔ AVAILABLE after 31m12s\n");
    const empty = capture();
    renderResult({ ...result, summary: [] }, "quiet", empty);
    expect(empty.raw()).toBe("");
  });
});
