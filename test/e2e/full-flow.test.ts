/**
 * The whole job through the real binary: create → upgrade → test → lag → (refused switchover without --yes) →
 * switchover → status → cleanup → list, each a separate process sharing only the sandbox and the journal on disk.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLines, expectAuditIntact, switchoverEnd } from "./audit-log.js";
import { CREATE_ARGS, DEPLOYMENT, E2eSandbox, expectExit, jsonOf, PG16, PG17, TEST_TIMEOUT_MS } from "./helpers.js";

describe.sequential("e2e: full flow against the sandbox", () => {
  const sb = new E2eSandbox("flow");
  beforeAll(() => sb.startSeeded(4));
  afterAll(() => sb.dispose());

  it(
    "create waits for green-ready and says what to run next",
    async () => {
      const r = await sb.bgdb(...CREATE_ARGS, "--json");
      expectExit(r, 0);
      const out = jsonOf(r);
      expect(out).toEqual(expect.objectContaining({ ok: true, command: "create", phase: "green-ready" }));
      expect(out.deployment).toEqual(expect.objectContaining({ name: DEPLOYMENT, status: "AVAILABLE" }));
      expect(out.deployment.id).toMatch(/^bgd-/);
      const green = out.members.find((m: { role: string }) => m.role === "green");
      expect(green).toEqual(expect.objectContaining({ engineVersion: PG17, status: "available" }));
      expect(green.id).toMatch(/^pg16-source-green-[a-z0-9]{6}$/);
      // Every next step repeats --sandbox (and where its state lives): copied, it goes to this sandbox, not AWS.
      expect(out.nextSteps.length).toBeGreaterThan(0);
      for (const step of out.nextSteps) expect(step).toMatch(/^bgdb --sandbox --sandbox-dir \S+ --state-dir \S+ [a-z]/);
      expect(out.nextSteps).toEqual(
        expect.arrayContaining([expect.stringMatching(new RegExp(`^bgdb --sandbox .* switchover ${DEPLOYMENT}$`))]),
      );
      // Progress went to stderr, as plain timestamped lines (CI=true), not into the JSON document.
      expect(r.stderr).toMatch(/^\d{4}-\d\d-\d\dT\S+Z +create +Created blue\/green deployment/m);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "upgrade changes green's instance class",
    async () => {
      const r = await sb.bgdb("upgrade", DEPLOYMENT, "--instance-class", "db.t4g.large", "--json");
      expectExit(r, 0);
      const green = jsonOf(r).members.find((m: { role: string }) => m.role === "green");
      expect(green).toEqual(expect.objectContaining({ instanceClass: "db.t4g.large", status: "available" }));
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "test runs the command with green's connection settings in its environment",
    async () => {
      const check = [
        "const e = process.env;",
        "const missing = ['BGDB_GREEN_ENDPOINT', 'PGHOST', 'PGPORT'].filter((k) => !e[k]);",
        "if (missing.length) { console.error('missing ' + missing.join(' ')); process.exit(7); }",
        "if (!/^\\d+$/.test(e.PGPORT)) process.exit(8);",
      ].join(" ");
      const r = await sb.bgdb("test", DEPLOYMENT, "--json", "--", process.execPath, "-e", check);
      expectExit(r, 0);
      expect(jsonOf(r).ok).toBe(true);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "test fails with exit 6 when the command fails",
    async () => {
      const r = await sb.bgdb("test", DEPLOYMENT, "--", process.execPath, "-e", "process.exit(3)");
      expectExit(r, 6);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "lag reports the replication lag",
    async () => {
      const r = await sb.bgdb("lag", DEPLOYMENT, "--json");
      expectExit(r, 0);
      expect(jsonOf(r)).toEqual(expect.objectContaining({ ok: true, command: "lag" }));
      expect(r.stderr).toMatch(/ReplicaLag|ReplicationSlotLag/);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "switchover without --yes and without a terminal refuses (exit 2) and changes nothing",
    async () => {
      const r = await sb.bgdb("switchover", DEPLOYMENT);
      expectExit(r, 2);
      expect(r.stderr).toMatch(/--yes/);
      await sb.expectBlueServes("AVAILABLE");
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "switchover --yes switches and names the old blue; in GitHub Actions its step summary has the gate and the duration",
    async () => {
      const summary = join(sb.root, "step-summary.md");
      writeFileSync(summary, "");
      const r = await sb.bgdbWithEnv(
        { GITHUB_ACTIONS: "true", GITHUB_STEP_SUMMARY: summary },
        "switchover",
        DEPLOYMENT,
        "--yes",
        "--json",
      );
      expectExit(r, 0);
      const out = jsonOf(r);
      expect(out).toEqual(expect.objectContaining({ ok: true, phase: "switched" }));
      expect(out.deployment.status).toBe("SWITCHOVER_COMPLETED");
      expect(out.summary.join("\n")).toContain("pg16-source-old1");
      const md = readFileSync(summary, "utf8");
      expect(md).toContain(
        "#### Gate\n\n|   | check | reading |\n|---|---|---|\n| ✔ | deployment | deployment AVAILABLE |",
      );
      expect(md).toMatch(/^\| ✔ \| lag \| replication lag .* \|$/m);
      const took = /^SWITCHOVER\\_COMPLETED in (\d+\.\d) s\.$/m.exec(md)?.[1];
      expect(took, md).toBe((out.durations.switchover / 1000).toFixed(1));
      expect(md).toMatch(
        /^\| pg16-source \| [\w.-]+:\d+ \| green, postgres 17\.\d+ \(was pg16-source-green-\w+\) \|$/m,
      );
      expect(md).toMatch(/^\| pg16-source-old1 \| [\w.-]+:\d+ \| old blue \(postgres 16\.\d+\), read-only, kept \|$/m);
      // It succeeded and warned of nothing: no annotation.
      expect(r.stderr).not.toMatch(/^::/m);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "status shows the new mapping: pg16-source runs the 17.x, the old blue (16.x) is -old1",
    async () => {
      const out = await sb.status();
      expect(out.phase).toBe("switched");
      const byRole = Object.fromEntries(out.members.map((m: { role: string }) => [m.role, m]));
      expect(byRole.green).toEqual(expect.objectContaining({ id: "pg16-source", engineVersion: PG17 }));
      expect(byRole.blue).toEqual(expect.objectContaining({ id: "pg16-source-old1", engineVersion: PG16 }));
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "cleanup deletes the deployment and the old blue; list no longer shows it",
    async () => {
      const r = await sb.bgdb("cleanup", DEPLOYMENT, "--delete-old-blue", "--retain", "0s", "--yes", "--json");
      expectExit(r, 0);
      expect(jsonOf(r)).toEqual(expect.objectContaining({ ok: true, phase: "cleaned" }));
      const list = await sb.bgdb("list", "--json");
      expectExit(list, 0);
      expect(jsonOf(list).data.deployments).toEqual([]);
      const sandbox = JSON.parse(await sb.control("status", "--json"));
      const ids = sandbox.instances.map((i: { id: string }) => i.id);
      expect(ids).toContain("pg16-source");
      expect(ids).not.toContain("pg16-source-old1");
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "the audit log holds every change the separate runs made, the switchover recorded completed, its chain intact",
    async () => {
      expect(switchoverEnd(sb, "completed")).toMatchObject({ status: "SWITCHOVER_COMPLETED" });
      expect(auditLines(sb).map((l) => l.action)).toEqual(
        expect.arrayContaining(["CreateBlueGreenDeployment", "ConfirmSwitchover", "ConfirmDeleteOldBlue"]),
      );
      await expectAuditIntact(sb);
    },
    TEST_TIMEOUT_MS,
  );
});
