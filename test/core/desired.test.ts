import { describe, expect, it } from "vitest";
import {
  type Desired,
  decideAttach,
  decideCreate,
  describeDifferences,
  differences,
  type SourceNow,
} from "../../src/core/desired.js";

const source = (p: Partial<SourceNow> = {}): SourceNow => ({
  id: "orders-prod",
  engine: "postgres",
  engineVersion: "17.2",
  parameterGroups: [[{ name: "orders-pg17", applyStatus: "in-sync" }]],
  instanceClasses: ["db.r6g.xlarge"],
  storageType: "gp3",
  pending: [{}],
  ...p,
});
const want: Desired = { engineVersion: "17.2", parameterGroup: "orders-pg17" };

describe("differences: a target counts only when it is in effect, as DescribeDBInstances reports it", () => {
  it.each<[string, Partial<SourceNow>, Desired, { target: string; pending?: string }[]]>([
    ["in sync: satisfied", {}, want, []],
    [
      "not reported (empty status): satisfied, nothing invented",
      { parameterGroups: [[{ name: "orders-pg17", applyStatus: "" }]] },
      want,
      [],
    ],
    [
      "the group pending-reboot",
      { parameterGroups: [[{ name: "orders-pg17", applyStatus: "pending-reboot" }]] },
      want,
      [{ target: "parameterGroup", pending: "orders-pg17 is pending-reboot on orders-prod" }],
    ],
    [
      "the group still applying",
      { parameterGroups: [[{ name: "orders-pg17", applyStatus: "applying" }]] },
      want,
      [{ target: "parameterGroup", pending: "orders-pg17 is applying on orders-prod" }],
    ],
    [
      "another group pending-reboot does not matter",
      {
        parameterGroups: [
          [
            { name: "orders-pg17", applyStatus: "in-sync" },
            { name: "other", applyStatus: "pending-reboot" },
          ],
        ],
      },
      want,
      [],
    ],
    [
      "one Aurora member of two pending-reboot",
      {
        parameterGroups: [
          [{ name: "orders-pg17", applyStatus: "in-sync" }],
          [{ name: "orders-pg17", applyStatus: "pending-reboot" }],
        ],
        pending: [{}, {}],
      },
      want,
      [{ target: "parameterGroup", pending: "orders-pg17 is pending-reboot on orders-prod" }],
    ],
    [
      "a pending modification of the requested field to another value",
      { pending: [{ EngineVersion: "17.4" }] },
      want,
      [{ target: "engineVersion", pending: "a modification to 17.4 is pending on orders-prod" }],
    ],
    [
      "a pending modification of the instance class, asked for",
      { pending: [{ DBInstanceClass: "db.r6g.large" }] },
      { instanceClass: "db.r6g.xlarge" },
      [{ target: "instanceClass", pending: "a modification to db.r6g.large is pending on orders-prod" }],
    ],
    ["a pending modification of a field not asked for", { pending: [{ DBInstanceClass: "db.r6g.large" }] }, want, []],
    [
      "a value that differs is a plain difference (pending to the target or not)",
      { engineVersion: "16.3", pending: [{ EngineVersion: "17.2" }] },
      want,
      [{ target: "engineVersion" }],
    ],
  ])("%s", (_what, now, wanted, expected) => {
    const diff = differences(source(now), wanted);
    expect(diff.map((d) => ({ target: d.target, ...(d.pending ? { pending: d.pending } : {}) }))).toEqual(expected);
  });

  it("a source whose target group is pending-reboot is not at target: create goes on", () => {
    const now = source({ parameterGroups: [[{ name: "orders-pg17", applyStatus: "pending-reboot" }]] });
    expect(decideCreate(now, want, false)).toMatchObject({ action: "create", why: "differs" });
    expect(decideCreate(source(), want, false)).toEqual({ action: "nothing-to-do" });
  });
});

describe("decideAttach: an existing green is this run's only if it runs the request, or the run's later steps make it", () => {
  const green = (p: Partial<SourceNow> = {}) => source({ id: "orders-prod-green-abc1de", ...p });
  it.each<[string, Partial<SourceNow>, Desired, Desired, string[]]>([
    ["green runs the request", {}, want, {}, []],
    ["no target at all: any green", { engineVersion: "16.3" }, {}, {}, []],
    ["another engine version", {}, { ...want, engineVersion: "17.4" }, {}, ["engineVersion"]],
    [
      "another version, which the upgrade step sets",
      {},
      { ...want, engineVersion: "17.4" },
      { engineVersion: "17.4" },
      [],
    ],
    [
      "the upgrade step sets something else",
      {},
      { ...want, engineVersion: "17.4", instanceClass: "db.r7g.xlarge" },
      { instanceClass: "db.r7g.xlarge" },
      ["engineVersion"],
    ],
    ["another parameter group", {}, { ...want, parameterGroup: "pg17" }, {}, ["parameterGroup"]],
    [
      "the asked group, not yet in effect on green: that green (upgrade and the gate see to it)",
      { parameterGroups: [[{ name: "orders-pg17", applyStatus: "pending-reboot" }]] },
      want,
      {},
      [],
    ],
    [
      "storage not asked by the upgrade step",
      { storageType: "gp2" },
      { storageType: "gp3" },
      { engineVersion: "17.2" },
      ["storageType"],
    ],
  ])("%s", (_what, now, wanted, later, refused) => {
    const d = decideAttach(green(now), wanted, later);
    expect(d.action === "refuse" ? d.differences.map((x) => x.target) : []).toEqual(refused);
    expect(d.action).toBe(refused.length > 0 ? "refuse" : "attach");
  });

  it("names each difference with what was asked", () => {
    const diff = differences(green(), { engineVersion: "17.4", instanceClass: "db.r7g.large" });
    expect(describeDifferences(diff)).toBe(
      "engine version 17.2 (asked: 17.4), instance class db.r6g.xlarge (asked: db.r7g.large)",
    );
  });
});
