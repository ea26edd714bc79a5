/**
 * A run as GitHub Actions shows it: the Markdown bgdb appends to the job's step summary, and the workflow commands
 * (`::error …::`, `::warning::`) that turn its failure and warnings into annotations. Pure functions of the run's
 * JSON document (the one `--json` prints) and the warnings the run reported; src/cli/github.ts does the I/O.
 */
import { describeGateCheck, type GateCheck } from "../core/decide.js";
import type { MappingEntry, MessagePayload } from "../core/event.js";
import { redactString } from "../core/redact.js";
import type { MemberView } from "../core/result.js";
import type { WriteProbeReport } from "../ports/index.js";
import type { ErrorDocument } from "./render-error.js";
import { checkMark, renderMessage } from "./render-message.js";
import type { ResultDocument } from "./render-result.js";
import { mdCode, mdTable, mdText } from "./report/markdown.js";
import { took } from "./report/words.js";

export type RunDocument = ResultDocument | ErrorDocument;

/** Text for a workflow command's message: the runner reads `%`, CR and LF escaped, so one command stays one line. */
export const commandMessage = (text: string): string =>
  text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");

/** Text for a workflow command's property (`title=…`): also `:` and `,`, which would end it. */
export const commandProperty = (text: string): string => commandMessage(text).replace(/:/g, "%3A").replace(/,/g, "%2C");

/** `::name prop=value,…::message`, every part escaped and the message scrubbed of secrets. */
export function workflowCommand(
  name: "error" | "warning",
  message: string,
  properties: Record<string, string> = {},
): string {
  const props = Object.entries(properties)
    .map(([key, value]) => `${key}=${commandProperty(redactString(value))}`)
    .join(",");
  return `::${name}${props ? ` ${props}` : ""}::${commandMessage(redactString(message))}`;
}

/** A warning the run reported, as its annotation and the summary say it: the headline, its details under it. */
export function warningText(m: MessagePayload, prefix?: string): string {
  const r = renderMessage(m, prefix);
  return [r.text, ...r.detail].join("\n");
}

/** Why the run failed, with what to do, or undefined when it did not. */
function failure(doc: RunDocument): { code: string; exitCode: number; message: string; hint?: string } | undefined {
  if ("error" in doc) return { ...doc.error, hint: doc.error.hint ?? undefined };
  if (doc.blocked) return { ...doc.blocked, hint: doc.blocked.hint ?? undefined };
  return undefined;
}

const commandOf = (doc: RunDocument): string => doc.command ?? "bgdb";

/** The workflow commands for a run: an error annotation when it failed, a warning for each warning it reported. */
export function annotations(doc: RunDocument, warnings: readonly string[]): string[] {
  const failed = failure(doc);
  return [
    ...warnings.map((w) => workflowCommand("warning", w)),
    ...(failed
      ? [
          workflowCommand("error", failed.hint ? `${failed.message}\n${failed.hint}` : failed.message, {
            title: `bgdb ${commandOf(doc)}`,
          }),
        ]
      : []),
  ];
}

/** The report's messages of one code (an error document has none). */
const messages = <C extends MessagePayload["code"]>(
  doc: RunDocument,
  code: C,
): Extract<MessagePayload, { code: C }>[] =>
  "report" in doc ? doc.report.filter((m): m is Extract<MessagePayload, { code: C }> => m.code === code) : [];

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null;

/** Gate checks as a document holds them (JSON: checked for the shape describeGateCheck reads). */
function checksIn(value: unknown): GateCheck[] | undefined {
  return Array.isArray(value) && value.every((c) => isRecord(c) && typeof c.name === "string")
    ? (value as GateCheck[])
    : undefined;
}

/** The gate's checks: as it passed (the result), as it stood when it gave up (the error), or as a dry run read it. */
function gateChecks(doc: RunDocument): GateCheck[] | undefined {
  if ("error" in doc) return checksIn(doc.error.details.checks);
  const gate = doc.data.gate;
  const passed = isRecord(gate) ? checksIn(gate.checks) : undefined;
  return passed ?? doc.plan.flatMap((s) => (s.kind === "gate" ? [s.checks] : [])).at(-1);
}

/** The write probe's report: in the result's data, or in the error of a switchover that lost writes. */
function probeReport(doc: RunDocument): WriteProbeReport | undefined {
  const probe = "error" in doc ? doc.error.details.probe : doc.data.probe;
  return isRecord(probe) && typeof probe.acknowledged === "number" ? (probe as unknown as WriteProbeReport) : undefined;
}

