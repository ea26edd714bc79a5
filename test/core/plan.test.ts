/**
 * Dry runs against the request-recording fake: for every command in realistic states, the plan lists the expected
 * steps, ends with the right exit code, and makes zero mutating requests (nor writes the journal, takes the lock, or
 * runs a hook). And the drift guard: a plan's calls are exactly what the real run then sends on the same fake.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { MUTATING_ACTIONS } from "../../src/core/audit.js";
import {
  abort,
  cleanup,
  create,
  planAbort,
  planCleanup,
  planCreate,
  planDeploy,
  planSwitchover,
  planUpgrade,
  switchover,
  upgrade,
} from "../../src/core/index.js";
import type { DeployOptions } from "../../src/core/options.js";
import { readOnly } from "../../src/core/plan/read-only.js";
import type { PlanStep } from "../../src/core/plan/step.js";
import type { CommandResult } from "../../src/core/result.js";
import type { Deps } from "../../src/ports/index.js";
import { FakeDb, fakeReaders, rows } from "../support/fake-tables.js";
import { harness } from "../support/harness.js";
import { abortOpts, cleanupOpts, createOpts, HOUR, swOpts, upgradeOpts } from "../support/options.js";

let h: ReturnType<typeof harness>;
afterEach(() => h?.cleanup());

/** A step as one short line: what a test compares. */
function brief(s: PlanStep): string {
  const body = (() => {
    switch (s.kind) {
      case "check":
        return `check ${s.what} ${s.ok}`;
      case "call":
        return `call ${s.action}`;
      case "wait":
        return `wait ${s.for}`;
      case "gate":
        return `gate ${s.passes ? "passes" : "fails"}`;
      case "hook":
        return `hook ${s.event}`;
      case "skip":
        return `skip ${s.reason}`;
      case "pending":
        return `pending ${s.reason}`;
      case "blocked":
        return `blocked ${s.code}`;
      default:
        return s.kind;
    }
  })();
  return s.within ? `${s.within}: ${body}` : body;
}

/** Every file under the journal directory with its content: a plan must leave it as it was. */
function journalFiles(dir: string): Record<string, string> {
  if (!existsSync(dir)) return {};
  return Object.fromEntries(
    readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => [join(e.parentPath, e.name), readFileSync(join(e.parentPath, e.name), "utf8")]),
  );
}

/** Runs a plan and checks what every plan owes: zero mutating requests, no journal write, no command run. */
async function dryRun(plan: (deps: Deps) => Promise<CommandResult>) {
  const from = h.aws.calls.length;
  const journal = journalFiles(h.dir);
  const runs = h.runs.length;
  const confirms = h.confirms.length;
  const r = await plan(h.deps);
  expect(h.aws.mutatingCalls(from)).toEqual([]);
  expect(h.aws.calls.length).toBeGreaterThan(from);
  expect(journalFiles(h.dir)).toEqual(journal);
  expect(h.runs).toHaveLength(runs);
  expect(h.confirms).toHaveLength(confirms);
  expect(r.plan?.length).toBeGreaterThan(0);
  return { r, steps: (r.plan ?? []).map(brief), exit: r.blocked?.exitCode ?? 0 };
}

/** A table row's test: set the world up, dry-run with the row's options, compare the steps and the exit code. */
const planned =
  <P>(plan: (deps: Deps, p: P) => Promise<CommandResult>) =>
  async (_what: string, setup: () => Promise<unknown>, p: P, expected: string[], exit: number) => {
    await setup();
    const r = await dryRun((deps) => plan(deps, p));
    expect(r.steps).toEqual(expected);
    expect(r.exit).toBe(exit);
  };

/** The fake's source; `created` adds a deployment orders-to-17 (the real create, waited until AVAILABLE). */
async function world(
  opts: Parameters<typeof harness>[0] & { created?: boolean; switched?: boolean; wait?: boolean } = {},
) {
  h = harness(opts);
  h.aws.addInstance("orders-prod");
  if (opts.created || opts.switched) await create(h.deps, createOpts({ wait: opts.wait ?? true }));
  if (opts.switched) await switchover(h.deps, swOpts());
  h.confirms.length = 0;
  return h;
}

