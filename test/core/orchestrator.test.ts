import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createFileJournal } from "../../src/adapters/journal/index.js";
import {
  AwsFailureError,
  abort,
  cleanup,
  create,
  deploy,
  lag,
  PreconditionError,
  status,
  switchover,
  test as testGreen,
  upgrade,
} from "../../src/core/index.js";
import type { CreateOptions } from "../../src/core/options.js";
import type { Rds, WriteProbeReport } from "../../src/ports/index.js";
import { harness, summaryOf } from "../support/harness.js";
import { cleanupOpts, createOpts, HOUR, swOpts, upgradeOpts } from "../support/options.js";

let h: ReturnType<typeof harness>;
afterEach(() => h?.cleanup());

/** deploy's options for the fake's orders-prod → orders-to-17, up to the switchover unless said otherwise. */
const deployOpts = (p: Partial<CreateOptions> = {}, more: Partial<Parameters<typeof deploy>[1]> = {}) => ({
  create: createOpts(p),
  switchover: swOpts(),
  cleanup: cleanupOpts(),
  until: "switched" as const,
  ...more,
});
const npmTest = { test: { command: "npm", args: ["test"] } };

/** A write probe that reports `report` (and the table missing on `missingTable`). */
const fakeProbe = (report: Partial<WriteProbeReport>, missingTable: string[] = []) => ({
  table: "bgdb_probe",
  intervalMs: 100,
  started: 0,
  async missingTable() {
    return missingTable;
  },
  async start() {
    this.started++;
  },
  async stop(): Promise<WriteProbeReport> {
    return { acknowledged: 40, failed: 1, longestGapMs: 310, missing: 0, verified: true, ...report };
  },
});

/** Another runner switches the deployment over while this run's prompt waits a minute; then the answer. */
function anotherRunSwitchesWhileConfirming(confirmed: boolean) {
  h.deps.confirmer = {
    confirm: async () => {
      await h.aws.rds.switchoverBlueGreenDeployment("bgd-000000000001", 300);
      h.clock.advance(60_000);
      return { confirmed, how: "typed" };
    },
  };
}

type SwitchoverCall = Rds["switchoverBlueGreenDeployment"];
/** This run's SwitchoverBlueGreenDeployment goes through `around`, which is handed the fake's own call. */
function aroundSwitchover(
  around: (real: SwitchoverCall, id: string, timeoutSeconds: number) => ReturnType<SwitchoverCall>,
) {
  const real = h.aws.rds.switchoverBlueGreenDeployment;
  h.deps.rds = { ...h.aws.rds, switchoverBlueGreenDeployment: (id, t) => around(real, id, t) };
}

async function ready(opts: Parameters<typeof harness>[0] = {}) {
  h = harness(opts);
  h.aws.addInstance("orders-prod");
  await create(h.deps, createOpts());
  return h;
}

