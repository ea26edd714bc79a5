/**
 * Every command through the real CLI entry point (`run`) against a stateful fake AWS on a fake clock: the JSON
 * document parses and carries nextSteps, exit codes are docs/architecture.md's, and the calls made are the right ones.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterEach, describe, expect, it, vi } from "vitest";
import { FakeClock } from "../../src/adapters/system/fake-clock.js";
import { type CliIo, run } from "../../src/cli/main.js";
import type { DbActivity, Deps } from "../../src/ports/index.js";
import { FakeAws, type FakeAwsOptions } from "../support/fake-aws.js";
import { fakeInspectors, pgFacts } from "../support/fake-inspectors.js";
import { FakeDb, fakeReaders, rows } from "../support/fake-tables.js";
import { expectValidResult } from "../support/result-schema.js";
import { collect } from "./helpers.js";

const dirs: string[] = [];
afterEach(() => {
  vi.unstubAllEnvs();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function world(opts: FakeAwsOptions = {}, extra: Partial<Deps> = {}) {
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
        ...extra,
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
  it("create --target-parameter-group default.postgres17 (AWS's own group): no usage error, it reaches RDS as given", async () => {
    const w = world();
    const r = await w.exec(CREATE.map((a) => (a === "pg17" ? "default.postgres17" : a)));
    expect(r.code, r.err).toBe(0);
    const created = w.aws.mutations.find((m) => m.method === "createBlueGreenDeployment");
    expect(created?.args[0]).toMatchObject({ targetDbParameterGroupName: "default.postgres17" });
  });

  it("create --target-parameter-group default.mysql8.0: accepted as a name, then preflight judges its family", async () => {
    const w = world();
    const r = await w.exec(CREATE.map((a) => (a === "pg17" ? "default.mysql8.0" : a)));
    // Not exit 2: the name is RDS-valid. This source runs PostgreSQL, so preflight (exit 3) says why it cannot serve.
    expect(r.code, r.err).toBe(3);
    expect(r.json().error.details.failed).toContain(
      "target parameter group default.mysql8.0 is family mysql8.0, but postgres 17.2 needs postgres17",
    );
    expect(w.aws.mutations).toEqual([]);
  });

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
    expect(r.err).toContain(
      "--probe's BGDB_PROBE_URL must hold a postgres://, postgresql://, mysql:// or mariadb:// URL with user, password, host and database (its value is not shown)",
    );
    expect(r.err + r.out).not.toContain("hunter2");
    expect(w.aws.mutations).toHaveLength(mutations);
  });

  it.each(["postgres://", "postgres:///app?password=hunter2", "mysql:hunter2"])(
    "deploy with a probe URL of no host (%s): exit 2 before the create, zero mutating requests",
    async (url) => {
      const w = world();
      const deploy = ["deploy", ...CREATE.slice(1, 7), "--yes", "--probe-url-env", "PROBE", "--", "true"];
      const r = await w.exec(deploy, { PROBE: url });
      expect(r.code, r.err).toBe(2);
      expect(r.err).toMatch(
        /--probe's PROBE \(--probe-url-env\) must hold a postgres:\/\/.* URL with user, password, host/,
      );
      expect(r.err + r.out).not.toContain("hunter2");
      expect(w.aws.mutatingCalls()).toEqual([]);
    },
  );

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

  it.each([
    ["swichover", "switchover"],
    ["staus", "status"],
    ["cleanpu", "cleanup"],
  ])("an unknown command %s exits 2 and suggests %s, before any call", async (typo, near) => {
    const w = world();
    const r = await w.exec([typo]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`unknown command '${typo}' (did you mean ${near}?)`);
    expect(w.aws.mutations).toHaveLength(0);
  });

  it("an unknown command far from every name suggests none", async () => {
    const r = await world().exec(["frobnicate"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("unknown command 'frobnicate'");
    expect(r.err).not.toContain("did you mean");
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

describe("bgdb verify and switchover --verify", () => {
  const NAME = "orders-prod-to-17";
  const URL_ENV = { BGDB_DB_URL: "postgres://verify:hunter2@db.example.com/orders" };
  function tables(change?: (green: FakeDb) => void) {
    const blue = new FakeDb("PostgreSQL 16.3", {
      orders: { columns: ["id", "name"], primaryKey: ["id"], rows: rows(25_000) },
      events: { columns: ["at", "what"], primaryKey: [], rows: [{ at: "1", what: "x" }] },
    });
    const green = blue.clone("PostgreSQL 17.2");
    change?.(green);
    return fakeReaders(blue, green);
  }

  it("exit 0 when blue and green match; --json lists each table's verdict", async () => {
    const w = world({}, { tableReaders: tables() });
    await w.exec(CREATE);
    const r = await w.exec(["verify", NAME, "--json"], URL_ENV);
    expect(r.code, r.err).toBe(0);
    const doc = r.json();
    expect(doc).toMatchObject({
      ok: true,
      command: "verify",
      phase: "green-ready",
      nextSteps: [`bgdb switchover ${NAME}`],
    });
    expect(doc.data.verify.tables).toEqual([
      expect.objectContaining({ table: "events", match: true, compared: "count", blueRows: 1 }),
      expect.objectContaining({ table: "orders", match: true, compared: "checksum", chunks: 3, blueRows: 25_000 }),
    ]);
    expect(doc.summary).toEqual([
      "events: 1 row on both sides, counts match",
      "  no primary key: compared by row count only",
      "orders: 25000 rows on both sides, all 3 chunks match",
      expect.stringMatching(
        /^Blue and green match: 2 tables, 25001 rows, 4 chunks in .* \(events by row count only: no primary key\)$/,
      ),
    ]);
    expect(r.err).not.toContain("hunter2");
  });

  it("exit 5 naming the table and key range that differ; the JSON error carries each differing table", async () => {
    const readers = tables((green) => {
      const row = green.table("orders").rows[12_345];
      if (row) row.name = "changed";
    });
    const w = world({}, { tableReaders: readers });
    await w.exec(CREATE);
    const r = await w.exec(["verify", NAME, "--recheck", "1", "--json"], URL_ENV);
    expect(r.code).toBe(5);
    const doc = r.json();
    expect(doc.error).toMatchObject({
      code: "DATA_DIFFERS",
      exitCode: 5,
      message:
        "Blue and green differ in 1 table: orders (key range id >= 10001 AND id < 20001). Production is unchanged: blue still serves (deployment AVAILABLE).",
    });
    expect(doc.error.details.tables).toEqual([
      expect.objectContaining({
        table: "orders",
        differing: [{ from: ["10001"], to: ["20001"], blueRows: 10_000, greenRows: 10_000 }],
      }),
    ]);
    expect(r.err).toMatch(/orders DIFFERS: 25000 rows on both sides; 1 of 3 chunks still differs after the re-checks/);
    expect(r.err).toMatch(/ {4}id >= 10001 AND id < 20001: blue 10000 rows, green 10000 rows/);
  });

  it("no connection URL, or --tables naming no table: exit 2, and verify reads nothing", async () => {
    const readers = tables();
    const w = world({}, { tableReaders: readers });
    await w.exec(CREATE);
    const noUrl = await w.exec(["verify", NAME]);
    expect(noUrl.code).toBe(2);
    expect(noUrl.err).toMatch(/BGDB_DB_URL, which is not set/);
    const named = await w.exec(["verify", NAME, "--db-url-env", "ORDERS_URL"], { BGDB_DB_URL: "postgres://x@y/z" });
    expect(named.code).toBe(2);
    expect(named.err).toMatch(/ORDERS_URL \(--db-url-env\), which is not set/);
    expect(readers.opened).toEqual([]);
    const unknown = await w.exec(["verify", NAME, "--tables", "orders,ordres"], URL_ENV);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(
      /--tables names ordres, which is not a table on blue or green \(tables: events, orders\)/,
    );
  });

  it("switchover --verify refuses on a difference (exit 5): nothing switched, blue still serves", async () => {
    const readers = tables((green) => green.table("orders").rows.pop());
    const w = world({}, { tableReaders: readers });
    await w.exec(CREATE);
    const r = await w.exec(["switchover", NAME, "--verify", "--yes", "--json"], URL_ENV);
    expect(r.code).toBe(5);
    expect(r.json().error).toMatchObject({
      code: "DATA_DIFFERS",
      message:
        "Blue and green differ in 1 table: orders (blue 25000 rows, green 24999; key range id >= 20001). Nothing was switched. Production is unchanged: blue still serves (deployment AVAILABLE).",
    });
    expect(w.aws.mutationNames()).not.toContain("switchoverBlueGreenDeployment");
    const ok = world({}, { tableReaders: tables() });
    await ok.exec(CREATE);
    const switched = await ok.exec(["switchover", NAME, "--verify", "--yes", "--json"], URL_ENV);
    expect(switched.code, switched.err).toBe(0);
    expect(switched.err).toMatch(/Blue and green match: 2 tables/);
  });

  it("switchover --verify without the URL exits 2 before any call", async () => {
    const w = world({}, { tableReaders: tables() });
    const r = await w.exec(["switchover", NAME, "--verify", "--yes"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("BGDB_DB_URL");
    expect(w.aws.mutations).toHaveLength(0);
  });
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

  it("an --out it cannot write or inside the state directory is exit 2; no deployment and no record is exit 3", async () => {
    const w = await cleaned();
    const unwritable = await w.exec(["report", "orders-prod-to-17", "--out", "no/such/dir/r.md"]);
    expect(unwritable.code).toBe(2);
    expect(unwritable.err).toContain("Cannot write the change record to no/such/dir/r.md (ENOENT)");
    const audit = readFileSync(join(w.dir, ".bgdb", "audit.log"), "utf8");
    symlinkSync(join(w.dir, ".bgdb"), join(w.dir, "journal-link"));
    const calls = w.aws.calls.length;
    for (const out of [".bgdb/audit.log", "./.bgdb/new.md", "journal-link/audit.md"]) {
      const inside = await w.exec(["report", "orders-prod-to-17", "--format", "md", "--out", out]);
      expect(inside.code, out).toBe(2);
      expect(inside.err).toContain(`--out ${out} is inside the state directory`);
    }
    expect(readFileSync(join(w.dir, ".bgdb", "audit.log"), "utf8")).toBe(audit);
    expect(existsSync(join(w.dir, ".bgdb", "new.md"))).toBe(false);
    expect(w.aws.calls).toHaveLength(calls);
    // Outside the state directory a record is regenerated over the old file.
    writeFileSync(join(w.dir, "old.md"), "stale");
    expect((await w.exec(["report", "orders-prod-to-17", "--out", "old.md"])).code).toBe(0);
    expect(readFileSync(join(w.dir, "old.md"), "utf8").startsWith("# Change record")).toBe(true);
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

describe("bgdb preflight and --db-url-env", () => {
  /** create's source and targets, without --json. */
  const PREFLIGHT = ["preflight", ...CREATE.slice(1).filter((a) => a !== "--json")];
  const SECRET_URL = "postgres://admin:hunter2-very-secret@anywhere/orders";
  /** A world whose blue bgdb can look inside (the fake inspectors stand for `--db-url-env`'s connection). */
  const inside = (facts = pgFacts(), activity: DbActivity = { sessions: [] }) => {
    const w = world();
    const inspectors = fakeInspectors(facts, activity);
    const exec = (argv: string[], env: Record<string, string> = { BLUE_URL: SECRET_URL }) =>
      w.exec(argv, env, {
        makeDeps: (): Partial<Deps> => ({
          rds: w.aws.rds,
          metrics: w.aws.metrics,
          dns: w.aws.dns,
          identity: w.aws.identity,
          clock: w.clock,
          random: () => 0.5,
          region: "us-east-1",
          inspectors,
        }),
      });
    return { ...w, inspectors, exec };
  };

  it("without a connection: RDS's checks, a prediction that can't see blue, the create to run next (exit 0)", async () => {
    const w = world();
    const r = await w.exec([...PREFLIGHT, "--json"]);
    expect(r.code, r.err).toBe(0);
    const doc = r.json();
    expect(doc).toMatchObject({ ok: true, command: "preflight", phase: "preflight", blocked: null });
    expect(doc.data.checks.map((c: { name: string }) => c.name)).toEqual([
      "source-status",
      "backups",
      "managed-password",
      "upgrade-target",
      "rds.logical_replication",
      "parameter-group-in-sync",
      "target-parameter-group-family",
    ]);
    expect(doc.data.prediction).toMatchObject({ verdict: "unknown", recommendedTimeoutSeconds: 300 });
    expect(doc.nextSteps).toEqual([
      "bgdb create --source orders-prod --target-engine-version 17.2 --target-parameter-group pg17",
    ]);
    expect(w.aws.mutatingCalls()).toEqual([]);
  });

  it("a table without a primary key fails it (exit 3), named, with the fix; the URL is never shown", async () => {
    const w = inside(pgFacts({}, { keyless: [{ name: "public.audit_log", identity: "default" }], sequences: 3800 }));
    const r = await w.exec([...PREFLIGHT, "--db-url-env", "BLUE_URL"]);
    expect(r.code, r.err).toBe(3);
    expect(r.out).toContain("✖ 1 table without a primary key or REPLICA IDENTITY FULL: public.audit_log");
    expect(r.out).toMatch(/fix: Logical replication cannot apply their UPDATEs and DELETEs/);
    expect(r.out).toMatch(/recommend --timeout 390s: 3,800 sequences to sync/);
    expect(r.out).toMatch(/✖ Preflight failed: 1 table without a primary key/);
    expect(w.inspectors.opened).toEqual([
      { host: "orders-prod.c9abc.us-east-1.rds.amazonaws.com", port: 5432, engine: "postgres" },
    ]);
    const json = await w.exec([...PREFLIGHT, "--db-url-env", "BLUE_URL", "--json"]);
    expect(json.code).toBe(3);
    const doc = json.json();
    expect(doc).toMatchObject({ ok: false, blocked: { code: "PREFLIGHT_FAILED", exitCode: 3 } });
    expect(doc.data.checks).toContainEqual(
      expect.objectContaining({ name: "primary-keys", ok: false, message: expect.stringContaining("audit_log") }),
    );
    for (const text of [r.out, r.err, json.out, json.err]) expect(text).not.toContain("hunter2");
    expect(w.aws.mutatingCalls()).toEqual([]);
  });

  it("after the key is added it passes (exit 0), and blue's sessions feed the prediction", async () => {
    const w = inside(pgFacts(), {
      sessions: [{ id: "77", user: "app", command: "UPDATE", active: false, wrote: true, transactionMs: 400_000 }],
    });
    const r = await w.exec([...PREFLIGHT, "--db-url-env", "BLUE_URL", "--json"]);
    expect(r.code, r.err).toBe(0);
    const doc = r.json();
    expect(doc.data.checks).toContainEqual(expect.objectContaining({ name: "primary-keys", ok: true }));
    expect(doc.data.prediction.verdict).toBe("fail");
    expect(doc.data.prediction.guardrails).toContainEqual(
      expect.objectContaining({ name: "long-writes", ok: false, reading: expect.stringContaining("77 (app, UPDATE") }),
    );
    expect(doc.nextSteps[0]).toMatch(/--db-url-env BLUE_URL$/);
  });

  it("a quiet blue: the headline says what preflight judged; members and lag are left to the gate", async () => {
    const w = inside();
    const r = await w.exec([...PREFLIGHT, "--db-url-env", "BLUE_URL"]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain(
      "Switchover prediction: blue's sessions would pass RDS's guardrails now; green's members and lag are judged at the switchover's gate",
    );
    expect(r.out).not.toContain("RDS's guardrails would pass now");
    expect(r.out).toContain("? replication lag: not judged before green exists (the switchover's gate judges it)");
    const doc = (await w.exec([...PREFLIGHT, "--db-url-env", "BLUE_URL", "--json"])).json();
    expect(doc.data.prediction).toMatchObject({ verdict: "pass", deferred: ["members", "lag"] });
  });

  it("a target parameter group of another family fails (exit 3), naming both families", async () => {
    const w = world();
    w.aws.parameterGroups.set("pg17", { name: "pg17", family: "postgres16" });
    const r = await w.exec([...PREFLIGHT, "--json"]);
    expect(r.code).toBe(3);
    expect(r.json().data.checks).toContainEqual(
      expect.objectContaining({
        name: "target-parameter-group-family",
        ok: false,
        message: "target parameter group pg17 is family postgres16, but postgres 17.2 needs postgres17",
      }),
    );
  });

  it("--db-url-env naming an unset variable, or one that is not a URL, is bad input (exit 2), the value unshown", async () => {
    const w = world();
    const unset = await w.exec([...PREFLIGHT, "--db-url-env", "NOPE"]);
    expect(unset.code).toBe(2);
    expect(unset.err).toMatch(/read from NOPE \(--db-url-env\), which is not set/);
    const bad = await w.exec([...PREFLIGHT, "--db-url-env", "BLUE_URL"], { BLUE_URL: "host=x password=hunter2" });
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(
      /BLUE_URL \(--db-url-env\) must hold a postgres:\/\/, postgresql:\/\/, mysql:\/\/ or mariadb:/,
    );
    expect(bad.err).not.toContain("hunter2");
  });

  it("create runs the same checks and creates nothing when one fails", async () => {
    const w = inside(pgFacts({}, { keyless: [{ name: "public.audit_log", identity: "default" }] }));
    const r = await w.exec([...CREATE, "--db-url-env", "BLUE_URL"]);
    expect(r.code).toBe(3);
    expect(r.json().error).toMatchObject({ code: "PREFLIGHT_FAILED", message: expect.stringContaining("audit_log") });
    expect(w.aws.mutatingCalls()).toEqual([]);
    const planned = await w.exec([...CREATE, "--db-url-env", "BLUE_URL", "--dry-run"]);
    expect(planned.code).toBe(3);
    expect(planned.json().plan).toContainEqual(
      expect.objectContaining({
        kind: "check",
        what: "preflight",
        ok: false,
        reading: expect.stringContaining("audit_log"),
      }),
    );
  });

  it("the switchover plan's gate step carries the prediction, with blue's sessions", async () => {
    const w = inside(pgFacts({}, { sequences: 40 }), {
      sessions: [{ id: "9", command: "ALTER", active: true, wrote: false, statementMs: 5000 }],
    });
    expect((await w.exec(CREATE)).code).toBe(0);
    const r = await w.exec(["switchover", "orders-prod-to-17", "--db-url-env", "BLUE_URL", "--dry-run", "--json"]);
    expect(r.code, r.err).toBe(0);
    const gate = r.json().plan.find((s: { kind: string }) => s.kind === "gate");
    expect(gate.prediction).toMatchObject({ verdict: "fail", recommendedTimeoutSeconds: 300 });
    expect(gate.prediction.guardrails.map((g: { name: string; ok: unknown }) => `${g.name} ${g.ok}`)).toEqual([
      "members true",
      "lag true",
      "long-writes true",
      "ddl false",
    ]);
    expect(gate.prediction.reasoning).toMatch(/40 sequences to sync/);
    const text = await w.exec(["switchover", "orders-prod-to-17", "--db-url-env", "BLUE_URL", "--dry-run"]);
    expect(text.out).toMatch(/Switchover prediction: RDS would likely refuse or roll back now \(ddl\)/);
  });

  it("the test command and the hooks never inherit the database or probe URLs bgdb reads", async () => {
    const w = inside();
    // bgdb's children inherit the real process's environment: the URLs are set there, as a shell would.
    const urls = { BLUE_URL: SECRET_URL, BGDB_DB_URL: SECRET_URL, BGDB_PROBE_URL: SECRET_URL };
    for (const [name, value] of Object.entries(urls)) vi.stubEnv(name, value);
    vi.stubEnv("BGDB_TEST_KEPT", "kept");
    const dump = (file: string) => `env > ${JSON.stringify(join(w.dir, file))}`;
    const r = await w.exec(
      [
        "deploy",
        ...CREATE.slice(1, 7),
        "--db-url-env",
        "BLUE_URL",
        "--yes",
        "--hook",
        `after-create=${dump("hook.env")}`,
        "--",
        "sh",
        "-c",
        dump("test.env"),
      ],
      { ...urls, BGDB_TEST_KEPT: "kept" },
    );
    expect(r.code, r.err).toBe(0);
    for (const file of ["hook.env", "test.env"]) {
      const seen = readFileSync(join(w.dir, file), "utf8");
      expect(seen).toContain("BGDB_TEST_KEPT=kept");
      expect(seen).not.toContain("hunter2");
    }
  });
});

