/**
 * What one `run()` shares between main and the command actions: the streams, the Ctrl-C signal, the validated global
 * options and — once they are known — the output mode, so an error is rendered the way the result would have been.
 */
import type { CommandResult } from "../core/result.js";
import { type OutputMode, pickOutputMode, renderResult, resultDocument } from "../output/index.js";
import type { Deps } from "../ports/index.js";
import { refuseWithoutConfirmation } from "./confirm.js";
import { buildDeps } from "./deps.js";
import { publishRun } from "./github.js";
import type { CliIo } from "./io.js";
import { envTable, globalTable } from "./options/global.js";
import { type OptionValues, parseOptions, usage } from "./options/parse.js";
import { commandPrefix } from "./routing.js";

export type GlobalOptions = OptionValues<typeof globalTable>;

export interface Session {
  io: CliIo;
  signal: AbortSignal;
  command: string;
  /** The command line after `bgdb`, as given (the audit log records it, redacted). */
  argv: readonly string[];
  mode?: OutputMode;
  verbose: boolean;
  /** The global flags the user gave, validated (set before the command's action runs). */
  globals: GlobalOptions;
  /** Set by the action that ran; main returns it. */
  exitCode: number;
  /** The warnings the run reported so far (GitHub's annotations and step summary repeat them). */
  warnings: string[];
}

/** Environment variables bgdb validates: unset and empty AWS_* variables are left to the SDK, which ignores them. */
function envInput(env: NodeJS.ProcessEnv): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(envTable)) {
    const value = env[key];
    if (value === undefined || (value === "" && key.startsWith("AWS_"))) continue;
    out[key] = value;
  }
  return out;
}

/** Validates the global options and environment, then sets the session's output mode. */
export function applyGlobals(session: Session, given: Record<string, unknown>): GlobalOptions {
  const globals = parseOptions(globalTable, given);
  parseOptions(envTable, envInput(session.io.env), { where: "environment" });
  if (globals.sandbox && globals.endpointUrl) {
    throw usage(["--sandbox and --endpoint-url both choose the endpoint: give one of them"]);
  }
  session.globals = globals;
  session.verbose = globals.verbose === true;
  session.mode = pickOutputMode({
    json: globals.json === true,
    quiet: globals.quiet === true,
    isTTY: session.io.isTTY,
    env: session.io.env,
  });
  return globals;
}

/**
 * The common tail of most commands: build deps, call one core function, render its result. Errors go to main. A dry
 * run (`dryRun`: `call` is the command's plan) asks nobody anything, and exits with its blocking reason's code.
 */
export async function execute(
  session: Session,
  call: (deps: Deps) => Promise<CommandResult>,
  opts: {
    yes?: boolean;
    confirms?: string;
    dryRun?: boolean;
    /** The variables this command reads URLs from (--db-url-env, --probe-url-env): its children never see them. */
    urlEnv?: { dbUrlEnv?: string; probeUrlEnv?: string };
  } = {},
): Promise<void> {
  // Refuse now, not after a gate that may wait for many minutes, when nobody could confirm at the end.
  if (opts.confirms && !opts.dryRun) {
    refuseWithoutConfirmation(opts.confirms, { yes: opts.yes === true, isTTY: session.io.isTTY });
  }
  const mode = session.mode ?? "plain";
  const ctx = { command: session.command, globals: session.globals, io: session.io, argv: session.argv };
  const built = await buildDeps(ctx, mode, {
    yes: opts.yes === true,
    signal: session.signal,
    warnings: session.warnings,
    urlEnv: opts.urlEnv,
  });
  let result: CommandResult;
  try {
    result = await call(built.deps);
  } finally {
    // The spinner must stop before anything else is written.
    built.close();
  }
  const prefix = commandPrefix(session.globals);
  renderResult(result, mode, session.io.stdout, { shown: built.shown(), prefix });
  session.exitCode = result.blocked?.exitCode ?? 0;
  publishRun(session.io, resultDocument(result, prefix), session.warnings);
}
