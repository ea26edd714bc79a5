import { describe, expect, it } from "vitest";
import {
  decideAfterSwitchoverCall,
  decideProvisioning,
  decideSwitchoverWatch,
  describeGateCheck,
  evaluateGate,
  switchoverCallFailure,
} from "../../src/core/decide.js";
import { AwsFailureError, PreconditionError } from "../../src/core/errors.js";
import { describeLag, evaluateLag, lagMetricCandidates, maxLagMismatch, plannedLagMetric } from "../../src/core/lag.js";
import { nextStepsFor, phaseOf } from "../../src/core/phase.js";
import { DEPLOYMENT_STATUSES } from "../../src/core/status.js";
import type { BlueGreenDeployment, DbInstance } from "../../src/ports/index.js";

const dep = (status: string, p: Partial<BlueGreenDeployment> = {}): BlueGreenDeployment => ({
  id: "bgd-1",
  name: "orders-to-17",
  source: "arn:aws:rds:us-east-1:1:db:orders",
  target: "arn:aws:rds:us-east-1:1:db:orders-green-abc123",
  status,
  tasks: [],
  switchoverDetails: [
    {
      sourceMember: "arn:aws:rds:us-east-1:1:db:orders",
      targetMember: "arn:aws:rds:us-east-1:1:db:orders-green-abc123",
      status: "AVAILABLE",
    },
  ],
  tags: {},
  ...p,
});
const inst = (status: string): DbInstance => ({
  id: "orders-green-abc123",
  arn: "arn:aws:rds:us-east-1:1:db:orders-green-abc123",
  status,
  engine: "postgres",
  engineVersion: "17.2",
  parameterGroups: [],
  deletionProtection: false,
  readReplicaIds: [],
  managedMasterPassword: false,
});
const at = (value: number, minute = 0) => ({ value, at: new Date(Date.UTC(2026, 10, 26, 12, minute)) });
const okLag = { state: "ok" as const, latest: at(0), window: [at(0), at(0), at(0)], limit: 1 };

describe("decideProvisioning: every deployment status", () => {
  const table: [string, string][] = [
    ["PROVISIONING", "continue"],
    ["AVAILABLE", "done"],
    ["SWITCHOVER_IN_PROGRESS", "done"],
    ["SWITCHOVER_COMPLETED", "done"],
    ["SWITCHOVER_FAILED", "done"],
    ["INVALID_CONFIGURATION", "fail"],
    ["DELETING", "fail"],
    ["SOMETHING_NEW", "continue"],
    ["", "continue"],
  ];
  it.each(table)("%s → %s", (status, expected) => {
    expect(decideProvisioning(dep(status)).type).toBe(expected);
  });
  it("covers every known status", () => {
    for (const s of DEPLOYMENT_STATUSES) expect(table.map((r) => r[0])).toContain(s);
  });
  it("a FAILED task fails with exit 5 even while PROVISIONING", () => {
    const step = decideProvisioning(
      dep("PROVISIONING", { tasks: [{ name: "DB_ENGINE_VERSION_UPGRADE", status: "FAILED" }] }),
    );
    expect(step.type).toBe("fail");
    if (step.type === "fail") {
      expect(step.error.exitCode).toBe(5);
      expect(step.error.message).toMatch(/blue still serves/);
    }
  });
  it("INVALID_CONFIGURATION carries StatusDetails", () => {
    const step = decideProvisioning(dep("INVALID_CONFIGURATION", { statusDetails: "green promoted" }));
    expect(step.type === "fail" && step.error.message).toMatch(/green promoted/);
  });
});

