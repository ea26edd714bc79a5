/**
 * The README's option lists, written from the option tables: for each command (and for the global options) its
 * usage line and a table of its arguments and flags with their value placeholders, help and defaults. The README
 * holds them between `<!-- options:NAME -->` markers (marked-blocks.ts); a test keeps them equal to this.
 */
import { globalTable } from "../options/global.js";
import type { OptionMeta } from "../options/option.js";
import { attributeOf, entries, type OptionTable } from "../options/parse.js";
import { spelledDefault } from "../options/spelled-default.js";
import { COMMANDS } from "../registry.js";
import type { CommandSpec } from "../spec.js";

/** The block of the global options, beside one per command. */
export const GLOBAL_BLOCK = "global";

/** Text in a table cell: `|` would end the cell, `<x>` would vanish as an HTML tag. */
const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/</g, "&lt;").replace(/>/g, "&gt;");
/** Code in a table cell: only `|` needs escaping there (and only there: outside a table `\|` would show). */
const code = (text: string) => `\`${text.replace(/\|/g, "\\|")}\``;

/** A table row; an empty cell stays empty. */
const row = (cells: string[]) => `|${cells.map((c) => (c ? ` ${c} ` : " ")).join("|")}|`;

/**
 * A switch's default is to be off (or, for `--no-wait`, on): the flag says it. A default that is a value is shown as
 * code; one that describes the behaviour (`none`, `until Ctrl-C`) as text.
 */
function defaultCell(meta: OptionMeta): string {
  if (meta.required) return "required";
  const shown = meta.shownDefault;
  if (meta.kind.value === undefined || shown === undefined || shown === "") return "";
  return spelledDefault(meta.kind, shown) === undefined ? cell(shown) : code(shown);
}

/**
 * An argument as it is used: `<schema>` when required, `[deployment]` when not. (A table may declare a required
 * argument as `[schema]` so that its own message, not commander's, reports it missing.)
 */
function argument(meta: OptionMeta): string {
  const name = `${attributeOf(meta.flag)}${meta.flag.includes("...") ? "..." : ""}`;
  return meta.required ? `<${name}>` : `[${name}]`;
}

function optionsTable(table: OptionTable): string[] {
  const rows = entries(table).filter(({ meta }) => !meta.hidden);
  if (rows.length === 0) return ["No options besides the global ones."];
  return [
    "| option | meaning | default |",
    "|---|---|---|",
    ...rows.map(({ meta }) => {
      const flag = meta.positional ? argument(meta) : meta.kind.value ? `${meta.flag} ${meta.kind.value}` : meta.flag;
      return row([code(flag), cell(meta.help), defaultCell(meta)]);
    }),
  ];
}

/** `bgdb create --source <id|arn> [options]`: the spec's own usage, else its arguments and required flags. */
function usageLine(spec: CommandSpec): string {
  const all = entries(spec.table).filter(({ meta }) => !meta.hidden);
  const derived = [
    ...all.filter(({ meta }) => meta.positional).map(({ meta }) => argument(meta)),
    ...all
      .filter(({ meta }) => meta.required && !meta.positional)
      .map(({ meta }) => `${meta.flag} ${meta.kind.value ?? ""}`.trim()),
    ...(all.some(({ meta }) => !meta.required && !meta.positional) ? ["[options]"] : []),
  ];
  return `\`${["bgdb", spec.name, spec.usage ?? derived.join(" ")].filter(Boolean).join(" ")}\``;
}

/** Every block the README holds, by name: the global options, then each command of the registry. */
export async function optionBlocks(): Promise<Map<string, string>> {
  const specs = await Promise.all(COMMANDS.map((c) => c.load()));
  const blocks = new Map<string, string>([[GLOBAL_BLOCK, optionsTable(globalTable).join("\n")]]);
  for (const spec of specs) blocks.set(spec.name, [usageLine(spec), "", ...optionsTable(spec.table)].join("\n"));
  return blocks;
}
