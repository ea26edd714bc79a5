#!/usr/bin/env node
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, openSync, rmSync, unlinkSync } from "node:fs";
import { resolve } from "node:path";
/**
 * Standalone control for the sandbox: `node dist/sandbox/src/cli.js <start|stop|status|reset|seed|fault|ensure|serve>`.
 * bgdb's CLI spawns this file (never imports it). `start` runs `serve` as a detached background process that writes
 * `<dir>/server.json` and `<dir>/admin-token`; the other commands talk to it over the admin API on the same port
 * (`/_sandbox/…`, with that token). The command line is checked whole first (cli-args.ts): a bad one exits 2.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { writeFileAtomic } from "../../src/common/atomic-file.js";
import { isProcessAlive } from "../../src/common/process.js";
import { readAdminToken } from "./admin-token.js";
import { type Invocation, parseInvocation, UsageError } from "./cli-args.js";
import { FAULT_KINDS, type FaultSpec } from "./faults.js";
import { endpointOf, liveServer, readServerInfo, type ServerInfo, serverFileOf } from "./live.js";
import { REGION } from "./model/ids.js";
import { awaitExitOrKill } from "./process.js";
import type { RequestLogView, RequestRecord } from "./request-log.js";
import type { SeedResult } from "./seed.js";

const USAGE = `usage: bgdb sandbox <command> [--sandbox-dir D] [--json]   (also runnable as: bgdb-sandbox <command>)
  start [--speed N] [--realistic] [--port P]   run the sandbox in the background (reuses a live one)
  ensure --json                                 start if needed, print {"url","region","masterPassword"}
  stop | status | reset | seed
  requests [--service S] [--action A]           every AWS request the running server received (in memory)
  fault <kind> [--rate R] [--count N] [--service S] [--action A] [--seconds N] [--settles-to S] [--value V] [--factor F]
  fault clear | fault list
  serve [--port P] [--speed N] [--realistic]    run in the foreground (what start spawns)
  --model-only (start/serve)                    no real servers (also BGDB_SANDBOX_MODEL_ONLY=1)
PostgreSQL 16/17 and MariaDB (if installed) instances are real servers on their endpoint (<address>:<port>; each
instance has its own 127.0.x.y where the OS routes 127.0.0.0/8 to loopback, as Linux does; else all are 127.0.0.1);
MySQL and Aurora are model-only.
Seeded servers' master password: BGDB_SANDBOX_MASTER_PASSWORD, default "bgdb-sandbox" (sandbox-only).
fault kinds: ${FAULT_KINDS.join(", ")}`;

function fail(message: string, code = 2): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

// Everything is checked before anything happens: a bad invocation exits 2 having touched nothing.
let invocation: Invocation;
try {
  invocation = parseInvocation(process.argv.slice(2), process.env);
} catch (e) {
  if (!(e instanceof UsageError)) throw e;
  fail(`sandbox: ${e.message} (see --help)`);
}
const { dir, server: serverArgs } = invocation;
const serverFile = serverFileOf(dir);

function out(human: string, data: unknown): void {
  process.stdout.write(invocation.json ? `${JSON.stringify(data)}\n` : `${human}\n`);
}

/** The admin API's headers: the serving process's token, read from the sandbox directory on every call. */
function adminHeaders(json: boolean): Record<string, string> {
  return {
    authorization: `Bearer ${readAdminToken(dir) ?? ""}`,
    ...(json ? { "content-type": "application/json" } : {}),
  };
}

