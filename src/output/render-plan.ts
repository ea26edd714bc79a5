/**
 * The words for a dry run's plan: numbered steps, each saying what the real run would do (`would call …`, `would
 * wait …`) or what it read, then the verdict — "Dry run: nothing was changed." or the blocking reason. The switch is
 * exhaustive: a new step kind does not compile until it has words.
 */
import { describeGateCheck } from "../core/decide.js";
import { formatFlagDuration } from "../core/format.js";
import type { PendingReason, PlanBlocked, PlanStep, SkipReason, WaitFor } from "../core/plan/step.js";
import { redactString } from "../core/redact.js";
import type { CommandResult } from "../core/result.js";
import { predictionDetail, predictionHeadline } from "./render-message.js";
import { routed } from "./routed.js";

const mark = (ok: boolean | "warn"): string => (ok === true ? "✔" : ok === "warn" ? "⚠" : "✖");

/** A call's parameters as `key=value`, objects as JSON, absent ones left out. */
function paramsText(params: object): string {
  return Object.entries(params)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${typeof v === "object" ? JSON.stringify(v) : String(v)}`)
    .join(" ");
}

function waitWords(what: WaitFor, subject: string): string {
  switch (what) {
    case "AVAILABLE":
      return `${subject} to become AVAILABLE`;
    case "GREEN_AVAILABLE":
      return `every green member of ${subject} to be available again`;
    case "SWITCHOVER_COMPLETED":
      return `${subject} to reach SWITCHOVER_COMPLETED`;
    case "DELETED":
      return `${subject} to be deleted`;
    case "SNAPSHOT_AVAILABLE":
      return `final snapshot ${subject} to be available`;
  }
}

function skipWords(reason: SkipReason, subject: string, status?: string, detail?: string): string {
  const now = status ? ` (${status})` : "";
  switch (reason) {
    case "attach":
      return `a deployment named ${subject} exists${now}: would attach to it, not create another`;
    case "at-target":
      return `already at target: ${subject} runs ${detail ?? "every target"}; nothing to create`;
    case "unchanged":
      return `${subject} already at the target${detail ? ` (${detail})` : ""}: unchanged`;
    case "already-switched":
      return `${subject} has already switched over${now}: nothing to switch`;
    case "switchover-in-progress":
      return `${subject} is already switching over${now}, started before this run: would watch it`;
    case "deployment-deleting":
      return `${subject} is already being deleted${now}`;
    case "deployment-gone":
      return `the deployment object ${subject} is already gone`;
    case "snapshot-exists":
      return `final snapshot ${subject} already exists${now}: not requested again`;
    case "final-snapshot-skipped":
      return `no final snapshot of ${subject} (--skip-final-snapshot --i-understand-data-loss)`;
    case "old-blue-deleting":
      return `old blue ${subject} is already being deleted`;
    case "old-blue-gone":
      return `old blue ${subject} is already gone`;
    case "old-blue-kept":
      return `old blue ${subject} is kept (delete it later with --delete-old-blue)`;
  }
}

function pendingWords(reason: PendingReason): string {
  switch (reason) {
    case "no-green-yet":
      return "green does not exist until this run's CreateBlueGreenDeployment makes it";
    case "green-provisioning":
      return "green is still provisioning";
    case "after-upgrade":
      return "the upgrade before it changes green first";
    case "after-switchover":
      return "it works on what the switchover leaves";
  }
}

/** One step: its headline and detail lines. */
function stepWords(s: PlanStep): { text: string; detail: string[] } {
  const one = (text: string, detail: string[] = []) => ({ text, detail });
  switch (s.kind) {
    case "check":
      return one(`${mark(s.ok)} ${s.what}: ${s.reading}`, s.hint ? [s.hint] : []);
    case "call":
      return one(`would call ${s.action} ${paramsText(s.params)}`.trimEnd());
    case "wait":
      return one(`would wait up to ${formatFlagDuration(s.timeoutMs)} for ${waitWords(s.for, s.subject)}`);
    case "gate":
      return one(
        `gate ${s.passes ? "passes" : "does not pass"} on the current readings (the real run needs ${s.stableSamples} consecutive ready looks, within --wait-for-lag ${formatFlagDuration(s.waitForLagMs)})`,
        [
          ...s.checks.map((c) => `${mark(c.ok)} ${describeGateCheck(c)}`),
          ...(s.prediction
            ? [predictionHeadline(s.prediction), ...predictionDetail(s.prediction).map((d) => `  ${d}`)]
            : []),
        ],
      );
    case "hook":
      return one(`would run the ${s.event} hook: ${s.commands.map((c) => `\`${c}\``).join(", ")}`);
    case "confirm":
      return one(
        s.yes
          ? `would not ask for confirmation (--yes) before going on with ${s.expected}`
          : `would ask you to type ${s.expected} to confirm (or pass --yes)`,
      );
    case "probe":
      return one(
        `would start the write probe: a row in ${s.table} every ${s.intervalMs} ms through the production endpoint`,
      );
    case "test":
      return one(
        `would run \`${s.command}\` against green${s.timeoutMs ? ` (killed after ${formatFlagDuration(s.timeoutMs)})` : ""}`,
      );
    case "skip":
      return one(`skip: ${skipWords(s.reason, s.subject, s.status, s.detail)}`);
    case "pending":
      return one(`would follow; can't be planned yet: ${pendingWords(s.reason)}`);
    case "blocked":
      return one(`✖ blocked (${s.code}): ${redactString(s.message)}`, s.hint ? [redactString(s.hint)] : []);
  }
}

/** The last line: nothing was changed, and whether the real run could go ahead now. */
export function planVerdict(blocked: PlanBlocked | undefined): string {
  return blocked
    ? `Dry run: nothing was changed. The real run would stop at the blocked step (exit ${blocked.exitCode}).`
    : "Dry run: nothing was changed. The plan could run now.";
}

/** A plan as a person reads it: a heading, numbered steps (grouped by deploy's parts), the verdict. */
export function planLines(result: CommandResult, prefix?: string): string[] {
  const plan = result.plan ?? [];
  const about = result.deployment?.name ? ` ${result.deployment.name}` : "";
  const lines = [`Dry run of ${result.command}${about}: what it would do, from what AWS shows now`];
  let part: string | undefined;
  plan.forEach((step, i) => {
    if (step.within && step.within !== part) {
      part = step.within;
      lines.push(`${part}:`);
    }
    const { text, detail } = stepWords(step);
    const number = `${i + 1}.`.padStart(4);
    lines.push(`${number} ${text}`, ...detail.map((d) => `       ${d}`));
  });
  lines.push(planVerdict(result.blocked));
  return lines.map((l) => routed(l, prefix));
}
