/**
 * Faults on a share of calls (throttling, 5xx, dropped connections): bgdb's retries absorb them and the command
 * still succeeds; a 5xx that never stops ends in exit 5 (AWS reported a failure) with blue untouched.
 */
import { describe, expect, it } from "vitest";
import { CREATE_ARGS, DEPLOYMENT, expectExit, jsonOf, TEST_TIMEOUT_MS, withSandbox } from "./helpers.js";

describe.concurrent("e2e: request faults", () => {
  /** Every fourth call fails (rates are deterministic in the sandbox); create and status still finish. */
  it.each([
    ["throttle", "0.25"],
    ["server-error", "0.25"],
    ["drop-connection", "0.25"],
  ])(
    "%s on a share of calls: create and status succeed through retries",
    (kind) =>
      withSandbox(kind, 4, async (sb) => {
        await sb.fault(kind, "--rate", "0.5", "--count", "4");
        const created = await sb.bgdb(...CREATE_ARGS, "--json");
        expectExit(created, 0);
        expect(jsonOf(created).phase).toBe("green-ready");
        const status = await sb.bgdb("status", DEPLOYMENT, "--json");
        expectExit(status, 0);
        expect(jsonOf(status).deployment.status).toBe("AVAILABLE");
        // All four failures happened (a spent fault removes itself), and a retried create created nothing twice.
        expect(JSON.parse(await sb.control("status", "--json")).faults).toEqual([]);
        expect(jsonOf(await sb.bgdb("list", "--json")).data.deployments).toHaveLength(1);
        await sb.expectBlueServes("AVAILABLE");
      }),
    TEST_TIMEOUT_MS,
  );

  it(
    "server-error on every call: exit 5 with the request id, and blue still serves",
    () =>
      withSandbox("5xx", 4, async (sb) => {
        expectExit(await sb.bgdb(...CREATE_ARGS, "--json"), 0);
        await sb.fault("server-error");
        const r = await sb.bgdb("status", DEPLOYMENT, "--json");
        expectExit(r, 5);
        const err = jsonOf(r).error;
        expect(err).toEqual(expect.objectContaining({ exitCode: 5 }));
        expect(err.requestId).toBeTruthy();
        expect(r.stderr).toMatch(/run the same command again/i);
        await sb.control("fault", "clear");
        await sb.expectBlueServes("AVAILABLE");
      }),
    TEST_TIMEOUT_MS,
  );
});
