/**
 * The switchover prediction as a table: readings in, guardrail verdicts, the recommended timeout and its one line
 * of reasoning out (the model: docs/rds-facts.md §11).
 */
import { describe, expect, it } from "vitest";
import { lagTrend, PREDICTION, type PredictionInput, predictSwitchover } from "../../src/core/predict.js";
import type { SessionActivity } from "../../src/ports/index.js";

const MiB = 1024 * 1024;
const T0 = Date.parse("2026-11-26T12:00:00Z");

/** One point a minute, oldest first. */
const series = (...values: number[]) => values.map((value, i) => ({ value, at: new Date(T0 + i * 60_000) }));

const input = (p: Partial<PredictionInput> = {}): PredictionInput => ({
  replication: "logical",
  timeoutSeconds: 300,
  maxLag: { seconds: 1, bytes: MiB },
  sequences: 0,
  blue: { activity: { sessions: [] } },
  members: { ok: true, reading: "every member AVAILABLE" },
  lag: { unit: "Bytes", points: series(0, 0, 0) },
  ...p,
});

const session = (p: Partial<SessionActivity>): SessionActivity => ({ id: "4242", active: false, wrote: false, ...p });

describe("the lag's trend", () => {
  it.each<[string, number[], "Seconds" | "Bytes", string]>([
    ["flat at zero", [0, 0, 0, 0], "Bytes", "flat"],
    ["falling seconds", [5, 4, 3, 2.1], "Seconds", "falling"],
    ["rising bytes", [1 * MiB, 4 * MiB, 9 * MiB], "Bytes", "rising"],
    ["noise under the floor", [100, 900, 200, 800], "Bytes", "flat"],
    ["two points are no trend", [0, 10], "Seconds", "flat"],
  ])("%s → %s", (_what, values, unit, trend) => {
    expect(lagTrend(series(...values), unit)).toBe(trend);
  });
});

