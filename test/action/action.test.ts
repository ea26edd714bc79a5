/**
 * The Action run as the Actions runner runs it (runner.ts), against a private sandbox, one step after another as a
 * workflow's steps: sandbox start and seed, create, test (a command after `--`), a cancelled lag --watch,
 * switchover, status, a failing
 * switchover, an unknown command, cleanup, and a run without json. Then bad inputs, which the action refuses before
 * bgdb runs. Each step's outputs are read back from its GITHUB_OUTPUT file.
 */
import { randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { E2eSandbox, PG17, SOURCE, TEST_TIMEOUT_MS, waitForStderr } from "../e2e/helpers.js";
import { actionYml, explain, ROOT, removeSteps, runAction, type StepResult, startAction } from "./runner.js";

/** A value for the command line: the tests' temp paths are plain, but args is split like a shell, so quote anyway. */
const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

// biome-ignore lint/suspicious/noExplicitAny: assertions read arbitrary fields of bgdb's result document.
function resultOf(r: StepResult): any {
  const path = r.outputs.result ?? "";
  expect(path.startsWith(`${r.runnerTemp}/`), `result ${path} is under RUNNER_TEMP\n${explain(r)}`).toBe(true);
  return JSON.parse(readFileSync(path, "utf8"));
}

function expectStep(r: StepResult, code: number): void {
  expect(r.code, explain(r)).toBe(code);
  expect(r.outputs["exit-code"], explain(r)).toBe(String(code));
  expect(r.outputs.ok, explain(r)).toBe(String(code === 0));
  // Every declared output is set on every run, so a later step never reads a missing one.
  expect(Object.keys(r.outputs).sort()).toEqual(Object.keys(actionYml().outputs).sort());
  expect(JSON.parse(r.outputs["next-steps"] ?? "")).toEqual(expect.any(Array));
}

describe.sequential("the Action against the sandbox, step by step", () => {
  const sb = new E2eSandbox("action");
  const workspace = join(sb.root, "workspace");
  const routing = `--sandbox --sandbox-dir ${q(sb.sandboxDir)} --state-dir ${q(sb.stateDir)}`;
  // How bgdb prints the same flags in the commands it suggests (it quotes only what needs quoting).
  const printed = `bgdb --sandbox --sandbox-dir ${sb.sandboxDir} --state-dir ${sb.stateDir}`;
  const name = "pg16-via-action";
  /** A stand-in for the credentials configure-aws-credentials exports: it must reach bgdb and never be printed. */
  const secret = `action-test-secret-${randomUUID()}`;
  const credentials = { AWS_ACCESS_KEY_ID: "AKIAACTIONTEST", AWS_SECRET_ACCESS_KEY: secret };
  const step = (inputs: Record<string, string>, env: Record<string, string> = {}) =>
    runAction(inputs, { workspace, env: { ...credentials, ...env } });
  const steps: StepResult[] = [];
  let id = "";
  let greenAddress = "";

  beforeAll(() => mkdirSync(workspace));
  afterAll(async () => {
    await sb.dispose();
    removeSteps();
  });

  it(
    "starts and seeds the sandbox: the sandbox's own JSON is the result, ok comes from the exit code",
    async () => {
      const start = await step({ command: "sandbox", args: `start --speed 20 --sandbox-dir ${q(sb.sandboxDir)}` });
      expectStep(start, 0);
      expect(resultOf(start)).toEqual(expect.objectContaining({ url: expect.stringMatching(/^http:\/\/127\./) }));
      expect(start.outputs).toEqual(expect.objectContaining({ phase: "", "deployment-id": "", "next-steps": "[]" }));
      const seed = await step({ command: "sandbox", args: `seed --sandbox-dir ${q(sb.sandboxDir)}` });
      expectStep(seed, 0);
      expect(resultOf(seed).created).toContain(SOURCE);
      steps.push(start, seed);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "create: the deployment input becomes --name; outputs carry the phase, id, name and next steps",
    async () => {
      const r = await step({
        command: "create",
        deployment: name,
        source: SOURCE,
        args: `${routing} --target-engine-version ${PG17} --target-parameter-group pg17-logical`,
      });
      expectStep(r, 0);
      expect(r.outputs.phase).toBe("green-ready");
      expect(r.outputs["deployment-id"]).toMatch(/^bgd-[a-z0-9]+$/);
      expect(r.outputs["deployment-name"]).toBe(name);
      // Next steps repeat the run's routing flags, so a copied one goes to the same sandbox.
      expect(JSON.parse(r.outputs["next-steps"] ?? "")).toContain(`${printed} switchover ${name}`);
      const doc = resultOf(r);
      expect(doc).toEqual(expect.objectContaining({ ok: true, command: "create", phase: "green-ready" }));
      expect(doc.deployment.id).toBe(r.outputs["deployment-id"]);
      id = doc.deployment.id;
      greenAddress = doc.members.find((m: { role: string }) => m.role === "green").endpoint;
      // bgdb's progress lines reach the log; the JSON document is both in the log and in the result file.
      expect(r.stderr).toMatch(/create +Created blue\/green deployment pg16-via-action/);
      expect(r.stdout).toContain('"command": "create"');
      steps.push(r);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "test: the command after -- in args runs against green, quoted words intact, with the job's environment",
    async () => {
      const reports = join(sb.root, "test reports");
      mkdirSync(reports);
      const report = join(reports, "green.json");
      const check = join(ROOT, "test/action/check-green.mjs");
      const r = await step(
        { command: "test", deployment: id, args: `${routing} -- ${q(process.execPath)} ${q(check)} 17 ${q(report)}` },
        { PGUSER: "bgdb", PGPASSWORD: "bgdb-sandbox", PGDATABASE: "app" },
      );
      expectStep(r, 0);
      expect(r.outputs).toEqual(expect.objectContaining({ phase: "green-ready", "deployment-id": id }));
      const seen = JSON.parse(readFileSync(report, "utf8"));
      expect(seen.serverVersion).toBe(PG17);
      expect(seen.host).toBe(greenAddress);
      // The runner's environment reaches bgdb and the test command; the action's own INPUT_* variables do not.
      expect(seen.env).toEqual(expect.arrayContaining(["AWS_SECRET_ACCESS_KEY", "GITHUB_STEP_SUMMARY", "PGPASSWORD"]));
      expect(seen.env.filter((k: string) => k.startsWith("INPUT_"))).toEqual([]);
      // Nor the token that lifts the action's stop-commands fence: bgdb keeps it from the commands it runs.
      expect(seen.env).not.toContain("BGDB_GITHUB_STOP_TOKEN");
      // The action prints its command line only up to `--`: the test command is bgdb's to show, redacted.
      expect(r.stdout).toMatch(/^Running bgdb --json test bgd-\S+ --sandbox .* -- …/m);
      steps.push(r);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "a cancelled run: the SIGINT reaches bgdb once, which stops at its next safe point, and the outputs are set",
    async () => {
      const { child, done } = startAction(
        { command: "lag", deployment: name, args: `${routing} --watch --for 10m` },
        { workspace, env: credentials },
      );
      await waitForStderr(child, "OldestReplicationSlotLag");
      child.kill("SIGINT");
      const r = await done;
      // `lag --watch` ends normally on Ctrl-C; without the forwarded signal it would watch for 10 minutes.
      expectStep(r, 0);
      expect(r.outputs).toEqual(expect.objectContaining({ phase: "green-ready", "deployment-id": id }));
      expect(r.stderr).toContain("Stopping at the next safe point");
      expect(r.stderr).not.toContain("Interrupted again");
      steps.push(r);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "switchover with yes: true switches, and the outputs say so",
    async () => {
      const r = await step({ command: "switchover", deployment: name, yes: "true", args: routing });
      expectStep(r, 0);
      expect(r.outputs).toEqual(expect.objectContaining({ phase: "switched", "deployment-id": id }));
      // bgdb wrote the step's summary: the gate it passed and how long the switchover took.
      expect(r.summary).toContain(`### ✔ bgdb switchover · ${name} (${id}) · done, phase switched`);
      expect(r.summary).toMatch(/^\| ✔ \| lag \| replication lag .* \|$/m);
      expect(r.summary).toMatch(/^SWITCHOVER\\_COMPLETED in \d+\.\d s\.$/m);
      expect(JSON.parse(r.outputs["next-steps"] ?? "")).toEqual([
        expect.stringContaining(`${printed} cleanup ${name}`),
      ]);
      steps.push(r);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "status by id names the switched deployment",
    async () => {
      const r = await step({ command: "status", deployment: id, args: routing });
      expectStep(r, 0);
      expect(r.outputs).toEqual(expect.objectContaining({ phase: "switched", "deployment-name": name }));
      steps.push(r);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "a failing command fails the step with bgdb's exit code, after setting the outputs and the result",
    async () => {
      const r = await step({ command: "switchover", deployment: "no-such-deployment", yes: "true", args: routing });
      expectStep(r, 3);
      expect(r.outputs).toEqual(expect.objectContaining({ phase: "", "deployment-id": "", "deployment-name": "" }));
      expect(JSON.parse(r.outputs["next-steps"] ?? "")).toEqual([`${printed} list`]);
      const doc = resultOf(r);
      expect(doc).toEqual(expect.objectContaining({ ok: false, command: "switchover" }));
      expect(doc.error).toEqual(expect.objectContaining({ code: "NOT_FOUND", exitCode: 3 }));
      // One annotation, bgdb's own: it lifts the action's fence for it with the token, and puts the fence back.
      const token = /^::stop-commands::(\S+)$/m.exec(r.stdout)?.[1];
      expect(r.stderr).toContain(`\n::${token}::\n::error title=bgdb switchover::No blue/green deployment`);
      expect(r.stderr).toMatch(new RegExp(`::error title=bgdb switchover::[^\\n]+\\n::stop-commands::${token}\\n`));
      expect(`${r.stdout}${r.stderr}`.match(/^::error/gm)).toHaveLength(1);
      expect(r.summary).toContain("### ✖ bgdb switchover · failed: NOT\\_FOUND (exit 3)");
      steps.push(r);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "an unknown command exits 2 from bgdb's own check, before any sandbox call",
    async () => {
      const state = readFileSync(join(sb.sandboxDir, "state.json"), "utf8");
      const unused = join(sb.root, "never-started");
      for (const args of [routing, `--sandbox --sandbox-dir ${q(unused)}`]) {
        const r = await step({ command: "frobnicate", deployment: name, args });
        expectStep(r, 2);
        const doc = resultOf(r);
        expect(doc.error).toEqual(expect.objectContaining({ code: "BAD_USAGE", exitCode: 2 }));
        expect(doc.error.message).toContain("unknown command 'frobnicate'");
        steps.push(r);
      }
      // No sandbox was started for the unused directory, and the running one holds exactly what it held.
      expect(existsSync(unused)).toBe(false);
      expect(readFileSync(join(sb.sandboxDir, "state.json"), "utf8")).toBe(state);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "cleanup deletes the deployment object",
    async () => {
      const r = await step({ command: "cleanup", deployment: name, yes: "true", args: routing });
      expectStep(r, 0);
      expect(r.outputs).toEqual(expect.objectContaining({ phase: "cleaned", "deployment-id": id }));
      steps.push(r);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "with json: false, bgdb prints its plain summary and only ok and exit-code are set",
    async () => {
      const r = await step({ command: "list", json: "false", args: routing });
      expectStep(r, 0);
      expect(r.outputs).toEqual(expect.objectContaining({ phase: "", result: "", "next-steps": "[]" }));
      expect(r.stdout).toContain("No blue/green deployments in this region.");
      steps.push(r);
    },
    TEST_TIMEOUT_MS,
  );

  it("never printed or wrote the credentials it passed through, and every step's bgdb output was fenced", () => {
    expect(steps.length).toBe(12);
    for (const r of steps) {
      const written = [r.stdout, r.stderr, JSON.stringify(r.outputs), r.summary];
      if (r.outputs.result) written.push(readFileSync(r.outputs.result, "utf8"));
      for (const text of written) expect(text).not.toContain(secret);
      // Between stop-commands and its token, a line bgdb prints is never read as a workflow command.
      const token = /^::stop-commands::(\S+)$/m.exec(r.stdout)?.[1];
      expect(token, r.stdout).toBeDefined();
      expect(r.stdout.indexOf(`\n::${token}::\n`)).toBeGreaterThan(r.stdout.indexOf(`::stop-commands::${token}`));
    }
  });
});

describe("bad input, refused by the action before bgdb runs", () => {
  afterAll(() => removeSteps());

  it.each([
    [{ command: "" }, "command is required"],
    [{ command: "--version" }, "command must be one bgdb command"],
    [{ command: "switchover", deployment: "orders-to-17", yes: "yes" }, "yes must be true or false"],
    [{ command: "test", deployment: "orders-to-17", args: "-- npm test > out.txt" }, '">" at character 13'],
    [{ command: "create", source: "orders-prod", args: "--tag 'team=data" }, "is never closed"],
    [{ command: "list", deployment: "orders-to-17" }, "list takes no deployment"],
    [{ command: "status", deployment: "--yes" }, "not a flag"],
    [{ command: "status", "working-directory": "no/such/dir" }, "is not a directory"],
  ])("%j → exit 2: %s", async (inputs, message) => {
    const workspace = join(ROOT, "test/action");
    const r = await runAction(inputs, { workspace });
    expectStep(r, 2);
    expect(r.stdout).not.toContain("Running bgdb");
    const doc = resultOf(r);
    expect(doc).toEqual(expect.objectContaining({ ok: false, nextSteps: [] }));
    expect(doc.error).toEqual(expect.objectContaining({ code: "BAD_USAGE", exitCode: 2 }));
    expect(doc.error.message).toContain(message);
    expect(r.stderr).toContain(message);
    expect(r.stdout).toMatch(/^::error title=bgdb .* failed \(exit code 2\)::bad input to the bgdb action: /m);
  });
});
