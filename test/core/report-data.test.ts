/**
 * Gathering a change record against the in-memory AWS fake and a real journal: after cleanup (the deployment object
 * gone), by name and by id, with a reused name, with AWS unreadable, and with no record at all.
 */
import { afterEach, describe, expect, it } from "vitest";
import { createFileJournal } from "../../src/adapters/journal/index.js";
import { AwsFailureError, cleanup, create, switchover, test as testGreen } from "../../src/core/index.js";
import { gatherReport } from "../../src/core/report-data.js";
import type { WriteProbe, WriteProbeReport } from "../../src/ports/index.js";
import { harness } from "../support/harness.js";
import { cleanupOpts, createOpts, swOpts } from "../support/options.js";

const PROBE: WriteProbeReport = {
  acknowledged: 3,
  failed: 1,
  longestGapMs: 2500,
  longestGapStartedAt: "2026-11-26T12:30:10.200Z",
  missing: 0,
  verified: true,
  timeline: { startedAt: "2026-11-26T12:30:10.000Z", acknowledgedMs: [100, 200, 2700], failedMs: [1200] },
};
const probe: WriteProbe = {
  table: "bgdb_probe",
  intervalMs: 100,
  missingTable: async () => [],
  start: async () => undefined,
  stop: async () => PROBE,
};

let h: ReturnType<typeof harness>;
afterEach(() => h?.cleanup());

/** create → test → switchover with the probe → cleanup with the old blue deleted: the deployment object is gone. */
async function fullRun(): Promise<void> {
  h = harness({ lagAt: (t) => (t / 60_000) % 3 });
  h.aws.addInstance("orders-prod");
  await create(h.deps, createOpts());
  await testGreen(h.deps, { deployment: "orders-to-17", command: "npm", args: ["test"] });
  await switchover({ ...h.deps, probe }, swOpts());
  await cleanup(h.deps, cleanupOpts({ deleteOldBlue: true }));
}

