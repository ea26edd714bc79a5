/**
 * The words for every message core sends: one line (the headline a log or spinner shows) and detail lines under
 * it. One function for every consumer — the terminal, plain logs, stdout's result, `--json`'s summary — so the same
 * fact always reads the same way. The switch is exhaustive: a new code does not compile until it has words.
 */

import { describeGateCheck } from "../core/decide.js";
import type { MessagePayload, WaitDetail } from "../core/event.js";
import { formatBytes, formatElapsed, formatFlagDuration, formatSeconds, timeOfDay } from "../core/format.js";
import { formatLagValue, sparkline } from "../core/lag.js";
import type { LagObservation } from "../core/lag-observe.js";
import type { Prediction } from "../core/predict.js";
import { servingStatement } from "../core/serving.js";
import { taskStatus } from "../core/status.js";
import { describeRange, type TableVerdict } from "../core/verify.js";
import type { WriteProbeReport } from "../ports/index.js";
import { routed } from "./routed.js";

export interface Rendered {
  text: string;
  detail: string[];
  /**
   * A note: said in passing (what is about to happen, a warning) without ending the wait in progress; a step (the
   * default) is a result that stays, with its mark.
   */
  note?: boolean;
}

const line = (text: string, detail: string[] = []): Rendered => ({ text, detail });
const note = (text: string): Rendered => ({ text, detail: [], note: true });

export const checkMark = (ok: boolean | "warn"): string => (ok === true ? "✔" : ok === "warn" ? "⚠" : "✖");

export function lagLine(obs: LagObservation): string {
  const m = obs.metric;
  if (!m) return "no lag metric applies to this deployment's engine";
  const where = `${m.metricName} on ${m.side} ${m.dimension.value}${m.confirmed ? "" : " (metric unconfirmed for this engine)"}`;
  const last = obs.series[obs.series.length - 1];
  if (!last) return `${where}: no datapoints yet`;
  const values = obs.series.map((s) => s.value);
  return `${where}: ${formatLagValue(last.value, m.unit)} at ${timeOfDay(last.timestamp)}  ${sparkline(values.slice(-30))}  (max ${formatLagValue(Math.max(...values), m.unit)} in window)`;
}

export function probeLine(p: WriteProbeReport): string {
  const present = !p.verified
    ? "could not check afterwards that the acknowledged writes are present"
    : p.missing === 0
      ? `every one of the ${p.acknowledged} acknowledged writes is present`
      : `${p.missing} of ${p.acknowledged} acknowledged writes are MISSING`;
  const refused =
    p.failed === 0
      ? ""
      : `; ${p.failed === 1 ? "1 write was" : `${p.failed} writes were`} refused while writes were blocked (never acknowledged, so nothing lost)`;
  return `write probe: longest pause between acknowledged writes ${formatSeconds(p.longestGapMs)}; ${present}${refused}${p.lastServerVersion ? `; last answered by ${p.lastServerVersion}` : ""}`;
}

/** Ranges listed under a table that differs (the JSON result and the journal keep more). */
const RANGES_SHOWN = 10;

/** One table's verdict: what matched, or every way it differs, a line for each differing key range. */
function tableLine(v: TableVerdict): Rendered {
  const rows = (n: number | undefined) => (n === 1 ? "1 row" : `${n ?? 0} rows`);
  const counts =
    v.blueRows === v.greenRows
      ? `${rows(v.blueRows)} on both sides`
      : `blue ${rows(v.blueRows)}, green ${rows(v.greenRows)}`;
  if (v.missingOn)
    return line(`${v.table}: only on ${v.missingOn === "green" ? "blue" : "green"} (missing on ${v.missingOn})`);
  const detail: string[] = [];
  if (v.columns) {
    if (v.columns.onlyBlue.length > 0) detail.push(`columns only on blue: ${v.columns.onlyBlue.join(", ")}`);
    if (v.columns.onlyGreen.length > 0) detail.push(`columns only on green: ${v.columns.onlyGreen.join(", ")}`);
    detail.push("the checksums cover the columns both sides have");
  }
  if (v.compared === "count") {
    detail.push("no primary key: compared by row count only");
  } else {
    for (const r of v.differing.slice(0, RANGES_SHOWN)) {
      detail.push(`${describeRange(v.primaryKey, r)}: blue ${rows(r.blueRows)}, green ${rows(r.greenRows)}`);
    }
    const more = v.differing.length - RANGES_SHOWN;
    if (more > 0) detail.push(`… and ${more} more key ranges (--json lists them)`);
  }
  if (v.healed > 0) {
    detail.push(
      `${v.healed === 1 ? "1 chunk" : `${v.healed} chunks`} matched on a re-check (rows were still replicating)`,
    );
  }
  if (v.match)
    return line(
      `${v.table}: ${counts}, ${v.compared === "count" ? "counts match" : `${v.chunks === 1 ? "1 chunk matches" : `all ${v.chunks} chunks match`}`}`,
      detail,
    );
  const what =
    v.compared === "count" || v.differingChunks === 0
      ? ""
      : `; ${v.differingChunks} of ${v.chunks} chunk${v.chunks === 1 ? "" : "s"} still differ${v.differingChunks === 1 ? "s" : ""} after the re-checks`;
  return line(`${v.table} DIFFERS: ${counts}${what}`, detail);
}

