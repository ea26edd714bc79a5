/**
 * bgdb's entry point as a function: find the command, load only it, parse, validate, run, render, return the exit
 * code. It never calls process.exit (bin/bgdb.js sets process.exitCode), so tests drive it with fake streams and
 * fake ports. `--version` loads nothing but the registry; `--help` adds the help text and the global option table.
 * Everything else (the parser, the renderers, the error classes) is imported when a path needs it.
 */
import { type CliIo, isProcessIo, processIo } from "./io.js";
import { COMMANDS, type CommandEntry, commandNamed } from "./registry.js";
import type { Session } from "./session.js";
import { VERSION } from "./version.js";

export type { CliIo } from "./io.js";

type Scan =
  | { kind: "version" }
  | { kind: "help" }
  | { kind: "none" }
  | { kind: "unknown"; word: string }
  | { kind: "command"; entry: CommandEntry; argv: string[] };

/** Global flags that take a value: their value is not the command's name (`--sandbox-dir /tmp/x create`). */
async function valueFlags(): Promise<ReadonlySet<string>> {
  const [{ globalTable }, { entries }] = await Promise.all([
    import("./options/global.js"),
    import("./options/parse.js"),
  ]);
  return new Set(entries(globalTable).flatMap(({ meta }) => (meta.kind.value ? [meta.flag] : [])));
}

const VERSION_OR_HELP = new Set(["--version", "-V", "--help", "-h"]);

/**
 * Finds the command in argv without a parser: the first word that is not a global flag or its value. `flags` are the
 * global flags that take a value; a plain `--version` or `--help` needs none.
 */
export function scanArgv(argv: string[], flags: ReadonlySet<string>): Scan {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    if (arg === "--") break;
    if (arg === "--version" || arg === "-V") return { kind: "version" };
    if (arg === "--help" || arg === "-h") return { kind: "help" };
    if (arg.startsWith("-")) {
      if (flags.has(arg)) i++;
      continue;
    }
    if (arg === "help") {
      // `bgdb help create` is `bgdb create --help`; `bgdb help` is `bgdb --help`.
      const next = commandNamed(argv[i + 1] ?? "");
      if (!next) return { kind: "help" };
      return { kind: "command", entry: next, argv: [...argv.slice(0, i), next.name, "--help"] };
    }
    const entry = commandNamed(arg);
    return entry ? { kind: "command", entry, argv } : { kind: "unknown", word: arg };
  }
  return { kind: "none" };
}

/** The closest command name, for "did you mean". */
function suggest(word: string): string | undefined {
  // Levenshtein, one row at a time: `prev` is the distances from a's first i-1 letters to each prefix of b.
  const distance = (a: string, b: string): number => {
    let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
      const row = [i];
      for (let j = 1; j <= b.length; j++) {
        const substitute = (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
        row.push(Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, substitute));
      }
      prev = row;
    }
    return prev[b.length] ?? Number.POSITIVE_INFINITY;
  };
  const best = COMMANDS.map((c) => ({ name: c.name, d: distance(word, c.name) })).sort((a, b) => a.d - b.d)[0];
  return best && best.d <= Math.max(2, Math.floor(word.length / 3)) ? best.name : undefined;
}

export async function run(argv: string[], io: Partial<CliIo> = {}): Promise<number> {
  const fullIo: CliIo = { ...processIo(), ...io };
  const controller = new AbortController();
  const stopSignals =
    !io.signal && isProcessIo(fullIo)
      ? (await import("./signals.js")).handleCtrlC(controller, fullIo.stderr)
      : () => {};
  const session: Session = {
    io: fullIo,
    signal: io.signal ?? controller.signal,
    command: "bgdb",
    argv,
    verbose: false,
    globals: {},
    exitCode: 0,
    warnings: [],
  };
  try {
    const before = argv.slice(0, argv.includes("--") ? argv.indexOf("--") : argv.length);
    const scan = scanArgv(argv, before.every((a) => VERSION_OR_HELP.has(a)) ? new Set() : await valueFlags());
    switch (scan.kind) {
      case "version":
        fullIo.stdout.write(`${VERSION}\n`);
        return 0;
      case "help":
        fullIo.stdout.write((await import("./top-help.js")).topHelp());
        return 0;
      case "none":
        // Help printed because no command was given: usage, not success.
        fullIo.stderr.write((await import("./top-help.js")).topHelp());
        return 2;
      case "unknown": {
        const near = suggest(scan.word);
        const { usage } = await import("./options/parse.js");
        throw usage([`unknown command '${scan.word}'${near ? ` (did you mean ${near}?)` : ""}`]);
      }
    }
    session.command = scan.entry.name;
    const [{ buildProgram }, spec] = await Promise.all([import("./program.js"), scan.entry.load()]);
    await buildProgram(session, scan.entry, spec).parseAsync(scan.argv, { from: "user" });
    return session.exitCode;
  } catch (err) {
    return await report(session, argv, err);
  } finally {
    stopSignals();
  }
}

/** Commander's own failures (unknown option, missing argument) are usage errors: exit 2, rendered like ours. */
async function report(session: Session, argv: string[], err: unknown): Promise<number> {
  const { io } = session;
  const [
    { isBgdbError, UsageError },
    { errorDocument, pickOutputMode, renderError },
    { commandPrefix },
    { publishRun },
  ] = await Promise.all([
    import("../core/errors.js"),
    import("../output/index.js"),
    import("./routing.js"),
    import("./github.js"),
  ]);
  let error = err;
  if (
    !isBgdbError(err) &&
    err instanceof Error &&
    "code" in err &&
    typeof err.code === "string" &&
    err.code.startsWith("commander.")
  ) {
    const exitCode = "exitCode" in err ? err.exitCode : 1;
    if (err.code === "commander.helpDisplayed" || err.code === "commander.version") return 0;
    if (err.code === "commander.help") return exitCode === 0 ? 0 : 2;
    error = new UsageError(err.message.replace(/^error:\s*/, ""), {
      hint: `See bgdb ${session.command === "bgdb" ? "" : `${session.command} `}--help.`,
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
  const shown = { command: session.command, prefix: commandPrefix(session.globals) };
  const exitCode = renderError(error, mode, {
    stdout: io.stdout,
    stderr: io.stderr,
    verbose: session.verbose || before.includes("--verbose"),
    ...shown,
  });
  publishRun(io, errorDocument(error, shown), session.warnings);
  return exitCode;
}
