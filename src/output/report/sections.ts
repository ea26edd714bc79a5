/**
 * The change record's words: the gathered data (journal, audit log, AWS) as sections a reviewer or an auditor reads
 * in order — the outcome first, then what was asked, each step's evidence, the approvals, the audit trail, and what
 * AWS shows now. Facts the record lacks are said to be absent, never left out in silence. Phrases come from the
 * same functions the terminal output uses, so a fact reads the same in both.
 */
import { describeGateCheck } from "../../core/decide.js";
import type { Evidence } from "../../core/evidence.js";
import { formatSeconds } from "../../core/format.js";
import { formatLagValue } from "../../core/lag.js";
import type { AwsReading, Presence, ReportData } from "../../core/report-data.js";
import { checkMark, probeLine, taskLine } from "../render-message.js";
import { actorText, confirmationText, entryDetails, extraFields, outcomeText } from "./audit-words.js";
import { lagChartOf, probeChartOf } from "./chart-data.js";
import type { Block, ReportDocument, Section } from "./document.js";
import { outcomeRows } from "./outcome.js";
import { settingsRows } from "./settings-rows.js";
import { approvalFallback, chainText, switchoverOutcome, took, when } from "./words.js";

export interface ReportMeta {
  /** bgdb's version, for the footer. */
  version: string;
}

const facts = (...rows: ([string, string] | undefined)[]): Block => ({
  kind: "facts",
  rows: rows.filter((r): r is [string, string] => r !== undefined),
});
const absent = (text: string): Block => ({ kind: "absent", text });
const section = (id: string, title: string, blocks: Block[]): Section => ({ id, title, blocks });

/** An AWS reading in words: its text, or why it was not read. */
function awsText<T>(r: AwsReading<T> | undefined, text: (v: T) => string): string | undefined {
  if (!r) return undefined;
  return r.read ? text(r.value) : `not read from AWS: ${r.message}`;
}
const presenceText = (p: Presence): string =>
  p.state === "present" ? `exists in AWS now (${p.status})` : "no longer exists in AWS";

function askedSection(d: ReportData): Section {
  const { settings, evidence: e } = d.record;
  const create = settings.create as { targetEngineVersion?: string; source?: string } | undefined;
  const upgrade = settings.upgrade as { engineVersion?: string } | undefined;
  const production = e?.switchover?.mapping?.find((m) => m.role === "production");
  const before = e?.preflight?.engineVersion
    ? `${e.preflight.engine ?? ""} ${e.preflight.engineVersion}`.trim()
    : "not recorded";
  const rows = settingsRows(settings);
  return section("asked", "What was asked", [
    facts(
      ["Source (blue)", e?.preflight?.source ?? create?.source ?? "not recorded"],
      ["Source version before", before],
      ["Target version asked", upgrade?.engineVersion ?? create?.targetEngineVersion ?? "none (same engine version)"],
      production
        ? [
            "Production runs after the switchover",
            `${production.id}: ${`${production.engine ?? ""} ${production.engineVersion ?? "?"}`.trim()}`,
          ]
        : undefined,
    ),
    rows.length > 0 ? { kind: "table", head: ["step", "option", "value"], rows } : absent("No settings recorded."),
  ]);
}

function preflightSection(e: Evidence): Section {
  const p = e.preflight;
  if (!p)
    return section("preflight", "Preflight", [
      absent("No preflight was recorded: bgdb attached to this deployment rather than creating it."),
    ]);
  return section("preflight", "Preflight", [
    facts(["Checked at", when(p.at)], ["Source", p.source]),
    {
      kind: "table",
      head: ["", "check", "what to do"],
      rows: p.checks.map((c) => [checkMark(c.ok), c.message, c.ok === true ? "" : (c.hint ?? "")]),
    },
  ]);
}

function testSection(e: Evidence): Section {
  const t = e.test;
  if (!t) return section("test", "Tests against green", [absent("No test was run through bgdb test.")]);
  return section("test", "Tests against green", [
    facts(
      ["Command", t.command],
      ["Result", `${checkMark(t.passed)} ${t.outcome}`],
      ["Duration", took(t.durationMs)],
      ["Finished at", when(t.at)],
    ),
  ]);
}

function lagSummary(e: Evidence): string {
  const lag = e.lag;
  if (!lag || lag.samples.length === 0) return "No lag samples were recorded.";
  const values = lag.samples.map((s) => s.value);
  const max = Math.max(...values);
  const check = e.gate?.checks.find((c) => c.name === "lag");
  const limit = check?.name === "lag" ? `; gate limit ${formatLagValue(check.lag.limit, lag.unit)}` : "";
  const first = lag.samples[0]?.at;
  const last = lag.samples.at(-1)?.at;
  return `${lag.metric} on ${lag.on} (${lag.unit === "Bytes" ? "bytes" : "seconds"}): ${lag.samples.length} samples from ${when(first)} to ${when(last)}, highest ${formatLagValue(max, lag.unit)}${limit}.`;
}

