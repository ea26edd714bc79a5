import type { CommandResult } from "../core/result.js";
import { messageKey } from "./message-key.js";
import type { OutputMode } from "./mode.js";
import { reportLines } from "./render-message.js";
import { routed } from "./routed.js";

/** The version of the `--json` document's shape (docs/result.schema.json); bumped on any incompatible change. */
export const SCHEMA_VERSION = 1;

/** The one JSON document of `--json`: a stable shape (absent things are null/empty, never missing). */
export function resultDocument(result: CommandResult, prefix?: string): Record<string, unknown> {
  return {
    schemaVersion: SCHEMA_VERSION,
    ok: true,
    command: result.command,
    phase: result.phase,
    deployment: result.deployment ?? null,
    members: result.members,
    durations: result.durations,
    nextSteps: result.nextSteps.map((s) => routed(s, prefix)),
    summary: reportLines(result.report, prefix),
    report: result.report,
    data: result.data ?? {},
  };
}

/** `Next: first` with later steps aligned under it, as a person would write it. */
export function nextStepLines(nextSteps: string[]): string[] {
  return nextSteps.map((step, i) => (i === 0 ? `Next: ${step}` : `      ${step}`));
}

/**
 * Writes the command's result to stdout: the only thing bgdb ever writes there. On a terminal, messages the
 * progress display already showed (`shown`, by content) are not repeated: a result is shown once. Logs and pipes get
 * the whole result, since their progress went to another stream.
 */
export function renderResult(
  result: CommandResult,
  mode: OutputMode,
  stdout: NodeJS.WritableStream,
  o: { shown?: ReadonlySet<string>; prefix?: string } = {},
): void {
  if (mode === "json") {
    stdout.write(`${JSON.stringify(resultDocument(result, o.prefix), null, 2)}\n`);
    return;
  }
  const shown = o.shown ?? new Set();
  const report = mode === "tty" ? result.report.filter((m) => !shown.has(messageKey(m))) : result.report;
  const lines = reportLines(report, o.prefix);
  if (mode === "quiet") {
    const first = lines[0];
    if (first !== undefined) stdout.write(`${first}\n`);
    return;
  }
  if (result.nextSteps.length > 0) {
    if (lines.length > 0) lines.push("");
    lines.push(...nextStepLines(result.nextSteps.map((s) => routed(s, o.prefix))));
  }
  if (lines.length > 0) stdout.write(`${lines.join("\n")}\n`);
}
