import { execFile } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { isProcessAlive as alive } from "../../src/common/process.js";

const run = promisify(execFile);
// The package's own build (npm test builds before it runs).
const cliPath = join(import.meta.dirname, "../dist/sandbox/src/cli.js");
const dir = mkdtempSync(join(tmpdir(), "bgdb-sandbox-cli-"));
// As root the PostgreSQL servers run as the `postgres` user, which must reach <dir>/pg.
chmodSync(dir, 0o755);
const cli = (...args: string[]) =>
  run(process.execPath, [cliPath, ...args, "--sandbox-dir", dir], { timeout: 30_000 }).then((r) => r.stdout);

/** Runs the CLI expecting failure: its exit code and stderr. */
const refused = (...args: string[]) =>
  run(process.execPath, [cliPath, ...args], { timeout: 30_000 }).then(
    (r) => ({ code: 0, stderr: r.stderr }),
    (e: { code: number; stderr: string }) => ({ code: e.code, stderr: e.stderr }),
  );

describe("sandbox control CLI: bad invocations", () => {
  // A directory that must still not exist afterwards: nothing was started, written or created.
  const untouched = join(dir, "never-created");

  it.each([
    [["status", "--bogus"], /^sandbox: unknown option --bogus/],
    [["launch"], /^sandbox: unknown command launch/],
    [["fault", "melt-down"], /^sandbox: fault: Unknown fault kind "melt-down"/],
    [["fault", "throttle", "--rate=-0.5"], /rate must be a number between 0 and 1; got -0.5/],
    [["fault", "throttle", "--rate", "-0.5"], /--rate needs a value; write --rate=<value>/],
    [["fault", "throttle", "--rate", "1.5"], /rate must be a number between 0 and 1; got 1.5/],
    [["fault", "server-error", "--count", "2.5"], /count must be a whole number of at least 1; got 2.5/],
    [["fault", "throttle", "--rate", "half"], /--rate must be a number; got "half"/],
    [["fault", "throttle", "--seconds", "3"], /seconds does not apply to a throttle fault/],
    [["fault", "switchover-failure", "--settles-to", "MAYBE"], /settlesTo must be one of/],
    [["fault", "latency", "--action", "SwitchoverBlueGreenDeployment"], /latency needs seconds/],
    [["fault", "latency", "--seconds", "600"], /latency seconds must be at most 60/],
    [["fault"], /fault needs a kind/],
    [["status", "--rate", "1"], /status takes no --rate/],
    [["start", "--speed", "0"], /--speed must be > 0/],
    [["start", "--port", "70000"], /--port must be a whole number from 0 to 65535/],
    [["stop", "now"], /unexpected argument now/],
    [["requests", "--service", "ec2"], /--service must be one of rds, monitoring, route53, sts; got "ec2"/],
    [["requests", "--rate", "1"], /requests takes no --rate/],
  ])("%j exits 2 with a one-line usage error and no side effect", async (args, message) => {
    const r = await refused(...args, "--sandbox-dir", untouched);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(existsSync(untouched)).toBe(false);
  });
});

