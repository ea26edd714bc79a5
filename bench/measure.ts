/**
 * What every bench section shares: the repository's paths, child processes timed from spawn to exit, peak RSS,
 * interleaved rounds, medians, and the rows of the final table. A figure is a ratio of things measured side by side
 * in the same run (the machine is shared and noisy: only a ratio of interleaved runs means anything), or a value
 * (sizes, counts, checks); a goal is printed as met / NOT met and never fails the run.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/** The repository root (this file runs as .bench/bench/measure.js). */
export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const BIN = join(ROOT, "bin/bgdb.js");
export const SANDBOX_CLI = join(ROOT, "sandbox/dist/sandbox/src/cli.js");
export const NODE = process.execPath;
/** GNU time: `-f %M` is the peak RSS (KiB) of the command and of the children it waited for. */
export const GNU_TIME = "/usr/bin/time";
const RSS_PRELOAD = pathToFileURL(fileURLToPath(new URL("./rss-preload.js", import.meta.url))).href;

/** Rounds of a section: its default, or BENCH_RUNS for every section (fewer for a quick look, more for a stable one). */
export function rounds(defaultRounds: number): number {
  const n = Number(process.env.BENCH_RUNS ?? defaultRounds);
  return Number.isInteger(n) && n > 0 ? n : defaultRounds;
}

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
};

export const ms = (x: number): string => `${Math.round(x)} ms`;
export const mib = (kib: number): string => `${(kib / 1024).toFixed(1)} MiB`;

/**
 * The environment a child runs in: this one without anything that could point bgdb or the SDK elsewhere or change
 * its output (BGDB_*, AWS_*, NO_COLOR, GitHub's GITHUB_ACTIONS and GITHUB_STEP_SUMMARY: a step summary per run) or
 * npm's lifecycle variables from `npm run bench`; CI=true, as a pipeline.
 * The AWS SDK's Node-version warning is left on, as a user gets it.
 */
export function childEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (
      /^(BGDB_|AWS_|npm_)/i.test(key) ||
      ["NO_COLOR", "INIT_CWD", "GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY"].includes(key)
    )
      continue;
    env[key] = value;
  }
  return { ...env, CI: "true", ...extra };
}

/** A command line to run: argv[0] is the program. */
export interface Command {
  label: string;
  argv: string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** The exit code it must end with (default 0): anything else is a broken setup, not a slow run. */
  exit?: number;
  timeoutMs?: number;
}

export interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Wall time from spawn to exit (its stdio closed). */
  ms: number;
}

/** Runs a command to its end, output captured, killed after its timeout (default 120 s). */
export function runChild(cmd: Command): Promise<ChildResult> {
  const [file, ...args] = cmd.argv;
  if (!file) throw new Error(`${cmd.label}: empty command line`);
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(file, args, {
      cwd: cmd.cwd ?? ROOT,
      env: cmd.env ?? childEnv(),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => {
      stdout += c.toString();
    });
    child.stderr.on("data", (c: Buffer) => {
      stderr += c.toString();
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), cmd.timeoutMs ?? 120_000);
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, ms: performance.now() - t0 });
    });
  });
}

/** Runs a command and insists on its exit code. */
export async function runChecked(cmd: Command): Promise<ChildResult> {
  const r = await runChild(cmd);
  const want = cmd.exit ?? 0;
  if (r.code !== want) {
    const tail = (s: string) => s.trim().split("\n").slice(-15).join("\n");
    throw new Error(
      `${cmd.label}: exit ${r.code ?? r.signal}, expected ${want}\n$ ${cmd.argv.join(" ")}\nstdout:\n${tail(r.stdout)}\nstderr:\n${tail(r.stderr)}`,
    );
  }
  return r;
}

/** Wall time of one run, in ms. */
export async function wallMs(cmd: Command): Promise<number> {
  return (await runChecked(cmd)).ms;
}

/** How peak RSS is read on this machine. */
export const RSS_METHOD = existsSync(GNU_TIME)
  ? `${GNU_TIME} -f %M (the process and the children it waited for)`
  : "process.resourceUsage().maxRSS at exit, through a --import preload (the node process alone)";

/** Peak RSS of one run, in KiB: GNU time when installed, else the preload. */
export function peakRssKiB(cmd: Command): Promise<number> {
  return existsSync(GNU_TIME) ? gnuTimeRss(cmd) : selfRssKiB(cmd);
}