const PREFLIGHT_OK = Array(7).fill("check preflight true");

describe("create --dry-run", () => {
  it.each<[string, () => Promise<unknown>, Parameters<typeof createOpts>[0], string[], number]>([
    ["a new deployment", () => world(), {}, [...PREFLIGHT_OK, "call CreateBlueGreenDeployment", "wait AVAILABLE"], 0],
    [
      "--no-wait with hooks and a CNAME that points elsewhere (a warning)",
      async () => {
        await world();
        h.aws.dnsRecords.set("db.example.com", {
          name: "db.example.com",
          type: "CNAME",
          values: ["x.example.com"],
          hostedZoneId: "Z1",
        });
      },
      { wait: false, cname: "db.example.com", hooks: { "before-create": ["./a.sh"], "after-create": ["./b.sh"] } },
      [
        ...PREFLIGHT_OK,
        "check cname warn",
        "hook before-create",
        "call CreateBlueGreenDeployment",
        "hook after-create",
      ],
      0,
    ],
    [
      "attach to one still provisioning",
      () => world({ created: true, wait: false }),
      {},
      ["skip attach", "wait AVAILABLE"],
      0,
    ],
    ["attach to a ready one", () => world({ created: true }), {}, ["skip attach"], 0],
    [
      "at target",
      async () => {
        await world();
        h.aws.addInstance("orders-prod", {
          engineVersion: "17.2",
          parameterGroups: [{ name: "orders-pg17", applyStatus: "in-sync" }],
        });
      },
      {},
      ["skip at-target"],
      0,
    ],
    [
      "a source without backups: preflight fails",
      async () => {
        await world();
        h.aws.addInstance("orders-prod", { backupRetentionPeriod: 0 });
      },
      {},
      [
        "check preflight true",
        "check preflight false",
        ...Array(5).fill("check preflight true"),
        "blocked PREFLIGHT_FAILED",
      ],
      3,
    ],
    [
      "a deployment of that name for another source",
      async () => {
        await world({ created: true });
        h.aws.addInstance("billing-prod");
      },
      { source: "billing-prod" },
      ["blocked ALREADY_EXISTS"],
      3,
    ],
    [
      "a ready deployment of that name whose green is not what is asked",
      () => world({ created: true }),
      { targetInstanceClass: "db.r7g.xlarge" },
      ["blocked ALREADY_EXISTS"],
      3,
    ],
    [
      "an invalid target version",
      () => world(),
      { targetEngineVersion: "19.0" },
      [
        ...Array(3).fill("check preflight true"),
        "check preflight false",
        "check preflight warn",
        "blocked PREFLIGHT_FAILED",
      ],
      3,
    ],
  ])(
    "%s",
    planned((deps, p) => planCreate(deps, createOpts(p))),
  );

  it("an attached deployment in INVALID_CONFIGURATION: the wait's first look fails it (exit 5)", async () => {
    await world({ invalidConfiguration: true });
    await create(h.deps, createOpts()).catch(() => undefined);
    const r = await dryRun((deps) => planCreate(deps, createOpts()));
    expect(r.steps).toEqual(["skip attach", "blocked INVALID_CONFIGURATION"]);
    expect(r.exit).toBe(5);
  });
});

