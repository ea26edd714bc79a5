/**
 * Blue and green compared table by table (`bgdb verify`, `switchover --verify`): the algorithm, with both sides'
 * readers injected (ports/table-reader.ts), so it is tested against an in-memory fake on a fake clock.
 *
 * Per table: chunk boundaries are read from blue by keyset (every `chunkSize`-th primary key), each chunk is
 * checksummed on both sides, and row counts are the sums of the chunks'. A chunk that differs may only be rows still
 * replicating: after the walk every differing chunk is read again on both sides, up to `rechecks` times
 * `recheckWaitMs` apart, and only chunks that still differ after that are differences. Tables without a primary key
 * are compared by row count alone (and said so); tables on one side only, and tables whose column sets differ, are
 * differences; checksums use the columns both sides have, in blue's order.
 */
import type { Clock, KeyRange, KeyValue, RangeSum, TableInfo, TableReader } from "../ports/index.js";
import { throwIfAborted, UsageError } from "./errors.js";

/** A key range that differs, as reported: its bounds and each side's rows in it when last read. */
export interface RangeDiff {
  from?: KeyValue;
  to?: KeyValue;
  blueRows: number;
  greenRows: number;
}

/** One table's outcome. */
export interface TableVerdict {
  table: string;
  /** Nothing differs. */
  match: boolean;
  /** `checksum`: range by range; `count`: no primary key, rows counted only; `none`: the table is on one side only. */
  compared: "checksum" | "count" | "none";
  primaryKey: string[];
  blueRows?: number;
  greenRows?: number;
  /** Chunks read (each once, re-checks not counted). */
  chunks: number;
  /** Key ranges still differing after the re-checks, adjacent chunks merged; at most MAX_RANGES listed. */
  differing: RangeDiff[];
  /** How many chunks still differ (all of them, however many `differing` lists). */
  differingChunks: number;
  /** Chunks that differed at first and matched on a re-check: rows that were still replicating. */
  healed: number;
  /** The table exists on the other side only. */
  missingOn?: "blue" | "green";
  /** The column sets differ (compared on the common columns). */
  columns?: { onlyBlue: string[]; onlyGreen: string[] };
}

export interface VerifyReport {
  match: boolean;
  tables: TableVerdict[];
  /** Chunks read across every table. */
  chunks: number;
  /** Re-check rounds run (0 when nothing differed on the first read). */
  rounds: number;
}

export interface CompareSpec {
  /** Only these tables (names as TableInfo.name, or schema.table); all user tables when absent. */
  tables?: readonly string[];
  chunkSize: number;
  rechecks: number;
  recheckWaitMs: number;
}

/** What the comparison tells its caller while it works (core turns these into progress events and messages). */
export interface CompareEnv {
  clock: Clock;
  signal?: AbortSignal;
  /** The tables about to be compared, once chosen. */
  onStart?(tables: string[]): void;
  onChunk?(table: string, chunks: number, rows: number): void;
  onRecheck?(round: number, chunks: number, tables: string[]): void;
}

/** Ranges listed per table at most (`differingChunks` counts them all). */
export const MAX_RANGES = 100;

/** A table on both sides, or on one. */
interface Pair {
  name: string;
  blue?: TableInfo;
  green?: TableInfo;
}

const fullName = (t: TableInfo): string => `${t.schema}.${t.table}`;

/** A key range in words a person can paste into a WHERE clause: `id >= 5001 AND id < 10001`, or `all rows`. */
export function describeRange(primaryKey: readonly string[], r: { from?: KeyValue; to?: KeyValue }): string {
  const tuple = (xs: readonly string[]) => (xs.length === 1 ? (xs[0] ?? "") : `(${xs.join(", ")})`);
  const key = tuple(primaryKey);
  const bounds = [...(r.from ? [`${key} >= ${tuple(r.from)}`] : []), ...(r.to ? [`${key} < ${tuple(r.to)}`] : [])];
  return bounds.length > 0 ? bounds.join(" AND ") : "all rows";
}