const guardMark = (ok: boolean | "unknown"): string => (ok === true ? "✔" : ok === false ? "✖" : "?");

/** What the prediction says in one line: would RDS's guardrails pass now (those it judged, when some are deferred). */
export function predictionHeadline(p: Prediction): string {
  const later = p.deferred?.length ? "; green's members and lag are judged at the switchover's gate" : "";
  switch (p.verdict) {
    case "pass":
      return later
        ? `Switchover prediction: blue's sessions would pass RDS's guardrails now${later}`
        : "Switchover prediction: RDS's guardrails would pass now";
    case "fail":
      return `Switchover prediction: RDS would likely refuse or roll back now (${p.guardrails
        .filter((g) => g.ok === false)
        .map((g) => g.name)
        .join(", ")})`;
    case "unknown":
      return `Switchover prediction: bgdb can't see every guardrail${later}`;
  }
}

/** A line per guardrail, then the timeout recommendation with its reasons. */
export const predictionDetail = (p: Prediction): string[] => [
  ...p.guardrails.map((g) => `${guardMark(g.ok)} ${g.reading}`),
  p.reasoning,
];

/** `CREATING_READ_REPLICA_OF_SOURCE ✔  DB_ENGINE_VERSION_UPGRADE …  CONFIGURE_BACKUPS ·` */
export function taskLine(tasks: { name: string; status: string }[]): string {
  const mark = (s: string) => {
    switch (taskStatus(s)) {
      case "COMPLETED":
        return "✔";
      case "IN_PROGRESS":
        return "…";
      case "FAILED":
        return "✖";
      case "PENDING":
        return "·";
      default:
        return `(${s})`;
    }
  };
  return tasks.map((t) => `${t.name} ${mark(t.status)}`).join("  ");
}

/** What a wait is waiting on, as the text after its status. */
export function waitDetailText(detail: WaitDetail | undefined): string | undefined {
  if (!detail) return undefined;
  if ("tasks" in detail) return taskLine(detail.tasks) || undefined;
  if ("failing" in detail) return detail.failing.map(describeGateCheck).join("; ") || undefined;
  if ("pending" in detail)
    return detail.pending.map((p) => `${p.id} ${p.status} ${p.engineVersion ?? ""}`.trim()).join(", ");
  return detail.note === "unrecognised-status"
    ? "unrecognised status; watching"
    : "waiting for RDS to start the switchover";
}

/** A message's words; every `bgdb …` command in them carries the run's routing flags (`prefix`, see routed.ts). */
export function renderMessage(m: MessagePayload, prefix?: string): Rendered {
  const r = words(m);
  return prefix ? { ...r, text: routed(r.text, prefix), detail: r.detail.map((d) => routed(d, prefix)) } : r;
}