function gateSection(e: Evidence): Section {
  const g = e.gate;
  const chart: Block = {
    kind: "chart",
    id: "lag-chart",
    title: "Replication lag over the run",
    summary: lagSummary(e),
    chart: lagChartOf(e),
  };
  if (!g)
    return section("gate", "The gate", [absent("No gate was recorded (no switchover was requested by bgdb)."), chart]);
  return section("gate", "The gate", [
    facts(["Passed at", when(g.at)]),
    { kind: "table", head: ["", "check"], rows: g.checks.map((c) => [checkMark(c.ok), describeGateCheck(c)]) },
    chart,
  ]);
}

function approvalsSection(d: ReportData): Section {
  const a = d.audit.approvals;
  if (a.length === 0)
    return section("approvals", "Approvals", [
      absent(`No confirmation records in the audit log: ${approvalFallback(d)}.`),
    ]);
  return section("approvals", "Approvals", [
    {
      kind: "table",
      head: ["at", "who", "what", "outcome", "how", "other fields"],
      rows: a.map((x) => [
        when(x.at),
        actorText((x as { actor?: unknown }).actor),
        x.action,
        outcomeText(x),
        confirmationText(x) ?? "",
        extraFields(x),
      ]),
    },
  ]);
}

function switchoverSection(d: ReportData): Section {
  const s = d.record.evidence?.switchover;
  const events = d.aws.events;
  const eventBlocks: Block[] = !events.read
    ? [absent(`RDS events not read from AWS: ${events.message}`)]
    : events.value.length === 0
      ? [absent("AWS returned no RDS events for this deployment (RDS keeps them for 14 days).")]
      : [{ kind: "table", head: ["at", "RDS event"], rows: events.value.map((ev) => [when(ev.at), ev.message]) }];
  if (!s) return section("switchover", "Switchover", [absent("No switchover was requested by bgdb."), ...eventBlocks]);
  const mapping = (s.mapping ?? []).map((m) =>
    m.role === "production"
      ? [
          "production",
          m.id,
          `now ${`${m.engine ?? ""} ${m.engineVersion ?? "?"}`.trim()}${m.was && m.was !== m.id ? ` (was ${m.was})` : ""}`,
        ]
      : ["old blue", m.id, "read-only, kept until cleanup"],
  );
  return section("switchover", "Switchover", [
    facts(
      ["Outcome", switchoverOutcome(s)],
      ["Requested at", when(s.requestedAt)],
      ["Completed at", when(s.completedAt)],
      ["Duration", s.durationMs === undefined ? "—" : took(s.durationMs)],
      ["SwitchoverTimeout", `${s.timeoutSeconds} s`],
      ["Started by", s.by === "this-run" ? "this bgdb run" : "another run (bgdb watched it)"],
    ),
    mapping.length > 0
      ? { kind: "table", head: ["role", "name", "what it is now"], rows: mapping }
      : absent("No mapping recorded."),
    ...eventBlocks,
  ]);
}

function probeSection(e: Evidence): Section {
  const p = e.probe;
  const chart: Block = {
    kind: "chart",
    id: "probe-chart",
    title: "Writes through the production endpoint during the switchover",
    summary: probeSummary(e),
    chart: probeChartOf(e),
  };
  if (!p)
    return section("probe", "Write probe", [
      absent("The switchover ran without --probe: no writes were measured."),
      chart,
    ]);
  return section("probe", "Write probe", [
    { kind: "text", text: probeLine(p) },
    facts(
      ["Writes acknowledged", String(p.acknowledged)],
      ["Writes refused", String(p.failed)],
      [
        "Longest gap",
        `${formatSeconds(p.longestGapMs)}${p.longestGapStartedAt ? ` from ${new Date(p.longestGapStartedAt).toISOString()}` : ""}`,
      ],
      [
        "Acknowledged writes present afterwards",
        p.verified ? `${p.acknowledged - p.missing} of ${p.acknowledged}` : "could not check",
      ],
      p.lastServerVersion ? ["Last answered by", p.lastServerVersion] : undefined,
    ),
    chart,
  ]);
}

function probeSummary(e: Evidence): string {
  const t = e.probe?.timeline;
  if (!e.probe) return "No write probe ran.";
  if (!t) return "The probe recorded no timeline of its writes (an older bgdb, or a probe that does not keep one).";
  const chart = probeChartOf(e);
  const gap = chart?.gap ? `; the longest gap, ${formatSeconds(chart.gap.to - chart.gap.from)}, is highlighted` : "";
  return `${t.acknowledgedMs.length} acknowledged and ${t.failedMs.length} failed writes from ${when(t.startedAt)}${gap}.`;
}