describe("evaluateGate", () => {
  it("passes only after N consecutive ready observations with lag ok", () => {
    let streak = 0;
    const verdicts: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = evaluateGate(
        { deployment: dep("AVAILABLE"), greenInstances: [inst("available")], lag: okLag },
        3,
        streak,
      );
      streak = r.readyStreak;
      verdicts.push(r.verdict.type);
    }
    expect(verdicts).toEqual(["wait", "wait", "pass"]);
  });
  it.each(["storage-optimization", "modifying", "backing-up", "rebooting", "weird-new-status"])(
    "green instance %s resets the streak and never passes",
    (status) => {
      const r = evaluateGate({ deployment: dep("AVAILABLE"), greenInstances: [inst(status)], lag: okLag }, 1, 5);
      expect(r.readyStreak).toBe(0);
      expect(r.verdict.type).toBe("wait");
      const green = r.checks.find((c) => c.name === "green");
      expect(green && describeGateCheck(green)).toContain(status);
    },
  );
  it.each(["PROVISIONING", "MISSING_TARGET", "SWITCHOVER_FAILED", "UNKNOWN_THING"])(
    "member %s blocks the gate",
    (ms) => {
      const d = dep("AVAILABLE", { switchoverDetails: [{ sourceMember: "a", targetMember: "b", status: ms }] });
      expect(evaluateGate({ deployment: d, greenInstances: [inst("available")], lag: okLag }, 1, 0).verdict.type).toBe(
        "wait",
      );
    },
  );
  it.each([
    ["high", { state: "high" as const, latest: at(9), worst: at(9), window: [at(9)], limit: 1 }],
    ["not-replicating", { state: "not-replicating" as const, latest: at(-1), limit: 1 }],
    ["stale", { state: "stale" as const, latest: at(0), ageMs: 900_000, limit: 1 }],
    ["no-data", { state: "no-data" as const, limit: 1 }],
    ["few", { state: "few" as const, latest: at(0), window: [at(0)], limit: 1, needed: 3 }],
  ])("lag %s blocks the gate", (_n, lag) => {
    expect(
      evaluateGate({ deployment: dep("AVAILABLE"), greenInstances: [inst("available")], lag }, 1, 9).verdict.type,
    ).toBe("wait");
  });
  it.each([
    ["SWITCHOVER_COMPLETED", "switched"],
    ["SWITCHOVER_IN_PROGRESS", "in-progress"],
    ["INVALID_CONFIGURATION", "fail"],
    ["DELETING", "fail"],
    ["PROVISIONING", "wait"],
    ["SWITCHOVER_FAILED", "fail"],
    ["NEW_STATUS", "wait"],
  ])("deployment %s → %s", (status, verdict) => {
    expect(
      evaluateGate({ deployment: dep(status), greenInstances: [inst("available")], lag: okLag }, 1, 0).verdict.type,
    ).toBe(verdict);
  });
});

describe("decideSwitchoverWatch", () => {
  const base = { sawInProgress: false, cancelEventSeen: false, elapsedMs: 1000, rdsTimeoutMs: 300_000 };
  it.each([
    ["SWITCHOVER_COMPLETED", base, "done"],
    ["SWITCHOVER_IN_PROGRESS", base, "continue"],
    ["SWITCHOVER_FAILED", base, "fail"],
    ["AVAILABLE", base, "continue"],
    ["AVAILABLE", { ...base, sawInProgress: true }, "fail"],
    ["AVAILABLE", { ...base, cancelEventSeen: true }, "fail"],
    ["AVAILABLE", { ...base, elapsedMs: 1_000_000 }, "fail"],
    ["INVALID_CONFIGURATION", base, "fail"],
    ["DELETING", base, "fail"],
    ["PROVISIONING", base, "continue"],
    ["NEW_STATUS", base, "continue"],
  ] as const)("%s %o → %s", (status, o, expected) => {
    const step = decideSwitchoverWatch({ deployment: dep(status), ...o });
    expect(step.type).toBe(expected);
    if (step.type === "fail") {
      expect(step.error.exitCode).toBe(5);
      // Who serves is said from the status observed, never assumed: a deletion or INVALID_CONFIGURATION mid-watch
      // (RDS documents neither as a rollback) can't tell.
      const unknown = status === "DELETING" || status === "INVALID_CONFIGURATION";
      expect(step.error.message).toMatch(unknown ? /cannot tell which side serves/ : /blue still serves/);
      if (unknown) expect(step.error.message).not.toMatch(/rolled it back/);
    }
  });
});

