/**
 * The JSON Schema of the `--json` document (committed as docs/result.schema.json, checked by a test): built from the
 * same lists the code uses — phases, message codes, error codes — so the schema cannot drift from what bgdb emits.
 */
import { MUTATING_ACTIONS } from "../core/audit.js";
import { ERROR_CODES, ExitCode } from "../core/errors.js";
import { MESSAGE_CODES } from "../core/event.js";
import { HOOK_EVENTS } from "../core/hooks.js";
import { PHASES } from "../core/phase.js";
import {
  CHECK_NAMES,
  PENDING_REASONS,
  PLAN_PARTS,
  type PlanStepKind,
  SKIP_REASONS,
  WAIT_FOR,
} from "../core/plan/step.js";
import { GUARDRAILS } from "../core/predict.js";
import { SCHEMA_VERSION } from "./render-result.js";

const strings = { type: "array", items: { type: "string" } };
const nullable = (schema: Record<string, unknown>) => ({ anyOf: [schema, { type: "null" }] });
const exitCodes = { enum: [...new Set(Object.values(ExitCode))] };

/** An object with exactly these properties, the `required` ones always present. */
const exactly = (required: string[], properties: Record<string, unknown>) => ({
  type: "object",
  additionalProperties: false,
  required,
  properties,
});

/** A dry run's refusal: the error the real run would stop with. */
const blockedFields = {
  code: { enum: Object.keys(ERROR_CODES) },
  message: { type: "string" },
  hint: { type: "string" },
  exitCode: exitCodes,
};

/** The switchover prediction (core/predict.ts): RDS's guardrails as bgdb sees them and a recommended timeout. */
const predictionSchema = exactly(
  ["verdict", "guardrails", "estimateSeconds", "recommendedTimeoutSeconds", "timeoutSeconds", "reasoning"],
  {
    verdict: { enum: ["pass", "fail", "unknown"] },
    guardrails: {
      type: "array",
      items: exactly(["name", "ok", "reading"], {
        name: { enum: [...GUARDRAILS] },
        ok: { anyOf: [{ type: "boolean" }, { const: "unknown" }] },
        reading: { type: "string" },
      }),
    },
    deferred: { type: "array", items: { enum: [...GUARDRAILS] } },
    estimateSeconds: { type: "number", minimum: 0 },
    recommendedTimeoutSeconds: { type: "integer", minimum: 30, maximum: 3600 },
    timeoutSeconds: { type: "integer", minimum: 30, maximum: 3600 },
    trend: { enum: ["rising", "falling", "flat"] },
    reasoning: { type: "string" },
  },
);

/** One schema per plan step kind (core/plan/step.ts); the compiler checks every kind has one. */
function planStepSchema(): Record<string, unknown> {
  const within = { enum: [...PLAN_PARTS] };
  const step = (kind: PlanStepKind, required: string[], properties: Record<string, unknown>) =>
    exactly(["kind", ...required], { kind: { const: kind }, within, ...properties });
  const kinds: Record<PlanStepKind, Record<string, unknown>> = {
    check: step("check", ["what", "ok", "reading"], {
      what: { enum: [...CHECK_NAMES] },
      ok: { anyOf: [{ type: "boolean" }, { const: "warn" }] },
      reading: { type: "string" },
      hint: { type: "string" },
    }),
    call: step("call", ["action", "params"], {
      action: { enum: [...MUTATING_ACTIONS] },
      params: { type: "object", description: "exactly what the real run sends (and the audit log records)" },
    }),
    wait: step("wait", ["for", "subject", "timeoutMs"], {
      for: { enum: [...WAIT_FOR] },
      subject: { type: "string" },
      timeoutMs: { type: "number", minimum: 0 },
    }),
    gate: step("gate", ["checks", "passes", "stableSamples", "waitForLagMs"], {
      checks: {
        type: "array",
        items: { type: "object", required: ["name", "ok"], properties: { name: { type: "string" } } },
      },
      passes: { type: "boolean" },
      stableSamples: { type: "integer", minimum: 1 },
      waitForLagMs: { type: "number", minimum: 0 },
      prediction: predictionSchema,
    }),
    hook: step("hook", ["event", "commands"], { event: { enum: [...HOOK_EVENTS] }, commands: strings }),
    confirm: step("confirm", ["expected", "yes"], { expected: { type: "string" }, yes: { type: "boolean" } }),
    probe: step("probe", ["table", "intervalMs"], { table: { type: "string" }, intervalMs: { type: "number" } }),
    test: step("test", ["command"], { command: { type: "string" }, timeoutMs: { type: "number", minimum: 0 } }),
    skip: step("skip", ["reason", "subject"], {
      reason: { enum: [...SKIP_REASONS] },
      subject: { type: "string" },
      status: { type: "string" },
      detail: { type: "string" },
    }),
    pending: step("pending", ["reason", "within"], { reason: { enum: [...PENDING_REASONS] } }),
    blocked: step("blocked", ["code", "message", "exitCode"], blockedFields),
  };
  return { oneOf: Object.values(kinds) };
}

