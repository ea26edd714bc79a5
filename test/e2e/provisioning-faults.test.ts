/**
 * Faults during provisioning: INVALID_CONFIGURATION (create exit 5), and provisioning slower than `create --timeout`
 * (exit 4), after which the same create attaches to the deployment it started and finishes.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CREATE_ARGS, DEPLOYMENT, E2eSandbox, expectExit, jsonOf } from "./helpers.js";

describe.sequential("e2e: provisioning faults", () => {
  let sb: E2eSandbox;
  beforeEach(async () => {
    sb = new E2eSandbox("provfault");
    await sb.startSeeded(4);
  });
  afterEach(() => sb.dispose());

  it("invalid-configuration: create exits 5 and blue still serves", async () => {
    await sb.fault("invalid-configuration");
    const r = await sb.bgdb(...CREATE_ARGS, "--json");
    expectExit(r, 5);
    expect(jsonOf(r).error.message).toMatch(/INVALID_CONFIGURATION/);
    expect((await sb.status()).deployment.status).toBe("INVALID_CONFIGURATION");
    await sb.expectBlueServes(DEPLOYMENT);
  }, 60_000);

  it("slow-provisioning past create --timeout 5s: exit 4, then the same create attaches and finishes", async () => {
    // Factor 8 at speed 4: three 4 s tasks, 12 s in all, well past the 5 s timeout.
    await sb.fault("slow-provisioning", "--factor", "8");
    const first = await sb.bgdb(...CREATE_ARGS, "--timeout", "5s", "--json");
    // Soft: when this fails the rest still shows whether a later create attaches.
    expectExit(first, 4, true);
    expect.soft(first.stderr).toMatch(/blue still serves|still provisioning|re-run|run the same/i);
    await sb.expectBlueServes();

    const second = await sb.bgdb(...CREATE_ARGS, "--json");
    expectExit(second, 0);
    expect(jsonOf(second).phase).toBe("green-ready");
    // Attached, not created again: one deployment, and the second run did not call CreateBlueGreenDeployment.
    expect(second.stderr).not.toMatch(/Created blue\/green deployment/);
    expect(jsonOf(await sb.bgdb("list", "--json")).data.deployments).toHaveLength(1);
  }, 60_000);
});
