/**
 * The final outcome of each request in an audit log, for a reader (`bgdb report`, a person with jq). The log is
 * append-only: a request line records what AWS answered then (`ok`: accepted, `error`: refused or lost), and a later
 * `completed` or `failed` line records how it ended (a switchover RDS completed or rolled back).
 *
 * A `completed` / `failed` line names the request it settles by its request id (`outcomeOf`). Without one (the run
 * that saw the end did not send the request, or the response was lost) it settles the latest earlier request of
 * the same action on the same resource (`params.id`) that nothing settled yet and that RDS may have started: one
 * accepted, or one whose response never came (an error without a request id). Pure.
 */
import type { AuditEntry, AuditOutcome } from "../ports/index.js";

export interface RequestOutcome {
  /** The request's line, 1-based: its place in the entries given. */
  line: number;
  action: string;
  deployment?: string;
  requestId?: string;
  /** What AWS answered the call itself. */
  answered: "ok" | "error";
  /** How the request finally ended: the settling line's outcome, else what AWS answered. */
  outcome: AuditOutcome;
  /** The line that recorded the final outcome, when one did. */
  settledBy?: number;
}

const isRequest = (e: AuditEntry): e is AuditEntry & { outcome: "ok" | "error" } =>
  e.outcome === "ok" || e.outcome === "error";
const isFinal = (e: AuditEntry): boolean => e.outcome === "completed" || e.outcome === "failed";

/** Every request line of `entries` (a log's lines in order), with its final outcome. */
export function requestOutcomes(entries: readonly AuditEntry[]): RequestOutcome[] {
  const requests: (RequestOutcome & { id: unknown })[] = [];
  entries.forEach((e, i) => {
    if (isRequest(e)) {
      requests.push({
        line: i + 1,
        action: e.action,
        deployment: e.deployment,
        requestId: e.requestId,
        answered: e.outcome,
        outcome: e.outcome,
        id: e.params.id,
      });
      return;
    }
    if (!isFinal(e)) return;
    const settles = e.outcomeOf
      ? requests.findLast((r) => r.requestId === e.outcomeOf)
      : requests.findLast(
          (r) =>
            r.action === e.action &&
            r.id === e.params.id &&
            r.settledBy === undefined &&
            (r.answered === "ok" || r.requestId === undefined),
        );
    if (settles) {
      settles.outcome = e.outcome;
      settles.settledBy = i + 1;
    }
  });
  return requests.map(({ id: _id, ...r }) => r);
}
