// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the strings are shell script, where ${…} is shell syntax.
/**
 * The bash completion script: a `complete -F` function whose case tables are written from the completion model.
 * It finds the command the way bgdb does (the first word that is neither a flag nor a flag's value), so
 * `bgdb --region eu-west-1 cr<TAB>` completes `create`. Plain bash 3.2 features only (macOS's bash), no
 * bash-completion helpers: `compopt` is used where it exists.
 */
import { type CommandWords, type CompletionModel, type ValueFlag, type ValueWords, valueFlags } from "./model.js";
import { shQuote } from "./quote.js";

const offers = (words: ValueWords) => words.choices !== undefined || words.completes !== undefined;

/** The statements offering `words` for the value in `$cur`. */
function offer(words: ValueWords): string {
  const names = (what: "-f" | "-d") =>
    `local IFS=$'\\n'; compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen ${what} -- "$cur"))`;
  if (words.choices) return `COMPREPLY=($(compgen -W ${shQuote(words.choices.join(" "))} -- "$cur"))`;
  if (words.completes === "file") return names("-f");
  if (words.completes === "directory") return names("-d");
  if (words.completes === "command") return `COMPREPLY=($(compgen -c -- "$cur"))`;
  return ":";
}

/** A case statement on `subject`, one branch per distinct body, patterns in the order first seen. */
function caseOf(subject: string, branches: [pattern: string, body: string][], indent = "  "): string {
  const byBody = new Map<string, string[]>();
  for (const [pattern, body] of branches) {
    const patterns = byBody.get(body) ?? [];
    if (!patterns.includes(pattern)) byBody.set(body, [...patterns, pattern]);
  }
  const lines = [...byBody].flatMap(([body, patterns]) =>
    body.includes("\n")
      ? [`${indent}  ${patterns.join("|")})`, body, `${indent}    ;;`]
      : [`${indent}  ${patterns.join("|")}) ${body} ;;`],
  );
  return [`${indent}case ${subject} in`, ...lines, `${indent}esac`].join("\n");
}

/** `'create --source'`, or `*' --timeout'` for a flag that means the same wherever it is given. */
function patternsOf(v: ValueFlag): string[] {
  return v.commands ? v.commands.map((c) => shQuote(`${c} ${v.flag}`)) : [`*${shQuote(` ${v.flag}`)}`];
}

/** Case branches per flag taking a value; a command's own meaning comes before the `*` patterns that would hide it. */
function valueBranches(model: CompletionModel): [string[], ValueWords][] {
  const all = valueFlags(model);
  return [...all.filter((v) => v.commands), ...all.filter((v) => !v.commands)].map((v) => [patternsOf(v), v.words]);
}

function flagsBranches(model: CompletionModel, globals: Set<string>): string {
  const flagList = (flags: readonly string[]) => `echo ${shQuote(flags.filter((f) => !globals.has(f)).join(" "))}`;
  const branches: [string, string][] = [[`''`, flagList(model.topLevel.map((f) => f.flag))]];
  for (const c of model.commands) {
    const own = flagList(c.flags.map((f) => f.flag));
    if (!c.subcommands) {
      branches.push([shQuote(c.name), own]);
      continue;
    }
    const subs = caseOf(
      '"$2"',
      c.subcommands.map((s): [string, string] => [shQuote(s.name), flagList(s.options.map((o) => o.flag))]),
      "      ",
    );
    branches.push([shQuote(c.name), subs]);
  }
  return caseOf('"$1"', branches);
}

function argumentBranches(model: CompletionModel): [string, string][] {
  const branches: [string, string][] = [[`' 0'`, offer({ choices: model.commands.map((c) => c.name) })]];
  for (const c of model.commands) {
    c.arguments.forEach((a, i) => {
      if (!a.rest) branches.push([shQuote(`${c.name} ${i + 1}`), offer(a)]);
    });
    if (c.subcommands) {
      const subs = c.subcommands;
      branches.push([shQuote(`${c.name} 1`), offer({ choices: subs.map((s) => s.name) })]);
      const after = subs.flatMap((s): [string, string][] =>
        s.arguments.length ? [[shQuote(s.name), offer({ choices: s.arguments })]] : [],
      );
      if (after.length) branches.push([shQuote(`${c.name} 2`), caseOf('"$2"', after, "      ")]);
    }
  }
  return branches;
}