describe("the recommended timeout", () => {
  it.each<[string, Partial<PredictionInput>, number, RegExp]>([
    [
      "a quiet database keeps the 300 s default",
      {},
      300,
      /^--timeout 300s is enough: lag 0 B and flat, 0 sequences to sync \(~0 s at 0\.05 s each, bgdb's estimate\), ~60 s with RDS's own ~60 s, ×1\.5 margin$/,
    ],
    [
      "3,800 sequences and a falling lag need more than the default",
      { sequences: 3800, lag: { unit: "Seconds", points: series(5, 4, 3, 2.1) } },
      // 60 + 1 (lag capped at --max-lag 1 s) + 190 = 251 s, ×1.5 = 376.5 → 390
      390,
      /^recommend --timeout 390s: lag 2\.1 s and falling \(the gate waits for ≤ 1 s\), 3,800 sequences to sync \(~190 s at 0\.05 s each, bgdb's estimate\), ~251 s .*; 300 s default leaves no margin$/,
    ],
    ["a timeout raised already is enough", { sequences: 3800, timeoutSeconds: 900 }, 390, /^--timeout 900s is enough/],
    [
      "a timeout lowered below the default is raised back to it",
      { timeoutSeconds: 60 },
      300,
      /^recommend --timeout 300s: .*; 60 s leaves no margin$/,
    ],
    [
      "physical replication syncs no sequences",
      { replication: "physical", sequences: 100_000, lag: { unit: "Seconds", points: series(0, 0, 0) } },
      300,
      /^--timeout 300s is enough: lag 0 s and flat, ~60 s/,
    ],
    [
      "more sequences than an hour allows",
      { sequences: 60_000 },
      3600,
      /^even --timeout 3600s \(the most RDS allows\) may be too short: .*60,000 sequences/,
    ],
    [
      "no connection to blue: sequences not counted",
      { sequences: undefined, blue: undefined },
      300,
      /sequences not counted/,
    ],
    [
      "byte lag over the limit: the estimate uses what the gate lets through",
      { lag: { unit: "Bytes", points: series(900 * MiB, 900 * MiB, 900 * MiB) } },
      300,
      /lag 900 MiB and flat \(the gate waits for ≤ 1 MiB\)/,
    ],
  ])("%s", (_what, p, recommended, reasoning) => {
    const r = predictSwitchover(input(p));
    expect(r.recommendedTimeoutSeconds).toBe(recommended);
    expect(r.reasoning).toMatch(reasoning);
    expect(r.recommendedTimeoutSeconds % PREDICTION.roundSeconds).toBe(0);
  });

  it("preflight: no lag yet, so the estimate is RDS's own steps and the sequences", () => {
    const r = predictSwitchover(input({ lag: undefined, members: undefined, sequences: 12 }));
    expect(r.reasoning).toBe(
      "--timeout 300s is enough: 12 sequences to sync (~1 s at 0.05 s each, bgdb's estimate), ~61 s with RDS's own ~60 s, ×1.5 margin",
    );
    expect(r.guardrails.map((g) => g.name)).toEqual(["long-writes", "ddl"]);
    expect(r.deferred).toBeUndefined();
    const before = predictSwitchover(input({ lag: undefined, members: undefined, sequences: 12, beforeGreen: true }));
    expect(before.deferred).toEqual(["members", "lag"]);
    expect(before.guardrails.find((g) => g.name === "lag")?.reading).toBe(
      "replication lag: not judged before green exists (the switchover's gate judges it)",
    );
    expect(before.reasoning).toBe(r.reasoning);
  });
});

describe("would RDS's guardrails pass now", () => {
  it.each<[string, Partial<PredictionInput>, "pass" | "fail" | "unknown", Record<string, boolean | "unknown">]>([
    ["all quiet", {}, "pass", { members: true, lag: true, "long-writes": true, ddl: true }],
    [
      "a member not available",
      { members: { ok: false, reading: "green orders-green is storage-optimization" } },
      "fail",
      { members: false },
    ],
    [
      "byte lag green can't apply within the timeout",
      { lag: { unit: "Bytes", points: series(600 * MiB, 600 * MiB, 600 * MiB) } },
      "fail",
      { lag: false },
    ],
    [
      "lag a falling trend drains in time",
      { lag: { unit: "Bytes", points: series(900 * MiB, 600 * MiB, 300 * MiB, 100 * MiB) } },
      "pass",
      { lag: true },
    ],
    ["no lag datapoint", { lag: { unit: "Seconds", points: [] } }, "unknown", { lag: "unknown" }],
    ["replication stopped (-1)", { lag: { unit: "Seconds", points: series(0, -1) } }, "unknown", { lag: "unknown" }],
    [
      "a transaction writing for 5 minutes",
      {
        blue: {
          activity: { sessions: [session({ wrote: true, transactionMs: 300_000, command: "UPDATE", user: "app" })] },
        },
      },
      "fail",
      { "long-writes": false, ddl: true },
    ],
    [
      "a long read-only transaction is no write",
      { blue: { activity: { sessions: [session({ wrote: false, transactionMs: 3_600_000, command: "SELECT" })] } } },
      "pass",
      { "long-writes": true },
    ],
    [
      "a short write is not long-running",
      {
        blue: {
          activity: { sessions: [session({ wrote: true, transactionMs: 2_000, command: "INSERT", active: true })] },
        },
      },
      "pass",
      { "long-writes": true, ddl: true },
    ],
    [
      "an ALTER running",
      { blue: { activity: { sessions: [session({ active: true, command: "ALTER", statementMs: 40_000 })] } } },
      "fail",
      { ddl: false },
    ],
    [
      "an ALTER that finished (idle in its transaction) is not running DDL",
      { blue: { activity: { sessions: [session({ active: false, command: "ALTER", transactionMs: 1_000 })] } } },
      "pass",
      { ddl: true },
    ],
    ["no connection to blue", { blue: undefined }, "unknown", { "long-writes": "unknown", ddl: "unknown" }],
    ["blue's sessions unreadable", { blue: { error: "permission denied" } }, "unknown", { ddl: "unknown" }],
    [
      "preflight, blue quiet: members and lag not judged, the verdict is blue's",
      { beforeGreen: true, members: undefined, lag: undefined },
      "pass",
      { members: "unknown", lag: "unknown", "long-writes": true, ddl: true },
    ],
    [
      "preflight without a connection to blue",
      { beforeGreen: true, members: undefined, lag: undefined, blue: undefined },
      "unknown",
      { members: "unknown", lag: "unknown", "long-writes": "unknown" },
    ],
    [
      "preflight, a long write on blue",
      {
        beforeGreen: true,
        members: undefined,
        lag: undefined,
        blue: { activity: { sessions: [session({ wrote: true, transactionMs: 300_000 })] } },
      },
      "fail",
      { members: "unknown", lag: "unknown", "long-writes": false },
    ],
  ])("%s → %s", (_what, p, verdict, guardrails) => {
    const r = predictSwitchover(input(p));
    expect(r.verdict).toBe(verdict);
    const byName = Object.fromEntries(r.guardrails.map((g) => [g.name, g.ok]));
    expect(byName).toMatchObject(guardrails);
  });

  it("names the sessions: id, user, statement kind and age, never the statement", () => {
    const r = predictSwitchover(
      input({
        blue: {
          activity: {
            sessions: [
              session({ id: "77", wrote: true, transactionMs: 312_000, command: "UPDATE", user: "app" }),
              session({ id: "78", active: true, command: "ALTER", statementMs: 40_000, user: "migrator" }),
            ],
          },
        },
      }),
    );
    const reading = (name: string) => r.guardrails.find((g) => g.name === name)?.reading;
    expect(reading("long-writes")).toBe("1 transaction on blue writing for 1m00s or more: 77 (app, UPDATE, 5m12s)");
    expect(reading("ddl")).toBe(
      "DDL running on blue: 78 (migrator, ALTER, 0m40s) (and logical replication does not carry it)",
    );
  });

  it("says why the lag does not fit the timeout", () => {
    const r = predictSwitchover(input({ lag: { unit: "Bytes", points: series(600 * MiB, 600 * MiB, 600 * MiB) } }));
    expect(r.guardrails.find((g) => g.name === "lag")?.reading).toBe(
      "replication lag 600 MiB needs ~600 s to catch up; --timeout 300s leaves 240 s for it",
    );
  });
});
