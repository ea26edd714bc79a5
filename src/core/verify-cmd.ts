/**
 * `bgdb verify`, and the comparison `switchover --verify` runs after its gate: both sides' writers as RDS describes
 * them, opened through `Deps.tableReaders` with the same credentials, compared by core/verify.ts; each table's
 * verdict said as it is known, the whole recorded as evidence in the journal. A difference is DATA_DIFFERS (exit 5),
 * naming the tables and key ranges.
 */
import type { BlueGreenDeployment, Deps, TableReader } from "../ports/index.js";
import { type Ctx, makeCtx } from "./context.js";
import { AwsFailureError, InternalError, PreconditionError } from "./errors.js";
import type { MessagePayload } from "./event.js";
import { recordState } from "./journal.js";
import { DEFAULTS, type VerifyOptions, type VerifySettings } from "./options.js";
import { withDeployment } from "./prologue.js";
import { describeById, describeMembers } from "./resolve.js";
import type { CommandResult } from "./result.js";
import { servingStatement } from "./serving.js";
import { deploymentStatus } from "./status.js";
import { blueEndpoint, greenEndpoint, type WriterConnection } from "./test-green.js";
import { compareTables, describeRange, type TableVerdict, type VerifyReport } from "./verify.js";
import { resultFor } from "./view.js";

const PHASE = "verify";

/** What `switchover --verify` compares: every table, with `bgdb verify`'s defaults. */
export const DEFAULT_VERIFY: VerifySettings = {
  chunkSize: DEFAULTS.verifyChunkSize,
  rechecks: DEFAULTS.verifyRechecks,
  recheckWaitMs: DEFAULTS.verifyRecheckWaitMs,
};

/** Differing ranges kept per table in the journal (the JSON result lists up to verify.ts's MAX_RANGES). */
const EVIDENCE_RANGES = 20;

interface Side {
  reader: TableReader;
  at: WriterConnection;
}

const hostPort = (c: WriterConnection) => `${c.host}:${c.port}`;

/** Blue's and green's writers, opened for reading; `close` ends both sessions. */
export async function openSides(ctx: Ctx, d: BlueGreenDeployment) {
  const readers = ctx.tableReaders;
  if (!readers) throw new InternalError("Comparing blue and green needs Deps.tableReaders; the CLI sets it.");
  const members = await describeMembers(ctx, d);
  const blueAt = blueEndpoint(members);
  const greenAt = greenEndpoint(members);
  if (!blueAt || !greenAt) {
    throw new PreconditionError("GREEN_NOT_READY", `${d.name} has no ${blueAt ? "green" : "blue"} endpoint to read.`, {
      hint: `Wait until it is AVAILABLE: \`bgdb status ${d.name} --watch\`.`,
    });
  }
  const blue: Side = { reader: await readers.open({ side: "blue", ...blueAt }), at: blueAt };
  let green: Side;
  try {
    green = { reader: await readers.open({ side: "green", ...greenAt }), at: greenAt };
  } catch (e) {
    await blue.reader.close();
    throw e;
  }
  return { blue, green, close: () => Promise.all([blue.reader.close(), green.reader.close()]).then(() => undefined) };
}

/**
 * Both sides opened and their tables listed, then closed: what would stop the comparison (credentials, endpoints, an
 * engine bgdb cannot read) stops here. What it read, in words (a dry run's check step shows it).
 */
export async function checkReadable(ctx: Ctx, d: BlueGreenDeployment): Promise<string> {
  const sides = await openSides(ctx, d);
  try {
    const [blue, green] = await Promise.all([sides.blue.reader.listTables(), sides.green.reader.listTables()]);
    const side = (name: string, s: Side, n: number) =>
      `${name} ${hostPort(s.at)} (${s.reader.server}, ${n === 1 ? "1 table" : `${n} tables`})`;
    return `${side("blue", sides.blue, blue.length)} and ${side("green", sides.green, green.length)} can be read`;
  } finally {
    await sides.close();
  }
}

const levelOf = (v: TableVerdict) => (!v.match ? "fail" : v.compared === "count" ? "warn" : "ok");

/**
 * Compares blue and green of `d`, saying each table's verdict and recording the whole in the journal. Returns the
 * report; what a difference means is the caller's (exit 5 for `bgdb verify`, a refused switchover).
 */
