import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createProcessRunner } from "../../../src/adapters/system/process-runner.js";

function capture(): Writable & { text: () => string } {
  const chunks: string[] = [];
  const w = new Writable({
    write(chunk, _enc, cb) {
      chunks.push(String(chunk));
      cb();
    },
  });
  return Object.assign(w, { text: () => chunks.join("") });
}

const node = process.execPath;

describe("createProcessRunner", () => {
  it("sends the child's stdout and stderr to the given stderr stream, never stdout", async () => {
    const stderr = capture();
    const stdout = capture();
    const runner = createProcessRunner({ stderr, stdout });
    const result = await runner.run({
      command: node,
      args: ["-e", "process.stdout.write('to-out\\n'); process.stderr.write('to-err\\n')"],
      env: {},
    });
    expect(result).toMatchObject({ exitCode: 0, timedOut: false });
    expect(result.durationMs).toBeGreaterThanOrEqual(0);
    expect(stderr.text()).toContain("to-out");
    expect(stderr.text()).toContain("to-err");
    expect(stdout.text()).toBe("");
  });

  it("adds request.env to the parent environment", async () => {
    const stderr = capture();
    process.env.BGDB_TEST_PARENT = "parent";
    try {
      await createProcessRunner({ stderr }).run({
        command: node,
        args: ["-e", "console.log(process.env.BGDB_TEST_PARENT + '/' + process.env.BGDB_TEST_CHILD)"],
        env: { BGDB_TEST_CHILD: "child" },
      });
    } finally {
      delete process.env.BGDB_TEST_PARENT;
    }
    expect(stderr.text()).toContain("parent/child");
  });

  it("withholds the variables it is told to, from bgdb's environment and the request's alike", async () => {
    const stderr = capture();
    process.env.BGDB_TEST_WITHHELD = "fence-token";
    try {
      await createProcessRunner({ stderr, withheldEnv: ["BGDB_TEST_WITHHELD", "BGDB_TEST_ALSO"] }).run({
        command: node,
        args: [
          "-e",
          "console.log(['BGDB_TEST_WITHHELD', 'BGDB_TEST_ALSO', 'BGDB_TEST_KEPT'].map((k) => process.env[k]))",
        ],
        env: { BGDB_TEST_ALSO: "added", BGDB_TEST_KEPT: "kept" },
      });
    } finally {
      delete process.env.BGDB_TEST_WITHHELD;
    }
    expect(stderr.text()).toContain("[ undefined, undefined, 'kept' ]");
  });

  it("passes arguments without a shell", async () => {
    const stderr = capture();
    await createProcessRunner({ stderr }).run({
      command: node,
      args: ["-e", "console.log(JSON.stringify(process.argv.slice(1)))", "$HOME", "a b;c"],
      env: {},
    });
    expect(stderr.text()).toContain('["$HOME","a b;c"]');
  });

  it("reports a non-zero exit code", async () => {
    const result = await createProcessRunner({ stderr: capture() }).run({
      command: node,
      args: ["-e", "process.exit(3)"],
      env: {},
    });
    expect(result).toMatchObject({ exitCode: 3, timedOut: false });
  });

  it("kills the child on timeout with SIGTERM", async () => {
    const result = await createProcessRunner({ stderr: capture() }).run({
      command: node,
      args: ["-e", "setInterval(() => {}, 1000)"],
      env: {},
      timeoutMs: 200,
    });
    expect(result).toMatchObject({ exitCode: null, signal: "SIGTERM", timedOut: true });
  });

  it("escalates to SIGKILL when the child ignores SIGTERM", async () => {
    const result = await createProcessRunner({ stderr: capture(), killGraceMs: 100 }).run({
      command: node,
      args: ["-e", "process.on('SIGTERM', () => {}); console.log('ready'); setInterval(() => {}, 1000)"],
      env: {},
      timeoutMs: 700,
    });
    expect(result).toMatchObject({ exitCode: null, signal: "SIGKILL", timedOut: true });
  });

  it("kills the child when the signal aborts", async () => {
    const ac = new AbortController();
    const p = createProcessRunner({ stderr: capture() }).run({
      command: node,
      args: ["-e", "setInterval(() => {}, 1000)"],
      env: {},
      signal: ac.signal,
    });
    setTimeout(() => ac.abort(), 100);
    const result = await p;
    expect(result).toMatchObject({ exitCode: null, signal: "SIGTERM", timedOut: false });
  });

  it("resolves 127 with a message when the command does not exist", async () => {
    const stderr = capture();
    const result = await createProcessRunner({ stderr }).run({
      command: "bgdb-no-such-command-xyz",
      args: [],
      env: {},
    });
    expect(result.exitCode).toBe(127);
    expect(result.timedOut).toBe(false);
    expect(stderr.text()).toContain("bgdb-no-such-command-xyz: command not found");
  });
});
