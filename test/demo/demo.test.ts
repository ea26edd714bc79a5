/**
 * `bgdb demo` through the real binary: the whole job on real PostgreSQL, as a new user runs it. Needs `npm run build`
 * (npm test builds first).
 */
import { execFileSync, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { installedPgVersion } from "@bgdb/sandbox";
import { expect, it } from "vitest";

const BIN = fileURLToPath(new URL("../../bin/bgdb.js", import.meta.url));

const leftovers = () =>
  execFileSync("ps", ["-eo", "args"], { encoding: "utf8" })
    .split("\n")
    .filter((l) => l.includes("bgdb-demo-"));

/** The demo's run: exit status, both streams, and when its first byte of progress arrived (ms after the start). */
function runDemo(): Promise<{ status: number | null; stdout: string; stderr: string; firstOutputMs?: number }> {
  const started = Date.now();
  const child = spawn(process.execPath, [BIN, "demo", "--json"], {
    env: { ...process.env, CI: "true", AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
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
  const r = await runDemo();
  expect(r.status, r.stderr).toBe(0);
  // Something on the screen at once, before the sandbox's servers start (seconds): not an empty terminal.
  expect(r.stderr).toMatch(/^\S+Z sandbox +sandbox STARTING/);
  expect(r.firstOutputMs).toBeLessThan(1500);
  const doc = JSON.parse(r.stdout);
  expect(doc).toMatchObject({ ok: true, command: "demo", phase: "cleaned" });
  expect(Object.keys(doc.durations)).toEqual([
    "sandbox",
    "data",
    "create",
    "upgrade",
    "test",
    "lag",
    "switchover",
    "verify",
    "cleanup",
  ]);
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