describe("upgrade --dry-run", () => {
  const minor = async () => {
    await world();
    await create(
      h.deps,
      createOpts({ targetEngineVersion: undefined, targetParameterGroup: "orders-pg16-tuned", name: "orders-to-17" }),
    );
  };
  it.each<[string, () => Promise<unknown>, Parameters<typeof upgradeOpts>[0], string[], number]>([
    [
      "a change",
      minor,
      { engineVersion: "16.4" },
      ["check status true", "check version true", "call ModifyDBInstance", "wait GREEN_AVAILABLE"],
      0,
    ],
    [
      "green already at the target",
      minor,
      { instanceClass: "db.r6g.xlarge" },
      ["check status true", "skip unchanged", "wait GREEN_AVAILABLE"],
      0,
    ],
    [
      "a major version without --allow-major-version-upgrade",
      minor,
      { engineVersion: "17.2" },
      ["check status true", "blocked MAJOR_UPGRADE_NOT_ALLOWED"],
      3,
    ],
    [
      "a deployment still provisioning",
      () => world({ created: true, wait: false }),
      { instanceClass: "db.r7g.large" },
      ["blocked NOT_AVAILABLE"],
      3,
    ],
    ["no such deployment", () => world(), { deployment: "nope" }, ["blocked NOT_FOUND"], 3],
  ])(
    "%s",
    planned((deps, p) => planUpgrade(deps, upgradeOpts(p))),
  );

  it("shows the modification's parameters, and green's members", async () => {
    await minor();
    const { r } = await dryRun((deps) => planUpgrade(deps, upgradeOpts({ engineVersion: "16.4" })));
    expect(r.plan).toContainEqual({
      kind: "call",
      action: "ModifyDBInstance",
      params: expect.objectContaining({
        id: expect.stringMatching(/^orders-prod-green-/),
        engineVersion: "16.4",
        applyImmediately: true,
      }),
    });
    expect(r.members.map((m) => m.role)).toEqual(["blue", "green"]);
  });
});