export function resultSchema(): Record<string, unknown> {
  const deployment = {
    type: "object",
    required: ["id", "name", "status", "source", "tasks"],
    properties: {
      id: { type: "string", pattern: "^bgd-" },
      name: { type: "string" },
      status: { type: "string" },
      statusDetails: { type: "string" },
      source: { type: "string" },
      target: { type: "string" },
      tasks: {
        type: "array",
        items: {
          type: "object",
          required: ["name", "status"],
          properties: { name: { type: "string" }, status: { type: "string" } },
        },
      },
      createTime: { type: "string" },
    },
  };
  const member = {
    type: "object",
    required: ["role", "kind", "id", "arn"],
    properties: {
      role: { enum: ["blue", "green"] },
      kind: { enum: ["instance", "cluster", "cluster-endpoint"] },
      id: { type: "string" },
      arn: { type: "string" },
      memberStatus: { type: "string" },
      status: { type: "string" },
      engine: { type: "string" },
      engineVersion: { type: "string" },
      instanceClass: { type: "string" },
      endpoint: { type: "string" },
      port: { type: "integer" },
    },
  };
  const success = {
    type: "object",
    additionalProperties: false,
    required: [
      "schemaVersion",
      "ok",
      "command",
      "phase",
      "deployment",
      "members",
      "durations",
      "nextSteps",
      "summary",
      "report",
      "data",
      "plan",
      "blocked",
    ],
    properties: {
      schemaVersion: { const: SCHEMA_VERSION },
      ok: {
        type: "boolean",
        description: "false only for a dry run whose plan is blocked, or a failed bgdb preflight",
      },
      command: { type: "string" },
      phase: { enum: [...PHASES] },
      deployment: nullable(deployment),
      members: { type: "array", items: member },
      durations: { type: "object", additionalProperties: { type: "number", minimum: 0 } },
      nextSteps: strings,
      summary: { ...strings, description: "the report in words, as printed for a person" },
      report: {
        type: "array",
        description: "what the command found or did, as typed messages (code + payload)",
        items: { type: "object", required: ["code"], properties: { code: { enum: [...MESSAGE_CODES] } } },
      },
      data: {
        type: "object",
        description: "command-specific facts (lag samples, test result, the gate a switchover passed, probe report, …)",
      },
      plan: {
        type: "array",
        description: "--dry-run: every step the real run would take, with AWS's current readings (empty otherwise)",
        items: planStepSchema(),
      },
      blocked: nullable({
        ...exactly(["code", "message", "hint", "exitCode"], { ...blockedFields, hint: nullable({ type: "string" }) }),
        description:
          "--dry-run: why the plan cannot run now (the real run's first refusal); bgdb preflight: the failed checks. bgdb exits with exitCode",
      }),
    },
    // ok is false exactly when a dry run is blocked.
    anyOf: [
      { properties: { ok: { const: true }, blocked: { type: "null" } } },
      { properties: { ok: { const: false }, blocked: { type: "object" } } },
    ],
  };
  const failure = {
    type: "object",
    additionalProperties: false,
    required: ["schemaVersion", "ok", "command", "deployment", "error", "nextSteps"],
    properties: {
      schemaVersion: { const: SCHEMA_VERSION },
      ok: { const: false },
      command: nullable({ type: "string" }),
      deployment: nullable({
        type: "object",
        description: "the deployment the error concerns, when bgdb knew it",
        required: ["id", "name", "status"],
        properties: { id: { type: "string" }, name: { type: "string" }, status: { type: "string" } },
      }),
      error: {
        type: "object",
        additionalProperties: false,
        required: ["code", "message", "hint", "exitCode", "requestId", "details"],
        properties: {
          code: { enum: Object.keys(ERROR_CODES) },
          message: { type: "string" },
          hint: nullable({ type: "string" }),
          exitCode: exitCodes,
          requestId: nullable({ type: "string" }),
          details: { type: "object" },
        },
      },
      nextSteps: strings,
    },
  };
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    $id: "urn:bgdb:result:1",
    title: "bgdb --json result",
    description: "The one document bgdb writes to stdout with --json: a result (ok: true) or an error (ok: false).",
    oneOf: [success, failure],
  };
}
