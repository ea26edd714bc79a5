/**
 * The commander program for one command: the global options and the chosen command's table, help with its examples
 * and exit codes. Only that command's module is loaded (main picked it from argv), so start-up pays for nothing else.
 */
import { Command } from "commander";
import { examplesHelp, exitCodesHelp } from "./help.js";
import { wireOptions } from "./options/commander.js";
import { readConfigFile } from "./options/config-file.js";
import { globalTable } from "./options/global.js";
import { parseOptions, subTable } from "./options/parse.js";
import type { CommandEntry } from "./registry.js";
import { applyGlobals, type Session } from "./session.js";
import type { CommandSpec } from "./spec.js";
import { VERSION } from "./version.js";

/**
 * exitOverride + configureOutput are set before the command is added so it inherits them: commander then throws
 * instead of exiting, and main renders its errors like ours (exit 2).
 */
export function buildProgram(session: Session, entry: CommandEntry, spec: CommandSpec): Command {
  const { io } = session;
  const program = new Command("bgdb")
    .version(VERSION)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      // main prints the error once through the renderer; commander's own line would be a duplicate.
      outputError: () => {},
    })
    .configureHelp({ showGlobalOptions: true })
    .showSuggestionAfterError(true);
  const globals = wireOptions(program, globalTable);
  const sub = program.command(spec.name).description(entry.summary);
  if (spec.usage) sub.usage(spec.usage);
  if (spec.passThrough) sub.allowUnknownOption().helpOption(false);
  const wired = wireOptions(sub, spec.table);
  sub.addHelpText("after", examplesHelp(spec.examples) + exitCodesHelp(spec.exits));
  sub.action(async (...args: unknown[]) => {
    applyGlobals(session, globals.given(program, []));
    let raw = wired.given(sub, args);
    const config = spec.configFile && typeof raw.config === "string" ? raw.config : undefined;
    if (config) {
      // A config file holds the same options as the flags, validated by the same table; a flag given wins. Each
      // value the file gives is checked on its own first, even one a flag overrides: a wrong file is wrong input.
      const fromFile = await readConfigFile(config, io.cwd, spec.table);
      parseOptions(subTable(spec.table, Object.keys(fromFile)), fromFile, { where: `--config ${config}` });
      raw = { ...fromFile, ...raw };
    }
    const values = parseOptions(spec.table, raw, { where: config ? `--config ${config} and flags` : undefined });
    await spec.action(session, values, raw);
  });
  return program;
}
