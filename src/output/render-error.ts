import { ExitCode, isBgdbError, messageOf } from "../core/errors.js";
import { redactSecrets, redactString } from "../core/redact.js";
import type { OutputMode } from "./mode.js";
import { SCHEMA_VERSION } from "./render-result.js";
import { routed } from "./routed.js";
import { MARKS } from "./style.js";

export interface RenderErrorOptions {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** Print stack traces and causes. */
  verbose: boolean;
  /** The bgdb command that failed, for the JSON document. */
  command?: string;
  /** `bgdb` with the run's routing flags, for the commands a hint names (see routed.ts). */
  prefix?: string;
}

interface Shown {
  code: string;
  message: string;
  hint?: string;
  exitCode: number;
  requestId?: string;
  details?: Record<string, unknown>;
}

function describe(err: unknown): Shown {
  if (isBgdbError(err)) {
    return {
      code: err.code,
      message: err.message,
      hint: err.hint,
      exitCode: err.exitCode,
      requestId: err.requestId,
      details: err.details,
    };
  }
  const message = messageOf(err);
  return {
    code: "INTERNAL",
    message: `internal error (a bug): ${message}`,
    hint: "Please report it, with the output of the same command run with --verbose.",
    exitCode: ExitCode.Internal,
  };
}

/** The stack and every `cause` below it: only with --verbose, because operators need the message, not our internals. */
function traceLines(err: unknown): string[] {
  const lines: string[] = [];
  let current: unknown = err;
  for (let depth = 0; current !== undefined && depth < 10; depth++) {
    if (depth > 0) lines.push(`caused by: ${messageOf(current)}`);
    if (current instanceof Error && current.stack) lines.push(...current.stack.split("\n").slice(1));
    current = current instanceof Error ? current.cause : undefined;
  }
  return lines;
}

/** The `--json` document of a command that failed (docs/result.schema.json, its second shape). */
export interface ErrorDocument {
  schemaVersion: typeof SCHEMA_VERSION;
  ok: false;
  command: string | null;
  deployment: Record<string, unknown> | null;
  error: {
    code: string;
    message: string;
    hint: string | null;
    exitCode: number;
    requestId: string | null;
    details: Record<string, unknown>;
  };
  nextSteps: string[];
}

/**
 * An error as the document `--json` prints (and a CI step summary shows): message and hint scrubbed of
 * connection-string passwords, as on stderr, and the commands it names routed like the run.
 */
export function errorDocument(err: unknown, o: Pick<RenderErrorOptions, "command" | "prefix">): ErrorDocument {
  const shown = describe(err);
  const nextSteps = shown.details?.nextSteps;
  const about = shown.details?.deployment;
  return {
    schemaVersion: SCHEMA_VERSION,
    ok: false,
    command: o.command ?? null,
    deployment: typeof about === "object" && about !== null ? (about as Record<string, unknown>) : null,
    error: {
      code: shown.code,
      message: routed(redactString(shown.message), o.prefix),
      hint: shown.hint === undefined ? null : routed(redactString(shown.hint), o.prefix),
      exitCode: shown.exitCode,
      requestId: shown.requestId ?? null,
      details: redactSecrets(shown.details ?? {}),
    },
    nextSteps: (Array.isArray(nextSteps) ? nextSteps.map(String) : commandsIn(shown.hint)).map((s) =>
      routed(s, o.prefix),
    ),
  };
}

/**
 * Prints an error once, on stderr (and, with --json, as the JSON document on stdout), and returns the exit code the
 * CLI should set. Messages are scrubbed of connection-string passwords: a driver's error text may quote one.
 */
export function renderError(err: unknown, mode: OutputMode, o: RenderErrorOptions): number {
  const doc = errorDocument(err, o);
  const { message, hint, requestId } = doc.error;
  const lines = [`${MARKS.fail} ${message}`];
  if (hint) lines.push(...hint.split("\n").map((l) => `  ${l}`));
  if (requestId) lines.push(`  request id: ${requestId}`);
  if (o.verbose) lines.push(...traceLines(err).map(redactString));
  o.stderr.write(`${lines.join("\n")}\n`);
  if (mode === "json") o.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
  return doc.error.exitCode;
}

/** The `bgdb …` commands a hint names (in backticks), so a machine reading the JSON gets them as nextSteps. */
export function commandsIn(hint: string | undefined): string[] {
  return [...(hint ?? "").matchAll(/`(bgdb [^`]+)`/g)].map((m) => m[1] as string);
}
