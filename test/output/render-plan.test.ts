import { describe, expect, it } from "vitest";
import type { PlanStep } from "../../src/core/plan/step.js";
import type { CommandResult } from "../../src/core/result.js";
import { planLines } from "../../src/output/render-plan.js";
import { renderResult } from "../../src/output/render-result.js";
import { expectValidResult } from "../support/result-schema.js";
import { capture } from "./capture.js";

const planned = (plan: PlanStep[], blocked?: CommandResult["blocked"]): CommandResult => ({
  command: "deploy",
  phase: "green-ready",
  deployment: {
    id: "bgd-1",
    name: "orders-to-17",
    status: "AVAILABLE",
    source: "arn:aws:rds:x:1:db:orders",
    tasks: [],
  },
  members: [],
  durations: {},
  report: [],
  nextSteps: [],
  plan,
  ...(blocked ? { blocked } : {}),
});

/** The step's line without its number. */
const wordsOf = (step: PlanStep): string[] =>
  planLines(planned([step]))
    .slice(1, -1)
    .map((l) => l.replace(/^\s+1\. /, ""));

describe("a plan's words", () => {
  const table: [PlanStep, string[]][] = [
    [
      { kind: "check", what: "cname", ok: "warn", reading: "Route 53 db → x", hint: "Point it at blue." },
      ["⚠ cname: Route 53 db → x", "       Point it at blue."],
    ],
    [
      { kind: "call", action: "DeleteBlueGreenDeployment", params: { id: "bgd-1", deleteTarget: true } },
      ["would call DeleteBlueGreenDeployment id=bgd-1 deleteTarget=true"],
    ],
    [
      {
        kind: "call",
        action: "CreateBlueGreenDeployment",
        params: { name: "n", sourceArn: "arn", targetEngineVersion: undefined, tags: { a: "b" } },
      },
      ['would call CreateBlueGreenDeployment name=n sourceArn=arn tags={"a":"b"}'],
    ],
    [
      { kind: "wait", for: "SNAPSHOT_AVAILABLE", subject: "bgdb-final-x", timeoutMs: 7_200_000 },
      ["would wait up to 2h for final snapshot bgdb-final-x to be available"],
    ],
    [
      { kind: "hook", event: "before-switchover", commands: ["./a.sh", "./b.sh"] },
      ["would run the before-switchover hook: `./a.sh`, `./b.sh`"],
    ],
    [
      { kind: "confirm", expected: "orders-to-17", yes: true },
      ["would not ask for confirmation (--yes) before going on with orders-to-17"],
    ],
    [
      { kind: "probe", table: "bgdb_probe", intervalMs: 100 },
      ["would start the write probe: a row in bgdb_probe every 100 ms through the production endpoint"],
    ],
    [
      { kind: "test", command: "npm test", timeoutMs: 600_000 },
      ["would run `npm test` against green (killed after 10m)"],
    ],
    [
      { kind: "skip", reason: "unchanged", subject: "orders-green", detail: "17.2, db.r6g.large" },
      ["skip: orders-green already at the target (17.2, db.r6g.large): unchanged"],
    ],
    [
      { kind: "pending", reason: "no-green-yet", within: "switchover" },
      [
        "switchover:",
        "would follow; can't be planned yet: green does not exist until this run's CreateBlueGreenDeployment makes it",
      ],
    ],
  ];
  it.each(table.map(([step, expected]) => [`${step.kind} ${Object.values(step)[1]}`, step, expected] as const))(
    "%s",
    (_name, step, expected) => {
      expect(wordsOf(step)).toEqual(expected);
    },
  );

  it("groups deploy's steps by part and ends with the verdict", () => {
    const lines = planLines(
      planned([
        { kind: "skip", reason: "attach", subject: "orders-to-17", status: "AVAILABLE", within: "create" },
        { kind: "test", command: "npm test", within: "test" },
        { kind: "gate", checks: [], passes: true, stableSamples: 3, waitForLagMs: 900_000, within: "switchover" },
      ]),
    );
    expect(lines).toEqual([
      "Dry run of deploy orders-to-17: what it would do, from what AWS shows now",
      "create:",
      "  1. skip: a deployment named orders-to-17 exists (AVAILABLE): would attach to it, not create another",
      "test:",
      "  2. would run `npm test` against green",
      "switchover:",
      "  3. gate passes on the current readings (the real run needs 3 consecutive ready looks, within --wait-for-lag 15m)",
      "Dry run: nothing was changed. The plan could run now.",
    ]);
  });

  it("a blocked plan: the refusal, its hint routed like the run, and the exit code it returns", () => {
    const blocked = {
      code: "RETENTION" as const,
      message: "The old blue is kept until tomorrow; nothing was deleted.",
      hint: "Re-run `bgdb cleanup orders-to-17 --delete-old-blue` after that.",
      exitCode: 3 as const,
    };
    const result = planned([{ kind: "blocked", ...blocked }], blocked);
    const lines = planLines(result, "bgdb --sandbox");
    expect(lines.slice(1)).toEqual([
      "  1. ✖ blocked (RETENTION): The old blue is kept until tomorrow; nothing was deleted.",
      "       Re-run `bgdb --sandbox cleanup orders-to-17 --delete-old-blue` after that.",
      "Dry run: nothing was changed. The real run would stop at the blocked step (exit 3).",
    ]);
    const quiet = capture();
    renderResult(result, "quiet", quiet);
    expect(quiet.lines()).toEqual([lines.at(-1)]);
    const json = capture();
    renderResult(result, "json", json, { prefix: "bgdb --sandbox" });
    const doc = JSON.parse(json.raw());
    expectValidResult(doc);
    expect(doc).toMatchObject({
      ok: false,
      blocked: { code: "RETENTION", exitCode: 3, hint: expect.stringContaining("bgdb --sandbox cleanup") },
    });
    expect(doc.summary).toEqual(lines);
  });
});
