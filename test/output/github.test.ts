import { describe, expect, it } from "vitest";
import type { GateCheck } from "../../src/core/decide.js";
import { GateTimeoutError, NotFoundError } from "../../src/core/errors.js";
import type { CommandResult } from "../../src/core/result.js";
import {
  annotations,
  commandMessage,
  commandProperty,
  stepSummary,
  warningText,
  workflowCommand,
} from "../../src/output/github.js";
import { errorDocument } from "../../src/output/render-error.js";
import { resultDocument } from "../../src/output/render-result.js";

const AT = new Date("2026-11-26T12:29:00Z");
const CHECKS: GateCheck[] = [
  { name: "deployment", ok: true, status: "AVAILABLE" },
  { name: "members", ok: true, available: 2, total: 2 },
  { name: "green", ok: true, ids: ["orders-green-abc"], notReady: [], streak: 3, needed: 3 },
  {
    name: "lag",
    ok: true,
    lag: { state: "ok", latest: { value: 2048, at: AT }, window: [{ value: 2048, at: AT }], limit: 1024 * 1024 },
    metric: {
      metricName: "OldestReplicationSlotLag",
      side: "blue",
      dimension: { name: "DBInstanceIdentifier", value: "orders" },
      unit: "Bytes",
      confirmed: true,
    },
  },
];

function switched(extra: Partial<CommandResult> = {}): CommandResult {
  return {
    command: "switchover",
    phase: "switched",
    deployment: {
      id: "bgd-abc123",
      name: "orders-to-17",
      status: "SWITCHOVER_COMPLETED",
      source: "arn:src",
      tasks: [],
    },
    members: [
      {
        role: "green",
        kind: "instance",
        id: "orders",
        arn: "a",
        engine: "postgres",
        engineVersion: "17.2",
        endpoint: "orders.rds",
        port: 5432,
      },
      {
        role: "blue",
        kind: "instance",
        id: "orders-old1",
        arn: "b",
        engine: "postgres",
        engineVersion: "16.3",
        endpoint: "orders-old1.rds",
        port: 5432,
      },
    ],
    durations: { switchover: 2_340 },
    report: [
      {
        code: "switchover.completed",
        elapsedMs: 2_340,
        by: "this-run",
        mapping: [
          { role: "production", id: "orders", engine: "postgres", engineVersion: "17.2", was: "orders-green-abc" },
          { role: "old-blue", id: "orders-old1", deployment: "orders-to-17" },
        ],
      },
    ],
    nextSteps: ["bgdb cleanup orders-to-17 --delete-old-blue  (after 2026-11-27T12:30:00Z)"],
    data: {
      switchedOverAt: "2026-11-26T12:30:02Z",
      gate: { passedAt: "2026-11-26T12:29:58Z", checks: CHECKS },
      probe: {
        acknowledged: 40,
        failed: 3,
        longestGapMs: 1_850,
        missing: 0,
        verified: true,
        lastServerVersion: "PostgreSQL 17.2",
      },
    },
    ...extra,
  };
}

describe("workflow command escaping", () => {
  it.each([
    ["plain", "plain", "plain"],
    ["100% done", "100%25 done", "100%25 done"],
    ["line 1\nline 2", "line 1%0Aline 2", "line 1%0Aline 2"],
    ["cr\r\nlf", "cr%0D%0Alf", "cr%0D%0Alf"],
    ["bgdb switchover: a, b", "bgdb switchover: a, b", "bgdb switchover%3A a%2C b"],
    // The escape itself is escaped first, so %0A in the text is not read back as a line break.
    ["literal %0A", "literal %250A", "literal %250A"],
  ])("%j → message %j, property %j", (text, message, property) => {
    expect(commandMessage(text)).toBe(message);
    expect(commandProperty(text)).toBe(property);
  });

  it("builds one line per command, properties escaped, secrets scrubbed from both", () => {
    expect(workflowCommand("error", "no such deployment\ntry bgdb list", { title: "bgdb switchover: failed" })).toBe(
      "::error title=bgdb switchover%3A failed::no such deployment%0Atry bgdb list",
    );
    expect(workflowCommand("warning", "could not reach postgres://app:hunter2@db:5432/app")).toBe(
      "::warning::could not reach postgres://app:[redacted]@db:5432/app",
    );
  });
});