function cleanupSection(d: ReportData): Section {
  const c = d.record.evidence?.cleanup;
  const oldBlue = awsText(d.aws.oldBlue, presenceText);
  if (!c) {
    return section("cleanup", "Cleanup", [
      absent("bgdb cleanup has not run: the deployment object and the old blue were not deleted by bgdb."),
      ...(oldBlue ? [facts(["Old blue", oldBlue])] : []),
    ]);
  }
  const snapshot = awsText(d.aws.finalSnapshot, presenceText);
  return section("cleanup", "Cleanup", [
    facts(
      ["At", when(c.at)],
      [
        "Deployment object",
        c.deletedDeployment ? "deleted (DeleteBlueGreenDeployment, without DeleteTarget)" : "was already gone",
      ],
      ["Final snapshot", c.snapshot ? `${c.snapshot}${snapshot ? ` — ${snapshot}` : ""}` : "none taken by bgdb"],
      [
        "Old blue",
        c.deletedOldBlue
          ? `${c.deletedOldBlue} deleted ${c.snapshot ? `after the final snapshot ${c.snapshot}` : "with no final snapshot on record"}`
          : `kept${oldBlue ? ` — ${oldBlue}` : ""}`,
      ],
    ),
  ]);
}

function stepsSection(d: ReportData): Section {
  const steps = d.record.steps;
  return section("steps", "Steps in the journal", [
    steps.length > 0
      ? {
          kind: "table",
          head: ["at", "step", "outcome", "took"],
          rows: steps.map((s) => [when(s.at), s.step, s.outcome, s.durationMs === undefined ? "" : took(s.durationMs)]),
        }
      : absent("The journal recorded no steps."),
  ]);
}

function auditSection(d: ReportData): Section {
  const a = d.audit;
  const rows = a.entries.map((x) => [when(x.at), x.action, outcomeText(x), entryDetails(x)]);
  return section("audit", "Audit log", [
    facts(
      ["Entries for this deployment", `${a.entries.length} (of ${a.logEntries} in the log)`],
      ["Integrity", chainText(a.chain)],
      a.unreadableLines.length > 0
        ? ["Unreadable lines", `${a.unreadableLines.join(", ")}: the log was damaged or edited`]
        : undefined,
    ),
    rows.length > 0
      ? { kind: "table", head: ["at", "call", "outcome", "details"], rows }
      : absent("The audit log holds no entry for this deployment."),
  ]);
}

function awsSection(d: ReportData): Section {
  const r = d.aws.deployment;
  if (!r.read) return section("aws", "In AWS now", [absent(`Not read from AWS: ${r.message}`)]);
  if (!r.value) return section("aws", "In AWS now", [absent("The deployment object no longer exists in AWS.")]);
  const { view, members } = r.value;
  return section("aws", "In AWS now", [
    facts(
      ["Status", `${view.status}${view.statusDetails ? ` — ${view.statusDetails}` : ""}`],
      view.tasks.length > 0 ? ["Tasks", taskLine(view.tasks)] : undefined,
    ),
    {
      kind: "table",
      head: ["role", "name", "status", "engine", "endpoint"],
      rows: members.map((m) => [
        m.role,
        m.id,
        m.status ?? "?",
        `${m.engine ?? ""} ${m.engineVersion ?? ""}`.trim(),
        m.endpoint ? `${m.endpoint}:${m.port ?? ""}` : "",
      ]),
    },
  ]);
}

/** The whole record, worded. */
export function reportDocument(d: ReportData, meta: ReportMeta): ReportDocument {
  const r = d.record;
  const e = r.evidence ?? {};
  const now = awsText(d.aws.deployment, (v) => (v ? v.view.status : "deleted (AWS no longer has it)"));
  return {
    title: `Change record: ${r.name} (${r.id})`,
    facts: [
      ["Deployment", `${r.name} (${r.id})`],
      ["Account / region", `${r.account} / ${r.region}`],
      ["bgdb's last phase", r.phase ?? "unknown"],
      ["In AWS now", now ?? "unknown"],
      ["Record kept from", `${when(r.createdAt)} to ${when(r.updatedAt)}`],
    ],
    sections: [
      section("outcome", "Outcome", [{ kind: "table", head: ["", "step", "result"], rows: outcomeRows(d) }]),
      askedSection(d),
      preflightSection(e),
      testSection(e),
      gateSection(e),
      approvalsSection(d),
      switchoverSection(d),
      probeSection(e),
      cleanupSection(d),
      stepsSection(d),
      auditSection(d),
      awsSection(d),
    ],
    footer: `Written by bgdb ${meta.version} at ${when(d.generatedAt)} from its journal, its audit log and read-only AWS calls.`,
  };
}