describe("switchover --dry-run", () => {
  const record = (target: string) => ({ name: "db.example.com", type: "CNAME", values: [target], hostedZoneId: "Z1" });
  it.each<[string, () => Promise<unknown>, Parameters<typeof swOpts>[0], string[], number]>([
    [
      "the gate passes now",
      () => world({ created: true }),
      {},
      ["gate passes", "confirm", "call SwitchoverBlueGreenDeployment", "wait SWITCHOVER_COMPLETED"],
      0,
    ],
    [
      "green in storage-optimization",
      () => world({ created: true, greenStatusAt: () => "storage-optimization" }),
      {},
      ["gate fails", "blocked GATE_NOT_MET"],
      4,
    ],
    [
      "lag too high",
      () => world({ created: true, lagAt: () => 50 * 1024 * 1024 }),
      {},
      ["gate fails", "blocked GATE_NOT_MET"],
      4,
    ],
    [
      "the postpone file exists",
      async () => {
        await world({ created: true });
        h.files.add("/run/postpone");
      },
      { postponeFile: "/run/postpone" },
      ["gate fails", "blocked GATE_NOT_MET"],
      4,
    ],
    ["already switched", () => world({ switched: true }), {}, ["skip already-switched"], 0],
    [
      "a CNAME at green's endpoint",
      async () => {
        await world({ created: true });
        h.aws.dnsRecords.set("db.example.com", record("orders-prod-green-abc1de.c9abc.us-east-1.rds.amazonaws.com"));
      },
      { cname: "db.example.com" },
      ["check cname false", "blocked CNAME_MISMATCH"],
      3,
    ],
    [
      "a CNAME mismatch allowed, and hooks (never run)",
      async () => {
        await world({ created: true });
        h.aws.dnsRecords.set("db.example.com", record("elsewhere.example.com"));
      },
      {
        cname: "db.example.com",
        allowCnameMismatch: true,
        hooks: {
          "before-switchover": ["./check.sh"],
          "after-switchover": ["./smoke.sh"],
          "on-success": ["./notify.sh"],
        },
      },
      [
        "check cname warn",
        "gate passes",
        "hook before-switchover",
        "confirm",
        "call SwitchoverBlueGreenDeployment",
        "wait SWITCHOVER_COMPLETED",
        "hook after-switchover",
        "hook on-success",
      ],
      0,
    ],
    [
      "a rolled-back switchover (SWITCHOVER_FAILED)",
      async () => {
        await world({ created: true, switchoverFails: true });
        await switchover(h.deps, swOpts()).catch(() => undefined);
      },
      {},
      ["blocked SWITCHOVER_FAILED"],
      5,
    ],
  ])(
    "%s",
    planned((deps, p) => planSwitchover(deps, swOpts(p))),
  );

  it("shows the gate's checks with their current readings, one look counted", async () => {
    await world({ created: true, greenStatusAt: () => "storage-optimization" });
    const { r } = await dryRun((deps) => planSwitchover(deps, swOpts()));
    const gate = r.plan?.find((s) => s.kind === "gate");
    expect(gate).toMatchObject({ passes: false, stableSamples: 3, waitForLagMs: 15 * 60_000 });
    expect(gate?.kind === "gate" && gate.checks.map((c) => [c.name, c.ok])).toEqual([
      ["deployment", true],
      ["members", true],
      ["green", false],
      ["lag", true],
    ]);
    expect(r.blocked).toMatchObject({
      code: "GATE_NOT_MET",
      exitCode: 4,
      message: expect.stringMatching(/not met now: green .* storage-optimization/),
    });
  });

  it("works while another run holds the deployment's lock", async () => {
    await world({ created: true });
    const lock = await h.journal.acquireLock(
      { account: "111122223333", region: "us-east-1" },
      "orders-to-17",
      "bgdb switchover",
    );
    const r = await dryRun((deps) => planSwitchover(deps, swOpts()));
    expect(r.exit).toBe(0);
    await lock.release();
  });

  it("with --probe: checks the probe's table, never starts its writes", async () => {
    await world({ created: true });
    const probe = {
      table: "bgdb_probe",
      intervalMs: 100,
      started: 0,
      missingTable: async () => [] as string[],
      start: async () => {
        probe.started++;
      },
      stop: async () => ({ acknowledged: 0, failed: 0, longestGapMs: 0, missing: 0, verified: true }),
    };
    const r = await dryRun((deps) => planSwitchover({ ...deps, probe }, swOpts()));
    expect(r.steps).toEqual([
      "check probe-table true",
      "gate passes",
      "confirm",
      "probe",
      "call SwitchoverBlueGreenDeployment",
      "wait SWITCHOVER_COMPLETED",
    ]);
    expect(probe.started).toBe(0);
  });

  it("with --verify: checks both sides can be read, compares nothing", async () => {
    await world({ created: true });
    const blue = new FakeDb("PostgreSQL 16.3", {
      orders: { columns: ["id", "name"], primaryKey: ["id"], rows: rows(3) },
    });
    const green = blue.clone("PostgreSQL 17.2");
    const tableReaders = fakeReaders(blue, green);
    const { r, steps } = await dryRun((deps) => planSwitchover({ ...deps, tableReaders }, swOpts({ verify: true })));
    expect(steps).toEqual([
      "check verify true",
      "gate passes",
      "confirm",
      "call SwitchoverBlueGreenDeployment",
      "wait SWITCHOVER_COMPLETED",
    ]);
    expect(r.plan?.[0]).toMatchObject({
      reading: expect.stringMatching(
        /^blue .+:\d+ \(PostgreSQL 16\.3, 1 table\) and green .+:\d+ \(PostgreSQL 17\.2, 1 table\) can be read; compared table by table once the gate passes$/,
      ),
    });
    expect([...blue.calls, ...green.calls]).toEqual(["listTables", "listTables"]);
    expect([blue.closed, green.closed]).toEqual([1, 1]);
  });

  it("a switchover already in progress is watched, not requested", async () => {
    await world({ created: true, switchoverMs: 10 * 60_000 });
    await h.aws.rds.switchoverBlueGreenDeployment("bgd-000000000001", 300);
    const r = await dryRun((deps) => planSwitchover(deps, swOpts()));
    expect(r.steps).toEqual(["skip switchover-in-progress", "wait SWITCHOVER_COMPLETED"]);
  });
});

