/**
 * Every command through the real CLI entry point (`run`) against a stateful fake AWS on a fake clock: the JSON
 * document parses and carries nextSteps, exit codes are docs/architecture.md's, and the calls made are the right ones.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { FakeClock } from "../../src/adapters/system/fake-clock.js";
import { type CliIo, run } from "../../src/cli/main.js";
import type { Deps } from "../../src/ports/index.js";
import { FakeAws, type FakeAwsOptions } from "../support/fake-aws.js";
import { expectValidResult } from "../support/result-schema.js";
import { collect } from "./helpers.js";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function world(opts: FakeAwsOptions = {}) {
  const clock = new FakeClock();
  const aws = new FakeAws(clock, opts);
  aws.addInstance("orders-prod");
  const dir = mkdtempSync(join(tmpdir(), "bgdb-cmd-"));
  dirs.push(dir);
  const exec = async (argv: string[], env: Record<string, string> = {}, io: Partial<CliIo> = {}) => {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    const out = collect(stdout);
    const err = collect(stderr);
    const code = await run(argv, {
      stdout,
      stderr,
      stdin: new PassThrough(),
      env: { CI: "true", ...env },
      isTTY: false,
      cwd: dir,
      signal: new AbortController().signal,
      makeDeps: (): Partial<Deps> => ({
        rds: aws.rds,
        metrics: aws.metrics,
        dns: aws.dns,
        identity: aws.identity,
        clock,
        random: () => 0.5,
        region: "us-east-1",
      }),
      ...io,
    });
    const text = out();
    return {
      code,
      out: text,
      err: err(),
      // Every --json document a command prints is checked against docs/result.schema.json.
      json: () => {
        const doc = JSON.parse(text);
        expectValidResult(doc);
        return doc;
      },
    };
  };
  return { aws, clock, exec, dir };
}

/** Every file under `dir`, concatenated: what bgdb wrote to disk. */
function everythingWritten(dir: string): string {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => readFileSync(join(e.parentPath, e.name), "utf8"))
    .join("\n");
}

const CREATE = [
  "create",
  "--source",
  "orders-prod",
  "--target-engine-version",
  "17.2",
  "--target-parameter-group",
  "pg17",
  "--json",
];

describe("errors name the deployment they concern", () => {
  it("a create that fails INVALID_CONFIGURATION: the JSON error carries the deployment id to abort", async () => {
    const w = world({ invalidConfiguration: true });
    const r = await w.exec(CREATE);
    expect(r.code).toBe(5);
    const doc = r.json();
    expect(doc.deployment).toMatchObject({ id: expect.stringMatching(/^bgd-/), name: "orders-prod-to-17" });
    expect(doc.nextSteps.join("\n")).toContain("bgdb abort orders-prod-to-17");
  });
});

describe("printed commands go where the run went", () => {
  it("after --sandbox --region … create, every nextSteps entry and hint repeats them", async () => {
    const w = world();
    const routing = ["--sandbox", "--sandbox-dir", "/tmp/bgdb sb", "--region", "us-east-1", "--state-dir", ".bgdb"];
    const created = await w.exec([...routing, ...CREATE]);
    expect(created.code, created.err).toBe(0);
    const steps: string[] = created.json().nextSteps;
    expect(steps.length).toBeGreaterThan(0);
    for (const step of steps) {
      expect(step).toMatch(/^bgdb --sandbox --sandbox-dir '\/tmp\/bgdb sb' --region us-east-1 --state-dir \.bgdb /);
    }
    const failed = await w.exec([...routing, "cleanup", "orders-prod-to-17", "--json"]);
    expect(failed.code).toBe(3);
    expect(failed.json().error.hint).toContain("bgdb --sandbox --sandbox-dir '/tmp/bgdb sb' --region us-east-1");
  });

  it("after --profile --endpoint-url … create, the plain Next: lines repeat them too", async () => {
    const w = world();
    const routing = ["--profile", "staging", "--endpoint-url", "http://localhost:4566", "--region", "eu-west-1"];
    const created = await w.exec([...routing, ...CREATE.filter((a) => a !== "--json")]);
    expect(created.code, created.err).toBe(0);
    const next = created.out.split("\n").filter((l) => /^(Next:| {6})bgdb /.test(l));
    expect(next.length).toBeGreaterThan(0);
    for (const l of next) {
      expect(l).toMatch(/bgdb --region eu-west-1 --profile staging --endpoint-url http:\/\/localhost:4566 [a-z]/);
    }
  });
});

