import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
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
  /**
   * A person is at a terminal: the child inherits stdin (it may ask something and get an answer). Otherwise its stdin
   * is closed and it runs in a session of its own, without a controlling terminal, so a tool that would prompt for a
   * password on /dev/tty (psql, mysql) fails at once instead of hanging a CI job. @default false
   */
  interactive?: boolean;
  /** Variables of bgdb's own environment the child must not see (the request's env cannot add them back). */
  withheldEnv?: readonly string[];
}

/** Exit codes a shell would report, so `bgdb test` reads the same whether or not a shell was involved. */
const NOT_FOUND_EXIT = 127;
const NOT_EXECUTABLE_EXIT = 126;

export function createProcessRunner(opts: ProcessRunnerOptions = {}): ProcessRunner {
  const out = opts.stderr ?? process.stderr;
  const killGraceMs = opts.killGraceMs ?? 5000;
  const interactive = opts.interactive === true;
  const withheld = new Set(opts.withheldEnv ?? []);
  return {
    async run(request) {
      const options = mysqlOptionFile(request);
      // The child's whole environment: bgdb's, the request's on top, less what it must not see.
      const env = Object.fromEntries(
        Object.entries({ ...process.env, ...request.env, ...options?.env }).filter(
          (e): e is [string, string] => e[1] !== undefined && !withheld.has(e[0]),
        ),
      );
      try {
        return await runOnce({ ...request, env }, out, killGraceMs, interactive);
      } finally {
        options?.remove();
      }
    },
  };
}

/**
 * MySQL-family clients take the user only from an option file or a flag. MariaDB's tools read `$MYSQL_HOME/my.cnf`:
 * a private temporary one (0600, removed afterwards) carries `[client] user`/`password`. A MYSQL_HOME the operator
 * set is left alone.
 */
function mysqlOptionFile(request: RunRequest): { env: Record<string, string>; remove(): void } | undefined {
  const client = request.mysqlClient;
  if (!client || (!client.user && !client.password) || process.env.MYSQL_HOME || request.env.MYSQL_HOME)
    return undefined;
  const dir = mkdtempSync(join(tmpdir(), "bgdb-mysql-"));
  const lines = [
    "[client]",
    ...(client.user ? [`user=${client.user}`] : []),
    ...(client.password ? [`password=${client.password}`] : []),
  ];
  writeFileSync(join(dir, "my.cnf"), `${lines.join("\n")}\n`, { mode: 0o600 });
  return { env: { MYSQL_HOME: dir }, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

function runOnce(
  request: RunRequest,
  out: NodeJS.WritableStream,
  killGraceMs: number,
  interactive: boolean,
): Promise<RunResult> {
  const started = performance.now();
  const elapsed = (): number => Math.round(performance.now() - started);
  return new Promise<RunResult>((resolve) => {
    let timedOut = false;
    let settled = false;
    let killTimer: NodeJS.Timeout | undefined;
    let timeoutTimer: NodeJS.Timeout | undefined;

    // No shell: arguments reach the program exactly as given, with no quoting or injection surprises.
    const child = spawn(request.command, request.args, {
      env: request.env,
      stdio: [interactive ? "inherit" : "ignore", "pipe", "pipe"],
      detached: !interactive,
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
