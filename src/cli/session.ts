/**
 * What one `run()` shares between main and the command actions: the streams, the Ctrl-C signal, and — once the
 * global options are validated — the output mode, so an error is rendered the way the result would have been.
 */
import type { Command } from "commander";
import { UsageError } from "../core/errors.js";
import type { CommandResult } from "../core/result.js";
import { type OutputMode, pickOutputMode, renderResult } from "../output/index.js";
import type { Deps } from "../ports/index.js";
import { refuseWithoutConfirmation } from "./confirm.js";
import { buildDeps } from "./deps.js";
import type { CliIo } from "./io.js";
import { envSchema, type GlobalOptions, globalSchema, parseInput } from "./schema.js";

export interface Session {
  io: CliIo;
  signal: AbortSignal;
  command: string;
  mode?: OutputMode;
  verbose: boolean;
  /** Set by the action that ran; main returns it. */
  exitCode: number;
}

function rootOf(cmd: Command): Command {
  let root = cmd;
  while (root.parent) root = root.parent;
  return root;
}

/** Options the user actually gave (command line), leaving defaults to the zod schema and the config file. */
export function givenOptions(cmd: Command): Record<string, unknown> {
  return Object.fromEntries(Object.entries(cmd.opts()).filter(([key]) => cmd.getOptionValueSource(key) !== "default"));
}

/** Validates the global options and environment; sets the session's output mode. */
export function globalsOf(session: Session, cmd: Command): GlobalOptions {
  const globals = parseInput(globalSchema, rootOf(cmd).opts());
  parseInput(envSchema, { BGDB_STATE_DIR: session.io.env.BGDB_STATE_DIR });
  if (globals.sandbox && globals.endpointUrl) {
    throw new UsageError("--sandbox and --endpoint-url both choose the endpoint: give one of them");
  }
  session.verbose = globals.verbose === true;
  session.mode = pickOutputMode({
    json: globals.json === true,
    quiet: globals.quiet === true,
    isTTY: session.io.isTTY,
    env: session.io.env,
  });
  return globals;
}

/** The common tail of every command: build deps, call one core function, render its result. Errors propagate to main. */
export async function execute(
  session: Session,
  cmd: Command,
  call: (deps: Deps) => Promise<CommandResult>,
  opts: { yes?: boolean; confirms?: string } = {},
): Promise<void> {
  const globals = globalsOf(session, cmd);
  // Refuse now, not after a gate that may wait for many minutes, when nobody could confirm at the end.
  if (opts.confirms) refuseWithoutConfirmation(opts.confirms, { yes: opts.yes === true, isTTY: session.io.isTTY });
  const mode = session.mode!;
  const ctx = { command: session.command, globals, io: session.io };
  const built = await buildDeps(ctx, mode, { yes: opts.yes === true, signal: session.signal });
  let result: CommandResult;
  try {
    result = await call(built.deps);
  } finally {
    // The spinner must stop before anything else is written.
    built.close();
  }
  renderResult(result, mode, session.io.stdout);
  session.exitCode = 0;
}
