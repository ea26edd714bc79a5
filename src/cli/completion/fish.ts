/**
 * The fish completion script: `complete` lines written from the completion model, each guarded by a condition on
 * the positional words so far (found the way bgdb finds its command: flags and their values skipped).
 */
import type { CommandWords, CompletionModel, FlagWords, ValueWords } from "./model.js";
import { fishQuote } from "./quote.js";

const described = (help: string) => (help ? ` -d ${fishQuote(help)}` : "");

/** The `complete` options offering a value: its choices, files, directories, or nothing (`-x`: no files either). */
function valueOptions(words: ValueWords): string {
  if (words.choices) return ` -x -a ${fishQuote(words.choices.join(" "))}`;
  if (words.completes === "file") return " -r -F";
  if (words.completes === "directory") return ` -x -a ${fishQuote("(__fish_complete_directories (commandline -ct))")}`;
  return " -x";
}

function flagLine(condition: string, f: FlagWords): string {
  const takes = f.value === undefined ? "" : valueOptions(f);
  return `complete -c bgdb -n ${fishQuote(condition)} -l ${f.flag.replace(/^--/, "")}${takes}${described(f.help)}`;
}

const wordsLine = (condition: string, words: readonly string[], help = "") =>
  `complete -c bgdb -n ${fishQuote(condition)} -a ${fishQuote(words.join(" "))}${described(help)}`;

function commandLines(c: CommandWords, globals: Set<string>): string[] {
  const lines = [
    ...c.flags.map((f) => flagLine(`__bgdb_in ${c.name}`, f)),
    ...c.arguments.flatMap((a, i) => {
      if (a.rest || !(a.choices || a.completes)) return [];
      const at = `__bgdb_at ${c.name} ${i + 1}`;
      return [a.choices ? wordsLine(at, a.choices, a.help) : `complete -c bgdb -n ${fishQuote(at)}${valueOptions(a)}`];
    }),
  ];
  for (const s of c.subcommands ?? []) {
    lines.push(wordsLine(`__bgdb_is ${c.name}`, [s.name]));
    for (const o of s.options.filter((o) => !globals.has(o.flag))) {
      lines.push(
        flagLine(`__bgdb_in ${c.name} ${s.name}`, { flag: o.flag, help: "", ...(o.takesValue ? { value: "" } : {}) }),
      );
    }
    if (s.arguments.length) lines.push(wordsLine(`__bgdb_is ${c.name} ${s.name}`, s.arguments));
  }
  if (c.arguments.some((a) => a.rest && a.completes === "command")) {
    lines.push(`complete -c bgdb -n ${fishQuote(`__bgdb_after_dashdash ${c.name}`)} -a '(__bgdb_command_line)'`);
  }
  return lines;
}

export function fishScript(model: CompletionModel, header: readonly string[]): string {
  const globals = new Set(model.globals.map((f) => f.flag));
  const takesValue = [
    ...model.commands.flatMap((c) =>
      [
        ...c.flags.filter((f) => f.value !== undefined),
        ...(c.subcommands ?? []).flatMap((s) => s.options.filter((o) => o.takesValue)),
      ].map((f) => fishQuote(`${c.name} ${f.flag}`)),
    ),
    ...model.globals.filter((f) => f.value !== undefined).map((f) => fishQuote(`* ${f.flag}`)),
  ];
  const lines = [
    ...header.map((h) => `# ${h}`),
    "",
    "# Whether flag $argv[2] takes a value when the command is $argv[1] (empty before the command).",
    "function __bgdb_takes_value",
    '    switch "$argv[1] $argv[2]"',
    `        case ${takesValue.join(" ")}`,
    "            return 0",
    "    end",
    "    return 1",
    "end",
    "",
    "# The positional words before the cursor (the command, its arguments, a `--`), flags and their values skipped.",
    "function __bgdb_positionals",
    "    set -l tokens (commandline -opc)",
    "    set -e tokens[1]",
    "    set -l pos",
    "    set -l skip 0",
    "    for t in $tokens",
    "        if test $skip = 1",
    "            set skip 0",
    "        else if test $t = --",
    "            set -a pos --",
    "            break",
    "        else if string match -q -- '-*' $t",
    "            # `--until=x` carries its value; `--until x` has it in the next word.",
    "            if not string match -q -- '*=*' $t; and __bgdb_takes_value \"$pos[1]\" $t",
    "                set skip 1",
    "            end",
    "        else",
    "            set -a pos $t",
    "        end",
    "    end",
    "    printf '%s\\n' $pos",
    "end",
    "",
    "# The positional words so far are exactly $argv (none: the command is being completed).",
    "function __bgdb_is",
    "    set -l pos (__bgdb_positionals)",
    '    test "$pos" = "$argv"',
    "end",
    "",
    "# The positional words so far start with $argv, and no `--` ended bgdb's own words.",
    "function __bgdb_in",
    "    set -l pos (__bgdb_positionals)",
    "    set -l n (count $argv)",
    '    not contains -- -- $pos; and test (count $pos) -ge $n; and test "$pos[1..$n]" = "$argv"',
    "end",
    "",
    "# Completing positional word number $argv[2] after command $argv[1].",
    "function __bgdb_at",
    "    set -l pos (__bgdb_positionals)",
    '    not contains -- -- $pos; and test "$pos[1]" = $argv[1]; and test (count $pos) -eq (math $argv[2])',
    "end",
    "",
    "# After `--` (with command $argv[1], or any): the words there are another program's.",
    "function __bgdb_after_dashdash",
    "    set -l pos (__bgdb_positionals)",
    '    contains -- -- $pos; and begin; not set -q argv[1]; or test "$pos[1]" = $argv[1]; end',
    "end",
    "",
    "# The test command after `--`, completed as fish completes that command line.",
    "function __bgdb_command_line",
    "    set -l tokens (commandline -opc)",
    "    set -l at (contains -i -- -- $tokens)",
    "    set -e tokens[1..$at]",
    "    complete -C (string join ' ' -- $tokens (commandline -ct))",
    "end",
    "",
    "complete -c bgdb -f",
    ...model.topLevel.map((f) => flagLine("__bgdb_is", f)),
    ...model.globals.map((f) => flagLine("not __bgdb_after_dashdash", f)),
    ...model.commands.map((c) => wordsLine("__bgdb_is", [c.name], c.summary)),
    ...model.commands.flatMap((c) => commandLines(c, globals)),
    "",
  ];
  return lines.join("\n");
}
