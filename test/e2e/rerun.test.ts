/**
 * Re-run safety through the real binary, counted in the sandbox's request log (what reached the AWS API, not what
 * bgdb says it did): a deploy run again on a fresh runner after cleanup changes nothing, and two runners switching
 * over the same deployment at once switch it once, neither retrying blind nor claiming blue still serves.
 */
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { RequestRecord } from "@bgdb/sandbox";
import { describe, expect, it } from "vitest";
import {
  CREATE_ARGS,
  collect,
  DEPLOYMENT,
  type E2eSandbox,
  expectExit,
  jsonOf,
  PG17,
  SOURCE,
  TEST_TIMEOUT_MS,
  waitForStderr,
  withSandbox,
} from "./helpers.js";

const count = (log: RequestRecord[], action: string) => log.filter((r) => r.action === action).length;

/**
 * deploy --until switched, cleanup, then the same deploy from a runner with no journal: the second deploy finds the
 * source already at every target in AWS and makes no mutating call.
 */
async function deployTwice(sb: E2eSandbox, deployment: string, targets: string[]): Promise<void> {
  const deploy = ["--sandbox", "deploy", "--source", SOURCE, ...targets, "--until", "switched", "--yes", "--json"];
  const first = await sb.run(deploy);
  expectExit(first, 0);
  expect(jsonOf(first)).toMatchObject({ ok: true, phase: "switched" });
  const cleaned = await sb.bgdb("cleanup", deployment, "--yes", "--json");
  expectExit(cleaned, 0);
  expect(jsonOf(cleaned)).toMatchObject({ ok: true, phase: "cleaned" });

  const before = await sb.requests();
  const again = await sb.run(deploy, {}, join(sb.root, "fresh-runner"));
  expectExit(again, 0);
  const out = jsonOf(again);
  expect(out).toMatchObject({ ok: true, command: "deploy", phase: "at-target", deployment: null });
  expect(out.data.atTarget).toBe(true);
  expect(out.summary[0]).toMatch(/^Already at target: nothing to do\./);
  expect(again.stderr).toMatch(/Already at target: nothing to do/);
  // The old blue the first run left is named, never deleted by this path.
  expect(out.data.oldBlue).toBe(`${SOURCE}-old1`);

  const log = await sb.requests();
  expect(count(log, "CreateBlueGreenDeployment")).toBe(1);
  expect(count(log, "SwitchoverBlueGreenDeployment")).toBe(1);
  // The second run only read: every request it made is a Describe/Get/List.
  const second = log.filter((r) => r.seq > Math.max(0, ...before.map((b) => b.seq)));
  expect(second.length).toBeGreaterThan(0);
  expect(second.filter((r) => !/^(Describe|Get|List)/.test(r.action)).map((r) => r.action)).toEqual([]);
}

describe.concurrent("e2e: re-run safety, counted in the sandbox's request log", () => {
  it(
    "engine version + parameter group: deploy, cleanup, deploy again on a fresh runner → 'already at target', one create and one switchover in total",
    () =>
      withSandbox("rerun-version", 4, (sb) =>
        deployTwice(sb, DEPLOYMENT, ["--target-engine-version", PG17, "--target-parameter-group", "pg17-logical"]),
      ),
    3 * TEST_TIMEOUT_MS,
  );

  it(
    "instance class only: the same, one create and one switchover in total",
    () =>
      withSandbox("rerun-class", 4, (sb) =>
        deployTwice(sb, `${SOURCE}-bgdb`, ["--target-instance-class", "db.t4g.large"]),
      ),
    3 * TEST_TIMEOUT_MS,
  );

  it(
    "two runners switch over one deployment at once: one request accepted, the refused runner describes before anything else, both exit 0, neither says blue still serves",
    () =>
      withSandbox("race", 4, async (sb) => {
        expectExit(await sb.bgdb(...CREATE_ARGS, "--json"), 0);
        // Both runners wait at the gate on this file; removing it lets both go within one poll of each other.
        const hold = join(sb.root, "hold");
        writeFileSync(hold, "");
        // Each switchover call is held 2 s before the sandbox acts on it, as a slow API call is: the second runner
        // still finds the deployment AVAILABLE and asks too, and RDS's answer to it is the refusal.
        await sb.fault("latency", "--seconds", "2", "--action", "SwitchoverBlueGreenDeployment");
        const runners = ["runner-a", "runner-b"].map((name) =>
          sb.spawn(
            ["--sandbox", "switchover", DEPLOYMENT, "--yes", "--postpone-file", hold, "--json"],
            // The SDK's app id names each runner's requests in the log.
            { AWS_SDK_UA_APP_ID: name },
            join(sb.root, `state-${name}`),
          ),
        );
        const done = runners.map(collect);
        await Promise.all(runners.map((c) => waitForStderr(c, /gate AVAILABLE \(postponed:/, 60_000)));
        rmSync(hold);
        const results = await Promise.all(done);

        for (const r of results) {
          expectExit(r, 0);
          expect(jsonOf(r)).toMatchObject({ ok: true, phase: "switched" });
          expect(r.stdout + r.stderr).not.toMatch(/blue still serves/i);
        }
        const byAnother = results.filter((r) => jsonOf(r).summary.join("\n").includes("by another run"));
        expect(byAnother).toHaveLength(1);

        const log = (await sb.requests()).filter((r) => r.service === "rds");
        const switchovers = log.filter((r) => r.action === "SwitchoverBlueGreenDeployment");
        expect(switchovers.filter((r) => r.status === 200)).toHaveLength(1);
        // Both asked (the hold saw to it), and RDS refused the second as it does.
        expect(switchovers.map((r) => r.client).sort()).toEqual(["runner-a", "runner-b"]);
        expect(switchovers.filter((r) => r.status !== 200).map((r) => r.error)).toEqual([
          "InvalidBlueGreenDeploymentStateFault",
        ]);
        for (const client of ["runner-a", "runner-b"]) {
          const own = log.filter((r) => r.client === client);
          own.forEach((r, i) => {
            if (r.action !== "SwitchoverBlueGreenDeployment") return;
            // Never blind: a refused request is followed by a describe, and any further request has one before it.
            if (r.status !== 200)
              expect(own[i + 1]?.action, `${client} after its refusal`).toBe("DescribeBlueGreenDeployments");
            const previous = own.slice(0, i).findLastIndex((p) => p.action === "SwitchoverBlueGreenDeployment");
            if (previous >= 0) {
              expect(own.slice(previous + 1, i).map((p) => p.action)).toContain("DescribeBlueGreenDeployments");
            }
          });
        }
        const status = await sb.status();
        expect(status.deployment.status).toBe("SWITCHOVER_COMPLETED");
      }),
    3 * TEST_TIMEOUT_MS,
  );
});
