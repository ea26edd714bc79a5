/**
 * The published entry point, spawned for real: bin/bgdb.js → dist/bgdb.js. Needs `npm run build` first (the
 * `test` script does it).
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { withoutGithubRun } from "../support/github-env.js";
import { COMMANDS } from "./helpers.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const bin = fileURLToPath(new URL("../../bin/bgdb.js", import.meta.url));

function bgdb(...args: string[]) {
  if (!existsSync(`${root}dist/bgdb.js`)) throw new Error("dist/bgdb.js is missing: run `npm run build` first");
  return spawnSync(process.execPath, [bin, ...args], {
    cwd: root,
    encoding: "utf8",
    env: { ...withoutGithubRun(process.env), CI: "true", NO_COLOR: "1" },
    timeout: 15_000,
  });
}

describe("bin/bgdb.js", () => {
  it("--help lists the commands and exit codes, exit 0", () => {
    const r = bgdb("--help");
    expect(r.status).toBe(0);
    for (const name of COMMANDS) {
      expect(r.stdout).toContain(`  ${name} `);
    }
    expect(r.stdout).toContain("Exit codes:");
  });

  it("a bad flag value exits 2 naming the flag and its range", () => {
    const r = bgdb("switchover", "orders-to-17", "--timeout", "10");
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("--timeout must be a whole number of seconds from 30 to 3600");
  });

  it("an unknown option exits 2", () => {
    const r = bgdb("list", "--frobnicate");
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("--frobnicate");
  });
});
