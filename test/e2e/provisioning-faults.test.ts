/**
 * Faults during provisioning: INVALID_CONFIGURATION (create exit 5), and provisioning slower than `create --timeout`
 * (exit 4), after which the same create attaches to the deployment it started and finishes.
 */
import { describe, expect, it } from "vitest";
import { CREATE_ARGS, expectExit, jsonOf, TEST_TIMEOUT_MS, withSandbox } from "./helpers.js";

describe.concurrent("e2e: provisioning faults", () => {
  it(
    "invalid-configuration: create exits 5 and blue still serves",
    () =>
      withSandbox("invalid", 4, async (sb) => {
        await sb.fault("invalid-configuration");
        const r = await sb.bgdb(...CREATE_ARGS, "--json");
        expectExit(r, 5);
        expect(jsonOf(r).error.message).toMatch(/INVALID_CONFIGURATION/);
        await sb.expectBlueServes("INVALID_CONFIGURATION");
      }),
    TEST_TIMEOUT_MS,
  );

  it(
    "slow-provisioning past create --timeout 5s: exit 4, then the same create attaches and finishes",
    () =>
      withSandbox("slow", 4, async (sb) => {
        // Factor 8 at speed 4: three 4 s tasks, 12 s in all, well past the 5 s timeout.
        await sb.fault("slow-provisioning", "--factor", "8");
        const first = await sb.bgdb(...CREATE_ARGS, "--timeout", "5s", "--json");
        await sb.expectBlueServes();
        const second = await sb.bgdb(...CREATE_ARGS, "--json");
        const list = jsonOf(await sb.bgdb("list", "--json"));

        // The first run gave up waiting, not creating: a gate/wait deadline is exit 4 and blue still serves.
        expectExit(first, 4);
        expect(jsonOf(first).error.code).toBe("WAIT_TIMEOUT");
        expectExit(second, 0);
        expect(jsonOf(second).phase).toBe("green-ready");
        // Attached, not created again: one deployment, and the second run did not call CreateBlueGreenDeployment.
        expect(second.stderr).not.toMatch(/Created blue\/green deployment/);
        expect(list.data.deployments).toHaveLength(1);
      }),
    TEST_TIMEOUT_MS,
  );
});
