/**
 * The process side of a database server, shared by PostgreSQL and MariaDB: spawn, wait until it answers, stop with
 * escalation, and never let a server outlive this Node process. What differs per engine (binary, signals, how to ask
 * "are you up?") comes in as options.
 */

import { type ChildProcess, type SpawnOptions, spawn } from "node:child_process";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

/** Servers alive in this Node process, each with the signal that shuts it down when Node goes first. */
const liveChildren = new Map<ChildProcess, NodeJS.Signals>();
const killChildren = () => {
  for (const [child, signal] of liveChildren) child.kill(signal);
};
process.on("exit", killChildren);
// 'exit' does not fire when a signal's default action ends Node: stop the servers, then let the signal do what it
// would have done. Only if nobody else handles it: a CLI's own handler (the sandbox's serve) stays in charge and
// stops the servers cleanly itself; the 'exit' hook above still catches anything it leaves.
for (const signal of ["SIGTERM", "SIGHUP"] as const) {
  process.once(signal, () => {
    if (process.listenerCount(signal) > 0) return;
    killChildren();
    process.kill(process.pid, signal);
  });
}

export interface ServerProcessOptions {
  /** Names the server in errors and logs. */
  label: string;
  file: string;
  args: string[];
  /** uid/gid (PostgreSQL as `postgres` when we are root). */
  spawn?: Pick<SpawnOptions, "uid" | "gid">;
  /** Sent when Node exits with the server still running: a shutdown that completes without us. */
  exitSignal: NodeJS.Signals;
  /** A clean shutdown. */
  stopSignal: NodeJS.Signals;
  /** Sent when the clean shutdown takes longer than `escalateAfterMs`. */
  escalateSignal: NodeJS.Signals;
  escalateAfterMs: number;
  /** Answers once the server accepts work; throws until then. */
  ready: () => Promise<void>;
  /** Why a start failed, for the error message (e.g. the server's error log). @default its stderr */
  failureDetail?: () => Promise<string>;
  /** Poll interval of `ready`. @default 50 */
  pollMs?: number;
  /** @default 30000 */
  startTimeoutMs?: number;
}

/** One running server process. `start` resolves once it answers; `stop` once it has exited. */
export class ServerProcess {
  private stderrTail = "";

  private constructor(
    private readonly child: ChildProcess,
    private readonly opts: ServerProcessOptions,
  ) {}

  static async start(opts: ServerProcessOptions): Promise<ServerProcess> {
    const child = spawn(opts.file, opts.args, { ...opts.spawn, stdio: ["ignore", "ignore", "pipe"] });
    const server = new ServerProcess(child, opts);
    child.stderr?.on("data", (chunk: Buffer) => {
      server.stderrTail = (server.stderrTail + chunk.toString()).slice(-4000);
    });
    liveChildren.set(child, opts.exitSignal);
    child.once("exit", () => liveChildren.delete(child));
    await server.waitReady();
    return server;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get exited(): boolean {
    return this.child.exitCode !== null || this.child.signalCode !== null;
  }

  /** Called once when the process ends, however it ends. */
  onExit(fn: () => void): void {
    if (this.exited) fn();
    else this.child.once("exit", fn);
  }

  private async waitReady(): Promise<void> {
    const deadline = Date.now() + (this.opts.startTimeoutMs ?? 30_000);
    for (;;) {
      if (this.exited) {
        const detail = this.opts.failureDetail ? await this.opts.failureDetail() : this.stderrTail;
        throw new Error(`${this.opts.label} exited during start: ${detail}`);
      }
      try {
        await this.opts.ready();
        return;
      } catch (err) {
        if (Date.now() > deadline) {
          this.child.kill(this.opts.escalateSignal);
          throw new Error(
            `${this.opts.label} not ready after ${this.opts.startTimeoutMs ?? 30_000} ms: ${String(err)}`,
          );
        }
        await sleep(this.opts.pollMs ?? 50);
      }
    }
  }

  async stop(): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.onExit(resolve));
    this.child.kill(this.opts.stopSignal);
    const timer = setTimeout(() => this.child.kill(this.opts.escalateSignal), this.opts.escalateAfterMs);
    await exited;
    clearTimeout(timer);
  }
}

/** Runs a program to completion; rejects with its stderr tail when it exits non-zero. */
export function runToEnd(
  file: string,
  args: string[],
  spawnOpts: Pick<SpawnOptions, "uid" | "gid"> = {},
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { ...spawnOpts, stdio: ["ignore", "ignore", "pipe"] });
    let err = "";
    child.stderr?.on("data", (c: Buffer) => {
      err = (err + c.toString()).slice(-4000);
    });
    child.once("error", reject);
    child.once("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`${path.basename(file)} failed (${code}): ${err}`)),
    );
  });
}