export async function verifyData(
  ctx: Ctx,
  d: BlueGreenDeployment,
  s: VerifySettings,
): Promise<VerifyReport & { elapsedMs: number }> {
  const sides = await openSides(ctx, d);
  const started = ctx.clock.now();
  let report: VerifyReport;
  try {
    report = await compareTables(sides.blue.reader, sides.green.reader, s, {
      clock: ctx.clock,
      signal: ctx.signal,
      onStart: (tables) =>
        ctx.say(PHASE, "info", {
          code: "verify.started",
          blue: { endpoint: hostPort(sides.blue.at), server: sides.blue.reader.server },
          green: { endpoint: hostPort(sides.green.at), server: sides.green.reader.server },
          tables: tables.length,
          chunkSize: s.chunkSize,
        }),
      onChunk: (table) =>
        ctx.reporter.emit({
          kind: "progress",
          phase: PHASE,
          label: table,
          status: "COMPARING",
          elapsedMs: ctx.clock.now() - started,
        }),
      onRecheck: (round, chunks, tables) =>
        ctx.say(PHASE, "info", {
          code: "verify.rechecking",
          round,
          rounds: s.rechecks,
          chunks,
          tables,
          waitMs: s.recheckWaitMs,
        }),
    });
  } finally {
    ctx.reporter.emit({ kind: "progress-end", phase: PHASE });
    await sides.close();
  }
  const elapsedMs = ctx.clock.now() - started;
  for (const v of report.tables) ctx.say(PHASE, levelOf(v), { code: "verify.table", verdict: v });
  ctx.say(PHASE, report.match ? "ok" : "fail", doneMessage(report, elapsedMs));
  await recordState(ctx, d, {
    step: { step: "verify", outcome: report.match ? "match" : "differs", durationMs: elapsedMs },
    evidence: {
      verify: {
        at: new Date(started).toISOString(),
        durationMs: elapsedMs,
        match: report.match,
        chunkSize: s.chunkSize,
        rounds: report.rounds,
        tables: report.tables.map((v) => ({ ...v, differing: v.differing.slice(0, EVIDENCE_RANGES) })),
      },
    },
  });
  return { ...report, elapsedMs };
}

function doneMessage(r: VerifyReport, elapsedMs: number): MessagePayload {
  return {
    code: "verify.done",
    match: r.match,
    tables: r.tables.length,
    differing: r.tables.filter((v) => !v.match).map((v) => v.table),
    countOnly: r.tables.filter((v) => v.compared === "count").map((v) => v.table),
    rows: {
      blue: r.tables.reduce((n, v) => n + (v.blueRows ?? 0), 0),
      green: r.tables.reduce((n, v) => n + (v.greenRows ?? 0), 0),
    },
    chunks: r.chunks,
    healed: r.tables.reduce((n, v) => n + v.healed, 0),
    elapsedMs,
  };
}

/** What differs in one table, in a few words: for the error's message (the per-table messages give every range). */
export function differenceText(v: TableVerdict): string {
  if (v.missingOn) return `only on ${v.missingOn === "green" ? "blue" : "green"}`;
  const parts: string[] = [];
  if (v.columns?.onlyBlue.length) parts.push(`columns only on blue: ${v.columns.onlyBlue.join(", ")}`);
  if (v.columns?.onlyGreen.length) parts.push(`columns only on green: ${v.columns.onlyGreen.join(", ")}`);
  if (v.blueRows !== v.greenRows) parts.push(`blue ${v.blueRows} rows, green ${v.greenRows}`);
  const bounded = v.differing.filter((r) => r.from || r.to);
  if (v.compared === "checksum" && bounded.length > 0) {
    const shown = bounded.slice(0, 3).map((r) => describeRange(v.primaryKey, r));
    const more = bounded.length - shown.length;
    parts.push(
      `${bounded.length === 1 ? "key range" : "key ranges"} ${shown.join(", ")}${more > 0 ? ` and ${more} more` : ""}`,
    );
  } else if (v.differing.length > 0 && v.blueRows === v.greenRows) {
    parts.push(v.compared === "count" ? "row counts differ" : "its rows differ");
  }
  return parts.join("; ");
}

/** DATA_DIFFERS (exit 5): which tables and key ranges, and who serves as `status` (read just now) shows it. */
export function dataDiffers(r: VerifyReport, name: string, after: string): AwsFailureError {
  const differing = r.tables.filter((v) => !v.match);
  return new AwsFailureError(
    "DATA_DIFFERS",
    `Blue and green differ in ${differing.length === 1 ? "1 table" : `${differing.length} tables`}: ${differing.map((v) => `${v.table} (${differenceText(v)})`).join("; ")}. ${after}`,
    {
      hint: `Compare those rows on blue and green. Rows changed on green, or not replicated to it, stay different: find out why before switching over. \`bgdb verify ${name}\` compares again (a larger --recheck-wait gives rows still replicating longer).`,
      details: { tables: differing, nextSteps: [`bgdb verify ${name}`, `bgdb abort ${name}`] },
    },
  );
}

/** `bgdb verify <deployment>`: exit 0 when blue and green match, exit 5 naming the tables and key ranges that differ. */
export async function verify(deps: Deps, o: VerifyOptions): Promise<CommandResult> {
  const ctx = makeCtx(deps);
  return withDeployment(ctx, o.deployment, "verify", async (d) => {
    if (deploymentStatus(d.status) !== "AVAILABLE") {
      throw new PreconditionError(
        "NOT_AVAILABLE",
        `${d.name} is ${d.status}; blue and green are compared only while the deployment is AVAILABLE (before a switchover).`,
        { hint: `Run \`bgdb status ${d.name}\`.` },
      );
    }
    const report = await verifyData(ctx, d, o);
    if (!report.match) {
      const now = await describeById(ctx, d).catch(() => undefined);
      throw dataDiffers(report, d.name, servingStatement(now?.status));
    }
    const done = doneMessage(report, report.elapsedMs);
    return resultFor(ctx, "verify", d, {
      durations: { verify: report.elapsedMs },
      report: [...report.tables.map((v): MessagePayload => ({ code: "verify.table", verdict: v })), done],
      nextSteps: [`bgdb switchover ${d.name}`],
      data: { verify: { match: true, chunks: report.chunks, rounds: report.rounds, tables: report.tables } },
    });
  });
}
