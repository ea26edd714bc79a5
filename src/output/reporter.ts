import type { Reporter } from "../ports/reporter.js";
import type { OutputMode } from "./mode.js";
import { createPlainReporter } from "./plain-reporter.js";

export interface ReporterOptions {
  /** Progress always goes here: stdout carries only the result. */
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  /** Whether to colour tty output (the caller weighs NO_COLOR, --no-color). Plain lines are never coloured. */
  color: boolean;
  /** @default () => new Date() */
  now?: () => Date;
  /** Plain mode: reprint an unchanged wait this often. @default 60000 */
  heartbeatMs?: number;
  /** `bgdb` with the run's routing flags, for commands inside messages (routed.ts). */
  prefix?: string;
}

/**
 * `close()` stops the spinner; call it before printing the result or an error. The spinner (ora and its packages)
 * is loaded only for a person's terminal: logs, CI and --json never pay for it.
 */
export async function createReporter(
  mode: OutputMode,
  o: ReporterOptions,
): Promise<Reporter & { close(): void; shown(): ReadonlySet<string> }> {
  if (mode === "tty") {
    const { createTtyReporter } = await import("./tty-reporter.js");
    return createTtyReporter({ stderr: o.stderr, color: o.color, now: o.now, prefix: o.prefix });
  }
  // json keeps the plain progress lines on stderr: a CI log still shows what happened while stdout holds the document.
  const plain = createPlainReporter({
    stderr: o.stderr,
    now: o.now,
    heartbeatMs: o.heartbeatMs,
    quiet: mode === "quiet",
  });
  // Logs and pipes get the whole result on stdout: their progress lines went to stderr.
  return { ...plain, shown: () => new Set<string>() };
}