describe("in GitHub Actions (GITHUB_ACTIONS=true)", () => {
  const summaryIn = (w: { dir: string }, text = "") => {
    const file = join(w.dir, "step-summary.md");
    writeFileSync(file, text);
    return file;
  };

  it("each command appends its step summary: the switchover's gate checks, duration and new mapping", async () => {
    const w = world();
    const file = summaryIn(w, "an earlier step's summary\n");
    const env = { GITHUB_ACTIONS: "true", GITHUB_STEP_SUMMARY: file };
    expect((await w.exec(CREATE, env)).code).toBe(0);
    const r = await w.exec(["switchover", "orders-prod-to-17", "--yes"], env);
    expect(r.code, r.err).toBe(0);
    const md = readFileSync(file, "utf8");
    // Appended, never truncated: the earlier step's text, then create's, then the switchover's.
    expect(md.startsWith("an earlier step's summary\n### ✔ bgdb create · orders-prod-to-17")).toBe(true);
    expect(md).toContain("### ✔ bgdb switchover · orders-prod-to-17 (bgd-000000000001) · done, phase switched");
    expect(md).toContain(
      "#### Gate\n\n|   | check | reading |\n|---|---|---|\n| ✔ | deployment | deployment AVAILABLE |",
    );
    expect(md).toMatch(/\| ✔ \| lag \| replication lag .* ≤ .* \|/);
    expect(md).toMatch(/SWITCHOVER\\_COMPLETED in 0m1\ds\./);
    expect(md).toMatch(/\| orders-prod \| \S+:\d+ \| green, postgres 17\.2 \(was orders-prod-green-\w+\) \|/);
    expect(md).toContain("```sh\nbgdb cleanup orders-prod-to-17 --delete-old-blue");
    // Nothing failed or warned: no annotations.
    expect(r.err).not.toMatch(/^::/m);
  });

  it("a failing command prints ::error on stderr and its summary says why, with the gate as it stood", async () => {
    const w = world({ lagAt: () => 64 * 1024 * 1024 });
    const file = summaryIn(w);
    await w.exec(CREATE);
    const r = await w.exec(["switchover", "orders-prod-to-17", "--yes", "--json"], {
      GITHUB_ACTIONS: "true",
      GITHUB_STEP_SUMMARY: file,
    });
    expect(r.code).toBe(4);
    expect(r.err).toMatch(
      /^::error title=bgdb switchover::Switchover gate not met after 15m00s: .*%0AWait for lower write load/m,
    );
    // The JSON document on stdout is untouched: annotations are stderr's.
    expect(r.json()).toMatchObject({ ok: false, error: { code: "GATE_NOT_MET" } });
    const md = readFileSync(file, "utf8");
    expect(md).toContain(
      "### ✖ bgdb switchover · orders-prod-to-17 (bgd-000000000001) · failed: GATE\\_NOT\\_MET (exit 4)",
    );
    expect(md).toMatch(/\| ✖ \| lag \| replication lag 64 MiB .* is above 1 MiB/);
  });

  it("inside the Action's stop-commands fence, bgdb resumes commands for its annotations only", async () => {
    const w = world();
    const r = await w.exec(["cleanup", "orders-prod-to-17"], {
      GITHUB_ACTIONS: "true",
      GITHUB_STEP_SUMMARY: summaryIn(w),
      BGDB_GITHUB_STOP_TOKEN: "3f6c2a9e-token",
    });
    expect(r.code).toBe(3);
    expect(r.err).toMatch(
      /\n::3f6c2a9e-token::\n::error title=bgdb cleanup::[^\n]+\n::stop-commands::3f6c2a9e-token\n$/,
    );
  });

  it.each([
    ["unset", undefined, /GITHUB_STEP_SUMMARY is not set/],
    ["a directory", ".", /Could not append the step summary to .*EISDIR/],
  ])("a summary file that is %s is a warning on stderr, never a failure", async (_what, path, warning) => {
    const w = world();
    const r = await w.exec(CREATE, {
      GITHUB_ACTIONS: "true",
      ...(path === undefined ? {} : { GITHUB_STEP_SUMMARY: join(w.dir, path) }),
    });
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(warning);
    expect(r.json()).toMatchObject({ ok: true, phase: "green-ready" });
  });

  it("outside GitHub Actions: no annotations and no summary, even with the variable set", async () => {
    const w = world();
    const file = summaryIn(w);
    const r = await w.exec(["cleanup", "orders-prod-to-17"], { GITHUB_STEP_SUMMARY: file });
    expect(r.code).toBe(3);
    expect(r.err).not.toContain("::error");
    expect(readFileSync(file, "utf8")).toBe("");
  });
});
