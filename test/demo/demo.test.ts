/**
 * `bgdb demo` through the real binary: the whole job on real PostgreSQL and (`--engine mariadb`) on real MariaDB, as
 * a new user runs it. Needs `npm run build` (npm test builds first) and, for MariaDB, MariaDB installed (.ci/run).
 */
import { execFileSync, spawn } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { installedPgVersion } from "@bgdb/sandbox";
import { afterAll, expect, it } from "vitest";
import { withoutGithubRun } from "../support/github-env.js";

const BIN = fileURLToPath(new URL("../../bin/bgdb.js", import.meta.url));

// The demos' own temporary directory (their sandboxes live under it): what they leave behind is told apart from
// whatever else runs on the machine, another demo included.
const TMP = mkdtempSync(join(tmpdir(), "bgdb-demo-test-"));
// Running as root, the sandbox runs PostgreSQL as an unprivileged user, who must reach the directories under it.
chmodSync(TMP, 0o755);
afterAll(() => rmSync(TMP, { recursive: true, force: true }));

const leftovers = () =>
  execFileSync("ps", ["-eo", "args"], { encoding: "utf8" })
    .split("\n")
    .filter((l) => l.includes(TMP));

const PHASES = ["sandbox", "data", "create", "upgrade", "test", "lag", "switchover", "verify", "cleanup"];