/** The tables to compare, by name; `wanted` names every table it means or the run stops before reading any (exit 2). */
export function selectTables(blue: TableInfo[], green: TableInfo[], wanted?: readonly string[]): Pair[] {
  const pairs = new Map<string, Pair>();
  for (const t of blue) pairs.set(t.name, { name: t.name, blue: t });
  for (const t of green) pairs.set(t.name, { name: t.name, ...pairs.get(t.name), green: t });
  const all = [...pairs.values()].sort((a, b) => a.name.localeCompare(b.name));
  if (!wanted) return all;
  const known = (p: Pair, w: string) => {
    const t = p.blue ?? p.green;
    return p.name === w || (t !== undefined && fullName(t) === w);
  };
  const unknown = wanted.filter((w) => !all.some((p) => known(p, w)));
  if (unknown.length > 0) {
    const names = all.map((p) => p.name);
    const shown = names.length > 20 ? `${names.slice(0, 20).join(", ")}, … (${names.length} in all)` : names.join(", ");
    throw new UsageError(
      `--tables names ${unknown.join(", ")}, which ${unknown.length === 1 ? "is not a table" : "are not tables"} on blue or green (${names.length > 0 ? `tables: ${shown}` : "there are no user tables"}). Nothing was compared.`,
    );
  }
  return all.filter((p) => wanted.some((w) => known(p, w)));
}

/** A table being compared: which columns, how, and what the chunks added up to. */
interface TableRun {
  verdict: TableVerdict;
  blue: TableInfo;
  green: TableInfo;
  columns: string[];
  /** Differing chunks by position, with the sums last read. */
  pending: Chunk[];
}

interface Chunk {
  index: number;
  range: KeyRange;
  blue: RangeSum;
  green: RangeSum;
}

const same = (a: RangeSum, b: RangeSum): boolean => a.rows === b.rows && a.digest === b.digest;

function verdictOf(name: string, compared: TableVerdict["compared"], primaryKey: string[]): TableVerdict {
  return { table: name, match: true, compared, primaryKey, chunks: 0, differing: [], differingChunks: 0, healed: 0 };
}

/** Reads one range on both sides at once (so they are as close in time as two connections allow). */
async function readBoth(blue: TableReader, green: TableReader, run: TableRun, range: KeyRange) {
  if (run.verdict.compared === "count") {
    const [b, g] = await Promise.all([blue.countRows(run.blue), green.countRows(run.green)]);
    return { blue: { rows: b, digest: "" }, green: { rows: g, digest: "" } };
  }
  const [b, g] = await Promise.all([
    blue.checksum(run.blue, run.columns, range),
    green.checksum(run.green, run.columns, range),
  ]);
  return { blue: b, green: g };
}

function startTable(pair: Pair & { blue: TableInfo; green: TableInfo }): TableRun {
  const { blue, green } = pair;
  const onlyBlue = blue.columns.filter((c) => !green.columns.includes(c));
  const onlyGreen = green.columns.filter((c) => !blue.columns.includes(c));
  const key = blue.primaryKey;
  // Blue's key orders the chunks; it must be a key on both sides' common columns to bound ranges on green.
  const keyed = key.length > 0 && key.every((c) => green.columns.includes(c));
  const verdict = verdictOf(pair.name, keyed ? "checksum" : "count", key);
  if (onlyBlue.length > 0 || onlyGreen.length > 0) verdict.columns = { onlyBlue, onlyGreen };
  verdict.blueRows = 0;
  verdict.greenRows = 0;
  return { verdict, blue, green, columns: blue.columns.filter((c) => green.columns.includes(c)), pending: [] };
}

/** Walks one table on blue's keys, reading every chunk on both sides; differing chunks wait for the re-checks. */
async function walkTable(blue: TableReader, green: TableReader, run: TableRun, spec: CompareSpec, env: CompareEnv) {
  const v = run.verdict;
  let from: KeyValue | undefined;
  for (;;) {
    throwIfAborted(env.signal, "Verification stopped");
    const to = v.compared === "count" ? undefined : await blue.keyAfter(run.blue, from, spec.chunkSize);
    const range: KeyRange = { ...(from ? { from } : {}), ...(to ? { to } : {}) };
    const sums = await readBoth(blue, green, run, range);
    const chunk: Chunk = { index: v.chunks, range, ...sums };
    v.chunks += 1;
    v.blueRows = (v.blueRows ?? 0) + sums.blue.rows;
    v.greenRows = (v.greenRows ?? 0) + sums.green.rows;
    if (!same(sums.blue, sums.green)) run.pending.push(chunk);
    env.onChunk?.(v.table, v.chunks, v.blueRows);
    if (!to) return;
    from = to;
  }
}