function words(m: MessagePayload): Rendered {
  switch (m.code) {
    case "preflight.checked":
      return line(
        `Source ${m.source.id}: ${m.source.describe}`,
        m.checks.flatMap((c) => [
          `${checkMark(c.ok)} ${c.message}`,
          ...(c.ok !== true && c.hint ? [`    fix: ${c.hint}`] : []),
        ]),
      );
    case "switchover.prediction":
      return line(predictionHeadline(m.prediction), predictionDetail(m.prediction));
    case "cname.checked":
      return line(
        m.when === "after" && m.check.ok
          ? `after switchover: ${m.check.message.replace("(production endpoint)", "(the production endpoint, now serving green)")}`
          : `${m.when === "after" ? "after switchover: " : ""}${m.check.message}`,
      );
    case "create.attached":
      return line(`Attached to existing deployment ${m.name} (${m.id}), ${m.status}`);
    case "create.created":
      return line(`Created blue/green deployment ${m.name} (${m.id})`);
    case "create.available":
      return line(
        `${m.status} after ${formatElapsed(m.elapsedMs)} — green: ${m.green.map((g) => `${g.id} (${g.engine} ${g.engineVersion}, ${g.status})`).join(", ")}`,
      );
    case "create.not-waiting":
      return line(`${m.name} (${m.id}) is ${m.status}; not waiting (--no-wait).`);
    case "create.at-target":
      return line(
        `Already at target: nothing to do. ${m.source} runs ${m.satisfied} (as AWS reports it now); no deployment was created.`,
      );
    case "create.not-in-effect":
      return line(
        `Not yet at target: ${m.pending.join("; ")} (as AWS reports it now), so a deployment is created as for any other difference.`,
      );
    case "create.old-blue-left":
      return note(
        `The old blue ${m.oldBlue} from an earlier switchover still exists (kept, billed, read-only): delete it after a final snapshot once its retention window is over.`,
      );
    case "upgrade.unchanged":
      return line(
        m.cluster
          ? `${m.id} already at the requested version and group`
          : `${m.id} already ${m.engineVersion ?? ""} ${m.instanceClass ?? ""}`.replace(/\s+/g, " ").trim(),
      );
    case "upgrade.available":
      return line(
        `Green ${m.green.join(", ")}: ${m.engine} ${m.engineVersion ?? "?"}${m.instanceClass ? `, ${m.instanceClass}` : ""}, available after ${formatElapsed(m.elapsedMs)}`,
      );
    case "upgrade.analyze-advised":
      return note("Run ANALYZE on green after a major upgrade: statistics are not carried over.");
    case "test.started":
      return note(`Running \`${m.command}\` against green ${m.host}:${m.port}`);
    case "test.finished":
      return line(`${m.command} → ${m.outcome} (${formatElapsed(m.durationMs)})`);
    case "lag.read":
      return line(lagLine(m.reading));
    case "lag.unread":
      return note(`lag not read this period: ${m.message}`);
    case "gate.passed":
      return line(
        "Gate",
        m.checks.map((c) => `${checkMark(c.ok)} ${describeGateCheck(c)}`),
      );
    case "switchover.confirm":
      return note(
        `This switches production traffic to green. RDS rolls back if it takes longer than ${m.timeoutSeconds} s.`,
      );
    case "switchover.already-in-progress":
      return line(`A switchover of ${m.name} is already in progress (started before this run); watching it`);
    case "switchover.refused":
      return note(
        `RDS refused the switchover (${m.message}); ${m.name} is AVAILABLE, so the gate runs again in full before one more request (${m.attempt}/${m.retries} retries)`,
      );
    case "switchover.answer-lost":
      return note(
        `The answer to this run's switchover request was lost (${m.message}); ${m.name} still shows ${m.status}, so the switchover may be starting: watching it, not requesting again. If RDS never received the request, bgdb reports that once ${m.timeoutSeconds} s and a grace have passed; blue serves until the switchover starts`,
      );
    case "switchover.by-another-run":
      return line(
        m.refused
          ? `RDS refused this run's request because another run already switched ${m.name} over (${m.status}); watching that switchover`
          : `Another run started the switchover of ${m.name} while this run looked at the gate once more (${m.status}); watching it, with no request of its own`,
      );
    case "switchover.already-completed":
      return line(`${m.name} is already SWITCHOVER_COMPLETED; nothing to do. ${servingStatement(m.status)}`);
    case "switchover.completed":
      return line(
        `SWITCHOVER_COMPLETED in ${formatElapsed(m.elapsedMs)}${m.by === "another-run" ? " (switched over by another run)" : ""}`,
        m.mapping.map((e) =>
          e.role === "production"
            ? `${e.id} → now ${e.engine ?? ""} ${e.engineVersion ?? "?"}${e.was && e.was !== e.id ? ` (was ${e.was})` : ""}`
            : `${e.id} → old blue, read-only; only bgdb cleanup ${e.deployment} --delete-old-blue deletes it (after a final snapshot)`,
        ),
      );
    case "switchover.follow-up-failed":
      return note(
        `${m.what} failed after ${m.after === "accepted" ? "RDS accepted the switchover (bgdb keeps watching it)" : "the switchover completed"}: ${m.message}`,
      );
    case "probe.started":
      return note(`Write probe started: a heartbeat row every ${m.intervalMs} ms through the production endpoint`);
    case "probe.reported":
      return line(probeLine(m.report));
    case "verify.started":
      return note(
        `Comparing ${m.tables === 1 ? "1 table" : `${m.tables} tables`} on blue ${m.blue.endpoint} (${m.blue.server}) and green ${m.green.endpoint} (${m.green.server}), ${m.chunkSize} rows a chunk`,
      );
    case "verify.rechecking":
      return note(
        `${m.chunks === 1 ? "1 chunk differs" : `${m.chunks} chunks differ`} (${m.tables.join(", ")}): reading again in ${formatFlagDuration(m.waitMs)}, in case rows are still replicating (re-check ${m.round} of ${m.rounds})`,
      );
    case "verify.table":
      return tableLine(m.verdict);
    case "verify.done":
      return line(
        m.match
          ? `Blue and green match: ${m.tables === 1 ? "1 table" : `${m.tables} tables`}, ${m.rows.blue} rows, ${m.chunks} chunks in ${formatElapsed(m.elapsedMs)}${m.countOnly.length > 0 ? ` (${m.countOnly.join(", ")} by row count only: no primary key)` : ""}`
          : `Blue and green differ in ${m.differing.length === 1 ? "1 table" : `${m.differing.length} of ${m.tables} tables`}: ${m.differing.join(", ")} (${formatElapsed(m.elapsedMs)})`,
      );
    case "cleanup.deployment-deleted":
      return line(`deleted the deployment object ${m.name} (${m.id}); that step deletes no database`);
    case "cleanup.confirm-delete":
      return note(
        m.skipFinalSnapshot
          ? `This deletes the old blue ${m.oldBlue} WITHOUT a final snapshot (--skip-final-snapshot --i-understand-data-loss).`
          : `This deletes the old blue ${m.oldBlue} after a final snapshot.`,
      );
    case "cleanup.snapshot-available":
      return line(`Final snapshot ${m.id} available`);
    case "cleanup.old-blue-deleted":
      return line(`Deleted old blue ${m.id} in ${formatElapsed(m.elapsedMs)}`);
    case "cleanup.old-blue-gone":
      return line(`old blue ${m.arn} is already gone`);
    case "abort.confirm":
      return note(
        `This deletes ${m.name} and its green environment (${m.target ?? "not created yet"}). Blue (${m.source}) is untouched and keeps serving.`,
      );
    case "abort.done":
      return line(
        m.greenLeft
          ? `Deleted ${m.name} in ${formatElapsed(m.elapsedMs)}, but green ${m.greenLeft} still exists (that deletion did not include DeleteTarget). Blue ${m.source} is untouched.`
          : `Deleted ${m.name} and green in ${formatElapsed(m.elapsedMs)}. Blue ${m.source} is untouched.`,
      );
    case "audit.append-failed":
      return note(
        `Could not append to the audit log (${m.message}): ${m.action} ${m.outcome}${m.requestId ? `, request id ${m.requestId}` : ""}`,
      );
    case "hook.started":
      return note(`Running the ${m.event} hook \`${m.command}\``);
    case "hook.finished":
      return line(`${m.event} hook \`${m.command}\` → ${m.outcome} (${formatElapsed(m.durationMs)})`);
    case "status.deployment": {
      const d = m.deployment;
      const detail: string[] = [];
      if (d.tasks.length) detail.push(`tasks: ${taskLine(d.tasks)}`);
      for (const v of m.members) {
        detail.push(
          `${v.role.padEnd(5)} ${v.id}  ${v.status ?? "?"}  ${v.engine ?? ""} ${v.engineVersion ?? ""}  ${v.endpoint ? `${v.endpoint}:${v.port}` : ""}${v.memberStatus ? `  [${v.memberStatus}]` : ""}`.trimEnd(),
        );
      }
      if (m.lag) detail.push(`lag: ${lagLine(m.lag)}`);
      if (m.cname) detail.push(m.cname.message);
      return line(
        `${d.name} (${d.id}): ${d.status}${d.statusDetails ? ` — ${d.statusDetails}` : ""}  [phase ${m.bgdbPhase}]`,
        detail,
      );
    }
    case "list.deployments":
      return m.deployments.length === 0
        ? line("No blue/green deployments in this region.")
        : line(
            `${m.deployments.length} blue/green deployment${m.deployments.length === 1 ? "" : "s"}`,
            m.deployments.map((r) => `${r.name.padEnd(32)} ${r.id.padEnd(22)} ${r.status.padEnd(24)} ${r.source}`),
          );
    case "demo.timeline":
      return line("Timeline", [
        ...m.steps.map((p) => `${p.phase.padEnd(11)} ${formatElapsed(p.ms).padStart(7)}  ${p.note}`),
        `${"total".padEnd(11)} ${formatElapsed(m.totalMs).padStart(7)}`,
      ]);
    case "report.written":
      return line(
        `Wrote the change record of ${m.name} (${m.id}) to ${m.path} (${m.format === "html" ? "HTML" : "Markdown"}, ${formatBytes(m.bytes)})`,
      );
  }
}

/** A report as the lines a person reads: each message's headline, its details indented under it. */
export function reportLines(report: MessagePayload[], prefix?: string): string[] {
  return report.flatMap((m) => {
    const r = renderMessage(m, prefix);
    return [r.text, ...r.detail.map((d) => `  ${d}`)];
  });
}
