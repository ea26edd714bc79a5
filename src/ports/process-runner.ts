export interface RunRequest {
  command: string;
  args: string[];
  /** Added to (not replacing) the parent's environment. */
  env: Record<string, string>;
  /**
   * `[client]` options for MySQL-family client tools (user, password): the runner puts them in an option file the
   * child's `mariadb`/`mysql` read (via MYSQL_HOME), since no environment variable names the user.
   */
  mysqlClient?: { user?: string; password?: string };
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface RunResult {
  /** null when the process was killed by a signal. */
  exitCode: number | null;
  signal?: string;
  timedOut: boolean;
  durationMs: number;
}

export interface ProcessRunner {
  /** Runs the command, streaming its output to the operator (its stdout goes to bgdb's stderr: stdout is for results). */
  run(request: RunRequest): Promise<RunResult>;
}
