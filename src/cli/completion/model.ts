/**
 * What a shell may complete on a bgdb command line, gathered from the registry and every command's option table (each
 * spec loaded through its registry loader) and from the sandbox package's own word list. The scripts (bash.ts,
 * zsh.ts, fish.ts) only spell this in their shell's language, so a flag added to a table is completed everywhere.
 */

import { globalTable } from "../options/global.js";
import type { Kind } from "../options/kinds.js";
import type { OptionMeta } from "../options/option.js";
import { attributeOf, entries, type OptionTable } from "../options/parse.js";
import { COMMANDS } from "../registry.js";
import { type SandboxCommand, sandboxWords } from "./sandbox-words.js";

/** What to offer for a value: the kind's choices (a kind built with oneOf), or names the shell finds. */
export interface ValueWords {
  readonly choices?: readonly string[];
  readonly completes?: Kind<unknown>["completes"];
}

export interface FlagWords extends ValueWords {
  readonly flag: string;
  readonly help: string;
  /** The value's placeholder (`<step>`); absent for a switch. */
  readonly value?: string;
  /** May be given several times (`--tag`). */
  readonly repeatable?: boolean;
}

export interface ArgumentWords extends ValueWords {
  readonly name: string;
  readonly help: string;
  readonly required: boolean;
  /** Takes every remaining word (`[command...]`). */
  readonly rest: boolean;
}

export interface CommandWords {
  readonly name: string;
  readonly summary: string;
  readonly flags: readonly FlagWords[];
  readonly arguments: readonly ArgumentWords[];
  /** The words after it belong to another program (the sandbox's): its subcommands, when that program lists them. */
  readonly subcommands?: readonly SandboxCommand[];
}

export interface CompletionModel {
  /** Flags every command takes, before or after its name. */
  readonly globals: readonly FlagWords[];
  /** Flags only `bgdb` alone takes (commander's --help and --version). */
  readonly topLevel: readonly FlagWords[];
  readonly commands: readonly CommandWords[];
  /** What could not be completed and why, for a comment at the top of each script. */
  readonly notes: readonly string[];
}

/** commander's own options, in no table: every command has --help (unless it passes its words on), bgdb --version. */
const HELP: FlagWords = { flag: "--help", help: "show help" };
const VERSION: FlagWords = { flag: "--version", help: "print the version" };

const stringsIn = (value: unknown): string[] | undefined =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : undefined;

function valueWords(kind: Kind<unknown>): ValueWords {
  const choices = stringsIn(kind.json.enum);
  return { ...(choices ? { choices } : {}), ...(kind.completes ? { completes: kind.completes } : {}) };
}

function flagWords(meta: OptionMeta): FlagWords {
  const { kind } = meta;
  return {
    flag: meta.flag,
    help: meta.help,
    ...(kind.value ? { value: kind.value, ...valueWords(kind) } : {}),
    ...(kind.repeatable ? { repeatable: true } : {}),
  };
}

/** A table's flags, each once (deploy reads `--yes` and `--cname` into several steps), hidden ones left out. */
function flagsOf(table: OptionTable): FlagWords[] {
  const seen = new Set<string>();
  return entries(table).flatMap(({ meta }) => {
    if (meta.positional || meta.hidden || seen.has(meta.flag)) return [];
    seen.add(meta.flag);
    return [flagWords(meta)];
  });
}

function argumentsOf(table: OptionTable): ArgumentWords[] {
  return entries(table).flatMap(({ meta }) =>
    meta.positional
      ? [
          {
            name: attributeOf(meta.flag),
            help: meta.help,
            required: meta.required === true,
            rest: meta.flag.includes("..."),
            ...valueWords(meta.kind),
          },
        ]
      : [],
  );
}

export async function completionModel(): Promise<CompletionModel> {
  const [specs, sandbox] = await Promise.all([Promise.all(COMMANDS.map((c) => c.load())), sandboxWords()]);
  const notes: string[] = [];
  const commands = COMMANDS.map((entry, i): CommandWords => {
    const spec = specs[i];
    const table = spec?.table ?? {};
    const words = {
      name: entry.name,
      summary: entry.summary,
      flags: [...flagsOf(table), ...(spec?.passThrough ? [] : [HELP])],
      arguments: argumentsOf(table),
    };
    // A command that passes its words on is the sandbox's: the sandbox program's list replaces its own table.
    if (!spec?.passThrough) return words;
    if (sandbox.commands) return { ...words, arguments: [], subcommands: sandbox.commands };
    notes.push(`bgdb ${entry.name}'s own words are not completed: ${sandbox.why}`);
    return { ...words, arguments: [] };
  });
  return { globals: flagsOf(globalTable), topLevel: [HELP, VERSION], commands, notes };
}

/** A flag that takes a value, and what to offer for it: everywhere it is given, or in the commands named. */
export interface ValueFlag {
  readonly flag: string;
  /** Absent: wherever it is given (a global flag, or one that means the same in every command that has it). */
  readonly commands?: readonly string[];
  readonly words: ValueWords;
}

const offerOf = (f: FlagWords): ValueWords | undefined =>
  f.value === undefined
    ? undefined
    : { ...(f.choices ? { choices: f.choices } : {}), ...(f.completes ? { completes: f.completes } : {}) };

/**
 * Every flag that takes a value, for scripts that look a flag up by name: one entry for a flag that offers the same
 * wherever it appears (`--timeout` offers nothing in any command), else one per command. A global flag is bgdb's
 * wherever it is given, even where the sandbox program has one of the same name (bgdb hands it on).
 */
export function valueFlags(model: CompletionModel): ValueFlag[] {
  const globals = new Set(model.globals.map((f) => f.flag));
  const uses = new Map<string, { command: string; words: ValueWords | undefined }[]>();
  const use = (command: string, flag: string, words: ValueWords | undefined) => {
    if (!globals.has(flag)) uses.set(flag, [...(uses.get(flag) ?? []), { command, words }]);
  };
  for (const c of model.commands) {
    for (const f of c.flags) use(c.name, f.flag, offerOf(f));
    for (const s of c.subcommands ?? []) for (const o of s.options) use(c.name, o.flag, o.takesValue ? {} : undefined);
  }
  const own = [...uses].flatMap(([flag, all]): ValueFlag[] => {
    const first = all[0]?.words;
    if (new Set(all.map((u) => JSON.stringify(u.words ?? null))).size === 1)
      return first ? [{ flag, words: first }] : [];
    const byCommand = new Map(all.flatMap((u): [string, ValueWords][] => (u.words ? [[u.command, u.words]] : [])));
    return [...byCommand].map(([command, words]) => ({ flag, commands: [command], words }));
  });
  return [
    ...model.globals.flatMap((f) => {
      const words = offerOf(f);
      return words ? [{ flag: f.flag, words }] : [];
    }),
    ...own,
  ];
}