async function withTempFile<T>(fn: (file: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), "bgdb-bench-rss-"));
  try {
    return await fn(join(dir, "rss"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function gnuTimeRss(cmd: Command): Promise<number> {
  return withTempFile(async (file) => {
    await runChecked({ ...cmd, argv: [GNU_TIME, "-f", "%M", "-o", file, ...cmd.argv] });
    return readKiB(file, cmd.label);
  });
}

/** Peak RSS of the node process `cmd` starts, without its children (argv[0] must be node). */
export function selfRssKiB(cmd: Command): Promise<number> {
  const [node, ...args] = cmd.argv;
  if (node !== NODE) throw new Error(`${cmd.label}: the RSS preload needs a node command line`);
  return withTempFile(async (file) => {
    await runChecked({
      ...cmd,
      argv: [node, "--import", RSS_PRELOAD, ...args],
      env: { ...(cmd.env ?? childEnv()), BENCH_RSS_OUT: file },
    });
    return readKiB(file, cmd.label);
  });
}

function readKiB(file: string, label: string): number {
  const last = readFileSync(file, "utf8").trim().split("\n").pop() ?? "";
  const kib = Number(last);
  if (!Number.isFinite(kib) || kib <= 0) throw new Error(`${label}: no peak RSS in ${JSON.stringify(last)}`);
  return kib;
}

/**
 * Measures every task once per round, all tasks in each round (interleaved, so a burst of load on the shared
 * machine hits them alike), starting each round one task later than the one before so no task always runs first
 * after the previous round's slowest. One untimed warm-up round first (page cache) unless told otherwise. Returns
 * every task's samples.
 */
export async function interleave<K extends string>(
  n: number,
  tasks: Record<K, () => Promise<number>>,
  { warmUp = true } = {},
): Promise<Record<K, number[]>> {
  const keys = Object.keys(tasks) as K[];
  const samples = Object.fromEntries(keys.map((k) => [k, [] as number[]])) as Record<K, number[]>;
  if (warmUp) for (const k of keys) await tasks[k]();
  for (let round = 0; round < n; round++) {
    for (let i = 0; i < keys.length; i++) {
      const k = keys[(round + i) % keys.length] as K;
      samples[k].push(await tasks[k]());
    }
  }
  return samples;
}

/** One line of the final table. */
export interface Row {
  figure: string;
  /** A ratio (1.23×) or a value (12.3 MiB, yes, exit 3). */
  value: string;
  /** "≤ 1.5×", "≤ 65 MiB", "none", …; "" for a figure that is reported, not judged. */
  goal: string;
  verdict: "met" | "NOT met" | "";
  /** The raw medians (or what the value was read from). */
  raw: string;
}

const verdict = (ok: boolean): Row["verdict"] => (ok ? "met" : "NOT met");

/** median(a) / median(b), with both medians and the sample count; judged when a goal is given. */
export function ratioRow(
  figure: string,
  a: { label: string; samples: number[] },
  b: { label: string; samples: number[] },
  goalMax?: number,
): Row {
  const ma = median(a.samples);
  const mb = median(b.samples);
  const r = ma / mb;
  return {
    figure,
    value: `${r.toFixed(2)}×`,
    goal: goalMax === undefined ? "" : `≤ ${goalMax}×`,
    verdict: goalMax === undefined ? "" : verdict(r <= goalMax),
    raw: `${a.label} ${ms(ma)} / ${b.label} ${ms(mb)} (medians of ${a.samples.length})`,
  };
}

/** A value judged against a goal (or reported with goal ""). */
export function valueRow(figure: string, value: string, goal: string, ok: boolean | undefined, raw: string): Row {
  return { figure, value, goal, verdict: ok === undefined ? "" : verdict(ok), raw };
}

/** The line printed as a figure is measured: the same facts as its table row. */
export function say(row: Row): Row {
  const goal = row.goal ? `  (goal ${row.goal}: ${row.verdict})` : "";
  process.stdout.write(`  ${row.figure}: ${row.value}${goal}  — ${row.raw}\n`);
  return row;
}

/** The table at the end: one row per figure, grouped by section. */
export function table(sections: { title: string; rows: Row[] }[]): string {
  const head = { figure: "figure", value: "ratio/value", goal: "goal", verdict: "met?", raw: "raw medians" };
  const all = [head, ...sections.flatMap((s) => s.rows)];
  const w = (k: keyof Row) => Math.max(...all.map((r) => [...r[k]].length));
  const pad = (s: string, n: number) => s + " ".repeat(Math.max(0, n - [...s].length));
  const widths = { figure: w("figure"), value: w("value"), goal: w("goal"), verdict: w("verdict") };
  const line = (r: Record<keyof Row, string>) =>
    `${pad(r.figure, widths.figure)}  ${pad(r.value, widths.value)}  ${pad(r.goal, widths.goal)}  ${pad(r.verdict, widths.verdict)}  ${r.raw}`.trimEnd();
  const rule = "-".repeat(widths.figure + widths.value + widths.goal + widths.verdict + 8 + 20);
  const out = [line(head), rule];
  for (const s of sections) {
    out.push(`[${s.title}]`);
    for (const r of s.rows) out.push(line(r));
  }
  return `${out.join("\n")}\n`;
}
