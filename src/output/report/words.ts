/**
 * Phrases the change record uses in more than one place (the outcome table and the sections): times, the
 * switchover's outcome, the audit log's integrity, how a switchover was let through.
 */
import type { Evidence } from "../../core/evidence.js";
import { formatElapsed, formatSeconds, isoSeconds } from "../../core/format.js";
import type { AuditChain } from "../../core/report-audit.js";
import type { ReportData } from "../../core/report-data.js";

/** A recorded time as bgdb prints times (UTC, to the second); a dash when it was not recorded. */
export const when = (iso: string | undefined): string => (iso ? isoSeconds(new Date(iso)) : "—");

/**
 * How long something took: tenths of a second under 10 s (a sandbox's switchover, a quick test, an API call), where
 * `0m00s` would say nothing; bgdb's elapsed times above.
 */
export const took = (ms: number): string => (ms < 10_000 ? formatSeconds(ms, 1) : formatElapsed(ms));

/** The switchover's outcome as recorded: past tense, what was true when bgdb saw it (In AWS now says the present). */
export function switchoverOutcome(s: NonNullable<Evidence["switchover"]>): string {
  const by = s.by === "another-run" ? " (by another run)" : "";
  if (s.outcome === "completed") return `SWITCHOVER_COMPLETED in ${took(s.durationMs ?? 0)}${by}`;
  if (s.outcome === "rolled-back") {
    const ms = s.durationMs ?? 0;
    const at = new Date(Date.parse(s.requestedAt) + ms).toISOString();
    return `rolled back by RDS after ${took(ms)}, at ${when(at)}; blue served then`;
  }
  return `requested at ${when(s.requestedAt)}; bgdb did not see it end (look at AWS)`;
}

export function chainText(c: AuditChain): string {
  switch (c.state) {
    case "not-verified":
      return `not verified (${c.reason})`;
    case "verified": {
      const before =
        c.unchained > 0 ? `; the first ${c.unchained} line(s) predate the chain and cannot be verified` : "";
      const last = c.lastHash ? `; last line's SHA-256 ${c.lastHash}` : "";
      return `hash chain intact over the whole log (${c.lines} lines${before})${last}`;
    }
    case "broken":
      return `hash chain BROKEN${c.line ? ` at line ${c.line}` : ""}: ${c.message}`;
  }
}

/**
 * Without confirmation records, what the record says about how the switchover was let through: `--yes` when the
 * settings hold it; otherwise nothing is on record (an older audit log, another run that switched, a lost log).
 */
export function approvalFallback(d: ReportData): string {
  const s = d.record.evidence?.switchover;
  const sw = d.record.settings.switchover as { yes?: unknown } | undefined;
  if (!s) return "no switchover, so nothing to approve";
  if (s.by === "another-run") return "another run started the switchover, so no confirmation is on record";
  if (sw?.yes === true) return "--yes was given, so nobody was asked to type the deployment name";
  return "--yes was not given and no confirmation is on record";
}
