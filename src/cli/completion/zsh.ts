// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the strings are shell script, where ${…} is shell syntax.
/**
 * The zsh completion function (`#compdef bgdb`, for a directory in $fpath): `_arguments` specs written from the
 * completion model, one `_arguments` call per command, with each flag's help shown beside it.
 */
import type { ArgumentWords, CommandWords, CompletionModel, FlagWords, ValueWords } from "./model.js";
import { shQuote } from "./quote.js";

/** `[…]` in an `_arguments` spec is the explanation: brackets and backslashes in it are escaped. */
const explanation = (help: string) => `[${help.replace(/[\\[\]]/g, (c) => `\\${c}`)}]`;

/** The message part of a spec: `:` ends it, so it is escaped. */
const message = (text: string) => text.replace(/[<>]/g, "").replace(/:/g, "\\:");

/** The action: a kind's choices, file or directory names, a command; a lone space means nothing to offer. */
function action(words: ValueWords): string {
  if (words.choices) return `(${words.choices.join(" ")})`;
  if (words.completes === "file") return "_files";
  if (words.completes === "directory") return "_files -/";
  if (words.completes === "command") return "_bgdb_command_line";
  return " ";
}

function flagSpec(f: FlagWords): string {
  const repeat = f.repeatable ? "*" : "";
  if (f.value === undefined) return shQuote(`${repeat}${f.flag}${explanation(f.help)}`);
  // `--flag=` takes the value after `=` or as the next word, as commander does.
  return shQuote(`${repeat}${f.flag}=${explanation(f.help)}:${message(f.value)}:${action(f)}`);
}

function argumentSpec(a: ArgumentWords): string {
  if (a.rest) return shQuote(`*:${message(a.name)}:${action(a)}`);
  return shQuote(`${a.required ? ":" : "::"}${message(a.name)}:${action(a)}`);
}

const specs = (items: string[], indent: string) => items.map((s) => `${indent}${s}`).join(" \\\n");

/** A command with subcommands of its own (the sandbox): a function of its own, called with its words. */
function subcommandFunction(c: CommandWords, globals: Set<string>): string[] {
  const subs = c.subcommands ?? [];
  // Subcommands taking the same words share a branch (`start|ensure|serve|seed`).
  const byWords = new Map<string, string[]>();
  for (const s of subs) {
    const own = s.options
      .filter((o) => !globals.has(o.flag))
      .map((o) => shQuote(o.takesValue ? `${o.flag}=:value: ` : o.flag));
    const args = s.arguments.length ? [shQuote(`1:argument:(${s.arguments.join(" ")})`)] : [];
    const call = `_arguments -S : $bgdb_globals ${[...own, ...args].join(" ")} && ret=0`;
    byWords.set(call, [...(byWords.get(call) ?? []), shQuote(s.name)]);
  }
  const branches = [...byWords].map(([call, names]) => `    ${names.join("|")}) ${call} ;;`);
  return [
    `_bgdb_${c.name}() {`,
    "  local curcontext=$curcontext state state_descr line ret=1",
    "  typeset -A opt_args",
    `  _arguments -C -S : $bgdb_globals ${shQuote(`1:${c.name} command:(${subs.map((s) => s.name).join(" ")})`)} '*::argument:->argument' && ret=0`,
    "  [[ $state == argument ]] || return ret",
    "  case $words[1] in",
    ...branches,
    "  esac",
    "  return ret",
    "}",
    "",
  ];
}

/**
 * The test command after `--`: a command name first, then that command's own completion. `--` is found in the words
 * rather than left to `_arguments`, which counts it as an argument once a positional argument precedes it.
 */
const COMMAND_LINE_FUNCTION = [
  "_bgdb_command_line() {",
  "  local at=${words[(i)--]}",
  "  (( at < CURRENT )) || return 1",
  "  shift $at words",
  "  (( CURRENT -= at ))",
  "  if (( CURRENT == 1 )); then _command_names -e; else _normal; fi",
  "}",
  "",
];

export function zshScript(model: CompletionModel, header: readonly string[]): string {
  const globals = new Set(model.globals.map((f) => f.flag));
  const commandBranches = model.commands.map((c) => {
    if (c.subcommands) return `        ${shQuote(c.name)}) _bgdb_${c.name} && ret=0 ;;`;
    const items = [...c.flags.map(flagSpec), ...c.arguments.map(argumentSpec)];
    return [
      `        ${shQuote(c.name)})`,
      "          _arguments -S : $bgdb_globals \\",
      `${specs(items, "            ")} && ret=0`,
      "          ;;",
    ].join("\n");
  });
  // The exclusion `(- *)`: after --help or --version nothing else is completed.
  const topLevel = model.topLevel.map((f) => shQuote(`(- *)${f.flag}${explanation(f.help)}`));
  const lines = [
    "#compdef bgdb",
    ...header.map((h) => `# ${h}`),
    "",
    ...(model.commands.some((c) => c.arguments.some((a) => a.completes === "command")) ? COMMAND_LINE_FUNCTION : []),
    ...model.commands.filter((c) => c.subcommands).flatMap((c) => subcommandFunction(c, globals)),
    "_bgdb() {",
    "  local curcontext=$curcontext state state_descr line ret=1",
    "  typeset -A opt_args",
    "  local -a bgdb_globals=(",
    ...model.globals.map((f) => `    ${flagSpec(f)}`),
    "  )",
    "  local -a bgdb_commands=(",
    ...model.commands.map((c) => `    ${shQuote(`${c.name}:${c.summary}`)}`),
    "  )",
    `  _arguments -C -S : $bgdb_globals ${topLevel.join(" ")} '1:command:->command' '*::argument:->argument' && ret=0`,
    "  case $state in",
    "    command) _describe -t commands 'bgdb command' bgdb_commands && ret=0 ;;",
    "    argument)",
    "      curcontext=${curcontext%:*:*}:bgdb-$words[1]:",
    "      case $words[1] in",
    ...commandBranches,
    "      esac",
    "      ;;",
    "  esac",
    "  return ret",
    "}",
    "",
    // Sourced (`source <(bgdb completion zsh)`) rather than autoloaded from $fpath: register it by hand.
    'if [[ $zsh_eval_context[-1] == loadautofunc ]]; then _bgdb "$@"; else compdef _bgdb bgdb; fi',
    "",
  ];
  return lines.join("\n");
}