describe("cleanup --dry-run", () => {
  const OLD_BLUE_DELETION = [
    "check deletion-protection true",
    "confirm",
    "call CreateDBSnapshot",
    "wait SNAPSHOT_AVAILABLE",
    "call DeleteDBInstance",
    "wait DELETED",
  ];
  it.each<[string, () => Promise<unknown>, Parameters<typeof cleanupOpts>[0], string[], number]>([
    ["before the switchover", () => world({ created: true }), {}, ["blocked NOT_SWITCHED"], 3],
    [
      "after it, keeping the old blue",
      () => world({ switched: true }),
      {},
      ["check status true", "call DeleteBlueGreenDeployment", "wait DELETED", "skip old-blue-kept"],
      0,
    ],
    [
      "deleting the old blue inside the retention window",
      () => world({ switched: true }),
      { deleteOldBlue: true, retainMs: 24 * HOUR },
      ["check status true", "blocked RETENTION"],
      3,
    ],
    [
      "deleting the old blue after the retention window",
      async () => {
        await world({ switched: true });
        h.clock.advance(25 * HOUR);
      },
      { deleteOldBlue: true, retainMs: 24 * HOUR },
      [
        "check status true",
        "check retention true",
        "call DeleteBlueGreenDeployment",
        "wait DELETED",
        ...OLD_BLUE_DELETION,
      ],
      0,
    ],
    [
      "resuming: the deployment object is gone, the journal remembers the old blue",
      async () => {
        await world({ switched: true });
        await cleanup(h.deps, cleanupOpts());
      },
      { deleteOldBlue: true },
      ["check status true", "skip deployment-gone", ...OLD_BLUE_DELETION],
      0,
    ],
    [
      "a final snapshot an earlier run requested",
      async () => {
        await world({ switched: true });
        await cleanup(h.deps, cleanupOpts());
        // The snapshot id the plan names (stable per old blue), requested as an interrupted earlier run did.
        const first = await planCleanup(h.deps, cleanupOpts({ deleteOldBlue: true }));
        const snapshot = first.plan?.find((s) => s.kind === "call" && s.action === "CreateDBSnapshot");
        if (snapshot?.kind !== "call" || snapshot.action !== "CreateDBSnapshot") throw new Error("no snapshot step");
        await h.aws.rds.createDbSnapshot(snapshot.params.snapshotId, snapshot.params.source);
      },
      { deleteOldBlue: true },
      [
        "check status true",
        "skip deployment-gone",
        "check deletion-protection true",
        "confirm",
        "skip snapshot-exists",
        "wait SNAPSHOT_AVAILABLE",
        "call DeleteDBInstance",
        "wait DELETED",
      ],
      0,
    ],
    [
      "an old blue with deletion protection",
      async () => {
        await world({ switched: true });
        const old = h.aws.instances.get("orders-prod-old1");
        if (old) old.deletionProtection = true;
      },
      { deleteOldBlue: true },
      ["check status true", "call DeleteBlueGreenDeployment", "wait DELETED", "blocked DELETION_PROTECTION"],
      3,
    ],
  ])(
    "%s",
    planned((deps, p) => planCleanup(deps, cleanupOpts(p))),
  );
});

describe("abort --dry-run", () => {
  it.each<[string, () => Promise<unknown>, Parameters<typeof abortOpts>[0], string[], number]>([
    [
      "before the switchover",
      () => world({ created: true }),
      {},
      ["check status true", "confirm", "call DeleteBlueGreenDeployment", "wait DELETED"],
      0,
    ],
    ["after it: abort would delete production", () => world({ switched: true }), {}, ["blocked ALREADY_SWITCHED"], 3],
  ])(
    "%s",
    planned((deps, p) => planAbort(deps, abortOpts(p))),
  );
});