/** A demo run: exit status, both streams, and when its first byte of progress arrived (ms after the start). */
function demo(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ status: number | null; stdout: string; stderr: string; firstOutputMs?: number }> {
  const started = Date.now();
  const child = spawn(process.execPath, [BIN, "demo", "--json", ...args], {
    env: {
      ...withoutGithubRun(process.env),
      CI: "true",
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
      TMPDIR: TMP,
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const timer = setTimeout(() => child.kill("SIGKILL"), 170_000);
  let stdout = "";
  let stderr = "";
  let firstOutputMs: number | undefined;
  child.stdout.on("data", (c: Buffer) => {
    stdout += c.toString();
  });
  child.stderr.on("data", (c: Buffer) => {
    firstOutputMs ??= Date.now() - started;
    stderr += c.toString();
  });
  return new Promise((resolve) =>
    child.on("close", (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr, firstOutputMs });
    }),
  );
}

it("runs create → upgrade → test → lag → switchover → cleanup on real PostgreSQL and loses nothing", async () => {
  const r = await demo([]);
  expect(r.status, r.stderr).toBe(0);
  // Something on the screen at once, before the sandbox's servers start (seconds): not an empty terminal.
  expect(r.stderr).toMatch(/^\S+Z sandbox +sandbox STARTING/);
  expect(r.firstOutputMs).toBeLessThan(1500);
  const doc = JSON.parse(r.stdout);
  expect(doc).toMatchObject({ ok: true, command: "demo", phase: "cleaned" });
  expect(Object.keys(doc.durations)).toEqual(PHASES);
  const summary = doc.summary.join("\n");
  // The demo upgrades to the 17.x the sandbox's installed server runs (what DescribeDBEngineVersions offers).
  expect(summary).toMatch(/green: pg16-source-green-[a-z0-9]{6} \(postgres 17\.\d+, available\)/);
  expect(summary).toContain(`(postgres ${installedPgVersion(17)}, available)`);
  expect(summary).toMatch(
    /production endpoint answers as PostgreSQL 17\.\d+; 1000\/1000 rows; probe: \d+ acknowledged writes, 0 missing/,
  );
  // The progress a real run shows went to stderr, phase by phase.
  for (const phase of ["preflight", "create", "upgrade", "test", "lag", "gate", "switchover", "cleanup"]) {
    expect(r.stderr).toMatch(new RegExp(`Z ${phase}\\s`));
  }
  expect(r.stderr).toMatch(/green answers as PostgreSQL 17/);
  // The versions shown are the servers' own, blue's as well as green's.
  expect(r.stderr).toContain(`Source pg16-source: postgres ${installedPgVersion(16)}, `);
  expect(summary).toContain(`1000 rows written to blue (PostgreSQL ${installedPgVersion(16)})`);
  // The application's CNAME, seeded in the sandbox's zone, is checked before the switchover and after it.
  expect(r.stderr).toMatch(/gate +Route 53 pg16-source\.db\.example\.internal → \S+ \(production endpoint\)/);
  expect(r.stderr).toMatch(
    /switchover +after switchover: Route 53 pg16-source\.db\.example\.internal → \S+ \(the production endpoint, now serving green\)/,
  );
  // The probe's verdict reads as the success it is, and the old blue is not called kept just before it is deleted.
  expect(r.stderr).toMatch(/every one of the \d+ acknowledged writes is present/);
  expect(r.stderr).not.toMatch(/old blue.*\bkept\b/);
  expect(r.stderr).toMatch(/Deleted old blue pg16-source-old1/);
  // It leaves nothing behind: no sandbox server, no postgres.
  expect(leftovers()).toEqual([]);
}, 180_000);

it("--engine mariadb: the same job on real MariaDB, green's parameter group in effect after the switchover", async () => {
  const r = await demo(["--engine", "mariadb"]);
  expect(r.status, r.stderr).toBe(0);
  const doc = JSON.parse(r.stdout);
  expect(doc).toMatchObject({ ok: true, command: "demo", phase: "cleaned" });
  expect(Object.keys(doc.durations)).toEqual(PHASES);
  const installed = /Ver (\d+\.\d+\.\d+)-MariaDB/.exec(
    execFileSync(process.env.BGDB_SANDBOX_MARIADBD ?? "mariadbd", ["--version"], { encoding: "utf8" }),
  )?.[1];
  const summary = doc.summary.join("\n");
  // No version change (one MariaDB build runs): green is the installed build with the tuned group and a bigger class.
  expect(summary).toMatch(new RegExp(`green: mariadb-source-green-[a-z0-9]{6} \\(mariadb ${installed}, available\\)`));
  expect(summary).toContain(`db.t4g.large`);
  // After the switchover production is the former green: MariaDB as it reports itself, the group's value, every row.
  expect(summary).toMatch(
    new RegExp(
      `production endpoint answers as MariaDB ${installed} \\(${installed}-MariaDB[^)]*\\), innodb_log_buffer_size = 33554432 \\(mariadb-tuned\\); 1000/1000 rows; probe: [1-9]\\d* acknowledged writes, 0 missing`,
    ),
  );
  expect(r.stderr).toMatch(
    /green answers as MariaDB [\d.]+; 1000 rows in demo_orders; innodb_log_buffer_size = 33554432/,
  );
  expect(r.stderr).toMatch(/SWITCHOVER_COMPLETED/);
  expect(r.stderr).toMatch(/after switchover: Route 53 mariadb-source\.db\.example\.internal → \S+ \(the production/);
  expect(doc.nextSteps).toContain(
    "bgdb --sandbox create --source mariadb-source --target-parameter-group mariadb-tuned",
  );
  expect(leftovers()).toEqual([]);
}, 180_000);

it("--engine mariadb where MariaDB is not installed: exit 3, saying how to install it, and nothing left behind", async () => {
  const r = await demo(["--engine", "mariadb"], { BGDB_SANDBOX_MARIADBD: "/nonexistent/mariadbd" });
  expect(r.status, r.stderr).toBe(3);
  const doc = JSON.parse(r.stdout);
  expect(doc).toMatchObject({ ok: false, error: { code: "ENGINE_NOT_INSTALLED" } });
  expect(doc.error.message).toMatch(/The MariaDB demo cannot run here: MariaDB is not installed/);
  expect(doc.error.message).toMatch(/apt-get install mariadb-server-core mariadb-client/);
  expect(leftovers()).toEqual([]);
}, 60_000);
