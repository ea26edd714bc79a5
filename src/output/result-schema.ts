/**
 * The JSON Schema of the `--json` document (committed as docs/result.schema.json, checked by a test): built from the
 * same lists the code uses — phases, message codes, error codes — so the schema cannot drift from what bgdb emits.
 */
import { ERROR_CODES, ExitCode } from "../core/errors.js";
import { MESSAGE_CODES } from "../core/event.js";
import { PHASES } from "../core/phase.js";
import { SCHEMA_VERSION } from "./render-result.js";

const strings = { type: "array", items: { type: "string" } };
const nullable = (schema: Record<string, unknown>) => ({ anyOf: [schema, { type: "null" }] });

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
    ],
    properties: {
      schemaVersion: { const: SCHEMA_VERSION },
      ok: { const: true },
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
      data: { type: "object", description: "command-specific facts (lag samples, test result, probe report, …)" },
    },
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
          exitCode: { enum: [...new Set(Object.values(ExitCode))] },
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