describe("sandbox control CLI (spawned, real background server)", () => {
  afterAll(async () => {
    await cli("reset").catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  it("starts once, reuses, seeds, shows faults, restarts after a crash, stops", async () => {
    const first = JSON.parse(await cli("start", "--json"));
    expect(first.started).toBe(true);
    const again = JSON.parse(await cli("start", "--json"));
    expect(again).toEqual(expect.objectContaining({ started: false, url: first.url }));
    // The seeded servers' password, as the serving process has it (bgdb test and bgdb verify log in with it).
    expect(JSON.parse(await cli("ensure", "--json"))).toEqual({
      url: first.url,
      region: "us-east-1",
      masterPassword: process.env.BGDB_SANDBOX_MASTER_PASSWORD || "bgdb-sandbox",
    });
    // The admin API answers only to the token the server left in the sandbox dir (0600); a stranger's stop fails.
    expect(statSync(join(dir, "admin-token")).mode & 0o777).toBe(0o600);
    const stranger = await fetch(`${first.url}/_sandbox/shutdown`, { method: "POST" });
    expect(stranger.status).toBe(403);
    expect(JSON.parse(await cli("status", "--json"))).toEqual(
      expect.objectContaining({ running: true, pid: first.pid }),
    );
    const seeded = JSON.parse(await cli("seed", "--json"));
    expect(seeded.created).toContain("pg16-source");
    // The real MariaDB source is named in the seeded zone like every other source.
    expect(seeded.dns.created).toContain("mariadb-source.db.example.internal.");
    // The request log: what reached the AWS API (admin calls such as seed and status are not in it).
    const aws = (body: string) =>
      fetch(first.url, {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          authorization: "AWS4-HMAC-SHA256 Credential=x/20261126/us-east-1/rds/aws4_request",
        },
        body,
      });
    await aws("Action=DescribeDBInstances&Version=2014-10-31&DBInstanceIdentifier=pg16-source");
    await aws("Action=DescribeBlueGreenDeployments&Version=2014-10-31");
    const logged = JSON.parse(await cli("requests", "--action", "DescribeDBInstances", "--json"));
    expect(logged).toEqual({
      running: true,
      dropped: 0,
      requests: [
        expect.objectContaining({
          seq: 1,
          service: "rds",
          action: "DescribeDBInstances",
          status: 200,
          params: { DBInstanceIdentifier: "pg16-source" },
        }),
      ],
    });
    expect((await cli("requests")).trimEnd().split("\n")).toEqual([
      expect.stringMatching(/^1 \S+Z rds DescribeDBInstances 200 DBInstanceIdentifier=pg16-source$/),
      expect.stringMatching(/^2 \S+Z rds DescribeBlueGreenDeployments 200$/),
    ]);
    await cli("fault", "throttle", "--rate", "0.25");
    const status = JSON.parse(await cli("status", "--json"));
    expect(status.counts.instances).toBe(4);
    expect(status.faultDescriptions).toEqual(["throttle (rate=0.25)"]);
    const backing = (s: { instances: { id: string; status: string; backing: string }[] }) =>
      Object.fromEntries(s.instances.map((i) => [i.id, `${i.status} ${i.backing}`]));
    const mariadb = status.instances.find((i: { id: string }) => i.id === "mariadb-source").engineVersion;
    expect(backing(status)).toEqual({
      "pg16-source": "available PostgreSQL 16 server",
      "mariadb-source": `available MariaDB ${mariadb} server`,
      "mysql80-source": "available model-only",
      "aurora-pg-source-instance-1": "available model-only",
    });
    // A hard crash leaves the postmaster and mariadbd behind; the restarted server reaps them and serves them again.
    process.kill(first.pid, "SIGKILL");
    const restarted = JSON.parse(await cli("start", "--json"));
    expect(restarted.started).toBe(true);
    const after = JSON.parse(await cli("status", "--json"));
    expect(after.counts.instances).toBe(4);
    expect(backing(after)["pg16-source"]).toBe("available PostgreSQL 16 server");
    expect(backing(after)["mariadb-source"]).toBe(`available MariaDB ${mariadb} server`);
    await cli("fault", "clear");
    expect(JSON.parse(await cli("status", "--json")).faults).toEqual([]);
    // SIGTERM (what a supervisor or CI sends) closes the data plane before the process exits.
    process.kill(restarted.pid, "SIGTERM");
    const deadline = Date.now() + 20_000;
    while (alive(restarted.pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(alive(restarted.pid)).toBe(false);
    await cli("stop");
    expect(existsSync(join(dir, "server.json"))).toBe(false);
    expect(JSON.parse(await cli("requests", "--json"))).toEqual(expect.objectContaining({ running: false }));
    // Stopping stopped the database servers too: no postmaster or mariadbd of this sandbox is left.
    const left = await run("ps", ["-eo", "args"]).then((r) => r.stdout.split("\n").filter((l) => l.includes(dir)));
    expect(left).toEqual([]);
    expect(JSON.parse(readFileSync(join(dir, "state.json"), "utf8")).instances).toHaveLength(4);
  }, 60_000);
});