describe("create", () => {
  it("waits through hours of provisioning in virtual time, then reports green", async () => {
    h = harness({ provisionMs: 3 * HOUR });
    h.aws.addInstance("orders-prod");
    const started = Date.now();
    const r = await create(h.deps, createOpts());
    expect(Date.now() - started).toBeLessThan(5000);
    expect(r.phase).toBe("green-ready");
    expect(r.durations.wait).toBeGreaterThanOrEqual(3 * HOUR);
    expect(r.members.find((m) => m.role === "green")).toMatchObject({ engineVersion: "17.2", status: "available" });
    expect(r.nextSteps.join("\n")).toContain("bgdb switchover orders-to-17");
    // Paced by the tasks: mostly slow looks over three hours, far fewer than a 10 s poll would make.
    expect(h.clock.sleeps.length).toBeLessThan((0.5 * 3 * HOUR) / 10_000);
    const sorted = [...h.clock.sleeps].sort((a, b) => a - b);
    expect(sorted[Math.floor(sorted.length / 2)]).toBeGreaterThanOrEqual(16_000);
    const call = h.aws.mutations.find((m) => m.method === "createBlueGreenDeployment");
    expect(call?.args[0]).toMatchObject({
      name: "orders-to-17",
      sourceArn: "arn:aws:rds:us-east-1:111122223333:db:orders-prod",
      targetEngineVersion: "17.2",
      targetDbParameterGroupName: "orders-pg17",
    });
  });

  it("is idempotent: a second run attaches instead of creating twice", async () => {
    await ready();
    const r = await create(h.deps, createOpts());
    expect(h.aws.mutationNames().filter((m) => m === "createBlueGreenDeployment")).toHaveLength(1);
    expect(r.phase).toBe("green-ready");
  });

  /** This run's CreateBlueGreenDeployment answers with `error`; `created` decides whether a deployment exists by then. */
  const createAnswers = (error: Error, created: boolean) => {
    const real = h.aws.rds.createBlueGreenDeployment;
    h.deps.rds = {
      ...h.aws.rds,
      createBlueGreenDeployment: async (input) => {
        if (created) await real(input);
        else h.aws.mutations.push({ method: "createBlueGreenDeployment", args: [input] });
        throw error;
      },
    };
  };
  const taken = () => new PreconditionError("ALREADY_EXISTS", "Blue/green deployment orders-to-17 already exists");

  it.each([
    ["ALREADY_EXISTS (another runner created it a moment before)", taken()],
    ["a lost answer (RDS created it)", new AwsFailureError("AWS_UNAVAILABLE", "AWS failed the request: 500")],
  ])("create answered with %s: looked up by name and attached, never created twice", async (_label, error) => {
    h = harness();
    h.aws.addInstance("orders-prod");
    createAnswers(error, true);
    const r = await create(h.deps, createOpts());
    expect(r.phase).toBe("green-ready");
    expect(h.aws.deployments.size).toBe(1);
    expect(h.aws.mutationNames().filter((m) => m === "createBlueGreenDeployment")).toHaveLength(1);
    expect(h.messages().join("\n")).toMatch(/orders-to-17/);
  });

  it("ALREADY_EXISTS with nothing of that name to find: the refusal stands (exit 3), no second request", async () => {
    h = harness();
    h.aws.addInstance("orders-prod");
    createAnswers(taken(), false);
    await expect(create(h.deps, createOpts())).rejects.toMatchObject({ code: "ALREADY_EXISTS", exitCode: 3 });
    expect(h.aws.mutationNames().filter((m) => m === "createBlueGreenDeployment")).toHaveLength(1);
  });

  it("preflight refuses a source without backups, with exit 3 and no create call", async () => {
    h = harness();
    h.aws.addInstance("orders-prod", { backupRetentionPeriod: 0 });
    await expect(create(h.deps, createOpts())).rejects.toMatchObject({ exitCode: 3, code: "PREFLIGHT_FAILED" });
    expect(h.aws.mutations).toHaveLength(0);
  });

  it("preflight refuses an invalid target version, listing valid ones", async () => {
    h = harness();
    h.aws.addInstance("orders-prod");
    await expect(create(h.deps, createOpts({ targetEngineVersion: "19.0" }))).rejects.toMatchObject({
      exitCode: 3,
      hint: expect.stringContaining("17.2"),
    });
    expect(h.aws.mutations).toHaveLength(0);
  });

  it("INVALID_CONFIGURATION → exit 5 with StatusDetails", async () => {
    h = harness({ invalidConfiguration: true });
    h.aws.addInstance("orders-prod");
    await expect(create(h.deps, createOpts())).rejects.toMatchObject({
      exitCode: 5,
      message: expect.stringContaining("green was promoted manually"),
    });
  });

  it("a deadline reached → exit 4, blue still serves", async () => {
    h = harness({ provisionMs: 10 * HOUR });
    h.aws.addInstance("orders-prod");
    await expect(create(h.deps, createOpts({ timeoutMs: HOUR }))).rejects.toMatchObject({
      exitCode: 4,
      hint: expect.stringMatching(/blue still serves \(deployment PROVISIONING\)/),
    });
  });

  it("Ctrl-C in the middle of a wait → exit 130, nothing else done", async () => {
    h = harness({ provisionMs: 10 * HOUR });
    h.aws.addInstance("orders-prod");
    const sleep = h.clock.sleep.bind(h.clock);
    let n = 0;
    h.clock.sleep = async (ms, signal) => {
      if (++n === 5) h.controller.abort();
      return sleep(ms, signal);
    };
    await expect(create(h.deps, createOpts())).rejects.toMatchObject({
      exitCode: 130,
      message: expect.stringMatching(/blue still serves \(deployment PROVISIONING\)/),
      hint: expect.stringMatching(/re-run the same `bgdb create …`.*`bgdb status orders-to-17`/),
    });
    expect(h.aws.mutationNames()).toEqual(["createBlueGreenDeployment"]);
  });

  it("writes an audit line with the caller, request id and no secrets", async () => {
    await ready();
    const lines = readFileSync(join(h.dir, "audit.log"), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({
      action: "CreateBlueGreenDeployment",
      outcome: "ok",
      requestId: "req-create-1",
      actor: { arn: "arn:aws:iam::111122223333:user/sre" },
    });
  });
});

describe("switchover", () => {
  it("switches once the gate passes, then prints the new mapping", async () => {
    await ready();
    const r = await switchover(h.deps, swOpts());
    expect(r.phase).toBe("switched");
    expect(h.aws.mutations.find((m) => m.method === "switchoverBlueGreenDeployment")?.args).toEqual([
      "bgd-000000000001",
      300,
    ]);
    expect(summaryOf(r).join("\n")).toMatch(/orders-prod → now postgres 17.2 \(was orders-prod-green-/);
    expect(summaryOf(r).join("\n")).toContain("orders-prod-old1 → old blue");
    expect(h.confirms).toEqual(["orders-to-17"]);
  });

  it("does not switch while a green member is in storage-optimization, then switches when it is available", async () => {
    await ready({ greenStatusAt: (ms) => (ms < 45 * 60_000 ? "storage-optimization" : "available") });
    const before = h.clock.now();
    const r = await switchover(h.deps, swOpts({ waitForLagMs: 2 * HOUR }));
    expect(r.phase).toBe("switched");
    const call = h.aws.mutations.find((m) => m.method === "switchoverBlueGreenDeployment");
    expect(call).toBeDefined();
    // The call came only after storage optimization ended (45 min after AVAILABLE).
    expect(h.clock.now() - before).toBeGreaterThanOrEqual(45 * 60_000);
  });

  it("exit 4 and no switchover call when green stays in storage-optimization", async () => {
    await ready({ greenStatusAt: () => "storage-optimization" });
    await expect(switchover(h.deps, swOpts())).rejects.toMatchObject({
      exitCode: 4,
      message: expect.stringMatching(/storage-optimization.*blue still serves/s),
    });
    expect(h.aws.mutationNames()).not.toContain("switchoverBlueGreenDeployment");
  });

  it("exit 4 when lag never settles, nothing switched", async () => {
    await ready({ lagAt: () => 50 * 1024 * 1024 });
    await expect(switchover(h.deps, swOpts())).rejects.toMatchObject({
      exitCode: 4,
      code: "GATE_NOT_MET",
      message: expect.stringContaining("MiB"),
    });
    expect(h.aws.mutationNames()).not.toContain("switchoverBlueGreenDeployment");
  });

  it("reads OldestReplicationSlotLag on blue for a PostgreSQL major upgrade", async () => {
    await ready();
    await switchover(h.deps, swOpts());
    expect(h.aws.metrics.queries[0]).toMatchObject({
      metricName: "OldestReplicationSlotLag",
      dimension: { name: "DBInstanceIdentifier", value: "orders-prod" },
      stat: "Maximum",
    });
  });

  it.each(["SWITCHOVER_FAILED", "AVAILABLE"] as const)(
    "a rolled-back switchover ending %s → exit 5, blue still serves",
    async (settles) => {
      await ready({ switchoverFails: true, failedSettlesTo: settles });
      const err = await switchover(h.deps, swOpts()).catch((e) => e);
      expect(err).toMatchObject({ exitCode: 5, code: "SWITCHOVER_FAILED" });
      expect(err.message).toMatch(/blue still serves/);
      expect(err.message).toMatch(/Switchover canceled/);
    },
  );

  /** Between two switchover requests, what did bgdb look at? */
  const between = (calls: string[]) => {
    const at = calls.flatMap((c, i) => (c === "switchoverBlueGreenDeployment" ? [i] : []));
    return at.slice(1).map((i, k) => calls.slice((at[k] as number) + 1, i));
  };

  it("a refusal while AVAILABLE: describe first, then the whole gate again, then one more request", async () => {
    await ready({ refuseSwitchover: 2 });
    h.aws.calls.length = 0;
    const r = await switchover(h.deps, swOpts());
    expect(r.phase).toBe("switched");
    expect(h.aws.mutationNames().filter((m) => m === "switchoverBlueGreenDeployment")).toHaveLength(3);
    for (const gap of between(h.aws.calls)) {
      // Never blind: the deployment is described right after the refusal, and the gate's N readings follow.
      expect(gap[0]).toBe("describeBlueGreenDeployments");
      expect(gap.filter((c) => c === "describeBlueGreenDeployments").length).toBeGreaterThan(3);
    }
    expect(h.messages().some((m) => /gate runs again in full/.test(m))).toBe(true);
  });

  it("gives up after the bounded retries, saying who serves from the status it just read", async () => {
    await ready({ refuseSwitchover: 99 });
    const err = await switchover(h.deps, swOpts()).catch((e) => e);
    expect(err).toMatchObject({ code: "SWITCHOVER_REFUSED", exitCode: 3 });
    expect(err.message).toMatch(/refused the switchover 4 times.*blue still serves \(deployment AVAILABLE\)/);
    expect(h.aws.mutationNames().filter((m) => m === "switchoverBlueGreenDeployment")).toHaveLength(4);
  });

  it("another run started the switchover first: watch it, exit 0, and say so (never 'blue still serves')", async () => {
    await ready();
    // The other runner's request lands between this run's gate and its own request.
    const impl = h.aws.rds;
    const original = impl.switchoverBlueGreenDeployment;
    let raced = false;
    h.deps.rds = {
      ...impl,
      switchoverBlueGreenDeployment: async (id, t) => {
        if (!raced) {
          raced = true;
          await original(id, t); // the other runner: accepted
        }
        return original(id, t); // this run: refused, the deployment is SWITCHOVER_IN_PROGRESS
      },
    };
    const r = await switchover(h.deps, swOpts());
    expect(r.phase).toBe("switched");
    expect(summaryOf(r)[0]).toMatch(/switched over by another run/);
    expect(h.messages().join("\n")).toMatch(/RDS refused this run's request because another run already switched/);
    expect(JSON.stringify(h.events)).not.toMatch(/blue still serves/i);
    const requests = h.aws.calls.filter((c) => c === "switchoverBlueGreenDeployment");
    expect(requests).toHaveLength(2);
    // The refusal was followed by a describe, not by another request.
    const last = h.aws.calls.lastIndexOf("switchoverBlueGreenDeployment");
    expect(h.aws.calls[last + 1]).toBe("describeBlueGreenDeployments");
  });

  it("another run started the switchover while this one confirmed: no request of its own, watched to the end, exit 0", async () => {
    await ready();
    // The other runner's request lands after this run's gate passed, before its look right before the request.
    const { confirm } = h.deps.confirmer;
    h.deps.confirmer = {
      confirm: async (r) => {
        await h.aws.rds.switchoverBlueGreenDeployment("bgd-000000000001", 300);
        return confirm(r);
      },
    };
    const r = await switchover(h.deps, swOpts());
    expect(r.phase).toBe("switched");
    expect(summaryOf(r)[0]).toMatch(/switched over by another run/);
    expect(JSON.stringify(h.events)).not.toMatch(/blue still serves|Nothing was switched/i);
    // Only the other runner's request: this run saw it in progress and sent none, and says so (not "refused").
    expect(h.aws.calls.filter((c) => c === "switchoverBlueGreenDeployment")).toHaveLength(1);
    expect(h.messages().join("\n")).toMatch(/Another run started the switchover .* with no request of its own/);
    expect(h.messages().join("\n")).not.toMatch(/RDS refused/);
  });

  it("another run's switchover is not credited with this run's gate (result data and the change record's evidence)", async () => {
    await ready();
    anotherRunSwitchesWhileConfirming(true);
    const r = await switchover(h.deps, swOpts());
    expect(summaryOf(r)[0]).toMatch(/switched over by another run/);
    expect(r.data?.gate).toBeUndefined();
    const state = await h.journal.findStateByName({ region: "us-east-1" }, "orders-to-17");
    expect(state?.evidence?.switchover?.by).toBe("another-run");
    expect(state?.evidence?.gate).toBeUndefined();
  });

  it("a declined confirmation → exit 130 and no switchover call", async () => {
    await ready({ confirm: false });
    await expect(switchover(h.deps, swOpts())).rejects.toMatchObject({ exitCode: 130 });
    expect(h.aws.mutationNames()).not.toContain("switchoverBlueGreenDeployment");
  });

  it("a declined confirmation words who serves from a fresh read: another run switched while the prompt waited", async () => {
    await ready();
    anotherRunSwitchesWhileConfirming(false);
    const err = await switchover(h.deps, swOpts()).catch((e) => e);
    expect(err).toMatchObject({ exitCode: 130 });
    expect(err.message).toMatch(/Green serves production now \(deployment SWITCHOVER_COMPLETED\)/);
  });

  it("is idempotent: already switched → nothing to do", async () => {
    await ready();
    await switchover(h.deps, swOpts());
    const r = await switchover(h.deps, swOpts());
    expect(summaryOf(r)[0]).toMatch(/already SWITCHOVER_COMPLETED/);
    expect(h.aws.mutationNames().filter((m) => m === "switchoverBlueGreenDeployment")).toHaveLength(1);
  });
});

describe("cleanup and abort", () => {
  it("cleanup refuses before switchover and points to abort", async () => {
    await ready();
    await expect(cleanup(h.deps, cleanupOpts())).rejects.toMatchObject({
      exitCode: 3,
      hint: expect.stringContaining("bgdb abort"),
    });
  });

  it("keeps the old blue during retention, then deletes it after a final snapshot it waited for", async () => {
    await ready();
    await switchover(h.deps, swOpts());
    const o = cleanupOpts({ deleteOldBlue: true, retainMs: 24 * HOUR, timeoutMs: 2 * HOUR });
    await expect(cleanup(h.deps, o)).rejects.toMatchObject({ exitCode: 3, code: "RETENTION" });
    expect(h.aws.mutations.filter((m) => m.method.startsWith("delete"))).toHaveLength(0);
    h.clock.advance(25 * HOUR);
    const r = await cleanup(h.deps, o);
    const names = h.aws.mutationNames();
    expect(names.slice(-3)).toEqual(["deleteBlueGreenDeployment", "createDbSnapshot", "deleteDbInstance"]);
    expect(h.aws.mutations.find((m) => m.method === "deleteBlueGreenDeployment")?.args).toEqual([
      "bgd-000000000001",
      false,
    ]);
    expect(h.aws.mutations.find((m) => m.method === "deleteDbInstance")?.args).toEqual(["orders-prod-old1"]);
    expect(h.aws.instances.has("orders-prod-old1")).toBe(false);
    expect(h.aws.instances.get("orders-prod")?.engineVersion).toBe("17.2");
    expect(summaryOf(r).join("\n")).toMatch(/Final snapshot bgdb-final-orders-prod-old1-\w+ available/);
  });

  it("abort deletes green with DeleteTarget before switchover; blue untouched", async () => {
    await ready();
    const r = await abort(h.deps, { deployment: "orders-to-17", yes: true, timeoutMs: HOUR });
    expect(r.phase).toBe("aborted");
    expect(h.aws.mutations.find((m) => m.method === "deleteBlueGreenDeployment")?.args).toEqual([
      "bgd-000000000001",
      true,
    ]);
    expect([...h.aws.instances.keys()]).toEqual(["orders-prod"]);
  });

  it("abort refuses after switchover and explains why", async () => {
    await ready();
    await switchover(h.deps, swOpts());
    await expect(abort(h.deps, { deployment: "orders-to-17", yes: true, timeoutMs: HOUR })).rejects.toMatchObject({
      exitCode: 3,
      message: expect.stringContaining("would delete production"),
    });
  });
});

describe("upgrade, test, lag, deploy", () => {
  it("upgrade checks the target and waits until green is available again", async () => {
    h = harness();
    h.aws.addInstance("orders-prod");
    await create(
      h.deps,
      createOpts({ targetEngineVersion: undefined, targetParameterGroup: "orders-pg16-tuned", name: "orders-minor" }),
    );
    const r = await upgrade(h.deps, {
      deployment: "orders-minor",
      engineVersion: "16.4",
      allowMajorVersionUpgrade: false,
      timeoutMs: 2 * HOUR,
    });
    expect(h.aws.mutations.find((m) => m.method === "modifyDbInstance")?.args[0]).toMatchObject({
      engineVersion: "16.4",
      applyImmediately: true,
    });
    expect(summaryOf(r)[0]).toMatch(/16\.4.*available after/);
    expect(r.durations.upgrade).toBeGreaterThanOrEqual(20 * 60_000);
  });

  it("upgrade refuses a major version without --allow-major-version-upgrade", async () => {
    h = harness();
    h.aws.addInstance("orders-prod");
    await create(
      h.deps,
      createOpts({ targetEngineVersion: undefined, targetParameterGroup: "orders-pg16-tuned", name: "orders-minor" }),
    );
    await expect(
      upgrade(h.deps, {
        deployment: "orders-minor",
        engineVersion: "17.2",
        allowMajorVersionUpgrade: false,
        timeoutMs: HOUR,
      }),
    ).rejects.toMatchObject({ exitCode: 3 });
    expect(h.aws.mutationNames()).not.toContain("modifyDbInstance");
  });

  it("test passes the green endpoint in the environment; a failure is exit 6", async () => {
    await ready();
    await testGreen(h.deps, { deployment: "orders-to-17", command: "npm", args: ["test"] });
    expect(h.runs[0]?.env).toMatchObject({ BGDB_ENGINE: "postgres", PGPORT: "5432", BGDB_GREEN_PORT: "5432" });
    expect(h.runs[0]?.env.PGHOST).toMatch(/orders-prod-green-/);
    h.cleanup();
    h = harness({ runResult: { exitCode: 3 } });
    h.aws.addInstance("orders-prod");
    await create(h.deps, createOpts());
    await expect(testGreen(h.deps, { deployment: "orders-to-17", command: "false", args: [] })).rejects.toMatchObject({
      exitCode: 6,
    });
  });

  it("lag reports the metric and a trend", async () => {
    await ready({ lagAt: (t) => (t % 120_000 === 0 ? 2048 : 0) });
    const r = await lag(h.deps, { deployment: "orders-to-17", watch: false, periodSeconds: 60, windowMs: 15 * 60_000 });
    expect(summaryOf(r)[0]).toMatch(/OldestReplicationSlotLag on blue orders-prod/);
    // A 15-minute window at 60 s periods, the newest datapoint one period behind.
    expect(r.data?.samples).toHaveLength(15);
  });

  it("deploy runs the chain and a re-run after the switch skips every done step", async () => {
    h = harness();
    h.aws.addInstance("orders-prod");
    const o = {
      create: createOpts(),
      test: { command: "npm", args: ["test"] },
      switchover: swOpts(),
      cleanup: cleanupOpts({ retainMs: 24 * HOUR }),
      until: "switched" as const,
    };
    const r = await deploy(h.deps, o);
    expect(r.phase).toBe("switched");
    expect(h.runs).toHaveLength(1);
    const again = await deploy(h.deps, o);
    expect(again.phase).toBe("switched");
    expect(h.aws.mutationNames()).toEqual(["createBlueGreenDeployment", "switchoverBlueGreenDeployment"]);
  });
});

describe("review fixes: stale gates, lost responses, resumes", () => {
  it("re-checks the gate after a slow confirmation: green went to storage-optimization meanwhile → exit 4, no switchover", async () => {
    await ready();
    h.deps.confirmer = {
      confirm: async () => {
        h.clock.advance(40 * 60_000); // a person took 40 minutes to answer
        h.aws.o.greenStatusAt = () => "storage-optimization";
        return { confirmed: true, how: "typed" };
      },
    };
    await expect(switchover(h.deps, swOpts())).rejects.toMatchObject({ exitCode: 4, code: "GATE_CHANGED" });
    expect(h.aws.mutationNames()).not.toContain("switchoverBlueGreenDeployment");
  });

  it.each([
    ["SWITCHOVER_FAILED", "SWITCHOVER_FAILED"],
    ["INVALID_CONFIGURATION", "INVALID_CONFIGURATION"],
    ["DELETING", "DEPLOYMENT_DELETING"],
  ])(
    "the look after confirmation finds %s: that error (exit 5), not 'gate no longer passes: fail'",
    async (status, code) => {
      await ready();
      h.deps.confirmer = {
        confirm: async () => {
          const rec = h.aws.deployments.get("bgd-000000000001");
          if (rec) rec.d.status = status;
          return { confirmed: true, how: "typed" };
        },
      };
      const err = await switchover(h.deps, swOpts()).catch((e) => e);
      expect(err).toMatchObject({ code, exitCode: 5 });
      expect(err.message).not.toMatch(/no longer passes/);
      expect(h.aws.mutationNames()).not.toContain("switchoverBlueGreenDeployment");
    },
  );

  it("a lost switchover response is checked against AWS: RDS started it, so bgdb watches it to completion", async () => {
    await ready();
    aroundSwitchover(async (real, id, t) => {
      await real(id, t);
      throw new AwsFailureError("NETWORK", "socket hang up");
    });
    const r = await switchover(h.deps, swOpts());
    expect(r.phase).toBe("switched");
  });

  /** This run's switchover call, answering with `error` after `accepted` decides whether RDS got it. */
  const answerLost = (error: Error, accepted = true) => {
    aroundSwitchover(async (real, id, t) => {
      if (accepted) await real(id, t);
      else h.aws.mutations.push({ method: "switchoverBlueGreenDeployment", args: [id, t] });
      throw error;
    });
  };
  const lost5xx = () =>
    new AwsFailureError("AWS_UNAVAILABLE", "AWS failed the request (SwitchoverBlueGreenDeployment): internal error");

  it("a lost answer while RDS still shows AVAILABLE may be a switchover starting: watched, not reported as an error", async () => {
    await ready({ switchoverStartsAfterMs: 30_000 });
    answerLost(lost5xx());
    const r = await switchover(h.deps, swOpts());
    expect(r.phase).toBe("switched");
    expect(summaryOf(r)[0]).not.toMatch(/another run/);
    expect(h.aws.mutationNames().filter((m) => m === "switchoverBlueGreenDeployment")).toHaveLength(1);
    expect(h.messages().join("\n")).toMatch(/answer .*lost.*AVAILABLE.*may be starting/i);
  });

  it("a lost answer RDS never acted on: watched until its timeout plus the grace, then 'never started', blue still serves", async () => {
    await ready();
    answerLost(new AwsFailureError("NETWORK", "socket hang up"), false);
    const started = h.clock.now();
    const err = await switchover(h.deps, swOpts()).catch((e) => e);
    expect(err).toMatchObject({ code: "SWITCHOVER_FAILED", exitCode: 5 });
    expect(err.message).toMatch(/never started.*blue still serves \(deployment AVAILABLE\)/);
    expect(h.clock.now() - started).toBeGreaterThan(300_000 + 120_000);
    expect(h.aws.mutationNames().filter((m) => m === "switchoverBlueGreenDeployment")).toHaveLength(1);
  });

  it("a throttled switchover (RDS refused it before acting) stays an error, with no watch", async () => {
    await ready();
    answerLost(
      new AwsFailureError("AWS_UNAVAILABLE", "AWS throttled the request", { details: { throttled: true } }),
      false,
    );
    const started = h.clock.now();
    await expect(switchover(h.deps, swOpts())).rejects.toMatchObject({ code: "AWS_UNAVAILABLE", exitCode: 5 });
    expect(h.clock.now() - started).toBeLessThan(300_000);
  });

  it("times the switchover from the request RDS accepted, not from before a refusal and a long second gate", async () => {
    await ready({ refuseSwitchover: 1, switchoverStartsAfterMs: 30_000 });
    // After the refusal the lag stays high for 10 minutes: the second gate waits past --timeout (300 s) + the grace.
    let refusedAt: number | undefined;
    aroundSwitchover(async (real, id, t) => {
      refusedAt ??= h.clock.now();
      return real(id, t);
    });
    h.aws.o.lagAt = (t) => (refusedAt !== undefined && t < refusedAt + 10 * 60_000 ? 1e9 : 0);
    const r = await switchover(h.deps, swOpts({ timeoutSeconds: 300 }));
    expect(r.phase).toBe("switched");
    expect(h.aws.mutationNames().filter((m) => m === "switchoverBlueGreenDeployment")).toHaveLength(2);
    // The accepted request started 30 s before RDS showed it in progress, then 11 s to complete.
    expect(r.durations.switchover).toBeLessThan(2 * 60_000);
    const state = await h.journal.findStateByName({ region: "us-east-1" }, "orders-to-17");
    expect(Date.parse(state?.evidence?.switchover?.requestedAt ?? "")).toBeGreaterThanOrEqual(
      (refusedAt ?? 0) + 10 * 60_000,
    );
  });

  it("INVALID_CONFIGURATION while watching: exit 5, 'cannot tell' who serves, and no rollback recorded", async () => {
    await ready();
    aroundSwitchover(async (real, id, t) => {
      const accepted = await real(id, t);
      const rec = h.aws.deployments.get(id);
      if (rec) rec.d.status = "INVALID_CONFIGURATION";
      return accepted;
    });
    const err = await switchover(h.deps, swOpts()).catch((e) => e);
    expect(err).toMatchObject({ exitCode: 5 });
    expect(err.message).toMatch(/INVALID_CONFIGURATION.*cannot tell which side serves/);
    expect(err.message).not.toMatch(/blue still serves|rolled it back/);
    const state = await h.journal.findStateByName({ region: "us-east-1" }, "orders-to-17");
    expect(state?.evidence?.switchover?.outcome).toBe("requested");
  });

  it("a journal write failing after RDS accepted the switchover is a warning: bgdb keeps watching to the end", async () => {
    await ready();
    const journal = h.deps.journal;
    h.deps.journal = {
      ...journal,
      writeState: async (s) => {
        if (s.steps.at(-1)?.outcome === "requested") throw new PreconditionError("STATE_DIR_UNUSABLE", "ENOSPC");
        return journal.writeState(s);
      },
    };
    const r = await switchover(h.deps, swOpts());
    expect(r.phase).toBe("switched");
    expect(h.messages().join("\n")).toMatch(/Writing the journal.*ENOSPC/);
  });

  it("a failure after SWITCHOVER_COMPLETED is a warning, not a failed command", async () => {
    await ready();
    const journal = h.deps.journal;
    h.deps.journal = {
      ...journal,
      appendAudit: async () => {
        throw new Error("disk full");
      },
      writeState: async (s) => {
        if (s.phase === "switched") throw new Error("disk full");
        return journal.writeState(s);
      },
    };
    const r = await switchover(h.deps, swOpts());
    expect(r.phase).toBe("switched");
    expect(h.events.some((e) => e.kind === "message" && e.level === "warn" && e.code === "audit.append-failed")).toBe(
      true,
    );
    expect(h.messages().some((m) => /audit log/.test(m))).toBe(true);
  });

  it("cleanup resumes after a crash between deleting the deployment and deleting the old blue", async () => {
    await ready();
    await switchover(h.deps, swOpts());
    h.clock.advance(25 * HOUR);
    const o = cleanupOpts();
    await cleanup(h.deps, o); // first run: deployment object deleted, old blue kept
    expect(h.aws.deployments.size).toBe(0);
    const r = await cleanup(h.deps, { ...o, deleteOldBlue: true, retainMs: 24 * HOUR });
    expect(summaryOf(r).join("\n")).toMatch(/Deleted old blue orders-prod-old1/);
    expect(h.aws.mutationNames().filter((m) => m === "createDbSnapshot")).toHaveLength(1);
  });

  it("cleanup refuses to delete a database that is no longer the recorded old blue", async () => {
    await ready();
    await switchover(h.deps, swOpts());
    const o = cleanupOpts();
    await cleanup(h.deps, o);
    // Someone renames another database to orders-prod-old1.
    h.aws.addInstance("orders-prod-old1", { resourceId: "db-SOMETHINGELSE" });
    await expect(cleanup(h.deps, { ...o, deleteOldBlue: true })).rejects.toMatchObject({
      code: "RESOURCE_CHANGED",
      exitCode: 3,
    });
    expect(h.aws.mutationNames()).not.toContain("deleteDbInstance");
  });

  it("abort re-reads the deployment after confirmation and refuses if it switched meanwhile", async () => {
    await ready();
    anotherRunSwitchesWhileConfirming(true);
    await expect(abort(h.deps, { deployment: "orders-to-17", yes: true, timeoutMs: HOUR })).rejects.toMatchObject({
      exitCode: 3,
    });
    expect(h.aws.mutationNames()).not.toContain("deleteBlueGreenDeployment");
  });

  it("deploy with tests stops before switchover when green is not ready", async () => {
    h = harness({ invalidConfiguration: false, switchoverFails: true, failedSettlesTo: "SWITCHOVER_FAILED" });
    h.aws.addInstance("orders-prod");
    await create(h.deps, createOpts());
    await expect(switchover(h.deps, swOpts())).rejects.toMatchObject({ exitCode: 5 });
    const o = {
      create: createOpts(),
      test: { command: "npm", args: ["test"] },
      switchover: swOpts(),
      cleanup: cleanupOpts(),
      until: "switched" as const,
    };
    await expect(deploy(h.deps, o)).rejects.toMatchObject({ exitCode: 3, code: "NOT_AVAILABLE" });
    expect(h.aws.mutationNames().filter((m) => m === "switchoverBlueGreenDeployment")).toHaveLength(1);
  });

  it.each(["test", "upgrade"] as const)(
    "deploy with --%s re-run while a switchover runs: its switchover step watches it to the end",
    async (step) => {
      await ready();
      await h.aws.rds.switchoverBlueGreenDeployment("bgd-000000000001", 300);
      const r = await deploy(
        h.deps,
        deployOpts({}, step === "test" ? npmTest : { upgrade: upgradeOpts({ instanceClass: "db.r7g.xlarge" }) }),
      );
      expect(r.phase).toBe("switched");
      expect(h.messages().join("\n")).toMatch(/already in progress/i);
      // Nothing acted on green mid-switchover, and nothing was sent twice.
      expect(h.runs).toHaveLength(0);
      expect(h.aws.mutationNames()).toEqual(["createBlueGreenDeployment", "switchoverBlueGreenDeployment"]);
    },
  );

  it("deploy with tests that stops before switchover, while one runs: says so and who can follow it", async () => {
    await ready();
    await h.aws.rds.switchoverBlueGreenDeployment("bgd-000000000001", 300);
    await expect(deploy(h.deps, deployOpts({}, { ...npmTest, until: "tested" }))).rejects.toMatchObject({
      exitCode: 3,
      code: "SWITCHOVER_IN_PROGRESS",
      message: expect.stringContaining("is switching over right now"),
      hint: expect.stringContaining("bgdb status orders-to-17 --watch"),
    });
    expect(h.runs).toHaveLength(0);
  });

  it("deploy --until cleaned keeps the old blue for its retention window and says when to delete it", async () => {
    h = harness();
    h.aws.addInstance("orders-prod");
    const r = await deploy(h.deps, {
      create: createOpts(),
      switchover: swOpts(),
      cleanup: cleanupOpts({ deleteOldBlue: true, retainMs: 24 * HOUR }),
      until: "cleaned",
    });
    expect(r.phase).toBe("cleaned");
    expect(r.nextSteps.join("\n")).toMatch(/--delete-old-blue/);
    expect(h.aws.instances.has("orders-prod-old1")).toBe(true);
  });
});

describe("status --watch and finished deployments", () => {
  it("status --watch follows PROVISIONING until AVAILABLE, through a throttle", async () => {
    h = harness({ provisionMs: 2 * HOUR });
    h.aws.addInstance("orders-prod");
    await create(h.deps, createOpts({ wait: false }));
    const describe = h.aws.rds.describeBlueGreenDeployments;
    let calls = 0;
    h.deps.rds = {
      ...h.aws.rds,
      describeBlueGreenDeployments: async (f) => {
        if (++calls === 3) throw new AwsFailureError("AWS_UNAVAILABLE", "Rate exceeded");
        return describe(f);
      },
    };
    const r = await status(h.deps, { deployment: "orders-to-17", watch: true });
    expect(r.phase).toBe("green-ready");
    expect(h.events.filter((e) => e.kind === "progress").length).toBeGreaterThan(3);
  });

  /** A CI runner with no local memory: the same job again, with a journal of its own. */
  const freshRunner = () => {
    const dir = mkdtempSync(join(tmpdir(), "bgdb-fresh-runner-"));
    fresh.push(dir);
    h.deps.journal = createFileJournal(dir);
  };
  const fresh: string[] = [];
  afterEach(() => {
    for (const d of fresh.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it.each<[string, Partial<CreateOptions>]>([
    ["an engine upgrade", {}],
    [
      "an instance-class change only",
      {
        targetEngineVersion: undefined,
        targetParameterGroup: undefined,
        targetInstanceClass: "db.r7g.2xlarge",
        name: "orders-class",
      },
    ],
  ])(
    "%s run again after switchover and cleanup, on a fresh runner: already at target, nothing created",
    async (_what, p) => {
      h = harness();
      h.aws.addInstance("orders-prod");
      await create(h.deps, createOpts(p));
      await switchover(h.deps, swOpts({ deployment: p.name ?? "orders-to-17" }));
      await cleanup(h.deps, cleanupOpts({ deployment: p.name ?? "orders-to-17" }));
      freshRunner();
      const again = await create(h.deps, createOpts(p));
      expect(again.phase).toBe("at-target");
      expect(summaryOf(again)[0]).toMatch(/^Already at target: nothing to do\. orders-prod runs /);
      // The old blue is reported (with the way to delete it), never deleted by this path.
      expect(again.nextSteps.join()).toContain("orders-prod-old1");
      expect(h.aws.mutationNames().filter((m) => m === "createBlueGreenDeployment")).toHaveLength(1);
      expect(h.aws.mutationNames().filter((m) => m === "switchoverBlueGreenDeployment")).toHaveLength(1);
      expect(h.aws.mutationNames()).not.toContain("deleteDbInstance");
    },
  );

  it("create with explicit targets the source already runs does nothing, unless --allow-no-change", async () => {
    h = harness();
    h.aws.addInstance("orders-prod", {
      engineVersion: "17.2",
      parameterGroups: [{ name: "orders-pg17", applyStatus: "in-sync" }],
    });
    expect((await create(h.deps, createOpts())).phase).toBe("at-target");
    expect(h.aws.mutationNames()).toEqual([]);
    const r = await create(h.deps, createOpts({ allowNoChange: true }));
    expect(r.phase).toBe("green-ready");
    expect(h.aws.mutationNames()).toEqual(["createBlueGreenDeployment"]);
  });

  it("a target group pending-reboot on the source is not at target: create says so and goes on", async () => {
    h = harness();
    h.aws.addInstance("orders-prod", {
      engineVersion: "17.2",
      parameterGroups: [{ name: "orders-pg17", applyStatus: "pending-reboot" }],
    });
    const r = await create(h.deps, createOpts());
    expect(r.phase).toBe("green-ready");
    expect(h.aws.mutationNames()).toEqual(["createBlueGreenDeployment"]);
    expect(h.messages()).toContain(
      "Not yet at target: orders-pg17 is pending-reboot on orders-prod (as AWS reports it now), so a deployment is created as for any other difference.",
    );
  });

  it("create with no target at all is valid: an identical green, to change later with upgrade", async () => {
    h = harness();
    h.aws.addInstance("orders-prod");
    const r = await create(
      h.deps,
      createOpts({ name: "orders-copy", targetEngineVersion: undefined, targetParameterGroup: undefined }),
    );
    expect(r.phase).toBe("green-ready");
    expect(h.aws.mutationNames()).toEqual(["createBlueGreenDeployment"]);
  });

  it("after a finished job, a new target is a real change: AWS decides, not the journal's record of the name", async () => {
    await ready();
    await switchover(h.deps, swOpts());
    await cleanup(h.deps, cleanupOpts());
    // The source now runs 17.2: a new target (17.4) is a real change, whatever the journal remembers of the name.
    const r = await create(h.deps, createOpts({ targetEngineVersion: "17.4" }));
    expect(r.phase).toBe("green-ready");
    expect(h.aws.mutationNames().filter((m) => m === "createBlueGreenDeployment")).toHaveLength(2);
  });
});

describe("switchover --probe", () => {
  it("refuses (exit 3) before anything starts when the probe's table is missing on green", async () => {
    await ready();
    const probe = fakeProbe({}, ["orders-prod-green:5432"]);
    await expect(switchover({ ...h.deps, probe }, swOpts())).rejects.toMatchObject({
      exitCode: 3,
      code: "PROBE_TABLE_MISSING",
    });
    expect(probe.started).toBe(0);
    expect(h.aws.mutationNames()).not.toContain("switchoverBlueGreenDeployment");
  });

  it("reports the gap; a missing acknowledged write fails the command (exit 5) and says to keep the old blue", async () => {
    await ready();
    const ok = await switchover({ ...h.deps, probe: fakeProbe({}) }, swOpts());
    expect(summaryOf(ok).join("\n")).toMatch(
      /longest pause between acknowledged writes 0\.31 s; every one of the 40 acknowledged writes is present; 1 write was refused/,
    );
    h.cleanup();
    await ready();
    await expect(switchover({ ...h.deps, probe: fakeProbe({ missing: 2 }) }, swOpts())).rejects.toMatchObject({
      exitCode: 5,
      code: "WRITES_LOST",
      hint: expect.stringContaining("Keep the old blue orders-prod-old1"),
    });
  });
});

it("--max-lag of the wrong kind for the engine's metric is bad usage (exit 2), before any switchover", async () => {
  await ready();
  await expect(
    switchover(h.deps, swOpts({ maxLag: { seconds: 2, bytes: 1024 * 1024, given: "seconds" } })),
  ).rejects.toMatchObject({
    exitCode: 2,
    message: expect.stringContaining("OldestReplicationSlotLag is in bytes"),
  });
  expect(h.aws.mutationNames()).not.toContain("switchoverBlueGreenDeployment");
});

describe("deploy --max-lag of the wrong kind for the target's lag metric", () => {
  const seconds = { seconds: 2, bytes: 1024 * 1024, given: "seconds" as const };
  it("a PostgreSQL major upgrade is gated in bytes: a duration is exit 2 with zero mutating requests, no hook", async () => {
    h = harness();
    h.aws.addInstance("orders-prod");
    const hooks = { "on-failure": ["./page.sh"], "before-create": ["./before.sh"] };
    await expect(
      deploy(h.deps, deployOpts({ hooks }, { switchover: swOpts({ maxLag: seconds }) })),
    ).rejects.toMatchObject({
      exitCode: 2,
      message: expect.stringContaining("orders-to-17's lag metric OldestReplicationSlotLag is in bytes"),
    });
    expect(h.aws.mutatingCalls()).toEqual([]);
    expect(h.runs).toHaveLength(0);
  });

  it("re-run with an upgrade on an existing green: refused before the upgrade's ModifyDBInstance", async () => {
    await ready();
    const before = h.aws.calls.length;
    await expect(
      deploy(
        h.deps,
        deployOpts(
          {},
          { upgrade: upgradeOpts({ instanceClass: "db.r7g.xlarge" }), switchover: swOpts({ maxLag: seconds }) },
        ),
      ),
    ).rejects.toMatchObject({ exitCode: 2 });
    expect(h.aws.mutatingCalls(before)).toEqual([]);
  });

  it("the same threshold fits a minor upgrade (physical replication, gated in seconds)", async () => {
    h = harness();
    h.aws.addInstance("orders-prod");
    const minor = deployOpts(
      { name: "orders-minor", targetEngineVersion: "16.4", targetParameterGroup: undefined },
      { switchover: swOpts({ deployment: "orders-minor", maxLag: seconds }) },
    );
    expect((await deploy(h.deps, minor)).phase).toBe("switched");
  });

  it("switched already: no gate is left for a threshold, so a re-run with any --max-lag reports it done", async () => {
    h = harness();
    h.aws.addInstance("orders-prod");
    await deploy(h.deps, deployOpts());
    expect((await deploy(h.deps, deployOpts({}, { switchover: swOpts({ maxLag: seconds }) }))).phase).toBe("switched");
    expect(h.aws.mutationNames()).toEqual(["createBlueGreenDeployment", "switchoverBlueGreenDeployment"]);
  });

  it("a switchover under way is watched whatever the threshold's kind (no gate is left to apply it)", async () => {
    await ready();
    await h.aws.rds.switchoverBlueGreenDeployment("bgd-000000000001", 300);
    expect((await deploy(h.deps, deployOpts({}, { switchover: swOpts({ maxLag: seconds }) }))).phase).toBe("switched");
  });

  it("--until created never reaches the gate: no check", async () => {
    h = harness();
    h.aws.addInstance("orders-prod");
    const r = await deploy(h.deps, deployOpts({}, { until: "created", switchover: swOpts({ maxLag: seconds }) }));
    expect(r.phase).toBe("green-ready");
  });
});

describe("switchover --cname", () => {
  const record = (target: string) => ({
    name: "db.prod.example.com",
    type: "CNAME",
    values: [target],
    hostedZoneId: "Z1",
  });

  it.each([
    ["green's endpoint", (green: string) => `${green}.c9abc.us-east-1.rds.amazonaws.com`],
    ["an old blue's endpoint", () => "orders-prod-old1.c9abc.us-east-1.rds.amazonaws.com"],
    ["something bgdb does not recognise", () => "other-db.c9abc.us-east-1.rds.amazonaws.com"],
  ])("a CNAME pointing at %s refuses (exit 3) before anything is switched", async (_what, target) => {
    await ready();
    const green = [...h.aws.instances.keys()].find((id) => id.includes("-green-")) ?? "";
    h.aws.dnsRecords.set("db.prod.example.com", record(target(green)));
    const err = await switchover(h.deps, swOpts({ cname: "db.prod.example.com" })).catch((e) => e);
    expect(err).toMatchObject({ code: "CNAME_MISMATCH", exitCode: 3 });
    expect(err.message).toMatch(/blue still serves/);
    expect(h.aws.mutationNames()).not.toContain("switchoverBlueGreenDeployment");
  });

  it("--allow-cname-mismatch switches over anyway, with a warning", async () => {
    await ready();
    h.aws.dnsRecords.set("db.prod.example.com", record("elsewhere.example.com"));
    const r = await switchover(h.deps, swOpts({ cname: "db.prod.example.com", allowCnameMismatch: true }));
    expect(r.phase).toBe("switched");
    expect(h.events.some((e) => e.kind === "message" && e.code === "cname.checked" && e.level === "warn")).toBe(true);
  });

  it("a CNAME at the production endpoint passes, and afterwards points at the endpoint now serving green", async () => {
    await ready();
    h.aws.dnsRecords.set("db.prod.example.com", record("orders-prod.c9abc.us-east-1.rds.amazonaws.com"));
    const r = await switchover(h.deps, swOpts({ cname: "db.prod.example.com" }));
    expect(r.phase).toBe("switched");
    const checks = h.events.filter((e) => e.kind === "message" && e.code === "cname.checked");
    expect(checks.map((e) => e.kind === "message" && e.level)).toEqual(["ok", "ok"]);
    expect(h.messages().join("\n")).toMatch(
      /after switchover: Route 53 db\.prod\.example\.com → orders-prod\.c9abc.*now serving green/,
    );
  });
});

describe("the journal keeps the evidence a change record needs", () => {
  const stateOf = async () => {
    const [file] = readdirSync(join(h.dir, "111122223333", "us-east-1", "deployments"));
    return JSON.parse(readFileSync(join(h.dir, "111122223333", "us-east-1", "deployments", file ?? ""), "utf8"));
  };

  it("preflight, gate, lag samples and the completed switchover with its mapping", async () => {
    await ready();
    await switchover(h.deps, swOpts());
    const { evidence } = await stateOf();
    expect(evidence.preflight).toMatchObject({ source: "orders-prod", engine: "postgres", engineVersion: "16.3" });
    expect(evidence.preflight.checks.length).toBeGreaterThan(2);
    expect(evidence.gate.checks.map((c: { name: string }) => c.name)).toEqual([
      "deployment",
      "members",
      "green",
      "lag",
    ]);
    expect(evidence.lag).toMatchObject({ metric: "OldestReplicationSlotLag", unit: "Bytes", on: "blue orders-prod" });
    expect(evidence.lag.samples.length).toBeGreaterThan(2);
    expect(evidence.switchover).toMatchObject({ outcome: "completed", timeoutSeconds: 300, by: "this-run" });
    expect(evidence.switchover.mapping.map((m: { role: string }) => m.role)).toEqual(["production", "old-blue"]);
  });

  it("a rolled-back switchover is recorded as rolled back", async () => {
    await ready({ switchoverFails: true });
    await expect(switchover(h.deps, swOpts())).rejects.toMatchObject({ code: "SWITCHOVER_FAILED" });
    expect((await stateOf()).evidence.switchover).toMatchObject({ outcome: "rolled-back" });
  });
});

describe("switchover --postpone-file", () => {
  it("does not start while the file exists, and starts within one poll of its removal", async () => {
    await ready();
    h.files.add("/run/bgdb/postpone");
    const removeAt = h.clock.now() + 7 * 60_000;
    const sleep = h.clock.sleep.bind(h.clock);
    h.clock.sleep = async (ms, signal) => {
      await sleep(ms, signal);
      if (h.clock.now() >= removeAt) h.files.delete("/run/bgdb/postpone");
    };
    const r = await switchover(h.deps, swOpts({ postponeFile: "/run/bgdb/postpone", waitForLagMs: 30 * 60_000 }));
    expect(r.phase).toBe("switched");
    const requested = h.aws.mutations.find((m) => m.method === "switchoverBlueGreenDeployment");
    expect(requested).toBeDefined();
    // Waiting was shown, naming the file.
    expect(
      h.events.some(
        (e) =>
          e.kind === "progress" &&
          e.detail &&
          "failing" in e.detail &&
          e.detail.failing.some((c) => c.name === "postpone"),
      ),
    ).toBe(true);
    const evidence = h.aws.switchoverRequestedAt ?? 0;
    expect(evidence).toBeGreaterThanOrEqual(removeAt);
    // One poll (fast pace, jitter included) after the removal, plus the gate's N-sample streak already met.
    expect(evidence - removeAt).toBeLessThanOrEqual(1.2 * 5_000);
  });

  it.each([
    ["a file that stays", () => h.files.add("/run/bgdb/postpone"), "postponed: /run/bgdb/postpone exists"],
    // An error that says nothing about the file (EACCES on a directory above it, EIO) keeps the hold.
    [
      "a file bgdb cannot look at (EACCES)",
      () => {
        h.deps.paths = { state: async () => ({ unreadable: "EACCES" }) };
      },
      "postpone file unreadable: EACCES (/run/bgdb/postpone;",
    ],
  ])("counts against --wait-for-lag: %s is a gate timeout, nothing switched", async (_what, hold, reads) => {
    await ready();
    hold();
    const err = await switchover(
      h.deps,
      swOpts({ postponeFile: "/run/bgdb/postpone", waitForLagMs: 10 * 60_000 }),
    ).catch((e) => e);
    expect(err).toMatchObject({ code: "GATE_NOT_MET", exitCode: 4 });
    expect(err.message).toContain(reads);
    expect(h.aws.mutationNames()).not.toContain("switchoverBlueGreenDeployment");
  });
});

describe("hooks", () => {
  /** A runner that answers each hook by its command: exit 1 for `false`, 0 otherwise; records what it ran. */
  const hookRunner = () => {
    const ran: { command: string; env: Record<string, string> }[] = [];
    h.deps.runner = {
      run: async (r) => {
        ran.push({ command: r.args.join(" "), env: r.env });
        return { exitCode: r.args[1] === "false" ? 1 : 0, timedOut: false, durationMs: 20 };
      },
    };
    return ran;
  };

  it("a before-switchover hook that fails stops the switchover: exit 3, no request, blue still serves", async () => {
    await ready();
    hookRunner();
    const err = await switchover(h.deps, swOpts({ hooks: { "before-switchover": ["false"] } })).catch((e) => e);
    expect(err).toMatchObject({ code: "HOOK_FAILED", exitCode: 3 });
    expect(err.message).toMatch(/before-switchover hook `false` failed \(exit 1\).*blue still serves/);
    expect(h.aws.mutationNames()).not.toContain("switchoverBlueGreenDeployment");
    expect(h.confirms).toEqual([]);
  });

  it("after-switchover hooks see the new endpoints; on-success gets exit code 0; results are audited", async () => {
    await ready();
    const ran = hookRunner();
    await switchover(
      h.deps,
      swOpts({
        hooks: {
          "before-switchover": ["./check-before.sh"],
          "after-switchover": ["./smoke.sh"],
          "on-success": ["./notify.sh ok"],
        },
      }),
    );
    expect(ran.map((r) => r.command)).toEqual(["-c ./check-before.sh", "-c ./smoke.sh", "-c ./notify.sh ok"]);
    const before = ran[0]?.env ?? {};
    expect(before).toMatchObject({
      BGDB_HOOK: "before-switchover",
      BGDB_DEPLOYMENT_NAME: "orders-to-17",
      BGDB_STATUS: "AVAILABLE",
    });
    expect(before.BGDB_GREEN_ENDPOINT).toMatch(/^orders-prod-green-/);
    const after = ran[1]?.env ?? {};
    expect(after).toMatchObject({
      BGDB_HOOK: "after-switchover",
      BGDB_STATUS: "SWITCHOVER_COMPLETED",
      BGDB_PHASE: "switched",
    });
    // Green took production's name and endpoint; the old blue is -old1.
    expect(after.BGDB_GREEN_ENDPOINT).toMatch(/^orders-prod\.c9abc\.us-east-1\.rds\.amazonaws\.com:5432$/);
    expect(after.BGDB_BLUE_ENDPOINT).toMatch(/^orders-prod-old1\./);
    expect(after.BGDB_GREEN_VERSION).toBe("17.2");
    expect(ran[2]?.env.BGDB_EXIT_CODE).toBe("0");
    const audit = readFileSync(join(h.dir, "audit.log"), "utf8");
    expect(audit).toContain('"action":"Hook after-switchover"');
  });

  it("a hook runs its real command, but its output, journal and audit log show the credentials redacted", async () => {
    await ready();
    const ran = hookRunner();
    const webhook = "curl -d @m.json https://hooks.slack.com/services/T0/B0/S3CRETPATH";
    const bearer = "curl -H 'Authorization: Bearer S3CRETTOKEN' -u ci:S3CRETPASS https://h/x";
    await switchover(h.deps, swOpts({ hooks: { "after-switchover": [webhook], "on-success": [bearer] } }));
    expect(ran.map((r) => r.command)).toEqual([`-c ${webhook}`, `-c ${bearer}`]);
    const files = readdirSync(h.dir, { recursive: true, withFileTypes: true }).filter((f) => f.isFile());
    const written = [JSON.stringify(h.events), ...files.map((f) => readFileSync(join(f.parentPath, f.name), "utf8"))];
    expect(files.map((f) => f.name)).toContain("audit.log");
    expect(written.join("\n")).not.toMatch(/S3CRET/);
    expect(written[0]).toContain("https://hooks.slack.com/services/[redacted]");
    expect(written[0]).toContain("'Authorization: Bearer [redacted]' -u ci:[redacted]");
  });

  it("on-failure runs with the exit code of a rolled-back switchover", async () => {
    await ready({ switchoverFails: true });
    const ran = hookRunner();
    await expect(switchover(h.deps, swOpts({ hooks: { "on-failure": ["./page-someone.sh"] } }))).rejects.toMatchObject({
      exitCode: 5,
    });
    expect(ran).toHaveLength(1);
    // The status bgdb read last, not the gate's AVAILABLE.
    expect(ran[0]?.env).toMatchObject({
      BGDB_HOOK: "on-failure",
      BGDB_EXIT_CODE: "5",
      BGDB_STATUS: "SWITCHOVER_FAILED",
    });
  });

  it("on-failure after acknowledged writes went missing is told SWITCHOVER_COMPLETED, not the gate's AVAILABLE", async () => {
    await ready();
    const ran = hookRunner();
    const o = swOpts({ hooks: { "on-failure": ["./page-someone.sh"] } });
    await expect(switchover({ ...h.deps, probe: fakeProbe({ missing: 2 }) }, o)).rejects.toMatchObject({
      code: "WRITES_LOST",
    });
    expect(ran[0]?.env).toMatchObject({ BGDB_STATUS: "SWITCHOVER_COMPLETED", BGDB_PHASE: "switched" });
  });

  it("a failing before-switchover hook words who serves from a fresh read, not the gate's", async () => {
    await ready();
    // Another runner's switchover starts while the hook runs.
    h.deps.runner = {
      run: async () => {
        await h.aws.rds.switchoverBlueGreenDeployment("bgd-000000000001", 300);
        return { exitCode: 1, timedOut: false, durationMs: 20 };
      },
    };
    const err = await switchover(h.deps, swOpts({ hooks: { "before-switchover": ["false"] } })).catch((e) => e);
    expect(err).toMatchObject({ code: "HOOK_FAILED" });
    expect(err.message).toMatch(/A switchover is in progress/);
    expect(err.message).not.toMatch(/blue still serves/);
  });

  it("Ctrl-C during the after-switchover hooks: exit 130 saying the switchover completed and green serves", async () => {
    await ready();
    const ran: string[] = [];
    h.deps.runner = {
      run: async (r) => {
        ran.push(r.args.join(" "));
        h.controller.abort(); // Ctrl-C while the first after-switchover hook runs
        return { exitCode: 130, timedOut: false, durationMs: 20 };
      },
    };
    const o = swOpts({ hooks: { "after-switchover": ["./smoke.sh", "./notify.sh"] } });
    const err = await switchover(h.deps, o).catch((e) => e);
    expect(err).toMatchObject({ exitCode: 130 });
    expect(err.message).toMatch(
      /switchover completed.*Green serves production now \(deployment SWITCHOVER_COMPLETED\)/,
    );
    expect(err.hint).toMatch(/\.\/notify\.sh/);
    expect(ran).toEqual(["-c ./smoke.sh"]);
  });

  it("a before-create hook that fails: no CreateBlueGreenDeployment", async () => {
    h = harness();
    h.aws.addInstance("orders-prod");
    hookRunner();
    await expect(create(h.deps, createOpts({ hooks: { "before-create": ["false"] } }))).rejects.toMatchObject({
      code: "HOOK_FAILED",
    });
    expect(h.aws.mutationNames()).toEqual([]);
  });
});

describe("attaching to an existing deployment: green must be what this run asks for", () => {
  it("deploy to 17.4 under the name of a 17.2 green: exit 3 naming the difference, nothing switched", async () => {
    h = harness();
    h.aws.addInstance("orders-prod");
    await deploy(h.deps, deployOpts({}, { until: "created" }));
    const before = h.aws.calls.length;
    const refused = deploy(h.deps, deployOpts({ targetEngineVersion: "17.4" }));
    await expect(refused).rejects.toMatchObject({
      exitCode: 3,
      code: "ALREADY_EXISTS",
      message: expect.stringContaining("engine version 17.2 (asked: 17.4). Blue still serves; nothing was changed."),
      hint: expect.stringContaining("another --name"),
    });
    expect(h.aws.mutatingCalls(before)).toEqual([]);
  });

  it("deploy whose own upgrade step makes green match attaches and upgrades it", async () => {
    h = harness();
    h.aws.addInstance("orders-prod");
    await deploy(h.deps, deployOpts({}, { until: "created" }));
    const r = await deploy(
      h.deps,
      deployOpts({}, { until: "upgraded", upgrade: upgradeOpts({ engineVersion: "17.4" }) }),
    );
    expect(r.phase).toBe("green-ready");
    expect(h.aws.mutationNames()).toEqual(["createBlueGreenDeployment", "modifyDbInstance"]);
    // Run again once green runs 17.4: the whole request (create's 17.2 overridden by upgrade's 17.4) is met.
    h.clock.advance(HOUR);
    await deploy(h.deps, deployOpts({}, { until: "upgraded", upgrade: upgradeOpts({ engineVersion: "17.4" }) }));
    expect(h.aws.mutationNames()).toEqual(["createBlueGreenDeployment", "modifyDbInstance"]);
  });

  it("deploy whose upgrade step changes something else still refuses the differing target", async () => {
    h = harness();
    h.aws.addInstance("orders-prod");
    await deploy(h.deps, deployOpts({}, { until: "created" }));
    const before = h.aws.calls.length;
    await expect(
      deploy(
        h.deps,
        deployOpts({ targetEngineVersion: "17.4" }, { upgrade: upgradeOpts({ instanceClass: "db.r7g.xlarge" }) }),
      ),
    ).rejects.toMatchObject({ exitCode: 3, code: "ALREADY_EXISTS" });
    expect(h.aws.mutatingCalls(before)).toEqual([]);
  });

  it("create attaching while green is provisioning compares once it is AVAILABLE", async () => {
    h = harness({ provisionMs: HOUR });
    h.aws.addInstance("orders-prod");
    await create(h.deps, createOpts({ wait: false }));
    await expect(create(h.deps, createOpts({ targetInstanceClass: "db.r7g.xlarge" }))).rejects.toMatchObject({
      exitCode: 3,
      code: "ALREADY_EXISTS",
      message: expect.stringContaining("instance class db.r6g.xlarge (asked: db.r7g.xlarge)"),
    });
    expect(h.aws.mutationNames()).toEqual(["createBlueGreenDeployment"]);
  });

  it("create run again with the same request attaches as before", async () => {
    await ready();
    expect((await create(h.deps, createOpts())).phase).toBe("green-ready");
    expect(h.aws.mutationNames()).toEqual(["createBlueGreenDeployment"]);
  });
});
