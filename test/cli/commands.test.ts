/**
 * Every command through the real CLI entry point (`run`) against a stateful fake AWS on a fake clock: the JSON
 * document parses and carries nextSteps, exit codes are docs/architecture.md's, and the calls made are the right ones.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { FakeClock } from "../../src/adapters/system/fake-clock.js";
import { run } from "../../src/cli/main.js";
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
  const exec = async (argv: string[], env: Record<string, string> = {}) => {
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