describe("the first hour", () => {
  const NAME = "orders-prod-to-17";
  it.each(["default.postgres17", "default.mysql8.0"])(
    "create --target-parameter-group %s (AWS's own group) is no usage error: it reaches RDS as given",
    async (group) => {
      const w = world();
      const r = await w.exec(CREATE.map((a) => (a === "pg17" ? group : a)));
      expect(r.code, r.err).not.toBe(2);
      const created = w.aws.mutations.find((m) => m.method === "createBlueGreenDeployment");
      expect(created?.args[0]).toMatchObject({ targetDbParameterGroupName: group });
    },
  );

  it("a config file's unquoted target-engine-version: 17.10 stays 17.10, not the number 17.1", async () => {
    const w = world();
    writeFileSync(join(w.dir, "upgrade.yaml"), "source: orders-prod\ntarget-engine-version: 17.10\n");
    const r = await w.exec(["deploy", "--config", "upgrade.yaml", "--dry-run", "--json"]);
    expect(r.code, r.err).not.toBe(2);
    const doc = JSON.stringify(r.json());
    expect(doc).toContain("17.10");
    expect(doc).not.toMatch(/\b17\.1\b(?!\d)/);
  });

  it("a gate that fails on an older sample names that sample (value and time), not the newest", async () => {
    // PostgreSQL's slot lag is 64 MiB in one minute, two before the newest sample, and 0 in every other.
    let bad = 0;
    const w = world({ lagAt: (t) => (t === bad ? 64 * 1024 * 1024 : 0) });
    await w.exec(CREATE);
    const minute = 60_000;
    const newest = Math.floor(w.clock.now() / minute) * minute - minute;
    bad = newest - 2 * minute;
    const r = await w.exec(["switchover", NAME, "--dry-run", "--json"]);
    expect(r.code).toBe(4);
    const at = new Date(bad).toISOString().slice(11, 19);
    const newestAt = new Date(newest).toISOString().slice(11, 19);
    expect(r.json().blocked.message).toContain(
      `replication lag 64 MiB at ${at} (OldestReplicationSlotLag on blue orders-prod) is above 1 MiB (newest: 0 B at ${newestAt};`,
    );
  });

  it("--probe with a URL of no driver bgdb has: exit 2 before any call, the URL never shown", async () => {
    const w = world();
    await w.exec(CREATE);
    const mutations = w.aws.mutations.length;
    const env = { BGDB_PROBE_URL: "redis://probe:hunter2@db.example.com/0" };
    const r = await w.exec(["switchover", NAME, "--yes", "--probe"], env);
    expect(r.code).toBe(2);
    expect(r.err).toContain("BGDB_PROBE_URL must start with postgres://, postgresql://, mysql://, mariadb://");
    expect(r.err + r.out).not.toContain("hunter2");
    expect(w.aws.mutations).toHaveLength(mutations);
  });

  it("switchover --cname at green's endpoint refuses (exit 3, nothing switched); --allow-cname-mismatch goes on", async () => {
    const w = world();
    await w.exec(CREATE);
    const green = [...w.aws.instances.keys()].find((id) => id.includes("-green-"));
    const target = `${green}.c9abc.us-east-1.rds.amazonaws.com`;
    w.aws.dnsRecords.set("db.prod.example.com", {
      name: "db.prod.example.com",
      type: "CNAME",
      values: [target],
      hostedZoneId: "Z1",
    });
    const refused = await w.exec(["switchover", NAME, "--yes", "--cname", "db.prod.example.com", "--json"]);
    expect(refused.code).toBe(3);
    expect(refused.json().error).toMatchObject({ code: "CNAME_MISMATCH" });
    expect(refused.json().error.message).toContain(`db.prod.example.com → ${target} is green's endpoint`);
    expect(w.aws.mutationNames()).not.toContain("switchoverBlueGreenDeployment");
    const allowed = await w.exec([
      "switchover",
      NAME,
      "--yes",
      "--cname",
      "db.prod.example.com",
      "--allow-cname-mismatch",
    ]);
    expect(allowed.code, allowed.err).toBe(0);
    expect(w.aws.mutationNames()).toContain("switchoverBlueGreenDeployment");
  });

  it("a switchover declined at the prompt says nothing was sent, not that AWS finishes a call", async () => {
    const w = world();
    await w.exec(CREATE);
    const stdin = new PassThrough();
    stdin.write("no\n");
    const r = await w.exec(["switchover", NAME], {}, { isTTY: true, stdin });
    expect(r.code).toBe(130);
    expect(r.err).toContain("Switchover declined; nothing was sent to AWS.");
    expect(r.err).not.toMatch(/finishes any call/);
    expect(w.aws.mutationNames()).not.toContain("switchoverBlueGreenDeployment");
  });
});

