/**
 * What the CLI hands to core and how it renders core's answer. Core is replaced by spies here: these tests are about
 * flag → option plumbing (config file, overrides, defaults) and exit codes, not about the workflow.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { CommandResult } from "../../src/core/result.js";
import { harness } from "./helpers.js";

const result = (command: string): CommandResult => ({
  command,
  phase: "green-ready",
  members: [],
  durations: { wait: 1000 },
  report: [{ code: "create.created", name: "orders-to-17", id: "bgd-1" }],
  nextSteps: ["bgdb switchover orders-to-17"],
});

const core = vi.hoisted(() => ({
  create: vi.fn(),
  upgrade: vi.fn(),
  test: vi.fn(),
  lag: vi.fn(),
  switchover: vi.fn(),
  cleanup: vi.fn(),
  abort: vi.fn(),
  status: vi.fn(),
  list: vi.fn(),
  deploy: vi.fn(),
}));

vi.mock("../../src/core/index.js", async (importOriginal) => ({
  ...(await importOriginal<object>()),
  ...core,
}));

beforeEach(() => {
  for (const [name, fn] of Object.entries(core)) fn.mockResolvedValue(result(name));
});

const optionsOf = (fn: (typeof core)[keyof typeof core]) => fn.mock.calls[0]?.[1];

describe("options reach core", () => {
  it("create: tags, --no-wait, durations", async () => {
    const h = harness();
    const code = await h.run([
      "create",
      "--source",
      "orders",
      "--tag",
      "a=1",
      "--tag",
      "b=x=y",
      "--no-wait",
      "--timeout",
      "1h30m",
    ]);
    expect(code).toBe(0);
    expect(optionsOf(core.create)).toMatchObject({
      source: "orders",
      tags: { a: "1", b: "x=y" },
      wait: false,
      timeoutMs: 5_400_000,
    });
  });

  it("test: the command after -- keeps its own flags, even bgdb's", async () => {
    const h = harness();
    expect(await h.run(["test", "orders-to-17", "--timeout", "10m", "--", "psql", "--json", "-c", "select 1"])).toBe(0);
    expect(optionsOf(core.test)).toEqual({
      deployment: "orders-to-17",
      command: "psql",
      args: ["--json", "-c", "select 1"],
      timeoutMs: 600_000,
    });
  });

  it("switchover: probe flags pass through", async () => {
    const h = harness();
    const env = { BGDB_STATE_DIR: h.stateDir, PROBE_URL: "postgres://probe@db/x" };
    expect(
      await h.run(["switchover", "bgd-abc123", "--probe", "--probe-url-env", "PROBE_URL", "--yes", "--max-lag", "2s"], {
        env,
      }),
    ).toBe(0);
    expect(optionsOf(core.switchover)).toMatchObject({
      deployment: "bgd-abc123",
      probe: true,
      probeUrlEnv: "PROBE_URL",
      yes: true,
      maxLag: { seconds: 2, bytes: 1024 * 1024 },
    });
  });

  it("global options are validated and deps carry the injected ports and a signal", async () => {
    const h = harness();
    expect(await h.run(["list", "--region", "eu-west-1", "--state-dir", "journal"])).toBe(0);
    const deps = core.list.mock.calls[0]?.[0];
    expect(deps.rds).toBe(h.rds);
    expect(deps.clock).toBe(h.clock);
    expect(deps.signal).toBeInstanceOf(AbortSignal);
    expect(typeof deps.confirmer.confirm).toBe("function");
    expect(typeof deps.journal.acquireLock).toBe("function");
  });
});

describe("deploy --config", () => {
  it("reads the file, validates it with the flag schema, and lets flags override it", async () => {
    const h = harness();
    await writeFile(
      join(h.stateDir, "upgrade.yaml"),
      [
        "source: orders-prod",
        "target-engine-version: '17.2'",
        "switchover-timeout: 600",
        "stable-samples: 5",
        "wait: true",
        "until: created",
        "test: npm run test:integration",
        "tag: {team: db}",
      ].join("\n"),
    );
    const code = await h.run([
      "deploy",
      "--config",
      "upgrade.yaml",
      "--until",
      "switched",
      "--stable-samples",
      "7",
      "--yes",
    ]);
    expect(code).toBe(0);
    const o = optionsOf(core.deploy);
    expect(o.create).toMatchObject({
      source: "orders-prod",
      targetEngineVersion: "17.2",
      wait: true,
      tags: { team: "db" },
    });
    expect(o.switchover).toMatchObject({ timeoutSeconds: 600, stableSamples: 7, yes: true });
    expect(o.test).toEqual({ command: "npm", args: ["run", "test:integration"], timeoutMs: undefined });
    expect(o.until).toBe("switched");
  });

  it("a bad value in the file exits 2 naming the file and the key", async () => {
    const h = harness();
    await writeFile(join(h.stateDir, "bad.json"), JSON.stringify({ source: "orders", "max-lag": "lots" }));
    expect(await h.run(["deploy", "--config", "bad.json"])).toBe(2);
    expect(h.out() + h.err()).toMatch(/--config bad.json.*--max-lag must be/);
    expect(core.deploy).not.toHaveBeenCalled();
  });

  it("-- after deploy gives the test command, overriding the file's", async () => {
    const h = harness();
    await writeFile(join(h.stateDir, "u.yaml"), "source: orders\ntest: [npm, test]\n");
    expect(await h.run(["deploy", "--config", "u.yaml", "--yes", "--", "make", "check"])).toBe(0);
    expect(optionsOf(core.deploy).test).toMatchObject({ command: "make", args: ["check"] });
  });
});

describe("results and errors", () => {
  it("--json prints one JSON document with nextSteps on stdout", async () => {
    const h = harness();
    expect(await h.run(["status", "orders-to-17", "--json"])).toBe(0);
    const doc = JSON.parse(h.out());
    expect(doc.nextSteps).toEqual(["bgdb switchover orders-to-17"]);
  });

  it("a core error maps to its exit code", async () => {
    const { GateTimeoutError } = await import("../../src/core/errors.js");
    core.switchover.mockRejectedValueOnce(new GateTimeoutError("GATE_NOT_MET", "Lag stayed above 1 MiB."));
    const h = harness();
    expect(await h.run(["switchover", "orders-to-17", "--yes"])).toBe(4);
    expect(h.out() + h.err()).toContain("Lag stayed above 1 MiB.");
  });

  it("an unexpected error is an internal error (exit 1)", async () => {
    core.list.mockRejectedValueOnce(new TypeError("boom"));
    const h = harness();
    expect(await h.run(["list"])).toBe(1);
  });

  it("the abort signal reaches core; an interrupted run exits 130", async () => {
    const { InterruptedError } = await import("../../src/core/errors.js");
    const controller = new AbortController();
    core.status.mockImplementationOnce(async (deps: { signal: AbortSignal }) => {
      controller.abort();
      if (deps.signal.aborted) throw new InterruptedError("Interrupted; run the same command again to resume.");
      return result("status");
    });
    const h = harness();
    expect(await h.run(["status", "orders-to-17"], { signal: controller.signal })).toBe(130);
  });

  it("demo is registered with help that says it needs no AWS account", async () => {
    const h = harness();
    expect(await h.run(["demo", "--help"])).toBe(0);
    expect(h.out()).toMatch(/sandbox/);
  });
});