async function admin<T>(info: ServerInfo, method: string, path: string, body?: unknown, timeoutMs = 5000): Promise<T> {
  const res = await fetch(`${info.url}/_sandbox/${path}`, {
    method,
    signal: AbortSignal.timeout(timeoutMs),
    headers: adminHeaders(body !== undefined),
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const data = (await res.json()) as T & { error?: string };
  if (!res.ok) fail(`sandbox: ${data.error ?? res.statusText}`);
  return data;
}

async function ensureRunning(): Promise<{ info: ServerInfo; started: boolean }> {
  const live = await liveServer(dir);
  if (live) return { info: live, started: false };
  const stale = readServerInfo(dir);
  if (stale && isProcessAlive(stale.pid)) process.kill(stale.pid, "SIGTERM");
  if (existsSync(serverFile)) unlinkSync(serverFile);
  mkdirSync(dir, { recursive: true });
  const log = openSync(resolve(dir, "server.log"), "a");
  const args = [fileURLToPath(import.meta.url), "serve", "--sandbox-dir", dir];
  if (serverArgs.speed !== undefined) args.push("--speed", String(serverArgs.speed));
  if (serverArgs.port !== undefined) args.push("--port", String(serverArgs.port));
  if (serverArgs.realistic) args.push("--realistic");
  if (serverArgs.modelOnly) args.push("--model-only");
  const child = spawn(process.execPath, args, { detached: true, stdio: ["ignore", log, log] });
  child.unref();
  // Bringing back real PostgreSQL servers takes a few seconds each.
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    await sleep(100);
    const info = await liveServer(dir);
    if (info && info.pid === child.pid) return { info, started: true };
    if (child.exitCode !== null) break;
  }
  return fail(`sandbox: the server did not start; see ${resolve(dir, "server.log")}`, 1);
}

async function stop(): Promise<boolean> {
  const info = readServerInfo(dir);
  if (!info) return false;
  if (isProcessAlive(info.pid)) {
    try {
      await admin(info, "POST", "shutdown");
    } catch {
      process.kill(info.pid, "SIGTERM");
    }
    // The server stops its PostgreSQL servers before exiting.
    await awaitExitOrKill(info.pid, 30_000);
  }
  if (existsSync(serverFile)) unlinkSync(serverFile);
  return true;
}

async function serve(): Promise<void> {
  // Only serve loads the servers: the control commands stay quick (bgdb runs `ensure` before every --sandbox command).
  const [{ startSandboxServer }, { realisticTimings }, { sandboxMasterPassword }] = await Promise.all([
    import("./server.js"),
    import("./model/timings.js"),
    import("./backing/registry.js"),
  ]);
  const server = await startSandboxServer({
    dir,
    port: serverArgs.port ?? 0,
    speed: serverArgs.speed ?? 1,
    ...(serverArgs.realistic ? { timings: realisticTimings } : {}),
    realPostgres: !serverArgs.modelOnly && process.env.BGDB_SANDBOX_MODEL_ONLY !== "1",
    log: (m) => process.stderr.write(`${new Date().toISOString()} ${m}\n`),
  });
  const info: ServerInfo = {
    pid: process.pid,
    port: server.port,
    url: server.url,
    startedAt: new Date().toISOString(),
    // The serving process's own, which is what seed gives its servers (another shell's environment may differ).
    masterPassword: sandboxMasterPassword(),
  };
  writeFileAtomic(serverFile, JSON.stringify(info));
  process.stdout.write(`sandbox listening on ${server.url} (dir ${dir})\n`);
  // SIGTERM/SIGINT and the admin route all end here: stop PostgreSQL servers and proxies, then exit.
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    await server.close();
    const current = readServerInfo(dir);
    if (current?.pid === process.pid && existsSync(serverFile)) unlinkSync(serverFile);
    process.exit(0);
  };
  process.on("SIGTERM", shutdown);
  process.on("SIGINT", shutdown);
  // The admin shutdown route closes the HTTP server; exit once it has.
  server.closed.then(shutdown);
}

/** One logged request on one line: `12 2026-11-26T12:00:00.000Z rds CreateBlueGreenDeployment 200 Source=pg16-source`. */
function requestLine(r: RequestRecord): string {
  const params = Object.entries(r.params).map(([k, v]) => `${k}=${v}`);
  return [r.seq, r.at, r.service, r.action, r.status, r.error, r.client && `client=${r.client}`, ...params]
    .filter((x) => x !== undefined && x !== "")
    .join(" ");
}

