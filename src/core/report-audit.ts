/**
 * The audit log's part of a change record: which entries belong to one deployment, which of them are approvals, and
 * what can be said of the log's integrity. Pure: the journal reads the log, this only selects.
 */
import type { AuditEntry, AuditLog, DeploymentState } from "../ports/index.js";
import { verifyAuditLog } from "./audit-verify.js";

/** What the report can say of the whole audit log's integrity (core/audit-verify.ts's verdict). */
export type AuditChain =
  /** Nothing could be checked: say so rather than imply the log is intact. */
  | { state: "not-verified"; reason: string }
  /** Every chained line is what bgdb wrote; `unchained` lines at the start predate the chain. */
  | { state: "verified"; lines: number; unchained: number; lastHash?: string }
  | { state: "broken"; line?: number; message: string };

export interface DeploymentAudit {
  /** This deployment's entries, in log order. */
  entries: AuditEntry[];
  /** Those that record a person's (or `--yes`'s) go-ahead. */
  approvals: AuditEntry[];
  /** Entries in the whole log, and its lines that are not entries (a damaged or edited log). */
  logEntries: number;
  unreadableLines: number[];
  chain: AuditChain;
}

const CREATE = "CreateBlueGreenDeployment";
/** Longer than any one CreateBlueGreenDeployment call with the SDK's retries. */
const CREATE_CALL_MAX_MS = 5 * 60_000;
/** Confirmation records are named for what they are; a later bgdb may add more kinds, so match by meaning. */
const APPROVAL = /confirm|approv/i;

/**
 * A deployment's entries: those naming it (by name or `bgd-` id) in its region, from its own CreateBlueGreenDeployment
 * up to the next one of that name (deployment names are reused once a deployment is deleted), and never one whose
 * parameters name another `bgd-` id.
 */
export function entriesOf(log: AuditLog, state: DeploymentState): AuditEntry[] {
  const id = state.id.toLowerCase();
  const names = new Set([state.name, state.id]);
  const creates = log.entries.filter((e) => e.action === CREATE && e.deployment === state.name && e.outcome === "ok");
  // Our create call started (and was logged) just before the state was first written, by the length of one API
  // call; an older create of the name is an earlier deployment's, and the next one is a later deployment's.
  const earliest = new Date(Date.parse(state.createdAt) - CREATE_CALL_MAX_MS).toISOString();
  const ours = creates.filter((e) => e.at <= state.createdAt && e.at >= earliest).at(-1);
  const from = ours?.at ?? state.createdAt;
  const until = creates.find((e) => e.at > state.createdAt)?.at;
  return log.entries.filter((e) => {
    if (!e.deployment || !names.has(e.deployment)) return false;
    if (e.region && e.region !== state.region) return false;
    const other = e.params?.id;
    if (typeof other === "string" && /^bgd-/i.test(other) && other.toLowerCase() !== id) return false;
    return e.at >= from && (until === undefined || e.at < until);
  });
}

/**
 * The log's integrity, from `bgdb audit verify`'s own verifier over the file's bytes. A log with no chained line
 * (none yet, or written by an earlier bgdb) is not verified, never reported intact.
 */
export function chainOf(log: AuditLog): AuditChain {
  const v = verifyAuditLog(log.bytes);
  if (v.lines === 0) return { state: "not-verified", reason: "there is no audit log in this state directory" };
  if (!v.ok) return { state: "broken", line: v.firstBrokenLine, message: v.reason ?? "the chain does not hold" };
  if (v.unchained === v.lines) {
    return { state: "not-verified", reason: `no line carries a hash chain (all ${v.lines} predate it)` };
  }
  return { state: "verified", lines: v.lines, unchained: v.unchained, lastHash: v.lastHash };
}

export function deploymentAudit(log: AuditLog, state: DeploymentState): DeploymentAudit {
  const entries = entriesOf(log, state);
  return {
    entries,
    approvals: entries.filter((e) => APPROVAL.test(e.action)),
    logEntries: log.entries.length,
    unreadableLines: log.unreadableLines,
    chain: chainOf(log),
  };
}
