import type { CommandResult } from "../core/result.js";
import type { OutputMode } from "./mode.js";

/** The one JSON document of `--json`: a stable shape (absent things are null/empty, never missing). */
export function resultDocument(result: CommandResult): Record<string, unknown> {
  return {
    ok: true,
    command: result.command,
    phase: result.phase,
    deployment: result.deployment ?? null,
    members: result.members,
    durations: result.durations,
    nextSteps: result.nextSteps,
    summary: result.summary,
    data: result.data ?? {},
  };
}

/** `Next: first` with later steps aligned under it, as a person would write it. */
export function nextStepLines(nextSteps: string[]): string[] {
  return nextSteps.map((step, i) => (i === 0 ? `Next: ${step}` : `      ${step}`));
}

/** Writes the command's result to stdout: the only thing bgdb ever writes there. */
export function renderResult(result: CommandResult, mode: OutputMode, stdout: NodeJS.WritableStream): void {
  if (mode === "json") {
    stdout.write(`${JSON.stringify(resultDocument(result), null, 2)}\n`);
    return;
  }
  if (mode === "quiet") {
    const first = result.summary[0];
    if (first !== undefined) stdout.write(`${first}\n`);
    return;
  }
  const lines = [...result.summary];
  if (result.nextSteps.length > 0) {
    if (lines.length > 0) lines.push("");
    lines.push(...nextStepLines(result.nextSteps));
  }
  if (lines.length > 0) stdout.write(`${lines.join("\n")}\n`);
}
