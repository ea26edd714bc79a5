import { formatElapsed, isoSeconds } from "../core/format.js";
import type { BgdbEvent, Reporter } from "../ports/reporter.js";
import { MARKS } from "./style.js";

export interface PlainReporterOptions {
  stderr: NodeJS.WritableStream;
  /** @default () => new Date() */
  now?: () => Date;
  /** A wait whose status doesn't change still prints a line this often, so a log shows bgdb is alive. @default 60000 */
  heartbeatMs?: number;
  /** Print only failed steps and warnings (`--quiet`). @default false */
  quiet?: boolean;
}

interface Printed {
  phase: string;
  status: string;
  detail?: string;
  at: number;
}

/**
 * Timestamped lines for logs and CI: `2026-11-26T12:00:01Z create     <message>`. Never colour, never cursor tricks.
 * Progress events arrive on every poll; only changes and heartbeats are printed so a 40-minute wait is a few lines.
 */
export function createPlainReporter(o: PlainReporterOptions): Reporter & { close(): void } {
  const now = o.now ?? (() => new Date());
  const heartbeatMs = o.heartbeatMs ?? 60_000;
  const lastByLabel = new Map<string, Printed>();

  const line = (phase: string, message: string): void => {
    o.stderr.write(`${isoSeconds(now())} ${phase.padEnd(10)} ${message}\n`);
  };

  const progress = (e: Extract<BgdbEvent, { kind: "progress" }>): void => {
    const at = now().getTime();
    const last = lastByLabel.get(e.label);
    const changed = !last || last.status !== e.status || last.detail !== e.detail;
    if (!changed && at - last.at < heartbeatMs) return;
    lastByLabel.set(e.label, { phase: e.phase, status: e.status, detail: e.detail, at });
    if (o.quiet) return;
    const detail = e.detail ? ` (${e.detail})` : "";
    line(e.phase, `${e.label} ${e.status}${detail}  ${formatElapsed(e.elapsedMs)}`);
  };

  const emit = (e: BgdbEvent): void => {
    switch (e.kind) {
      case "progress":
        progress(e);
        return;
      case "progress-end":
        // The next wait with the same label starts afresh: its first line always prints.
        for (const [label, printed] of lastByLabel) if (printed.phase === e.phase) lastByLabel.delete(label);
        return;
      case "step": {
        if (o.quiet && e.status !== "fail") return;
        const prefix = e.status === "warn" || e.status === "fail" ? `${MARKS[e.status]} ` : "";
        line(e.phase, `${prefix}${e.message}`);
        for (const d of e.detail ?? []) line(e.phase, `  ${d}`);
        return;
      }
      case "note":
        if (o.quiet && e.level !== "warn") return;
        for (const text of e.message.split("\n")) line(e.phase, e.level === "warn" ? `${MARKS.warn} ${text}` : text);
        return;
    }
  };

  return { emit, close: () => lastByLabel.clear() };
}