describe("annotations", () => {
  it.each<[string, () => Parameters<typeof annotations>, string[]]>([
    ["a result without warnings has none", () => [resultDocument(switched()), []], []],
    [
      "each warning is a ::warning::, before the error",
      () => [resultDocument(switched()), ["The Route 53 check failed after the switchover completed: timeout"]],
      ["::warning::The Route 53 check failed after the switchover completed: timeout"],
    ],
    [
      "an error is one ::error titled with the command, hint on its next line",
      () => [
        errorDocument(new NotFoundError("No blue/green deployment named x.", { hint: "See `bgdb list`." }), {
          command: "switchover",
        }),
        [],
      ],
      ["::error title=bgdb switchover::No blue/green deployment named x.%0ASee `bgdb list`."],
    ],
    [
      "a blocked dry run is an error too",
      () => [
        resultDocument(
          switched({
            plan: [{ kind: "blocked", code: "GATE_NOT_MET", message: "lag too high", exitCode: 4 }],
            blocked: { code: "GATE_NOT_MET", message: "lag too high", exitCode: 4 },
          }),
        ),
        [],
      ],
      ["::error title=bgdb switchover::lag too high"],
    ],
  ])("%s", (_name, args, lines) => {
    expect(annotations(...args())).toEqual(lines);
  });

  it("a warning message's details follow its headline", () => {
    expect(
      warningText({
        code: "switchover.follow-up-failed",
        what: "Writing the journal",
        after: "completed",
        message: "EACCES",
      }),
    ).toBe("Writing the journal failed after the switchover completed: EACCES");
  });
});

describe("the step summary", () => {
  const md = stepSummary(resultDocument(switched()), ["the CNAME check could not run"]);

  it("opens with the command, the deployment and the outcome", () => {
    expect(md.startsWith("### ✔ bgdb switchover · orders-to-17 (bgd-abc123) · done, phase switched\n")).toBe(true);
    // Appended after earlier commands' summaries: ends with a blank line.
    expect(md.endsWith("\n\n")).toBe(true);
  });

  it("has the gate's checks as a table, with their readings", () => {
    expect(md).toContain(
      [
        "#### Gate",
        "",
        "|   | check | reading |",
        "|---|---|---|",
        "| ✔ | deployment | deployment AVAILABLE |",
        "| ✔ | members | 2/2 members AVAILABLE |",
        "| ✔ | green | green orders-green-abc available (3/3 consecutive checks) |",
      ].join("\n"),
    );
    expect(md).toMatch(
      /\| ✔ \| lag \| replication lag 2 KiB at \d\d:\d\d:\d\d \(OldestReplicationSlotLag on blue orders\): last 1 samples ≤ 1 MiB \|/,
    );
  });

  it("has the timeline, the switchover's duration and the new mapping, the probe and the next steps", () => {
    expect(md).toContain("#### Timeline\n\n| phase | duration |\n|---|---|\n| switchover | 2.3 s |");
    expect(md).toContain("SWITCHOVER\\_COMPLETED in 2.3 s.");
    expect(md).toContain("| orders | orders.rds:5432 | green, postgres 17.2 (was orders-green-abc) |");
    expect(md).toContain("| orders-old1 | orders-old1.rds:5432 | old blue (postgres 16.3), read-only, kept |");
    expect(md).toContain(
      "| longest gap | acknowledged | missing | refused | last answered by |\n|---|---|---|---|---|\n| 1.9 s | 40 | 0 | 3 | PostgreSQL 17.2 |",
    );
    expect(md).toContain("#### Warnings\n\n- ⚠ the CNAME check could not run");
    expect(md).toContain(
      "#### Next steps\n\n```sh\nbgdb cleanup orders-to-17 --delete-old-blue  (after 2026-11-27T12:30:00Z)\n```",
    );
  });

  it("a failed gate: the error, its hint, and the checks as they stood", () => {
    const failing: GateCheck[] = [
      { name: "deployment", ok: true, status: "AVAILABLE" },
      { name: "postpone", ok: false, path: "/tmp/hold|me" },
    ];
    const doc = errorDocument(
      new GateTimeoutError("GATE_NOT_MET", "The gate did not pass within 30m.", {
        hint: "Remove the postpone file.\nThen run it again.",
        details: { checks: failing },
      }),
      { command: "switchover" },
    );
    const text = stepSummary(doc);
    expect(text.startsWith("### ✖ bgdb switchover · failed: GATE\\_NOT\\_MET (exit 4)\n")).toBe(true);
    expect(text).toContain("The gate did not pass within 30m.\n\n> Remove the postpone file.\n> Then run it again.");
    // A | in a reading does not break the table: the report's escaper.
    expect(text).toContain("| ✖ | postpone | postponed: /tmp/hold\\|me exists (remove it to let the switchover go) |");
    expect(text).not.toContain("#### Timeline");
  });

  it("keeps what it quotes from becoming Markdown or closing its code blocks", () => {
    const text = stepSummary(
      resultDocument(
        switched({
          report: [{ code: "test.finished", command: "run ``` *x*", outcome: "exit 0", passed: true, durationMs: 10 }],
          nextSteps: ["bgdb test x -- sh -c 'echo ```'"],
          data: {},
        }),
      ),
    );
    expect(text).toContain("````sh\nbgdb test x -- sh -c 'echo ```'\n````");
    expect(text).toContain("````\nrun ``` *x* → exit 0 (0m00s)\n````");
    expect(text).not.toContain("#### Gate");
  });
});
