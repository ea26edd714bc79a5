/**
 * The change record's first table: one row per step with a mark and a one-line result, for the reader who reads
 * nothing else. A step that did not happen is a row too, saying so.
 */
import type { Evidence } from "../../core/evidence.js";
import { formatSeconds } from "../../core/format.js";
import type { ReportData } from "../../core/report-data.js";
import { checkMark } from "../render-message.js";
import { isDeclined } from "./audit-words.js";
import { approvalFallback, chainText, switchoverOutcome, took, when } from "./words.js";

function probeOutcome(p: NonNullable<Evidence["probe"]>): string {
  const lost = p.verified ? `${p.missing} of ${p.acknowledged} acknowledged writes missing` : "not verified afterwards";
  return `${lost}; longest gap ${formatSeconds(p.longestGapMs)}`;
}

function cleanupOutcome(c: NonNullable<Evidence["cleanup"]>): string {
  return [
    c.deletedDeployment ? "deployment object deleted" : undefined,
    c.snapshot ? `final snapshot ${c.snapshot}` : undefined,
    c.deletedOldBlue ? `old blue ${c.deletedOldBlue} deleted` : "old blue kept",
  ]
    .filter(Boolean)
    .join("; ");
}

function auditOutcome(d: ReportData): string {
  const damaged = d.audit.unreadableLines.length > 0 ? `; ${d.audit.unreadableLines.length} unreadable line(s)` : "";
  return `${d.audit.entries.length} entries for this deployment; ${chainText(d.audit.chain)}${damaged}`;
}

/** Confirmation records: given ones approve; declined ones are counted, and alone they approve nothing. */
function approvalRow(d: ReportData): string[] {
  const declined = d.audit.approvals.filter(isDeclined).length;
  const given = d.audit.approvals.length - declined;
  const text = `${given} confirmation(s) given${declined > 0 ? `, ${declined} declined` : ""} (audit log)`;
  return [checkMark(given > 0 ? true : "warn"), "approval", text];
}

/** Rows of mark, step, result. */
export function outcomeRows(d: ReportData): string[][] {
  const e = d.record.evidence ?? {};
  const none = (step: string, text: string) => ["·", step, text];
  const p = e.preflight;
  const failedChecks = p?.checks.filter((c) => c.ok === false).length ?? 0;
  const s = e.switchover;
  return [
    p
      ? [
          checkMark(failedChecks === 0),
          "preflight",
          `${p.checks.length - failedChecks}/${p.checks.length} checks passed`,
        ]
      : none("preflight", "not recorded"),
    e.test
      ? [checkMark(e.test.passed), "test", `${e.test.outcome} in ${took(e.test.durationMs)}`]
      : none("test", "no test was run through bgdb test"),
    e.gate
      ? [checkMark(e.gate.checks.every((g) => g.ok)), "gate", `passed at ${when(e.gate.at)}`]
      : none("gate", "not recorded"),
    d.audit.approvals.length > 0 ? approvalRow(d) : none("approval", approvalFallback(d)),
    s
      ? [
          checkMark(s.outcome === "completed" ? true : s.outcome === "rolled-back" ? false : "warn"),
          "switchover",
          switchoverOutcome(s),
        ]
      : none("switchover", "not run"),
    e.probe
      ? [checkMark(e.probe.verified && e.probe.missing === 0), "write probe", probeOutcome(e.probe)]
      : none("write probe", "not run (switchover without --probe)"),
    e.cleanup
      ? [checkMark(true), "cleanup", cleanupOutcome(e.cleanup)]
      : none("cleanup", "not run: the deployment object and the old blue were not deleted by bgdb"),
    [
      checkMark(d.audit.chain.state === "verified" ? true : d.audit.chain.state === "broken" ? false : "warn"),
      "audit log",
      auditOutcome(d),
    ],
  ];
}