/** Commands that run a command line given after `--` (test, deploy). */
const runsCommandLine = (c: CommandWords) => c.arguments.some((a) => a.rest && a.completes === "command");

export function bashScript(model: CompletionModel, header: readonly string[]): string {
  const globals = new Set(model.globals.map((f) => f.flag));
  const values = valueBranches(model);
  const dashdash = model.commands.filter(runsCommandLine).map((c) => shQuote(c.name));
  const lines = [
    ...header.map((h) => `# ${h}`),
    "",
    "# Whether flag $2 takes a value when the command is $1 (empty before the command): the next word is that value.",
    "_bgdb_takes_value() {",
    caseOf('"$1 $2"', [[values.flatMap(([p]) => p).join("|"), "return 0"]]),
    "  return 1",
    "}",
    "",
    "# Offers the values of flag $2 of command $1 that match $cur (the caller's).",
    "_bgdb_value() {",
    caseOf(
      '"$1 $2"',
      values.flatMap(([patterns, words]) => (offers(words) ? [[patterns.join("|"), offer(words)]] : [])),
    ),
    "}",
    "",
    "# The flags of command $1 (and of its subcommand $2) besides the global ones.",
    "_bgdb_flags() {",
    flagsBranches(model, globals),
    "}",
    "",
    "# Offers what may stand as positional word number $3 (0: the command) of command $1, whose first argument is $2.",
    "_bgdb_argument() {",
    caseOf('"$1 $3"', argumentBranches(model)),
    "}",
    "",
    "_bgdb() {",
    "  local cur=${COMP_WORDS[COMP_CWORD]} flag i=1 w",
    `  local globals=${shQuote([...globals].join(" "))}`,
    "  local -a pos=()",
    "  COMPREPLY=()",
    "  # The positional words before the cursor (the command, its arguments), skipping flags and their values.",
    "  while (( i < COMP_CWORD )); do",
    "    w=${COMP_WORDS[i]}",
    "    if [[ $w == -- ]]; then",
    "      # After --: the test command's own words, completed as the shell completes a command line.",
    `      case "\${pos[0]}" in`,
    ...(dashdash.length
      ? [
          `        ${dashdash.join("|")})`,
          `          if (( i + 1 == COMP_CWORD )); then ${offer({ completes: "command" })}`,
          `          else ${offer({ completes: "file" })}; fi ;;`,
        ]
      : []),
    "      esac",
    "      return 0",
    "    elif [[ $w == -* ]]; then",
    '      if _bgdb_takes_value "${pos[0]}" "$w"; then',
    "        (( i++ ))",
    "        # `--until=x` reaches us as three words: --until, =, x.",
    "        [[ ${COMP_WORDS[i]} == = ]] && (( i++ ))",
    "      fi",
    "    elif [[ $w != = ]]; then",
    '      pos+=("$w")',
    "    fi",
    "    (( i++ ))",
    "  done",
    "  flag=${COMP_WORDS[COMP_CWORD-1]}",
    "  # `--until=<TAB>`: bash makes `=` a word, yet replaces only what follows it.",
    "  if [[ $cur == = ]]; then",
    "    cur=",
    "  elif [[ $flag == = ]] && (( COMP_CWORD > 2 )); then",
    "    flag=${COMP_WORDS[COMP_CWORD-2]}",
    "  fi",
    '  if [[ $flag == -* ]] && _bgdb_takes_value "${pos[0]}" "$flag"; then',
    '    _bgdb_value "${pos[0]}" "$flag"',
    "  elif [[ $cur == -* ]]; then",
    '    COMPREPLY=($(compgen -W "$(_bgdb_flags "${pos[0]}" "${pos[1]}") $globals" -- "$cur"))',
    "  else",
    '    _bgdb_argument "${pos[0]}" "${pos[1]}" "${#pos[@]}"',
    "  fi",
    "  return 0",
    "}",
    "",
    "complete -F _bgdb bgdb",
    "",
  ];
  return lines.join("\n");
}