describe("after a failed switchover call", () => {
  it.each([
    [new PreconditionError("INVALID_BGD_STATE", "not available"), "refused"],
    [new AwsFailureError("AWS_UNAVAILABLE", "AWS failed the request: 500"), "answer-lost"],
    [new AwsFailureError("NETWORK", "socket hang up"), "answer-lost"],
    [new AwsFailureError("AWS_UNAVAILABLE", "AWS throttled the request", { details: { throttled: true } }), "failed"],
    [new PreconditionError("ACCESS_DENIED", "not authorized"), "failed"],
    [new Error("a bug"), "failed"],
  ] as const)("%s → %s", (e, expected) => {
    expect(switchoverCallFailure(e)).toBe(expected);
  });

  const at = { attempt: 1, attempts: 4 };
  it.each([
    ["refused", "SWITCHOVER_IN_PROGRESS", at, { type: "watch", by: "another-run", answerLost: false }],
    ["refused", "SWITCHOVER_COMPLETED", at, { type: "watch", by: "another-run", answerLost: false }],
    ["answer-lost", "SWITCHOVER_IN_PROGRESS", at, { type: "watch", by: "this-run", answerLost: false }],
    ["answer-lost", "SWITCHOVER_COMPLETED", at, { type: "watch", by: "this-run", answerLost: false }],
    // RDS shows AVAILABLE for a moment after accepting: maybe accepted, watched (the watch bounds it).
    ["answer-lost", "AVAILABLE", at, { type: "watch", by: "this-run", answerLost: true }],
    ["answer-lost", "AVAILABLE", { attempt: 4, attempts: 4 }, { type: "watch", by: "this-run", answerLost: true }],
    ["answer-lost", undefined, at, { type: "fail" }],
    ["answer-lost", "SWITCHOVER_FAILED", at, { type: "fail" }],
    ["refused", "AVAILABLE", at, { type: "gate-again" }],
    ["refused", "AVAILABLE", { attempt: 4, attempts: 4 }, { type: "fail" }],
    ["refused", "INVALID_CONFIGURATION", at, { type: "fail" }],
    ["refused", undefined, at, { type: "fail" }],
    ["failed", "AVAILABLE", at, { type: "fail" }],
    ["failed", "SWITCHOVER_IN_PROGRESS", at, { type: "watch", by: "another-run", answerLost: false }],
  ] as const)("%s, then %s %o → %o", (failure, status, attempts, expected) => {
    expect(decideAfterSwitchoverCall({ failure, status, ...attempts })).toEqual(expected);
  });

  it("a lost answer that never started is worded so: RDS may never have received the request", () => {
    const step = decideSwitchoverWatch({
      deployment: dep("AVAILABLE"),
      sawInProgress: false,
      cancelEventSeen: false,
      elapsedMs: 1_000_000,
      rdsTimeoutMs: 300_000,
      answerLost: true,
    });
    expect(step.type === "fail" && step.error.message).toMatch(/never started.*may never have received it/);
  });
});

describe("lag metric per engine (docs/rds-facts.md §6)", () => {
  const t = { blueInstanceId: "blue", greenInstanceId: "green", greenClusterId: "green-cluster" };
  it.each([
    ["postgres", "16.3", "17.2", "OldestReplicationSlotLag", "blue", "Bytes"],
    ["postgres", "16.3", "16.4", "ReplicaLag", "green", "Seconds"],
    ["postgres", "15.2", "16.4", "ReplicaLag", "green", "Seconds"],
    ["mysql", "8.0.35", "8.0.36", "ReplicaLag", "green", "Seconds"],
    ["mariadb", "10.11.6", "10.11.8", "ReplicaLag", "green", "Seconds"],
    [
      "aurora-mysql",
      "8.0.mysql_aurora.3.05.2",
      "8.0.mysql_aurora.3.06.0",
      "AuroraBinlogReplicaLag",
      "green",
      "Seconds",
    ],
    ["aurora-postgresql", "16.1", "17.1", "OldestReplicationSlotLag", "blue", "Bytes"],
  ])("%s %s → %s: %s on %s (%s)", (engine, blueVersion, greenVersion, metric, side, unit) => {
    const [first] = lagMetricCandidates({ engine, blueVersion, greenVersion, ...t });
    expect(first).toMatchObject({ metricName: metric, side, unit });
  });
  it("aurora-postgresql is unconfirmed: one candidate, marked so, never green's own ReplicaLag", () => {
    const c = lagMetricCandidates({ engine: "aurora-postgresql", blueVersion: "16.1", greenVersion: "17.1", ...t });
    expect(c).toHaveLength(1);
    expect(c[0]).toMatchObject({ metricName: "OldestReplicationSlotLag", side: "blue", confirmed: false });
  });
});

