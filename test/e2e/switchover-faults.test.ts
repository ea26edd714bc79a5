/**
 * Faults that meet the switchover: green stuck in storage-optimization, lag that never settles (gate → exit 4, nothing
 * switched), and a switchover RDS rolls back (exit 5, whether it settles on SWITCHOVER_FAILED or AVAILABLE). Blue
 * must still serve after every one of them.
 */
import { describe, expect, it } from "vitest";
import { auditLines, expectAuditIntact, switchoverEnd } from "./audit-log.js";
import {
  CREATE_ARGS,
  DEPLOYMENT,
  type E2eSandbox,
  expectExit,
  jsonOf,
  TEST_TIMEOUT_MS,
  withSandbox,
} from "./helpers.js";

async function create(sb: E2eSandbox): Promise<void> {
  expectExit(await sb.bgdb(...CREATE_ARGS, "--json"), 0);
}

describe.concurrent("e2e: switchover faults", () => {
  it(
    "storage-optimization outlasting --wait-for-lag: exit 4, nothing switched",
    () =>
      withSandbox("storage-long", 4, async (sb) => {
        // Green enters storage-optimization when provisioning ends, so the fault must be there before create.
        await sb.fault("storage-optimization", "--seconds", "120");
        await create(sb);
        const r = await sb.bgdb("switchover", DEPLOYMENT, "--yes", "--wait-for-lag", "3s", "--json");
        expectExit(r, 4);
        expect(jsonOf(r).error.message).toMatch(/storage-optimization/);
        expect(r.stderr).toMatch(/blue still serves/i);
        await sb.expectBlueServes("AVAILABLE");
      }),
    TEST_TIMEOUT_MS,
  );

  it(
    "storage-optimization shorter than --wait-for-lag: the gate waits it out and switches",
    () =>
      withSandbox("storage-short", 4, async (sb) => {
        await sb.fault("storage-optimization", "--seconds", "3");
        await create(sb);
        const r = await sb.bgdb("switchover", DEPLOYMENT, "--yes", "--wait-for-lag", "1m", "--json");
        expectExit(r, 0);
        expect(jsonOf(r).deployment.status).toBe("SWITCHOVER_COMPLETED");
      }),
    TEST_TIMEOUT_MS,
  );

  it(
    "lag-never-settles: the lag gate times out with exit 4, nothing switched",
    () =>
      withSandbox("lag", 4, async (sb) => {
        await create(sb);
        await sb.fault("lag-never-settles");
        const r = await sb.bgdb("switchover", DEPLOYMENT, "--yes", "--wait-for-lag", "3s", "--json");
        expectExit(r, 4);
        expect(jsonOf(r).error.message).toMatch(/lag/i);
        expect(r.stderr).toMatch(/blue still serves/i);
        await sb.expectBlueServes("AVAILABLE");
      }),
    TEST_TIMEOUT_MS,
  );

  it.each(["SWITCHOVER_FAILED", "AVAILABLE"])(
    "switchover-failure settling to %s: exit 5, blue still serves, the audit log records it failed",
    (settlesTo) =>
      withSandbox("swfail", 4, async (sb) => {
        await create(sb);
        await sb.fault("switchover-failure", "--settles-to", settlesTo);
        const r = await sb.bgdb("switchover", DEPLOYMENT, "--yes", "--json");
        expectExit(r, 5);
        expect(r.stderr).toMatch(/blue still serves/i);
        expect(jsonOf(r).error.exitCode).toBe(5);
        // RDS may take a moment to settle back; AWS, not bgdb, decides the final status.
        await sb.waitForStatus(settlesTo);
        await sb.expectBlueServes(settlesTo);
        // The request line says RDS accepted it; the line after it says how AWS reported it ended.
        expect(switchoverEnd(sb, "failed")).toMatchObject({ errorCode: "SWITCHOVER_FAILED" });
        expect(auditLines(sb).find((l) => l.action === "ConfirmSwitchover")).toMatchObject({
          outcome: "confirmed",
          confirmation: { how: "yes", name: DEPLOYMENT },
          commandLine: expect.arrayContaining(["switchover", DEPLOYMENT, "--yes"]),
          actor: { ci: expect.objectContaining({ provider: expect.any(String) }) },
        });
        await expectAuditIntact(sb);
      }),
    TEST_TIMEOUT_MS,
  );
});
