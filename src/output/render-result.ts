import type { MessagePayload } from "../core/event.js";
import type { PlanBlocked, PlanStep } from "../core/plan/step.js";
import { redactString } from "../core/redact.js";
import type { CommandResult, DeploymentView, MemberView } from "../core/result.js";
import { messageKey } from "./message-key.js";
import type { OutputMode } from "./mode.js";
import { reportLines } from "./render-message.js";
import { planLines, planVerdict } from "./render-plan.js";
import { routed } from "./routed.js";

/** The version of the `--json` document's shape (docs/result.schema.json); bumped on any incompatible change. */
export const SCHEMA_VERSION = 1;

/** The `--json` document of a command that ran (docs/result.schema.json, its first shape). */
export interface ResultDocument {
  schemaVersion: typeof SCHEMA_VERSION;
  ok: boolean;
  command: string;
  phase: string;
  deployment: DeploymentView | null;
  members: MemberView[];
  durations: Record<string, number>;
  nextSteps: string[];
  summary: string[];
  report: MessagePayload[];
  data: Record<string, unknown>;
  plan: PlanStep[];
  /** A blocked plan's refusal, its hint null when it has none. */
  blocked: (Omit<PlanBlocked, "hint"> & { hint: string | null }) | null;
}

/**
 * The one JSON document of `--json`: a stable shape (absent things are null/empty, never missing). A dry run's
 * `plan` lists its steps (empty for a real run); a plan that cannot run now has `ok: false` and its `blocked` reason.
 */
export function resultDocument(result: CommandResult, prefix?: string): ResultDocument {
  return {
    schemaVersion: SCHEMA_VERSION,
    ok: result.blocked === undefined,
    command: result.command,
    phase: result.phase,
    deployment: result.deployment ?? null,
    members: result.members,
    durations: result.durations,
    nextSteps: result.nextSteps.map((s) => routed(s, prefix)),
    summary: result.plan ? planLines(result, prefix) : reportLines(result.report, prefix),
    report: result.report,
    data: result.data ?? {},
    plan: (result.plan ?? []).map((step) =>
      step.kind === "blocked" ? { ...step, ...shownBlocked(step, prefix) } : step,
    ),
    blocked: result.blocked ? { ...result.blocked, hint: null, ...shownBlocked(result.blocked, prefix) } : null,
  };
}

/** A refusal's words as an error's are shown: secrets redacted, the commands it names routed like the run. */
function shownBlocked(b: PlanBlocked, prefix?: string): { message: string; hint?: string } {
  return {
    message: routed(redactString(b.message), prefix),
    ...(b.hint ? { hint: routed(redactString(b.hint), prefix) } : {}),
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
  if (result.plan) {
    // A plan is the whole answer; quiet keeps its verdict.
    const lines = mode === "quiet" ? [planVerdict(result.blocked)] : planLines(result, o.prefix);
    stdout.write(`${lines.join("\n")}\n`);
    return;
  }
  const shown = o.shown ?? new Set();
  const report = mode === "tty" ? result.report.filter((m) => !shown.has(messageKey(m))) : result.report;
  const lines = reportLines(report, o.prefix);
  // A command that refuses without being a plan (bgdb preflight with a failed check) ends on its refusal.
  const refusal = result.blocked ? `✖ ${shownBlocked(result.blocked, o.prefix).message}` : undefined;
  if (refusal) lines.push(refusal);
  if (mode === "quiet") {
    const first = refusal ?? lines[0];
    if (first !== undefined) stdout.write(`${first}\n`);
    return;
  }
  if (result.nextSteps.length > 0) {
    if (lines.length > 0) lines.push("");
    lines.push(...nextStepLines(result.nextSteps.map((s) => routed(s, o.prefix))));
  }
  if (lines.length > 0) stdout.write(`${lines.join("\n")}\n`);
}