describe("--max-lag against the metric the target will be gated on, before green exists", () => {
  const duration = { seconds: 2, bytes: 1024 * 1024, given: "seconds" as const };
  const size = { seconds: 1, bytes: 64 * 1024 * 1024, given: "bytes" as const };
  const defaults = { seconds: 1, bytes: 1024 * 1024 };
  it.each<[string, string, string, typeof duration | typeof size | typeof defaults, string | undefined]>([
    ["postgres", "16.3", "17.2", duration, "OldestReplicationSlotLag is in bytes: give a size like 64MiB"],
    ["postgres", "16.3", "17.2", size, undefined],
    ["postgres", "16.3", "16.4", size, "ReplicaLag is in seconds: give a duration like 2s"],
    ["postgres", "16.3", "16.4", duration, undefined],
    ["mysql", "8.0.36", "8.4.3", size, "ReplicaLag is in seconds"],
    ["aurora-mysql", "3.05.2", "3.08.0", size, "AuroraBinlogReplicaLag is in seconds"],
    ["aurora-postgresql", "16.1", "17.1", duration, "OldestReplicationSlotLag is in bytes"],
    ["postgres", "16.3", "17.2", defaults, undefined],
  ])("%s %s → %s, %j", (engine, blue, green, threshold, refused) => {
    const error = maxLagMismatch(threshold, plannedLagMetric(engine, blue, green), "orders-to-17");
    if (refused === undefined) expect(error).toBeUndefined();
    else
      expect(error).toMatchObject({
        exitCode: 2,
        message: expect.stringContaining(`orders-to-17's lag metric ${refused}`),
      });
  });
  it("the planned metric is the switchover's first candidate for the same engine and versions", () => {
    const t = { blueInstanceId: "orders", greenInstanceId: "orders-green", greenClusterId: "c" };
    for (const [engine, blue, green] of [
      ["postgres", "16.3", "17.2"],
      ["postgres", "16.3", "16.4"],
      ["aurora-mysql", "3.05.2", "3.08.0"],
    ] as const) {
      const [first] = lagMetricCandidates({ engine, blueVersion: blue, greenVersion: green, ...t });
      expect(plannedLagMetric(engine, blue, green)).toMatchObject({ metricName: first?.metricName, unit: first?.unit });
    }
  });
});

describe("evaluateLag", () => {
  const now = 10 * 60_000;
  const s = (values: number[], endAgo = 60_000) =>
    values.map((value, i) => ({ timestamp: new Date(now - endAgo - (values.length - 1 - i) * 60_000), value }));
  it.each([
    [[], "no-data"],
    [[0, 0, 0], "ok"],
    [[5, 0, 0, 0], "ok"],
    [[0, 2, 0], "high"],
    [[0, 0], "few"],
    [[0, -1, 0], "not-replicating"],
    [[-1], "not-replicating"],
  ])("%j → %s", (values, state) => {
    expect(evaluateLag(s(values), 1, 3, now, 60).state).toBe(state);
  });
  it("a failure names the sample that failed, not the newest", () => {
    const e = evaluateLag(s([2.4, 0, 0]), 1, 3, now, 60);
    expect(e.state).toBe("high");
    const text = describeLag(e, undefined);
    expect(text).toMatch(/^replication lag 2\.4 s at 00:07:00 is above 1 s \(newest: 0 s at 00:09:00/);
  });
  it("an old newest datapoint is stale, not zero", () => {
    expect(evaluateLag(s([0, 0, 0], 6 * 60_000), 1, 3, now, 60).state).toBe("stale");
  });
});

describe("phases", () => {
  it("derives a phase and next steps for every status", () => {
    expect(phaseOf("AVAILABLE")).toBe("green-ready");
    expect(phaseOf("whatever")).toBe("unknown");
    expect(nextStepsFor("green-ready", "x").join(" ")).toContain("bgdb switchover x");
    expect(nextStepsFor("switched", "x").join(" ")).toContain("--delete-old-blue");
  });
});