function heading(doc: RunDocument): string {
  const d = doc.deployment;
  const name = typeof d?.name === "string" ? d.name : undefined;
  const id = typeof d?.id === "string" ? d.id : undefined;
  const about = name ? ` · ${name}${id && id !== name ? ` (${id})` : ""}` : "";
  const dryRun = "plan" in doc && doc.plan.length > 0 ? " (dry run)" : "";
  const failed = failure(doc);
  const outcome = failed
    ? `${"error" in doc ? "failed" : "blocked"}: ${failed.code} (exit ${failed.exitCode})`
    : `done, phase ${"phase" in doc ? doc.phase : "unknown"}`;
  return `### ${failed ? "✖" : "✔"} ${mdText(`bgdb ${commandOf(doc)}${dryRun}${about} · ${outcome}`)}`;
}

/** Where a name of the mapping answers now, from the members AWS described after the switchover. */
function endpointOf(members: MemberView[], id: string): string {
  const m = members.find((v) => v.id === id);
  return m?.endpoint ? `${m.endpoint}${m.port ? `:${m.port}` : ""}` : "—";
}

function mappingRow(e: MappingEntry, members: MemberView[]): string[] {
  if (e.role === "production") {
    const runs = `${e.engine ?? ""} ${e.engineVersion ?? "?"}`.trim();
    return [e.id, endpointOf(members, e.id), `green, ${runs}${e.was && e.was !== e.id ? ` (was ${e.was})` : ""}`];
  }
  const blue = members.find((v) => v.id === e.id);
  const runs = blue?.engineVersion ? ` (${`${blue.engine ?? ""} ${blue.engineVersion}`.trim()})` : "";
  return [e.id, endpointOf(members, e.id), `old blue${runs}, read-only, kept`];
}

function switchoverLines(doc: RunDocument): string[] {
  const completed = messages(doc, "switchover.completed").at(-1);
  if (!completed) return [];
  const by = completed.by === "another-run" ? " (switched over by another run)" : "";
  const members = "members" in doc ? doc.members : [];
  return [
    "#### Switchover",
    "",
    mdText(`SWITCHOVER_COMPLETED in ${took(completed.elapsedMs)}${by}.`),
    "",
    ...mdTable(
      ["name", "endpoint", "now serves"],
      completed.mapping.map((e) => mappingRow(e, members)),
    ),
  ];
}

function probeLines(p: WriteProbeReport): string[] {
  const missing = p.verified ? String(p.missing) : "not checked (the verification query failed)";
  return [
    "#### Write probe",
    "",
    ...mdTable(
      ["longest gap", "acknowledged", "missing", "refused", "last answered by"],
      [[took(p.longestGapMs), String(p.acknowledged), missing, String(p.failed), p.lastServerVersion ?? "—"]],
    ),
  ];
}

/** The phases and how long each took: the demo's own timeline, else the result's durations. */
function timelineLines(doc: RunDocument): string[] {
  const demo = messages(doc, "demo.timeline").at(-1);
  if (demo) {
    return [
      "#### Timeline",
      "",
      ...mdTable(
        ["phase", "duration", ""],
        [...demo.steps.map((s) => [s.phase, took(s.ms), s.note]), ["total", took(demo.totalMs), ""]],
      ),
    ];
  }
  const durations = Object.entries("durations" in doc ? doc.durations : {});
  if (durations.length === 0) return [];
  return [
    "#### Timeline",
    "",
    ...mdTable(
      ["phase", "duration"],
      durations.map(([phase, ms]) => [phase, took(ms)]),
    ),
  ];
}

/** Sections in order, each a list of lines; empty ones are left out. */
function sections(doc: RunDocument, warnings: readonly string[]): string[][] {
  const failed = failure(doc);
  const checks = gateChecks(doc);
  const probe = probeReport(doc);
  const summary = "summary" in doc ? doc.summary.map(redactString) : [];
  return [
    [heading(doc)],
    failed
      ? [mdText(failed.message), ...(failed.hint ? ["", ...failed.hint.split("\n").map((l) => `> ${mdText(l)}`)] : [])]
      : [],
    checks && checks.length > 0
      ? [
          "#### Gate",
          "",
          ...mdTable(
            ["", "check", "reading"],
            checks.map((c) => [checkMark(c.ok), c.name, describeGateCheck(c)]),
          ),
        ]
      : [],
    timelineLines(doc),
    switchoverLines(doc),
    probe ? probeLines(probe) : [],
    warnings.length > 0 ? ["#### Warnings", "", ...warnings.map((w) => `- ⚠ ${mdText(redactString(w))}`)] : [],
    doc.nextSteps.length > 0 ? ["#### Next steps", "", ...mdCode(doc.nextSteps, "sh")] : [],
    summary.length > 0 ? ["<details><summary>bgdb's output</summary>", "", ...mdCode(summary), "", "</details>"] : [],
  ].filter((s) => s.length > 0);
}

/** The Markdown for the step summary: one block per command, ending in a blank line so the next one starts afresh. */
export function stepSummary(doc: RunDocument, warnings: readonly string[] = []): string {
  return `${sections(doc, warnings)
    .map((s) => s.join("\n"))
    .join("\n\n")}\n\n`;
}
