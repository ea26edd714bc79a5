/**
 * What a new user meets first, through the real binary against a sandbox of its own: on a terminal (a real
 * pseudo-terminal) each command's result is shown once; in CI, `bgdb test -- psql …` and `-- mariadb …` connect
 * to green with no password prompt, from the environment bgdb gives them alone; a mariadb:// probe URL gets the
 * MySQL family's driver.
 */
import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MYSQL_PROBE_TABLE_DDL } from "../../src/adapters/probe/mysql-write-probe.js";
import { CREATE_ARGS, DEPLOYMENT, E2eSandbox, expectExit, jsonOf, TEST_TIMEOUT_MS } from "./helpers.js";
import { repeatedLines, runInTerminal, screenOf } from "./terminal.js";

describe.sequential("e2e: the first hour, on a terminal and in CI", () => {
  const sb = new E2eSandbox("first-hour");
  /** The MariaDB deployment the test step creates, switched over by the probe's step. */
  let mariadbName = "";
  beforeAll(() => sb.startSeeded(10), TEST_TIMEOUT_MS);
  afterAll(() => sb.dispose());

  /** `bgdb --sandbox <args>` in a pseudo-terminal: the screen it leaves, checked to show nothing twice. */
  const onTerminal = async (...args: string[]): Promise<string[]> => {
    const r = await runInTerminal(
      ["--sandbox", "--sandbox-dir", sb.sandboxDir, "--state-dir", sb.stateDir, ...args],
      sb.root,
    );
    const screen = screenOf(r.stdout);
    expect(r.code, `exit code; the terminal showed:\n${screen.join("\n")}\n${r.stderr}`).toBe(0);
    expect(repeatedLines(screen), `lines shown twice; the terminal showed:\n${screen.join("\n")}`).toEqual([]);
    return screen;
  };
  const count = (screen: string[], pattern: RegExp) => screen.filter((l) => pattern.test(l)).length;

  it(
    "create: the ✔ result and the Next: commands once each, the commands keeping --sandbox",
    async () => {
      const screen = await onTerminal(...CREATE_ARGS);
      expect(count(screen, /^✔ AVAILABLE after \d+m\d\ds — green: /)).toBe(1);
      expect(count(screen, /^✔ Created blue\/green deployment /)).toBe(1);
      const next = screen.filter((l) => /^(Next:| {6})bgdb /.test(l));
      expect(next.length).toBeGreaterThan(0);
      for (const l of next) expect(l).toMatch(/bgdb --sandbox --sandbox-dir \S+ --state-dir \S+ [a-z]/);
      expect(count(screen, /^Next: /)).toBe(1);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "test and lag: each result line once",
    async () => {
      const tested = await onTerminal("test", DEPLOYMENT, "--", "sh", "-c", "exit 0");
      expect(count(tested, /^✔ sh -c 'exit 0' → passed/)).toBe(1);
      const lag = await onTerminal("lag", DEPLOYMENT);
      expect(count(lag, /OldestReplicationSlotLag on blue pg16-source: /)).toBe(1);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "CI=true test -- psql -tAc 'select 1': connects as the master user with the sandbox's password, no prompt",
    async () => {
      const r = await sb.bgdb("test", DEPLOYMENT, "--", "psql", "-tAc", "select 1");
      expectExit(r, 0);
      // The child's output goes to stderr (stdout carries only bgdb's result).
      expect(r.stderr).toMatch(/^1$/m);
      expect(r.stderr).not.toMatch(/Password for user/);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "switchover and cleanup: each result once",
    async () => {
      const switched = await onTerminal("switchover", DEPLOYMENT, "--yes");
      expect(count(switched, /^✔ SWITCHOVER_COMPLETED in /)).toBe(1);
      expect(count(switched, /^ {2}pg16-source-old1 → old blue, read-only; only bgdb --sandbox /)).toBe(1);
      const cleaned = await onTerminal("cleanup", DEPLOYMENT);
      expect(count(cleaned, /deleted the deployment object pg16-source-to-17 /)).toBe(1);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "CI=true test -- mariadb -e …: a MariaDB green gets host, port, user and password from bgdb alone",
    async () => {
      const created = await sb.bgdb("create", "--source", "mariadb-source", "--allow-no-change", "--json");
      expectExit(created, 0);
      const name = jsonOf(created).deployment.name;
      const r = await sb.bgdb("test", name, "--", "mariadb", "-N", "-e", "select concat('as ', current_user())");
      expectExit(r, 0);
      expect(r.stderr).toMatch(/^as bgdb@/m);
      expect(r.stderr).not.toMatch(/Access denied|Enter password/);
      mariadbName = name;
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "switchover --probe with a mariadb:// URL writes through MariaDB's driver and loses nothing",
    async () => {
      const sandbox = JSON.parse(await sb.control("status", "--json"));
      const blue = sandbox.instances.find((i: { id: string }) => i.id === "mariadb-source");
      const password = process.env.BGDB_SANDBOX_MASTER_PASSWORD || "bgdb-sandbox";
      // On blue, before the switchover (binlog replication carries it to green).
      const login = ["-h", blue.address, "-P", String(blue.port), "-u", "bgdb", `-p${password}`, "app"];
      execFileSync("mariadb", [...login, "-e", MYSQL_PROBE_TABLE_DDL("bgdb_probe")]);
      const url = `mariadb://bgdb:${password}@${blue.address}:${blue.port}/app`;
      const r = await sb.bgdbWithEnv({ BGDB_PROBE_URL: url }, "switchover", mariadbName, "--yes", "--probe", "--json");
      expectExit(r, 0);
      expect(jsonOf(r).data.probe).toMatchObject({ missing: 0, verified: true });
      expect(jsonOf(r).data.probe.acknowledged).toBeGreaterThan(0);
      expect(r.stderr).toMatch(/last answered by MariaDB \d+\.\d+\.\d+/);
    },
    TEST_TIMEOUT_MS,
  );
});
