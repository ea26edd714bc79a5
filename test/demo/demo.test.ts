/**
 * `bgdb demo` through the real binary: the whole job on real PostgreSQL, as a new user runs it. Needs `npm run build`
 * (npm test builds first).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { installedPgVersion } from "@bgdb/sandbox";
import { expect, it } from "vitest";
import { withoutGithubRun } from "../support/github-env.js";

const BIN = fileURLToPath(new URL("../../bin/bgdb.js", import.meta.url));

const leftovers = () =>
  execFileSync("ps", ["-eo", "args"], { encoding: "utf8" })
    .split("\n")
    .filter((l) => l.includes("bgdb-demo-"));

it("runs create → upgrade → test → lag → switchover → cleanup on real PostgreSQL and loses nothing", () => {
  const r = spawnSync(process.execPath, [BIN, "demo", "--json"], {
    encoding: "utf8",
    env: { ...withoutGithubRun(process.env), CI: "true", AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
    timeout: 170_000,
  });
  expect(r.status, r.stderr).toBe(0);
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
  // It leaves nothing behind: no sandbox server, no postgres.
  expect(leftovers()).toEqual([]);
}, 180_000);
