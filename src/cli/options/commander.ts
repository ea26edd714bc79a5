/**
 * An option table onto a commander Command: each declaration becomes a flag (or a positional argument) with its
 * help and default, and what the user gave comes back keyed by the table's own keys. Loaded only once a command
 * runs, with commander itself.
 */
import { type Command, Option } from "commander";
import { helpLine } from "./help-line.js";
import { entries, type OptionTable } from "./parse.js";

/** Repeatable flags (`--tag k=v --tag k2=v2`): commander hands each occurrence here. */
const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

export interface Wired {
  /** What the user gave (flags and positional arguments), keyed by table key; defaults left to the schema. */
  given(cmd: Command, args: unknown[]): Record<string, unknown>;
}

export function wireOptions(cmd: Command, table: OptionTable): Wired {
  const attributes = new Map<string, string>();
  const positionals: string[] = [];
  const seen = new Set<string>();
  for (const { key, meta } of entries(table)) {
    if (meta.positional) {
      cmd.argument(meta.flag, meta.help);
      positionals.push(key);
      continue;
    }
    // deploy shares a flag between steps (--cname, --yes): declared once, read into every key that has it.
    if (!seen.has(meta.flag)) {
      seen.add(meta.flag);
      const option = new Option(
        meta.kind.value ? `${meta.flag} ${meta.kind.value}` : meta.flag,
        helpLine(meta.help, meta.shownDefault),
      );
      if (meta.kind.repeatable) option.argParser(collect);
      if (meta.hidden) option.hideHelp();
      cmd.addOption(option);
    }
    attributes.set(key, new Option(meta.flag).attributeName());
  }
  return {
    given(command, args) {
      const out: Record<string, unknown> = {};
      for (const [key, attribute] of attributes) {
        if (command.getOptionValueSource(attribute) === "default") continue;
        const value = command.getOptionValue(attribute);
        if (value !== undefined) out[key] = value;
      }
      positionals.forEach((key, i) => {
        const value = args[i];
        if (value !== undefined && !(Array.isArray(value) && value.length === 0)) out[key] = value;
      });
      return out;
    },
  };
}
