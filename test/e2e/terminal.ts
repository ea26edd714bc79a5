/**
 * The real binary in a pseudo-terminal (util-linux `script`, as a person's shell gives it one: stdin, stdout and
 * stderr all the terminal, no CI variable), and what such a terminal finally shows once the spinner's cursor moves
 * and line erasures are applied. `script`'s terminal has no size (0 columns), as an unsized pty in a container has.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { shellJoin } from "../../src/core/shell.js";
import { MARKS } from "../../src/output/style.js";
import type { RunResult } from "./helpers.js";

const BIN = join(import.meta.dirname, "../../bin/bgdb.js");
const RUN_TIMEOUT_MS = 90_000;
/** Where the terminal wraps: ora counts the lines it must erase at this width when the pty reports none. */
const WIDTH = 80;

/** Runs `bgdb <args>` on a terminal; `stdout` is everything the terminal received (both streams, escape codes kept). */
export function runInTerminal(args: string[], cwd: string): Promise<RunResult> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TERM: "xterm-256color",
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
  };
  for (const key of ["CI", "BGDB_STATE_DIR", "BGDB_SANDBOX_DIR", "AWS_ENDPOINT_URL", "AWS_PROFILE", "NO_COLOR"])
    delete env[key];
  // -e: script exits with bgdb's exit code; stdin stays open so script keeps the terminal until bgdb exits.
  const child = spawn("script", ["-q", "-e", "-c", shellJoin([process.execPath, BIN, ...args]), "/dev/null"], {
    cwd,
    env,
    stdio: ["pipe", "pipe", "pipe"],
  });
  const timer = setTimeout(() => child.kill("SIGKILL"), RUN_TIMEOUT_MS);
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (c: Buffer) => {
    // An erase loop that never ends (the 0-column bug) must fail the test, not fill the disk.
    if (stdout.length < 4_000_000) stdout += c.toString();
    else child.kill("SIGKILL");
  });
  child.stderr.on("data", (c: Buffer) => {
    stderr += c.toString();
  });
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/**
 * The lines a terminal shows after `raw`: printable characters overwrite at the cursor (wrapping at WIDTH), `\r`,
 * `\n`, and the CSI sequences ora and node:readline use — cursor to column (G), up/down/forward/back (A B C D),
 * erase in line (K). Colours and modes (m, ?25l, ?2026h…) change nothing on the screen. Trailing blanks are trimmed;
 * a line the terminal wrapped is given back whole.
 */
/** One token each: a CSI sequence (its parameters, its final letter) or one character. */
const TOKEN = new RegExp(`${"\u001b"}\\[([0-9;?]*)([A-Za-z])|[\\s\\S]`, "gu");

export function screenOf(raw: string): string[] {
  const lines: string[][] = [[]];
  /** Rows begun by wrapping the one above. */
  const continued = new Set<number>();
  let row = 0;
  let col = 0;
  const line = (): string[] => {
    while (lines.length <= row) lines.push([]);
    const l = lines[row] ?? [];
    lines[row] = l;
    return l;
  };
  for (const [token, params = "", final] of raw.matchAll(TOKEN)) {
    const n = Number.parseInt(params, 10);
    const count = Number.isNaN(n) ? 1 : n;
    if (final === "G") col = count - 1;
    else if (final === "A") row = Math.max(0, row - count);
    else if (final === "B") row += count;
    else if (final === "C") col += count;
    else if (final === "D") col = Math.max(0, col - count);
    else if (final === "K") {
      const l = line();
      if (col === 0) continued.delete(row);
      if (Number.isNaN(n) || n === 0) l.length = Math.min(l.length, col);
      else if (n === 1) l.fill(" ", 0, col);
      else l.length = 0;
    } else if (final) continue;
    else if (token === "\r") col = 0;
    else if (token === "\n") row++;
    else if (token === "\b") col = Math.max(0, col - 1);
    else if (token >= " ") {
      if (col >= WIDTH) {
        row++;
        col = 0;
        continued.add(row);
      }
      const l = line();
      while (l.length < col) l.push(" ");
      l[col++] = token;
    }
  }
  const whole: string[] = [];
  lines.forEach((l, i) => {
    const text = l.join("");
    if (continued.has(i) && whole.length > 0) whole[whole.length - 1] += text;
    else whole.push(text);
  });
  return whole.map((l) => l.trimEnd());
}

/** A line's words without its indent or its status mark: `✔ AVAILABLE after …` and `AVAILABLE after …` say one thing. */
export const wordsOf = (line: string): string =>
  line.replace(new RegExp(`^[\\s${Object.values(MARKS).join("")}]+`), "");

/** The screen's non-blank lines that say the same thing more than once: a result shown twice shows up here. */
export function repeatedLines(screen: string[]): string[] {
  const seen = new Map<string, number>();
  for (const l of screen.map(wordsOf)) if (l) seen.set(l, (seen.get(l) ?? 0) + 1);
  return [...seen].filter(([, n]) => n > 1).map(([l]) => l);
}
