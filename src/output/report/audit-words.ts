/**
 * An audit-log entry in words. Entries are read as they were written, by whichever bgdb wrote them: fields this one
 * does not write are shown as they are, and fields a later version writes in another shape (an actor that is an
 * object, a confirmation, outcomes besides ok and error) are read defensively, never assumed.
 */
import { shellJoin } from "../../core/shell.js";
import type { AuditEntry } from "../../ports/index.js";
import { took } from "./words.js";

/** Fields worded here; any other field of an entry is listed as it is. */
const WORDED = new Set([
  "at",
  "actor",
  "account",
  "region",
  "action",
  "deployment",
  "params",
  "requestId",
  "outcome",
  "errorCode",
  "message",
  "durationMs",
  "confirmation",
  "commandLine",
]);

/** `key=value, key=value`: an object's fields as text that wraps, nested values as JSON. */
export function pairs(o: Record<string, unknown>, keep: (key: string) => boolean = () => true): string {
  return Object.entries(o)
    .filter(([k, v]) => keep(k) && v !== undefined)
    .map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`)
    .join(", ");
}

const fieldsOf = (a: AuditEntry): Record<string, unknown> => ({ ...a });

/** The fields of an entry this bgdb does not word (a hash chain's, a command line, …). */
export const extraFields = (a: AuditEntry): string => pairs(fieldsOf(a), (k) => !WORDED.has(k));

const text = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

/** Who: a caller ARN, or an actor object's ARN, local user and CI run, whichever it has. */
export function actorText(actor: unknown): string {
  if (typeof actor === "string") return actor;
  if (!actor || typeof actor !== "object") return "unknown";
  const a = actor as Record<string, unknown>;
  const ci = a.ci && typeof a.ci === "object" ? (a.ci as Record<string, unknown>) : undefined;
  const run = ci
    ? [text(ci.provider), text(ci.runId) && `run ${text(ci.runId)}`, text(ci.actor) && `started by ${text(ci.actor)}`]
        .filter(Boolean)
        .join(" ")
    : undefined;
  const parts = [text(a.arn), text(a.user) && `user ${text(a.user)}`, run, text(ci?.runUrl)].filter(Boolean);
  return parts.length > 0 ? parts.join(", ") : "unknown";
}

/** The bgdb command line that made the entry, when the entry has one (a list of words), as a shell would read it. */
export function commandText(a: AuditEntry): string | undefined {
  const words = fieldsOf(a).commandLine;
  return Array.isArray(words) && words.every((w) => typeof w === "string") ? shellJoin(words) : undefined;
}

/** How a confirmation was given, when the entry says (typed, --yes, no answer). */
export function confirmationText(a: AuditEntry): string | undefined {
  const c = fieldsOf(a).confirmation;
  if (!c || typeof c !== "object") return undefined;
  const { how, name } = c as Record<string, unknown>;
  const given =
    how === "typed"
      ? "typed at a terminal"
      : how === "yes"
        ? "--yes on the command line"
        : how === "no-answer"
          ? "no answer came"
          : text(how);
  return [given, text(name) && `name ${text(name)}`].filter(Boolean).join("; ") || undefined;
}

/** A confirmation refused or never given: not an approval, though it is on the record. */
export const isDeclined = (a: AuditEntry): boolean => ["declined", "error"].includes(String(a.outcome));

/** `ok`, `confirmed`, … as written; an error with its code and message. */
export function outcomeText(a: AuditEntry): string {
  if (String(a.outcome) !== "error") return String(a.outcome);
  return `error ${a.errorCode ?? ""}${a.message ? `: ${a.message}` : ""}`.trim();
}

/** Everything else about an entry, in one cell: who, the request id, the parameters, how long, how confirmed. */
export function entryDetails(a: AuditEntry): string {
  return [
    `by ${actorText(fieldsOf(a).actor)}`,
    a.requestId ? `request id ${a.requestId}` : undefined,
    `parameters: ${pairs(a.params ?? {}) || "none"}`,
    a.durationMs === undefined ? undefined : `took ${took(a.durationMs)}`,
    commandText(a) && `command: ${commandText(a)}`,
    confirmationText(a) && `confirmation: ${confirmationText(a)}`,
    extraFields(a) || undefined,
  ]
    .filter(Boolean)
    .join("; ");
}
