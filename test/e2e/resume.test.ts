/**
 * A runner that dies mid-wait (SIGKILL: no handler runs, the journal lock stays behind) and a second run of the same
 * command that picks up where AWS is: nothing created twice, the switchover finished or reported as done.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CREATE_ARGS,
  DEPLOYMENT,
  E2eSandbox,
  expectExit,
  jsonOf,
  killHard,
  TEST_TIMEOUT_MS,
  waitForStderr,
} from "./helpers.js";

describe.sequential("e2e: a killed run is finished by the next one", () => {
  const sb = new E2eSandbox("resume");
  // Real-time speed: the switchover then takes 3 s, long enough to kill the watcher in the middle of it.
  beforeAll(() => sb.startSeeded(1));
  afterAll(() => sb.dispose());

  it(
    "create killed while provisioning: the same create attaches and finishes, one deployment",
    async () => {
      await sb.fault("slow-provisioning", "--factor", "2");
      const first = sb.spawn(["--sandbox", ...CREATE_ARGS, "--json"]);
      await waitForStderr(first, "PROVISIONING");
      await killHard(first);
      expect(jsonOf(await sb.bgdb("list", "--json")).data.deployments).toEqual([
        expect.objectContaining({ name: DEPLOYMENT, status: "PROVISIONING" }),
      ]);

      const second = await sb.bgdb(...CREATE_ARGS, "--json");
      expectExit(second, 0);
      expect(jsonOf(second)).toEqual(expect.objectContaining({ ok: true, phase: "green-ready" }));
      expect(second.stderr).not.toMatch(/Created blue\/green deployment/);
      expect(jsonOf(await sb.bgdb("list", "--json")).data.deployments).toHaveLength(1);
      await sb.control("fault", "clear");
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "switchover killed while RDS switches: the same switchover completes or reports it done",
    async () => {
      const first = sb.spawn(["--sandbox", "switchover", DEPLOYMENT, "--yes", "--json"]);
      await waitForStderr(first, "SWITCHOVER_IN_PROGRESS");
      await killHard(first);

      const second = await sb.bgdb("switchover", DEPLOYMENT, "--yes", "--json");
      expectExit(second, 0);
      const out = jsonOf(second);
      expect(out.phase).toBe("switched");
      expect(out.deployment.status).toBe("SWITCHOVER_COMPLETED");
      // Exactly one switchover happened: the old blue is -old1, and there is no -old2.
      const sandbox = JSON.parse(await sb.control("status", "--json"));
      const ids = sandbox.instances.map((i: { id: string }) => i.id);
      expect(ids).toEqual(expect.arrayContaining(["pg16-source", "pg16-source-old1"]));
      expect(ids).not.toContain("pg16-source-old2");
    },
    TEST_TIMEOUT_MS,
  );
});
