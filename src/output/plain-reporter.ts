import type { ProgressEvent } from "../core/event.js";
import { formatElapsed, isoSeconds } from "../core/format.js";
import type { BgdbEvent, Reporter } from "../ports/reporter.js";
import { renderMessage, waitDetailText } from "./render-message.js";
import { MARKS } from "./style.js";

export interface PlainReporterOptions {
  stderr: NodeJS.WritableStream;
  /** @default () => new Date() */
  now?: () => Date;
  /** A wait whose status doesn't change still prints a line this often, so a log shows bgdb is alive. @default 60000 */
  heartbeatMs?: number;
  /** Print only failed steps and warnings (`--quiet`). @default false */
  quiet?: boolean;
  /** `bgdb` with the run's routing flags, for commands inside messages (routed.ts). */
  prefix?: string;
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

  const progress = (e: ProgressEvent): void => {
    const at = now().getTime();
    const last = lastByLabel.get(e.label);
    const text = waitDetailText(e.detail);
    const changed = !last || last.status !== e.status || last.detail !== text;
    if (!changed && at - last.at < heartbeatMs) return;
    lastByLabel.set(e.label, { phase: e.phase, status: e.status, detail: text, at });
    if (o.quiet) return;
    line(e.phase, `${e.label} ${e.status}${text ? ` (${text})` : ""}  ${formatElapsed(e.elapsedMs)}`);
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
      case "message": {
        if (o.quiet && e.level !== "fail" && e.level !== "warn") return;
        const r = renderMessage(e, o.prefix);
        const prefix = e.level === "warn" || e.level === "fail" ? `${MARKS[e.level]} ` : "";
        line(e.phase, `${prefix}${r.text}`);
        for (const d of r.detail) line(e.phase, `  ${d}`);
        return;
      }
    }
  };

  return { emit, close: () => lastByLabel.clear() };
}