/** Re-reads every differing chunk, `rechecks` rounds `recheckWaitMs` apart; what matches again was still replicating. */
async function recheck(blue: TableReader, green: TableReader, runs: TableRun[], spec: CompareSpec, env: CompareEnv) {
  let rounds = 0;
  for (let round = 1; round <= spec.rechecks; round++) {
    const waiting = runs.filter((r) => r.pending.length > 0);
    if (waiting.length === 0) break;
    env.onRecheck?.(
      round,
      waiting.reduce((n, r) => n + r.pending.length, 0),
      waiting.map((r) => r.verdict.table),
    );
    await env.clock.sleep(spec.recheckWaitMs, env.signal);
    rounds = round;
    for (const run of waiting) {
      const still: Chunk[] = [];
      for (const c of run.pending) {
        throwIfAborted(env.signal, "Verification stopped");
        const sums = await readBoth(blue, green, run, c.range);
        run.verdict.blueRows = (run.verdict.blueRows ?? 0) + sums.blue.rows - c.blue.rows;
        run.verdict.greenRows = (run.verdict.greenRows ?? 0) + sums.green.rows - c.green.rows;
        if (same(sums.blue, sums.green)) run.verdict.healed += 1;
        else still.push({ ...c, ...sums });
      }
      run.pending = still;
    }
  }
  return rounds;
}

/** Differing chunks as ranges, neighbours (one chunk's end is the next one's start) merged into one. */
function mergeRanges(chunks: readonly Chunk[]): RangeDiff[] {
  const out: (RangeDiff & { last: number })[] = [];
  for (const c of chunks) {
    const prev = out.at(-1);
    if (prev && prev.last === c.index - 1) {
      prev.last = c.index;
      prev.blueRows += c.blue.rows;
      prev.greenRows += c.green.rows;
      if (c.range.to) prev.to = c.range.to;
      else delete prev.to;
      continue;
    }
    out.push({ ...c.range, blueRows: c.blue.rows, greenRows: c.green.rows, last: c.index });
  }
  return out.map(({ last: _, ...r }) => r);
}

function finish(run: TableRun): TableVerdict {
  const v = run.verdict;
  v.differingChunks = run.pending.length;
  v.differing = mergeRanges(run.pending).slice(0, MAX_RANGES);
  v.match = v.differingChunks === 0 && !v.columns;
  return v;
}

/** Compares the selected tables of blue and green; `match` is false when any table differs after the re-checks. */
export async function compareTables(
  blue: TableReader,
  green: TableReader,
  spec: CompareSpec,
  env: CompareEnv,
): Promise<VerifyReport> {
  const [blueTables, greenTables] = await Promise.all([blue.listTables(), green.listTables()]);
  const pairs = selectTables(blueTables, greenTables, spec.tables);
  env.onStart?.(pairs.map((p) => p.name));
  const verdicts: TableVerdict[] = [];
  const runs: TableRun[] = [];
  for (const pair of pairs) {
    if (!pair.blue || !pair.green) {
      const t = (pair.blue ?? pair.green) as TableInfo;
      verdicts.push({
        ...verdictOf(pair.name, "none", t.primaryKey),
        match: false,
        missingOn: pair.blue ? "green" : "blue",
      });
      continue;
    }
    const run = startTable({ ...pair, blue: pair.blue, green: pair.green });
    await walkTable(blue, green, run, spec, env);
    runs.push(run);
    verdicts.push(run.verdict);
  }
  const rounds = await recheck(blue, green, runs, spec, env);
  for (const run of runs) finish(run);
  return {
    match: verdicts.every((v) => v.match),
    tables: verdicts,
    chunks: verdicts.reduce((n, v) => n + v.chunks, 0),
    rounds,
  };
}