async function main(): Promise<void> {
  const { command } = invocation;
  switch (command) {
    case "help":
      process.stdout.write(`${USAGE}\n`);
      return;
    case "serve":
      return serve();
    case "start":
    case "ensure": {
      const { info, started } = await ensureRunning();
      if (command === "ensure") return out(info.url, endpointOf(info));
      return out(`sandbox ${started ? "started" : "already running"} at ${info.url} (region ${REGION}, dir ${dir})`, {
        ...info,
        region: REGION,
        started,
      });
    }
    case "stop": {
      const stopped = await stop();
      return out(stopped ? "sandbox stopped" : "sandbox was not running", { stopped });
    }
    case "status": {
      const info = await liveServer(dir);
      if (!info) return out(`sandbox not running (dir ${dir})`, { running: false, dir });
      const s = await admin<{
        counts: Record<string, number>;
        faultDescriptions: string[];
        instances: { id: string; status: string; address: string; port: number; backing: string }[];
      }>(info, "GET", "status");
      const instances = s.instances
        .map((i) => `\n  ${i.id} (${i.status}) ${i.address}:${i.port}: ${i.backing}`)
        .join("");
      const counts = Object.entries(s.counts)
        .map(([k, v]) => `${v} ${k}`)
        .join(", ");
      const faults = s.faultDescriptions.length ? s.faultDescriptions.join("; ") : "none";
      return out(
        `sandbox running at ${info.url} (pid ${info.pid}, region ${REGION})\n  ${counts}\n  faults: ${faults}${instances}\n  (MySQL and Aurora are model-only; PostgreSQL 16/17 and MariaDB instances are real servers)`,
        {
          running: true,
          ...info,
          ...s,
        },
      );
    }
    case "requests": {
      const info = await liveServer(dir);
      if (!info) return out(`sandbox not running (dir ${dir})`, { running: false, dir, requests: [], dropped: 0 });
      const query = new URLSearchParams(Object.entries(invocation.requests ?? {}));
      const log = await admin<RequestLogView>(info, "GET", `requests${query.size ? `?${query}` : ""}`);
      const dropped = log.dropped ? `\n(${log.dropped} older requests dropped)` : "";
      return out(
        log.requests.length ? `${log.requests.map(requestLine).join("\n")}${dropped}` : `no requests${dropped}`,
        { running: true, ...log },
      );
    }
    case "reset": {
      await stop();
      rmSync(dir, { recursive: true, force: true });
      return out(`sandbox reset (${dir} removed)`, { reset: true, dir });
    }
    case "seed": {
      const { info } = await ensureRunning();
      const r = await admin<SeedResult>(info, "POST", "seed", undefined, 120_000);
      const { SEED_ZONE } = await import("./seed.js");
      const names = r.dns.created.length
        ? `; DNS: ${r.dns.created.join(", ")} (CNAMEs in private zone ${SEED_ZONE})`
        : "";
      const skipped = r.skipped.map((s) => `\nskipped ${s.id}: ${s.reason}`).join("");
      return out(
        `seeded: ${r.created.join(", ") || "(nothing new)"}${r.existing.length ? `; already there: ${r.existing.join(", ")}` : ""}${names}${skipped}`,
        r,
      );
    }
    case "fault": {
      const request = invocation.fault!;
      const { info } = await ensureRunning();
      if (request.op === "clear") return out("faults cleared", await admin(info, "DELETE", "faults"));
      if (request.op === "list") {
        const faults = await admin<FaultSpec[]>(info, "GET", "faults");
        return out(faults.length ? faults.map((f) => JSON.stringify(f)).join("\n") : "no faults", faults);
      }
      const faults = await admin<FaultSpec[]>(info, "POST", "faults", request.spec);
      return out(`fault added: ${request.spec.kind} (${faults.length} active)`, faults);
    }
  }
}

main().catch((e: unknown) => fail(`sandbox: ${(e as Error).message}`, 1));