describe("gatherReport", () => {
  it("after cleanup: the journal's evidence, the audit entries, and what AWS still has", async () => {
    await fullRun();
    const calls = h.aws.mutations.length;
    const r = await gatherReport(h.deps, { deployment: "orders-to-17" });
    expect(h.aws.mutations.length, "a report changes nothing in AWS").toBe(calls);
    expect(r.record).toMatchObject({ name: "orders-to-17", id: "bgd-000000000001", phase: "cleaned" });
    const e = r.record.evidence;
    expect(e?.preflight).toMatchObject({ source: "orders-prod", engineVersion: "16.3" });
    expect(e?.test).toMatchObject({ command: "npm test", passed: true });
    expect(e?.switchover).toMatchObject({ outcome: "completed", by: "this-run" });
    expect(e?.probe?.timeline?.acknowledgedMs).toEqual([100, 200, 2700]);
    expect(e?.cleanup).toMatchObject({ deletedOldBlue: "orders-prod-old1", deletedDeployment: true });
    // The gate's lag reading comes back with Dates, as the live gate had it.
    const lag = e?.gate?.checks.find((c) => c.name === "lag");
    expect(lag?.name === "lag" && lag.lag.state !== "no-data" && lag.lag.latest.at).toBeInstanceOf(Date);
    expect(e?.lag?.samples.length).toBeGreaterThan(2);

    expect(r.aws.deployment).toEqual({ read: true, value: undefined });
    expect(r.aws.events).toEqual({
      read: true,
      value: [{ at: e?.switchover?.completedAt, message: "Switchover completed on blue/green deployment" }],
    });
    expect(r.aws.finalSnapshot).toEqual({ read: true, value: { state: "present", status: "available" } });
    expect(r.aws.oldBlue, "deleted by cleanup: not asked about").toBeUndefined();

    // Every call, each confirmation (the harness types the name), and the switchover's final outcome line.
    expect(r.audit.entries.map((a) => `${a.action} ${a.outcome}`)).toEqual([
      "CreateBlueGreenDeployment ok",
      "ConfirmSwitchover confirmed",
      "SwitchoverBlueGreenDeployment ok",
      "SwitchoverBlueGreenDeployment completed",
      "DeleteBlueGreenDeployment ok",
      "ConfirmDeleteOldBlue confirmed",
      "CreateDBSnapshot ok",
      "DeleteDBInstance ok",
    ]);
    expect(r.audit.approvals.map((a) => [a.action, a.confirmation?.how])).toEqual([
      ["ConfirmSwitchover", "typed"],
      ["ConfirmDeleteOldBlue", "typed"],
    ]);
    // The journal chains every line it writes: the whole log verifies.
    expect(r.audit.chain).toMatchObject({ state: "verified", lines: 8, unchained: 0 });
    expect(r.generatedAt).toBe(new Date(h.clock.now()).toISOString());
  });

  it("before cleanup: the live deployment, its members and the old blue that is kept", async () => {
    h = harness();
    h.aws.addInstance("orders-prod");
    await create(h.deps, createOpts());
    await switchover(h.deps, {
      deployment: "orders-to-17",
      timeoutSeconds: 300,
      maxLag: { seconds: 1, bytes: 1024 * 1024 },
      stableSamples: 3,
      waitForLagMs: 15 * 60_000,
      yes: true,
    });
    const r = await gatherReport(h.deps, { deployment: "bgd-000000000001" });
    const now = r.aws.deployment.read ? r.aws.deployment.value : undefined;
    expect(now?.view).toMatchObject({ status: "SWITCHOVER_COMPLETED" });
    expect(now?.members.map((m) => m.id)).toEqual(["orders-prod-old1", "orders-prod"]);
    expect(r.aws.oldBlue).toEqual({ read: true, value: { state: "present", status: "available" } });
    expect(r.aws.finalSnapshot).toBeUndefined();
  });

  it("a reused name: the name finds the deployment that has it now; the old one's id finds its own record", async () => {
    await fullRun();
    // orders-prod now runs 17.2: a second deployment under the same name.
    await create(h.deps, createOpts({ targetEngineVersion: "17.4", targetParameterGroup: undefined }));
    const second = await gatherReport(h.deps, { deployment: "orders-to-17" });
    expect(second.record.id).toBe("bgd-000000000002");
    expect(second.audit.entries.map((a) => a.action)).toEqual(["CreateBlueGreenDeployment"]);
    const first = await gatherReport(h.deps, { deployment: "bgd-000000000001" });
    expect(first.record.id).toBe("bgd-000000000001");
    expect(first.audit.entries).toHaveLength(8);
    expect(first.audit.entries.every((a) => a.params.targetEngineVersion !== "17.4")).toBe(true);
  });

  it("AWS unreadable: the record comes from the journal, each AWS part says why it is missing", async () => {
    await fullRun();
    const fail = async (): Promise<never> => {
      throw new AwsFailureError("NETWORK", "connect ETIMEDOUT rds.us-east-1.amazonaws.com");
    };
    h.deps.rds = { ...h.deps.rds, describeBlueGreenDeployments: fail, describeEvents: fail, describeDbSnapshots: fail };
    const r = await gatherReport(h.deps, { deployment: "orders-to-17" });
    expect(r.record.id).toBe("bgd-000000000001");
    for (const part of [r.aws.deployment, r.aws.events, r.aws.finalSnapshot]) {
      expect(part).toEqual({ read: false, message: "connect ETIMEDOUT rds.us-east-1.amazonaws.com" });
    }
  });

  it("no deployment and no record: NOT_FOUND (exit 3); in AWS but not in this journal: RECORD_NOT_FOUND (exit 3)", async () => {
    h = harness();
    await expect(gatherReport(h.deps, { deployment: "nothing-here" })).rejects.toMatchObject({
      code: "NOT_FOUND",
      exitCode: 3,
    });
    await expect(gatherReport(h.deps, { deployment: "bgd-0123456789ab" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    h.aws.addInstance("orders-prod");
    await create(h.deps, createOpts());
    const elsewhere = { ...h.deps, journal: createFileJournal(`${h.dir}/another-state-dir`) };
    await expect(gatherReport(elsewhere, { deployment: "orders-to-17" })).rejects.toMatchObject({
      code: "RECORD_NOT_FOUND",
      exitCode: 3,
      hint: expect.stringContaining("--state-dir"),
    });
  });

  it("removes secrets from everything it gathered, AWS's words included", async () => {
    await fullRun();
    h.aws.events.push({
      date: new Date(h.clock.now()),
      message: "Parameter changed: password=hunter2 via postgres://admin:s3cret@db/x",
      sourceId: "bgd-000000000001",
      sourceType: "blue-green-deployment",
      eventCategories: [],
    });
    const r = await gatherReport(h.deps, { deployment: "orders-to-17" });
    const text = JSON.stringify(r);
    expect(text).not.toContain("hunter2");
    expect(text).not.toContain("s3cret");
    expect(text).toContain("password=[redacted]");
  });
});
