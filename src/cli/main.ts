/**
 * bgdb's entry point as a function: parse, validate, run one command, render, return the exit code. It never calls
 * process.exit (bin/bgdb.js sets process.exitCode), so tests drive it with fake streams and fake ports.
 */
import { CommanderError } from "commander";
import { UsageError } from "../core/errors.js";
import { pickOutputMode, renderError } from "../output/index.js";
import { type CliIo, isProcessIo, processIo } from "./io.js";
import { buildProgram } from "./program.js";
import type { Session } from "./session.js";
import { handleCtrlC } from "./signals.js";

export type { CliIo } from "./io.js";

export async function run(argv: string[], io: Partial<CliIo> = {}): Promise<number> {
  const fullIo: CliIo = { ...processIo(), ...io };
  const controller = new AbortController();
  const stopSignals = !io.signal && isProcessIo(fullIo) ? handleCtrlC(controller, fullIo.stderr) : () => {};
  const session: Session = {
    io: fullIo,
    signal: io.signal ?? controller.signal,
    command: "bgdb",
    verbose: false,
    exitCode: 0,
  };
  const program = buildProgram(session);
  // Before an action runs (bad usage), name the command from argv: the first word that is a command's name, not the
  // first word without a dash (that may be a global option's value, e.g. `--sandbox-dir /tmp/x create`).
  const names = new Set(program.commands.map((c) => c.name()));
  session.command = argv.find((a) => names.has(a)) ?? "bgdb";
  try {
    program.hook("preAction", (_root, action) => {
      session.command = action.name();
    });
    await program.parseAsync(argv, { from: "user" });
    return session.exitCode;
  } catch (err) {
    return report(session, argv, err);
  } finally {
    stopSignals();
  }
}

/** Commander's own failures (unknown option, missing argument) are usage errors: exit 2, rendered like ours. */
function report(session: Session, argv: string[], err: unknown): number {
  const { io } = session;
  if (err instanceof CommanderError) {
    if (err.code === "commander.helpDisplayed" || err.code === "commander.version") return 0;
    // Help printed because no command was given: usage, not success. `bgdb help` exits 0.
    if (err.code === "commander.help") return err.exitCode === 0 ? 0 : 2;
    err = new UsageError(`${err.message.replace(/^error:\s*/, "")}`, {
      hint: "See bgdb --help or bgdb <command> --help.",
    });
  }
  const before = argv.slice(0, argv.includes("--") ? argv.indexOf("--") : argv.length);
  const mode =
    session.mode ??
    pickOutputMode({
      json: before.includes("--json"),
      quiet: before.includes("--quiet"),
      isTTY: io.isTTY,
      env: io.env,
    });
  return renderError(err, mode, {
    stdout: io.stdout,
    stderr: io.stderr,
    verbose: session.verbose || before.includes("--verbose"),
    command: session.command,
  });
}
