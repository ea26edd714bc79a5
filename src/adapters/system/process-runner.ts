import { spawn } from "node:child_process";
import { performance } from "node:perf_hooks";
import type { ProcessRunner, RunRequest, RunResult } from "../../ports/process-runner.js";

export interface ProcessRunnerOptions {
  /**
   * Not written to: bgdb's stdout carries only the command's result, so the child's stdout goes to `stderr` too.
   * Accepted so callers can pass both streams without caring about that rule.
   */
  stdout?: NodeJS.WritableStream;
  /** Receives the child's stdout and stderr. @default process.stderr */
  stderr?: NodeJS.WritableStream;
  /** Time between SIGTERM and SIGKILL when stopping a child. @default 5000 */
  killGraceMs?: number;
}

/** Exit codes a shell would report, so `bgdb test` reads the same whether or not a shell was involved. */
const NOT_FOUND_EXIT = 127;
const NOT_EXECUTABLE_EXIT = 126;

export function createProcessRunner(opts: ProcessRunnerOptions = {}): ProcessRunner {
  const out = opts.stderr ?? process.stderr;
  const killGraceMs = opts.killGraceMs ?? 5000;
  return { run: (request) => runOnce(request, out, killGraceMs) };
}

function runOnce(request: RunRequest, out: NodeJS.WritableStream, killGraceMs: number): Promise<RunResult> {
  const started = performance.now();
  const elapsed = (): number => Math.round(performance.now() - started);
  return new Promise<RunResult>((resolve) => {
    let timedOut = false;
    let settled = false;
    let killTimer: NodeJS.Timeout | undefined;
    let timeoutTimer: NodeJS.Timeout | undefined;

    // No shell: arguments reach the program exactly as given, with no quoting or injection surprises.
    const child = spawn(request.command, request.args, {
      env: { ...process.env, ...request.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout?.pipe(out, { end: false });
    child.stderr?.pipe(out, { end: false });

    const finish = (result: RunResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(killTimer);
      clearTimeout(timeoutTimer);
      request.signal?.removeEventListener("abort", stop);
      resolve(result);
    };
    // SIGTERM first so the child can clean up; SIGKILL if it ignores that.
    const stop = (): void => {
      if (child.exitCode !== null || child.signalCode !== null || killTimer) return;
      child.kill("SIGTERM");
      killTimer = setTimeout(() => child.kill("SIGKILL"), killGraceMs);
    };

    child.on("error", (err: NodeJS.ErrnoException) => {
      const code = err.code === "ENOENT" ? NOT_FOUND_EXIT : NOT_EXECUTABLE_EXIT;
      const why = err.code === "ENOENT" ? "command not found" : err.message;
      out.write(`bgdb: ${request.command}: ${why}\n`);
      finish({ exitCode: code, timedOut: false, durationMs: elapsed() });
    });
    child.on("close", (exitCode, signal) => {
      finish({
        exitCode,
        ...(signal ? { signal } : {}),
        timedOut,
        durationMs: elapsed(),
      });
    });

    if (request.timeoutMs !== undefined) {
      timeoutTimer = setTimeout(() => {
        timedOut = true;
        stop();
      }, request.timeoutMs);
    }
    if (request.signal?.aborted) stop();
    else request.signal?.addEventListener("abort", stop, { once: true });
  });
}