describe("deploy --dry-run", () => {
  const deployOpts = (p: Partial<DeployOptions> = {}): DeployOptions => ({
    create: createOpts(),
    switchover: swOpts(),
    cleanup: cleanupOpts({ retainMs: 24 * HOUR }),
    until: "switched",
    ...p,
  });
  const test = { command: "npm", args: ["test"] };
  it.each<[string, () => Promise<unknown>, Partial<DeployOptions>, string[], number]>([
    [
      "from scratch: later steps wait for green to exist",
      () => world(),
      { test, upgrade: { instanceClass: "db.r7g.large", allowMajorVersionUpgrade: false, timeoutMs: HOUR } },
      [
        ...PREFLIGHT_OK.map((s) => `create: ${s}`),
        "create: call CreateBlueGreenDeployment",
        "create: wait AVAILABLE",
        "upgrade: pending no-green-yet",
        "test: pending no-green-yet",
        "switchover: pending no-green-yet",
      ],
      0,
    ],
    [
      "green provisioning",
      () => world({ created: true, wait: false }),
      { test },
      [
        "create: skip attach",
        "create: wait AVAILABLE",
        "test: pending green-provisioning",
        "switchover: pending green-provisioning",
      ],
      0,
    ],
    [
      "mid-way: green ready, tests and the switchover next",
      () => world({ created: true }),
      { test },
      [
        "create: skip attach",
        "test: test",
        "switchover: gate passes",
        "switchover: confirm",
        "switchover: call SwitchoverBlueGreenDeployment",
        "switchover: wait SWITCHOVER_COMPLETED",
      ],
      0,
    ],
    [
      "mid-way with an upgrade: the gate is judged after it",
      () => world({ created: true }),
      { upgrade: { instanceClass: "db.r7g.large", allowMajorVersionUpgrade: false, timeoutMs: HOUR } },
      [
        "create: skip attach",
        "upgrade: check status true",
        "upgrade: call ModifyDBInstance",
        "upgrade: wait GREEN_AVAILABLE",
        "switchover: pending after-upgrade",
      ],
      0,
    ],
    [
      "switched already, --until cleaned: only the deployment object goes",
      () => world({ switched: true }),
      { until: "cleaned", cleanup: cleanupOpts({ deleteOldBlue: true, retainMs: 24 * HOUR }) },
      [
        "create: skip attach",
        "switchover: skip already-switched",
        "cleanup: check status true",
        "cleanup: call DeleteBlueGreenDeployment",
        "cleanup: wait DELETED",
        "cleanup: skip old-blue-kept",
      ],
      0,
    ],
    [
      "the gate does not pass now: blocked in the switchover (exit 4)",
      () => world({ created: true, greenStatusAt: () => "storage-optimization" }),
      {},
      ["create: skip attach", "switchover: gate fails", "switchover: blocked GATE_NOT_MET"],
      4,
    ],
    [
      "a switchover running, with tests requested: the switchover step watches it",
      async () => {
        await world({ created: true });
        await h.aws.rds.switchoverBlueGreenDeployment("bgd-000000000001", 300);
      },
      { test },
      [
        "create: skip attach",
        "test: skip switchover-in-progress",
        "switchover: skip switchover-in-progress",
        "switchover: wait SWITCHOVER_COMPLETED",
      ],
      0,
    ],
    [
      "green not ready for the requested tests (exit 3)",
      async () => {
        await world({ created: true, switchoverFails: true });
        await switchover(h.deps, swOpts()).catch(() => undefined);
      },
      { test },
      ["create: skip attach", "blocked NOT_AVAILABLE"],
      3,
    ],
  ])(
    "%s",
    planned((deps, p) => planDeploy(deps, deployOpts(p))),
  );
});

describe("deploy --dry-run with bad input found against AWS", () => {
  it("--max-lag a duration where a major upgrade is gated in bytes: exit 2, as the real run says", async () => {
    await world();
    const maxLag = { seconds: 2, bytes: 1024 * 1024, given: "seconds" as const };
    const o: DeployOptions = {
      create: createOpts(),
      switchover: swOpts({ maxLag }),
      cleanup: cleanupOpts(),
      until: "switched",
    };
    await expect(planDeploy(h.deps, o)).rejects.toMatchObject({ exitCode: 2, code: "BAD_USAGE" });
    expect(h.aws.mutatingCalls()).toEqual([]);
  });
});

/** How each action's parameters reach the fake's port method (as it records them). */
const PORT_ARGS: Record<string, (p: Record<string, unknown>) => unknown[]> = {
  CreateBlueGreenDeployment: (p) => [p],
  ModifyDBInstance: (p) => [p],
  SwitchoverBlueGreenDeployment: (p) => [p.id, p.timeoutSeconds],
  DeleteBlueGreenDeployment: (p) => [p.id, p.deleteTarget],
  CreateDBSnapshot: (p) => [p.snapshotId, p.source],
  DeleteDBInstance: (p) => [p.id],
};

