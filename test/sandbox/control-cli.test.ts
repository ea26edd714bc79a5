import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const root = join(import.meta.dirname, "../..");
const outDir = mkdtempSync(join(tmpdir(), "bgdb-sandbox-build-"));
const dir = mkdtempSync(join(tmpdir(), "bgdb-sandbox-cli-"));
const cli = (...args: string[]) =>
  run(process.execPath, [join(outDir, "sandbox/cli.js"), ...args, "--sandbox-dir", dir], { timeout: 30_000 }).then(
    (r) => r.stdout,
  );

describe("sandbox control CLI (spawned, real background server)", () => {
  beforeAll(async () => {
    // Compile only the sandbox (it imports nothing outside src/sandbox) so others' in-progress files can't break this.
    await run(
      process.execPath,
      [
        join(root, "node_modules/typescript/bin/tsc"),
        "--outDir",
        outDir,
        "--rootDir",
        join(root, "src"),
        "--module",
        "NodeNext",
        "--moduleResolution",
        "NodeNext",
        "--target",
        "ES2022",
        "--types",
        "node",
        "--skipLibCheck",
        join(root, "src/sandbox/cli.ts"),
      ],
      { cwd: root, timeout: 120_000 },
    );
  }, 150_000);
  afterAll(async () => {
    await cli("reset").catch(() => undefined);
    rmSync(outDir, { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  });

  it("starts once, reuses, seeds, shows faults, restarts after a crash, stops", async () => {
    const first = JSON.parse(await cli("start", "--json"));
    expect(first.started).toBe(true);
    const again = JSON.parse(await cli("start", "--json"));
    expect(again).toEqual(expect.objectContaining({ started: false, url: first.url }));
    expect(JSON.parse(await cli("ensure", "--json"))).toEqual({ url: first.url, region: "us-east-1" });
    expect(JSON.parse(await cli("seed", "--json")).created).toContain("pg16-source");
    await cli("fault", "throttle", "--rate", "0.25");
    const status = JSON.parse(await cli("status", "--json"));
    expect(status.counts.instances).toBe(3);
    expect(status.faultDescriptions).toEqual(["throttle (rate=0.25)"]);
    process.kill(first.pid, "SIGKILL");
    const restarted = JSON.parse(await cli("start", "--json"));
    expect(restarted.started).toBe(true);
    expect(JSON.parse(await cli("status", "--json")).counts.instances).toBe(3);
    await cli("fault", "clear");
    expect(JSON.parse(await cli("status", "--json")).faults).toEqual([]);
    await cli("stop");
    expect(existsSync(join(dir, "server.json"))).toBe(false);
    expect(JSON.parse(readFileSync(join(dir, "state.json"), "utf8")).instances).toHaveLength(3);
  }, 60_000);
});
