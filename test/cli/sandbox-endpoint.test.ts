/**
 * `--sandbox` finds a running sandbox without starting a process: server.json with a live pid whose admin API answers
 * to the directory's token is enough; anything less (a dead pid, a port nobody answers on, another token) runs the
 * sandbox program's `ensure`, which starts one. The spawn is faked: the test sees whether it happened and with what.
 */
import { type ChildProcess, spawnSync } from "node:child_process";
import { EventEmitter } from "node:events";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterEach, beforeEach, expect, it, vi } from "vitest";
import type { CliIo } from "../../src/cli/io.js";

const spawned = vi.hoisted(() => [] as string[][]);
vi.mock("node:child_process", async (importOriginal) => {
  const real = await importOriginal<typeof import("node:child_process")>();
  return {
    ...real,
    // The sandbox program's `ensure`, answering as a freshly started sandbox would.
    spawn: (_cmd: string, args: string[]) => {
      spawned.push(args);
      const child = Object.assign(new EventEmitter(), { stdout: new PassThrough(), stderr: new PassThrough() });
      setImmediate(() => {
        child.stdout.end(`${JSON.stringify({ url: "http://127.0.0.1:1/started", region: "us-east-1" })}\n`);
        child.emit("close", 0);
      });
      return child as unknown as ChildProcess;
    },
  };
});

const { ensureSandbox } = await import("../../src/cli/sandbox-program.js");

let dir: string;
let server: Server;
let url: string;
const TOKEN = "the-directory-token";

const io = (): CliIo => ({
  stdout: new PassThrough(),
  stderr: new PassThrough(),
  stdin: new PassThrough(),
  env: {},
  isTTY: false,
  cwd: dir,
});

function writeServerJson(pid: number, at = url): void {
  const port = Number(new URL(at).port);
  writeFileSync(
    join(dir, "server.json"),
    JSON.stringify({ pid, port, url: at, startedAt: new Date().toISOString(), masterPassword: "sandbox-pw" }),
  );
}

beforeEach(async () => {
  spawned.length = 0;
  dir = mkdtempSync(join(tmpdir(), "bgdb-sandbox-endpoint-"));
  writeFileSync(join(dir, "admin-token"), TOKEN, { mode: 0o600 });
  // The admin API's status route, answering only to the token (as the sandbox's does).
  server = createServer((req, res) => {
    const ok = req.url === "/_sandbox/status" && req.headers.authorization === `Bearer ${TOKEN}`;
    res.writeHead(ok ? 200 : 401, { "content-type": "application/json" }).end("{}");
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(async () => {
  await new Promise((r) => server.close(r));
  rmSync(dir, { recursive: true, force: true });
});

it("server.json of a live sandbox that answers: its endpoint and password, no process started, no spinner", async () => {
  writeServerJson(process.pid);
  const starting = vi.fn();
  expect(await ensureSandbox(io(), dir, starting)).toEqual({ url, region: "us-east-1", masterPassword: "sandbox-pw" });
  expect(spawned).toEqual([]);
  expect(starting).not.toHaveBeenCalled();
});

it("finds the default directory (BGDB_SANDBOX_DIR, relative to the working directory) the way the sandbox does", async () => {
  writeServerJson(process.pid);
  const cwd = join(dir, "..");
  const got = await ensureSandbox({ ...io(), cwd, env: { BGDB_SANDBOX_DIR: dir.slice(cwd.length + 1) } });
  expect(got.url).toBe(url);
  expect(spawned).toEqual([]);
});

it("a dead pid in server.json: runs the sandbox program's ensure", async () => {
  const exited = spawnSync(process.execPath, ["-e", "0"]).pid;
  writeServerJson(exited);
  const starting = vi.fn();
  expect(await ensureSandbox(io(), dir, starting)).toEqual({ url: "http://127.0.0.1:1/started", region: "us-east-1" });
  expect(starting).toHaveBeenCalledOnce();
  expect(spawned).toHaveLength(1);
  expect(spawned[0]?.slice(1)).toEqual(["ensure", "--json", "--sandbox-dir", dir]);
});

it("a live pid but nobody answering on the port, or another sandbox's token: runs ensure", async () => {
  const closed = createServer();
  await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
  const gone = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
  await new Promise((r) => closed.close(r));
  writeServerJson(process.pid, gone);
  await ensureSandbox(io(), dir);
  expect(spawned).toHaveLength(1);

  writeServerJson(process.pid);
  writeFileSync(join(dir, "admin-token"), "another-token");
  await ensureSandbox(io(), dir);
  expect(spawned).toHaveLength(2);
});

it("no server.json: runs ensure", async () => {
  await ensureSandbox(io(), dir);
  expect(spawned).toHaveLength(1);
});