describe("the drift guard: a plan's calls are what the real run then sends", () => {
  /** The mutating calls the real run made, as the audit log recorded them (action and parameters). */
  const audited = () =>
    readFileSync(join(h.dir, "audit.log"), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { action: string; params: unknown; outcome: string })
      // The calls themselves: not hooks or confirmations, nor the lines that later settle a call's final outcome.
      .filter((e) => (MUTATING_ACTIONS as readonly string[]).includes(e.action) && ["ok", "error"].includes(e.outcome))
      .map(({ action, params }) => ({ action, params }));
  const auditedSoFar = () => (existsSync(join(h.dir, "audit.log")) ? audited().length : 0);
  /** The plan's call steps as JSON shows them. */
  const calls = (r: CommandResult) =>
    JSON.parse(
      JSON.stringify(
        (r.plan ?? []).flatMap((s) => (s.kind === "call" ? [{ action: s.action, params: s.params }] : [])),
      ),
    );

  it.each<[string, () => Promise<unknown>, (deps: Deps) => Promise<CommandResult>, (deps: Deps) => Promise<unknown>]>([
    [
      "create",
      () => world(),
      (d) => planCreate(d, createOpts({ tags: { team: "db" } })),
      (d) => create(d, createOpts({ tags: { team: "db" } })),
    ],
    [
      "switchover",
      () => world({ created: true }),
      (d) => planSwitchover(d, swOpts({ timeoutSeconds: 600 })),
      (d) => switchover(d, swOpts({ timeoutSeconds: 600 })),
    ],
    [
      "upgrade",
      async () => {
        await world();
        await create(h.deps, createOpts({ targetEngineVersion: undefined, targetParameterGroup: "orders-pg16-tuned" }));
      },
      (d) => planUpgrade(d, upgradeOpts({ engineVersion: "16.4", instanceClass: "db.r7g.large" })),
      (d) => upgrade(d, upgradeOpts({ engineVersion: "16.4", instanceClass: "db.r7g.large" })),
    ],
    [
      "cleanup --delete-old-blue",
      async () => {
        await world({ switched: true });
        h.clock.advance(25 * HOUR);
      },
      (d) => planCleanup(d, cleanupOpts({ deleteOldBlue: true, retainMs: 24 * HOUR })),
      (d) => cleanup(d, cleanupOpts({ deleteOldBlue: true, retainMs: 24 * HOUR })),
    ],
    ["abort", () => world({ created: true }), (d) => planAbort(d, abortOpts()), (d) => abort(d, abortOpts())],
  ])("%s", async (_what, setup, plan, real) => {
    await setup();
    const before = auditedSoFar();
    const { r } = await dryRun(plan);
    const mutationsBefore = h.aws.mutations.length;
    await real(h.deps);
    expect(calls(r).length).toBeGreaterThan(0);
    expect(audited().slice(before)).toEqual(calls(r));
    // …and the port received those parameters (the fake records its arguments, positionally).
    const sent = h.aws.mutations.slice(mutationsBefore).map((m) => m.args);
    expect(JSON.parse(JSON.stringify(sent))).toEqual(
      calls(r).map(({ action, params }: { action: string; params: Record<string, unknown> }) =>
        (PORT_ARGS[action] ?? (() => [`no port mapping for ${action}`]))(params),
      ),
    );
  });
});

describe("the read-only ports of a plan", () => {
  it.each<[string, (deps: Deps) => Promise<unknown>]>([
    ["an RDS call that changes AWS", (d) => d.rds.deleteBlueGreenDeployment("bgd-1", true)],
    ["ModifyDBInstance", (d) => d.rds.modifyDbInstance({ id: "x", applyImmediately: true })],
    ["a journal write", (d) => d.journal.writeState({} as never)],
    ["the lock", (d) => d.journal.acquireLock({ account: "a", region: "r" }, "n", "c")],
    ["the audit log", (d) => d.journal.appendAudit({} as never)],
    ["a command (hook or test)", (d) => d.runner.run({ command: "true", args: [], env: {} })],
    ["a confirmation", (d) => d.confirmer.confirm({ prompt: "p", expected: "e", action: "a" })],
  ])("refuse %s as a bug (exit 1), without reaching the port", async (_what, attempt) => {
    h = harness();
    await expect(attempt(readOnly(h.deps))).rejects.toMatchObject({ code: "INTERNAL", exitCode: 1 });
    expect(h.aws.mutatingCalls()).toEqual([]);
    expect(h.runs).toEqual([]);
  });

  it("pass reads through", async () => {
    h = harness();
    h.aws.addInstance("orders-prod");
    await expect(readOnly(h.deps).rds.describeDbInstances({ id: "orders-prod" })).resolves.toHaveLength(1);
  });
});
