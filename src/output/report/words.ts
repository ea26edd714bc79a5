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

export function switchoverOutcome(s: NonNullable<Evidence["switchover"]>): string {
  const by = s.by === "another-run" ? " (by another run)" : "";
  if (s.outcome === "completed") return `SWITCHOVER_COMPLETED in ${took(s.durationMs ?? 0)}${by}`;
  if (s.outcome === "rolled-back") {
    return `rolled back by RDS after ${took(s.durationMs ?? 0)}: blue still serves`;
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

/** Without confirmation records, what the settings say about how the switchover was let through. */
export function approvalFallback(d: ReportData): string {
  const sw = d.record.settings.switchover as { yes?: unknown } | undefined;
  if (!d.record.evidence?.switchover) return "no switchover, so nothing to approve";
  if (sw?.yes === true) return "--yes was given, so nobody was asked to type the deployment name";
  return "confirmed at a terminal by typing the deployment name (the audit log holds no confirmation record)";
}
