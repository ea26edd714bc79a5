import { clearLine, cursorTo, moveCursor } from "node:readline";
import ora, { type Ora } from "ora";
import { formatElapsed } from "../core/format.js";
import type { BgdbEvent, Reporter } from "../ports/reporter.js";
import { messageKey } from "./message-key.js";
import { renderMessage, waitDetailText } from "./render-message.js";
import { mark, painter } from "./style.js";

export interface TtyReporterOptions {
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  color: boolean;
  /** `bgdb` with the run's routing flags, for commands inside messages (routed.ts). */
  prefix?: string;
  /** @default () => new Date() */
  now?: () => Date;
}

type WithCursor = NodeJS.WritableStream & {
  isTTY?: boolean;
  columns?: number;
  cursorTo?: unknown;
  moveCursor?: unknown;
  clearLine?: unknown;
};

/**
 * ora drives the cursor through tty.WriteStream's cursorTo/moveCursor/clearLine. A stream that only claims isTTY
 * (a test double, a wrapped pty) gets them here as the escape codes node:readline writes. Every stream is wrapped
 * for its width: a terminal that reports 0 columns (a pty nobody sized, such as `script`'s or a container's `-t`)
 * made ora count Infinity lines to clear and erase forever.
 */
function cursorCapable(stream: WithCursor): NodeJS.WritableStream {
  return {
    isTTY: true,
    get columns() {
      const columns = stream.columns;
      return columns !== undefined && columns > 0 ? columns : 80;
    },
    write: (chunk: string | Uint8Array, ...rest: unknown[]) =>
      (stream.write as (c: string | Uint8Array, ...r: unknown[]) => boolean)(chunk, ...rest),
    cursorTo: (x: number) => cursorTo(stream, x),
    moveCursor: (dx: number, dy: number) => moveCursor(stream, dx, dy),
    clearLine: (dir: -1 | 0 | 1) => clearLine(stream, dir),
    once: (event: string, fn: () => void) => stream.once(event, fn),
    removeListener: (event: string, fn: () => void) => stream.removeListener(event, fn),
  } as unknown as NodeJS.WritableStream;
}

interface Wait {
  phase: string;
  status: string;
  detail?: string;
  elapsedMs: number;
  receivedAt: number;
}

/** Elapsed time keeps ticking between polls (which may be a minute apart) instead of jumping. */
const TICK_MS = 1000;

/** A person at a terminal: one spinner for the current wait, one persisted line per finished step. */
export function createTtyReporter(o: TtyReporterOptions): Reporter & { close(): void; shown(): Set<string> } {
  /** What this terminal already shows, so the result printed at the end does not repeat it. */
  const shown = new Set<string>();
  const now = o.now ?? (() => new Date());
  const paint = painter(o.color);
  const stream = cursorCapable(o.stderr);
  const spinner: Ora = ora({
    stream,
    discardStdin: false,
    // We already decided this is an interactive terminal; ora's own check would veto it when CI is set by a parent.
    isEnabled: true,
    color: o.color ? "cyan" : false,
  });
  let wait: Wait | undefined;
  let ticker: NodeJS.Timeout | undefined;

  const spinnerText = (w: Wait): string => {
    const elapsed = formatElapsed(w.elapsedMs + (now().getTime() - w.receivedAt));
    const parts = [paint("bold", w.status), paint("gray", elapsed)];
    if (w.detail) parts.push(w.detail);
    return parts.join("  ");
  };

  const endWait = (): void => {
    clearInterval(ticker);
    ticker = undefined;
    wait = undefined;
    if (spinner.isSpinning) spinner.stop();
  };

  /** Writes whole lines without tearing the spinner: clear it, write, draw it again below. */
  const writeLines = (lines: string[]): void => {
    if (lines.length === 0) return;
    if (spinner.isSpinning) spinner.clear();
    o.stderr.write(`${lines.join("\n")}\n`);
    if (spinner.isSpinning) spinner.render();
  };

  const emit = (e: BgdbEvent): void => {
    switch (e.kind) {
      case "progress": {
        wait = {
          phase: e.phase,
          status: e.status,
          detail: waitDetailText(e.detail),
          elapsedMs: e.elapsedMs,
          receivedAt: now().getTime(),
        };
        spinner.text = spinnerText(wait);
        if (!spinner.isSpinning) spinner.start();
        if (!ticker) {
          ticker = setInterval(() => {
            if (wait) spinner.text = spinnerText(wait);
          }, TICK_MS);
          // The spinner must never be what keeps bgdb alive.
          ticker.unref();
        }
        return;
      }
      case "progress-end":
        endWait();
        return;
      case "message": {
        const r = renderMessage(e, o.prefix);
        shown.add(messageKey(e));
        if (r.note) {
          // Said in passing: above the spinner, which keeps running; only warnings and failures get a mark.
          const prefix = e.level === "warn" || e.level === "fail" ? `${mark(e.level, paint)} ` : "";
          writeLines(r.text.split("\n").map((l) => `${prefix}${l}`));
          return;
        }
        endWait();
        spinner.stopAndPersist({ symbol: mark(e.level, paint), text: r.text });
        writeLines(r.detail.map((d) => `  ${d}`));
        return;
      }
    }
  };

  return { emit, close: endWait, shown: () => shown };
}