describe("secrets in the test command line", () => {
  it.each([
    ["passes", "exit 0", 0],
    ["fails", "exit 1", 6],
  ])("when it %s: shown and recorded as [redacted], never in clear", async (_what, script, code) => {
    const w = world();
    expect((await w.exec(CREATE)).code).toBe(0);
    const secretArgs = ["--password", "hunter2", "-phunter2", "--token=hunter2", "postgres://u:hunter2@h/db"];
    for (const json of [false, true]) {
      const r = await w.exec([
        "test",
        "orders-prod-to-17",
        ...(json ? ["--json"] : []),
        "--",
        "sh",
        "-c",
        script,
        ...secretArgs,
      ]);
      expect(r.code, r.err).toBe(code);
      expect(r.out + r.err).not.toContain("hunter2");
      expect(r.out + r.err).toContain("--password '[redacted]'");
    }
    const written = everythingWritten(join(w.dir, ".bgdb"));
    expect(written).toContain("[redacted]");
    expect(written).not.toContain("hunter2");
  });
});

describe("every command through run()", () => {
  it("create → upgrade → test → lag → status → switchover → cleanup → list, each --json with nextSteps", async () => {
    const w = world();
    const created = await w.exec(CREATE);
    expect(created.code).toBe(0);
    expect(created.json()).toMatchObject({
      ok: true,
      command: "create",
      phase: "green-ready",
      deployment: { name: "orders-prod-to-17" },
    });
    expect(created.json().nextSteps.join("\n")).toContain("bgdb switchover orders-prod-to-17");
    expect(created.err).toMatch(/Created blue\/green deployment orders-prod-to-17/);

    const name = "orders-prod-to-17";
    const upgraded = await w.exec(["upgrade", name, "--instance-class", "db.r6g.2xlarge", "--json"]);
    expect(upgraded.code).toBe(0);
    expect(upgraded.json().nextSteps.length).toBeGreaterThan(0);

    const tested = await w.exec(["test", name, "--json", "--", "true"]);
    expect(tested.code).toBe(0);
    expect(tested.json()).toMatchObject({ command: "test", data: { test: { exitCode: 0 } } });

    const failedTest = await w.exec(["test", name, "--json", "--", "false"]);
    expect(failedTest.code).toBe(6);
    expect(failedTest.json()).toMatchObject({ ok: false, error: { code: "TESTS_FAILED", exitCode: 6 } });
    expect(failedTest.json().nextSteps).toContain(`bgdb abort ${name}`);

    const lagged = await w.exec(["lag", name, "--json"]);
    expect(lagged.code).toBe(0);
    expect(lagged.json().data.metric).toMatchObject({ name: "OldestReplicationSlotLag", unit: "Bytes" });

    const status = await w.exec(["status", name, "--json"]);
    expect(status.code).toBe(0);
    expect(status.json().members.map((m: { role: string }) => m.role)).toEqual(["blue", "green"]);

    const switched = await w.exec(["switchover", name, "--yes", "--json"]);
    expect(switched.code).toBe(0);
    expect(switched.json()).toMatchObject({ phase: "switched" });
    expect(switched.json().summary.join("\n")).toContain("orders-prod-old1 → old blue");

    const early = await w.exec(["cleanup", name, "--delete-old-blue", "--yes", "--json"]);
    expect(early.code).toBe(3);
    expect(early.json().error.code).toBe("RETENTION");

    w.clock.advance(25 * 3_600_000);
    const cleaned = await w.exec(["cleanup", name, "--delete-old-blue", "--yes", "--json"]);
    expect(cleaned.code).toBe(0);
    expect(cleaned.json()).toMatchObject({ phase: "cleaned", nextSteps: [] });
    expect(w.aws.instances.has("orders-prod-old1")).toBe(false);

    const listed = await w.exec(["list", "--json"]);
    expect(listed.json().data.deployments).toEqual([]);
  });

  it("abort before switchover deletes green; --json error after switchover", async () => {
    const w = world();
    await w.exec(CREATE);
    const aborted = await w.exec(["abort", "orders-prod-to-17", "--yes", "--json"]);
    expect(aborted.code).toBe(0);
    expect(aborted.json()).toMatchObject({ phase: "aborted" });
    expect(w.aws.mutations.at(-1)).toEqual({ method: "deleteBlueGreenDeployment", args: ["bgd-000000000001", true] });
  });

  it("switchover: no switch while green is in storage-optimization (exit 4), and the message says blue still serves", async () => {
    const w = world({ greenStatusAt: () => "storage-optimization" });
    await w.exec(CREATE);
    const r = await w.exec(["switchover", "orders-prod-to-17", "--yes", "--wait-for-lag", "30m"]);
    expect(r.code).toBe(4);
    expect(r.err).toMatch(/storage-optimization/);
    expect(r.err).toMatch(/blue still serves/);
    expect(w.aws.mutationNames()).not.toContain("switchoverBlueGreenDeployment");
  });

  it("switchover: SWITCHOVER_FAILED → exit 5, 'blue still serves'", async () => {
    const w = world({ switchoverFails: true });
    await w.exec(CREATE);
    const r = await w.exec(["switchover", "orders-prod-to-17", "--yes"]);
    expect(r.code).toBe(5);
    expect(r.err).toMatch(/rolled it back.*blue still serves/s);
  });

  it("switchover: lag that never settles → exit 4, nothing switched", async () => {
    const w = world({ lagAt: () => 64 * 1024 * 1024 });
    await w.exec(CREATE);
    const r = await w.exec(["switchover", "orders-prod-to-17", "--yes", "--json"]);
    expect(r.code).toBe(4);
    expect(r.json()).toMatchObject({ ok: false, error: { code: "GATE_NOT_MET" } });
    expect(w.aws.mutationNames()).not.toContain("switchoverBlueGreenDeployment");
  });

  it("--probe without its URL variable exits 2 before any call", async () => {
    const w = world();
    const r = await w.exec(["switchover", "orders-prod-to-17", "--yes", "--probe"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("BGDB_PROBE_URL");
    expect(w.aws.mutations).toHaveLength(0);
  });

  it("a second run on a locked deployment exits 3 naming the holder", async () => {
    const w = world();
    await w.exec(CREATE);
    const { createFileJournal } = await import("../../src/adapters/journal/index.js");
    const r0 = await w.exec(["status", "orders-prod-to-17", "--json"]);
    expect(r0.code).toBe(0);
    const dir = dirs[dirs.length - 1] as string;
    const lock = await createFileJournal(join(dir, ".bgdb"), { hostname: "other-host" }).acquireLock(
      { account: "111122223333", region: "us-east-1" },
      "orders-prod-to-17",
      "bgdb switchover orders-prod-to-17",
    );
    const r = await w.exec(["switchover", "orders-prod-to-17", "--yes"]);
    expect(r.code).toBe(3);
    expect(r.err).toMatch(/locked by pid \d+ on host other-host/);
    await lock.release();
  });

  it("deploy --until switched runs the chain; a re-run continues without creating twice", async () => {
    const w = world();
    const argv = [
      "deploy",
      "--source",
      "orders-prod",
      "--target-engine-version",
      "17.2",
      "--yes",
      "--json",
      "--",
      "true",
    ];
    const first = await w.exec(argv);
    expect(first.code).toBe(0);
    expect(first.json()).toMatchObject({ command: "deploy", phase: "switched" });
    const again = await w.exec(argv);
    expect(again.code).toBe(0);
    expect(w.aws.mutationNames()).toEqual(["createBlueGreenDeployment", "switchoverBlueGreenDeployment"]);
  });
});

it("a bad-usage JSON error names the command, not a global option's value", async () => {
  const w = world();
  const r = await w.exec(["--state-dir", "/tmp/x", "create", "--bogus", "--json"]);
  expect(r.code).toBe(2);
  expect(r.json()).toMatchObject({ ok: false, command: "create" });
});

describe("report", () => {
  /** A deployment driven to cleaned through the CLI: the deployment object is gone, the journal remains. */
  async function cleaned() {
    const w = world();
    expect((await w.exec(CREATE)).code).toBe(0);
    expect((await w.exec(["switchover", "orders-prod-to-17", "--yes", "--json"])).code).toBe(0);
    expect((await w.exec(["cleanup", "orders-prod-to-17", "--json"])).code).toBe(0);
    return w;
  }

  it("after cleanup: Markdown on stdout by default; --out picks HTML by its extension and says where it wrote", async () => {
    const w = await cleaned();
    const md = await w.exec(["report", "orders-prod-to-17"]);
    expect(md.code, md.err).toBe(0);
    expect(md.out.startsWith("# Change record: orders-prod-to-17 (bgd-")).toBe(true);
    expect(md.out).toContain("| ✔ | switchover | SWITCHOVER\\_COMPLETED in");
    expect(md.out).toContain("deleted (AWS no longer has it)");

    const html = await w.exec(["report", "orders-prod-to-17", "--out", "r.html"]);
    expect(html.code, html.err).toBe(0);
    expect(html.out).toMatch(
      /^Wrote the change record of orders-prod-to-17 \(bgd-\w+\) to r\.html \(HTML, \d+ KiB\)\n$/,
    );
    const page = readFileSync(join(w.dir, "r.html"), "utf8");
    expect(page.startsWith("<!doctype html>")).toBe(true);
    expect(page.match(/<svg\b/g)).toHaveLength(2);
  });

  it("--json: the record's facts as the one document, or where the file went", async () => {
    const w = await cleaned();
    const doc = (await w.exec(["report", "orders-prod-to-17", "--json"])).json();
    expect(doc).toMatchObject({ ok: true, command: "report", phase: "cleaned", data: { format: "md", path: null } });
    expect(doc.data.record.record.evidence.switchover.outcome).toBe("completed");
    const written = (
      await w.exec(["report", "orders-prod-to-17", "--format", "md", "--out", "c.txt", "--json"])
    ).json();
    expect(written).toMatchObject({ data: { format: "md", path: "c.txt", bytes: expect.any(Number) } });
    expect(written.summary[0]).toContain("to c.txt (Markdown,");
    expect(readFileSync(join(w.dir, "c.txt"), "utf8").startsWith("# Change record")).toBe(true);
  });

  it("bad usage (exit 2) before any AWS call: a format it does not write, an extension it cannot read", async () => {
    const w = world();
    for (const argv of [
      ["report", "orders-prod-to-17", "--format", "pdf"],
      ["report", "orders-prod-to-17", "--out", "record.txt"],
    ]) {
      const r = await w.exec(argv);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/--format must be one of md, html|cannot tell the format from the file's extension/);
    }
    expect(w.aws.calls).toEqual([]);
  });

  it("an --out it cannot write is exit 2; no deployment and no record is exit 3", async () => {
    const w = await cleaned();
    const unwritable = await w.exec(["report", "orders-prod-to-17", "--out", "no/such/dir/r.md"]);
    expect(unwritable.code).toBe(2);
    expect(unwritable.err).toContain("Cannot write the change record to no/such/dir/r.md (ENOENT)");
    const missing = await w.exec(["report", "billing-to-17", "--json"]);
    expect(missing.code).toBe(3);
    expect(missing.json().error.code).toBe("NOT_FOUND");
  });
});

describe("the audit log", () => {
  const NAME = "orders-prod-to-17";
  const GITHUB = {
    GITHUB_ACTIONS: "true",
    GITHUB_ACTOR: "octocat",
    GITHUB_RUN_ID: "9876543210",
    GITHUB_RUN_ATTEMPT: "2",
    GITHUB_SERVER_URL: "https://github.com",
    GITHUB_REPOSITORY: "acme/orders",
  };
  const logOf = (dir: string) => join(dir, ".bgdb", "audit.log");
  // biome-ignore lint/suspicious/noExplicitAny: assertions read arbitrary fields of the log's lines.
  const linesOf = (dir: string): any[] =>
    readFileSync(logOf(dir), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));

  it("--yes in GitHub Actions: the confirmation and every call name the run; the outcome line names the request", async () => {
    const w = world();
    expect((await w.exec(CREATE, GITHUB)).code).toBe(0);
    expect((await w.exec(["switchover", NAME, "--yes"], GITHUB)).code).toBe(0);
    const [create, confirm, request, ended] = linesOf(w.dir);
    const run = {
      provider: "github-actions",
      actor: "octocat",
      runId: "9876543210",
      runAttempt: "2",
      runUrl: "https://github.com/acme/orders/actions/runs/9876543210",
    };
    expect(create).toMatchObject({ seq: 1, action: "CreateBlueGreenDeployment", actor: { ci: run } });
    expect(confirm).toMatchObject({
      seq: 2,
      action: "ConfirmSwitchover",
      deployment: NAME,
      outcome: "confirmed",
      confirmation: { how: "yes", name: NAME },
      actor: { arn: expect.stringMatching(/^arn:aws:/), ci: run },
      commandLine: ["bgdb", "switchover", NAME, "--yes"],
    });
    expect(request).toMatchObject({ action: "SwitchoverBlueGreenDeployment", outcome: "ok", requestId: "req-switch" });
    expect(ended).toMatchObject({
      action: "SwitchoverBlueGreenDeployment",
      outcome: "completed",
      outcomeOf: "req-switch",
      status: "SWITCHOVER_COMPLETED",
      params: { id: "bgd-000000000001" },
    });
  });

  it("a switchover RDS rolls back is recorded failed, after the request it settles", async () => {
    const w = world({ switchoverFails: true });
    await w.exec(CREATE);
    expect((await w.exec(["switchover", NAME, "--yes"])).code).toBe(5);
    const lines = linesOf(w.dir);
    expect(lines.map((l) => [l.action, l.outcome])).toEqual([
      ["CreateBlueGreenDeployment", "ok"],
      ["ConfirmSwitchover", "confirmed"],
      ["SwitchoverBlueGreenDeployment", "ok"],
      ["SwitchoverBlueGreenDeployment", "failed"],
    ]);
    expect(lines[3]).toMatchObject({
      outcomeOf: "req-switch",
      status: "SWITCHOVER_FAILED",
      errorCode: "SWITCHOVER_FAILED",
    });
  });

  it("on a terminal: the name typed is recorded as typed, a wrong answer as declined, with the local user", async () => {
    const w = world();
    await w.exec(CREATE);
    const answer = (text: string) => {
      const stdin = new PassThrough();
      stdin.write(text);
      return { isTTY: true, stdin };
    };
    expect((await w.exec(["switchover", NAME], {}, answer("yes\n"))).code).toBe(130);
    expect((await w.exec(["switchover", NAME], {}, answer(`${NAME}\n`))).code).toBe(0);
    const confirms = linesOf(w.dir).filter((l) => l.action === "ConfirmSwitchover");
    expect(confirms).toMatchObject([
      { outcome: "declined", confirmation: { how: "typed", name: NAME } },
      { outcome: "confirmed", confirmation: { how: "typed", name: NAME } },
    ]);
    expect(confirms[0].actor.user).toEqual(expect.any(String));
    expect(confirms[0].actor.ci).toEqual({ provider: "ci" });
  });

  it("abort and deleting the old blue record what was confirmed", async () => {
    const w = world();
    await w.exec(CREATE);
    await w.exec(["switchover", NAME, "--yes"]);
    w.clock.advance(25 * 3_600_000);
    expect((await w.exec(["cleanup", NAME, "--delete-old-blue", "--yes"])).code).toBe(0);
    const other = world();
    await other.exec(CREATE);
    expect((await other.exec(["abort", NAME, "--yes"])).code).toBe(0);
    expect(linesOf(w.dir).find((l) => l.action === "ConfirmDeleteOldBlue")).toMatchObject({
      deployment: NAME,
      confirmation: { how: "yes", name: "orders-prod-old1" },
    });
    expect(linesOf(other.dir).find((l) => l.action === "ConfirmAbort")).toMatchObject({
      confirmation: { how: "yes", name: NAME },
    });
  });

  it("no secret from the command line or the environment reaches it", async () => {
    const w = world();
    const env = { BGDB_PROBE_URL: "postgres://probe:hunter2@db.example.com/app" };
    const argv = ["deploy", "--source", "orders-prod", "--target-engine-version", "17.2", "--yes", "--", "sh", "-c"];
    const secrets = ["exit 0", "--password", "hunter2", "-phunter2", "--token=hunter2", "postgres://u:hunter2@h/db"];
    expect((await w.exec([...argv, ...secrets], env)).code).toBe(0);
    const log = readFileSync(logOf(w.dir), "utf8");
    expect(log).not.toContain("hunter2");
    expect(linesOf(w.dir)[0].commandLine.slice(-5)).toEqual([
      "--password",
      "[redacted]",
      "-p[redacted]",
      "--token=[redacted]",
      "postgres://u:[redacted]@h/db",
    ]);
  });

  it("bgdb audit verify: intact (exit 0), then the edited line named (exit 5)", async () => {
    const w = world();
    await w.exec(CREATE);
    await w.exec(["switchover", NAME, "--yes"]);
    const intact = await w.exec(["audit", "verify", "--json"]);
    expect(intact.code, intact.err).toBe(0);
    expect(JSON.parse(intact.out)).toMatchObject({ ok: true, lines: 4, unchained: 0, lastHash: expect.any(String) });
    const text = await w.exec(["audit", "verify"]);
    expect(text.out).toMatch(/audit\.log is intact: 4 lines/);
    const anchored = await w.exec(["audit", "verify", "--anchor", JSON.parse(intact.out).lastHash]);
    expect(anchored.code).toBe(0);

    const log = readFileSync(logOf(w.dir), "utf8").split("\n");
    log[1] = (log[1] ?? "").replace('"how":"yes"', '"how":"typed"');
    writeFileSync(logOf(w.dir), log.join("\n"));
    const broken = await w.exec(["audit", "verify", "--json"]);
    expect(broken.code).toBe(5);
    expect(JSON.parse(broken.out)).toMatchObject({
      ok: false,
      lines: 4,
      firstBrokenLine: 2,
      reason: expect.stringMatching(/line 2 was edited/),
    });
    expect((await w.exec(["audit", "verify"])).out).toMatch(/is broken at line 2: line 2 was edited/);
  });

  it("bgdb audit verify on a log an earlier bgdb began: intact, naming the lines that predate the chain", async () => {
    const w = world();
    mkdirSync(join(w.dir, ".bgdb"));
    const old = { at: "2026-01-01T00:00:00.000Z", action: "CreateBlueGreenDeployment", params: {}, outcome: "ok" };
    writeFileSync(logOf(w.dir), `${JSON.stringify(old)}\n${JSON.stringify(old)}\n`);
    expect((await w.exec(CREATE)).code).toBe(0);
    expect(linesOf(w.dir)[2]).toMatchObject({ seq: 3, action: "CreateBlueGreenDeployment" });
    const r = await w.exec(["audit", "verify"]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/is intact: 3 lines\.\nLines 1–2 predate the hash chain .*: line 1 cannot be verified/);
    expect(JSON.parse((await w.exec(["audit", "verify", "--json"])).out)).toMatchObject({ ok: true, unchained: 2 });
  });

  it("bgdb audit verify: no log is exit 3, a bad subcommand or anchor exit 2", async () => {
    const w = world();
    const missing = await w.exec(["audit", "verify", "--json"]);
    expect(missing.code).toBe(3);
    expect(JSON.parse(missing.out)).toMatchObject({ ok: false, error: { code: "AUDIT_LOG_MISSING" } });
    expect((await w.exec(["audit", "frobnicate"])).code).toBe(2);
    expect((await w.exec(["audit"])).err).toMatch(/subcommand is missing/);
    expect((await w.exec(["audit", "verify", "--anchor", "abc"])).code).toBe(2);
  });
});

describe("--dry-run", () => {
  const NAME = "orders-prod-to-17";
  /** A dry run through run(): its document (checked against the schema) and the mutating requests it made (none). */
  const dryRun = async (w: ReturnType<typeof world>, argv: string[]) => {
    const from = w.aws.calls.length;
    // The flags go before `--`: what follows is deploy's test command.
    const end = argv.includes("--") ? argv.indexOf("--") : argv.length;
    const r = await w.exec([...argv.slice(0, end), "--dry-run", "--json", ...argv.slice(end)]);
    expect(w.aws.mutatingCalls(from)).toEqual([]);
    const doc = r.json();
    expect(doc.plan.length, r.err).toBeGreaterThan(0);
    return { ...r, doc };
  };
  const actions = (doc: { plan: { kind: string; action?: string }[] }) =>
    doc.plan.flatMap((s) => (s.kind === "call" ? [s.action] : []));

  it("create, upgrade, switchover, abort and deploy: a plan that could run now (exit 0), no terminal and no --yes needed", async () => {
    const w = world();
    const created = await dryRun(w, CREATE.slice(0, -1));
    expect(created.code).toBe(0);
    expect(created.doc).toMatchObject({ ok: true, command: "create", phase: "preflight", blocked: null });
    expect(actions(created.doc)).toEqual(["CreateBlueGreenDeployment"]);
    expect(created.doc.plan).toContainEqual({
      kind: "call",
      action: "CreateBlueGreenDeployment",
      params: expect.objectContaining({ name: NAME, targetEngineVersion: "17.2", tags: { "managed-by": "bgdb" } }),
    });
    // Nothing was written: no journal, no audit log, no lock.
    expect(existsSync(join(w.dir, ".bgdb"))).toBe(false);

    expect((await w.exec(CREATE)).code).toBe(0);
    const cases: [string[], string[]][] = [
      [["upgrade", NAME, "--instance-class", "db.r7g.large"], ["ModifyDBInstance"]],
      [["switchover", NAME], ["SwitchoverBlueGreenDeployment"]],
      [["abort", NAME], ["DeleteBlueGreenDeployment"]],
      [
        ["deploy", "--source", "orders-prod", "--target-engine-version", "17.2", "--", "true"],
        ["SwitchoverBlueGreenDeployment"],
      ],
    ];
    for (const [argv, calls] of cases) {
      const r = await dryRun(w, argv);
      expect(r.code, `${argv[0]}: ${r.err}`).toBe(0);
      expect(r.doc.ok).toBe(true);
      expect(actions(r.doc)).toEqual(calls);
    }
    const deployed = await dryRun(w, [
      "deploy",
      "--source",
      "orders-prod",
      "--target-engine-version",
      "17.2",
      "--",
      "npm",
      "test",
    ]);
    expect(deployed.doc.plan.map((s: { within?: string; kind: string }) => `${s.within}:${s.kind}`)).toEqual([
      "create:skip",
      "test:test",
      "switchover:gate",
      "switchover:confirm",
      "switchover:call",
      "switchover:wait",
    ]);
    expect(w.aws.deployments.get("bgd-000000000001")?.d.status).toBe("AVAILABLE");
  });

  it("a blocked plan: ok false, the blocking reason, and its exit code (gate → 4, retention → 3)", async () => {
    const w = world({ greenStatusAt: () => "storage-optimization" });
    await w.exec(CREATE);
    const gate = await dryRun(w, ["switchover", NAME]);
    expect(gate.code).toBe(4);
    expect(gate.doc).toMatchObject({
      ok: false,
      blocked: { code: "GATE_NOT_MET", exitCode: 4, message: expect.stringMatching(/storage-optimization/) },
    });
    expect(gate.doc.plan.at(-1)).toMatchObject({ kind: "blocked", code: "GATE_NOT_MET" });

    w.aws.o.greenStatusAt = () => "available";
    expect((await w.exec(["switchover", NAME, "--yes"])).code).toBe(0);
    const early = await dryRun(w, ["cleanup", NAME, "--delete-old-blue"]);
    expect(early.code).toBe(3);
    expect(early.doc).toMatchObject({ ok: false, blocked: { code: "RETENTION", exitCode: 3 } });
    w.clock.advance(25 * 3_600_000);
    const due = await dryRun(w, ["cleanup", NAME, "--delete-old-blue"]);
    expect(due.code).toBe(0);
    expect(actions(due.doc)).toEqual(["DeleteBlueGreenDeployment", "CreateDBSnapshot", "DeleteDBInstance"]);
    expect(w.aws.instances.has("orders-prod-old1")).toBe(true);
  });

  it("for a person: numbered steps in `would` words, ending with the verdict", async () => {
    const w = world();
    await w.exec(CREATE);
    const r = await w.exec(["switchover", NAME, "--dry-run", "--timeout", "10m"]);
    expect(r.code, r.err).toBe(0);
    const lines = r.out.trimEnd().split("\n");
    expect(lines[0]).toBe(`Dry run of switchover ${NAME}: what it would do, from what AWS shows now`);
    expect(lines).toContain(
      "  1. gate passes on the current readings (the real run needs 3 consecutive ready looks, within --wait-for-lag 15m)",
    );
    expect(lines).toContain(`  2. would ask you to type ${NAME} to confirm (or pass --yes)`);
    expect(lines).toContain("  3. would call SwitchoverBlueGreenDeployment id=bgd-000000000001 timeoutSeconds=600");
    expect(lines).toContain(`  4. would wait up to 20m for ${NAME} to reach SWITCHOVER_COMPLETED`);
    expect(lines.at(-1)).toBe("Dry run: nothing was changed. The plan could run now.");

    const blocked = await w.exec(["abort", "nope", "--dry-run"]);
    expect(blocked.code).toBe(3);
    expect(blocked.out).toMatch(/1\. ✖ blocked \(NOT_FOUND\): No blue\/green deployment named or identified "nope"/);
    expect(blocked.out.trimEnd().split("\n").at(-1)).toBe(
      "Dry run: nothing was changed. The real run would stop at the blocked step (exit 3).",
    );
  });

  it("bad input still exits 2 before any request; a dry run ignores another run's lock", async () => {
    const w = world();
    const bad = await w.exec(["switchover", NAME, "--dry-run", "--stable-samples", "0"]);
    expect(bad.code).toBe(2);
    expect(w.aws.calls).toEqual([]);
    await w.exec(CREATE);
    const { createFileJournal } = await import("../../src/adapters/journal/index.js");
    const lock = await createFileJournal(join(w.dir, ".bgdb"), { hostname: "other-host" }).acquireLock(
      { account: "111122223333", region: "us-east-1" },
      NAME,
      `bgdb switchover ${NAME}`,
    );
    const r = await dryRun(w, ["switchover", NAME]);
    expect(r.code, r.err).toBe(0);
    await lock.release();
  });

  it("a real run's document has an empty plan and no blocking reason", async () => {
    const w = world();
    const r = await w.exec(CREATE);
    expect(r.json()).toMatchObject({ ok: true, plan: [], blocked: null });
  });
});
