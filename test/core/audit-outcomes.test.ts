import { describe, expect, it } from "vitest";
import { requestOutcomes } from "../../src/core/audit-outcomes.js";
import type { AuditEntry } from "../../src/ports/index.js";

const SW = "SwitchoverBlueGreenDeployment";
const at = "2026-11-26T12:00:00.000Z";
const request = (outcome: "ok" | "error", requestId?: string, id = "bgd-1"): AuditEntry => ({
  at,
  action: SW,
  params: { id },
  outcome,
  requestId,
});
const ended = (outcome: "completed" | "failed", outcomeOf?: string, id = "bgd-1"): AuditEntry => ({
  at,
  action: SW,
  params: { id },
  outcome,
  outcomeOf,
});
const confirm: AuditEntry = { at, action: "ConfirmSwitchover", params: {}, outcome: "confirmed" };

describe("requestOutcomes", () => {
  it.each<[string, AuditEntry[], { line: number; outcome: string; settledBy?: number }[]]>([
    ["an accepted request nothing settled yet stays ok", [request("ok", "r1")], [{ line: 1, outcome: "ok" }]],
    [
      "a rolled-back switchover: failed, settled by its request id",
      [confirm, request("ok", "r1"), ended("failed", "r1")],
      [{ line: 2, outcome: "failed", settledBy: 3 }],
    ],
    [
      "a completed one: completed",
      [request("ok", "r1"), ended("completed", "r1")],
      [{ line: 1, outcome: "completed", settledBy: 2 }],
    ],
    [
      "a refusal and then an accepted request: only the accepted one is settled",
      [request("error", "r1"), request("ok", "r2"), ended("completed", "r2")],
      [
        { line: 1, outcome: "error" },
        { line: 2, outcome: "completed", settledBy: 3 },
      ],
    ],
    [
      "without a request id (another run saw the end): the latest unsettled request on that deployment",
      [
        request("ok", "r1"),
        ended("completed", "r1"),
        request("ok", "r2"),
        request("ok", "r3", "bgd-2"),
        ended("failed"),
      ],
      [
        { line: 1, outcome: "completed", settledBy: 2 },
        { line: 3, outcome: "failed", settledBy: 5 },
        { line: 4, outcome: "ok" },
      ],
    ],
    [
      "a lost response (no request id) that RDS started anyway",
      [request("error"), ended("completed")],
      [{ line: 1, outcome: "completed", settledBy: 2 }],
    ],
    [
      "a refusal with a request id is final: an outcome line without an id does not settle it",
      [request("error", "r1"), ended("completed")],
      [{ line: 1, outcome: "error" }],
    ],
  ])("%s", (_what, entries, expected) => {
    expect(requestOutcomes(entries).map(({ line, outcome, settledBy }) => ({ line, outcome, settledBy }))).toEqual(
      expected.map((e) => ({ settledBy: undefined, ...e })),
    );
  });
});
