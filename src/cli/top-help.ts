/**
 * `bgdb --help`, written from the registry and the global option table without loading commander or any command:
 * the help a new user reads first is also the cheapest thing bgdb does.
 */
import { examplesHelp, exitCodesHelp, TYPICAL_UPGRADE } from "./help.js";
import { globalTable } from "./options/global.js";
import { helpLine } from "./options/help-line.js";
import { entries } from "./options/parse.js";
import { COMMANDS } from "./registry.js";

const DESCRIPTION =
  "Orchestrates Amazon RDS Blue/Green deployments: create, upgrade, test, gate on lag, switch over, clean up.";

function columns(rows: [string, string][]): string[] {
  const width = Math.max(...rows.map(([left]) => left.length)) + 2;
  return rows.map(([left, right]) => `  ${left.padEnd(width)}${right}`);
}

export function topHelp(): string {
  const options: [string, string][] = entries(globalTable).map(({ meta }) => [
    meta.kind.value ? `${meta.flag} ${meta.kind.value}` : meta.flag,
    helpLine(meta.help, meta.shownDefault),
  ]);
  options.push(
    ["-V, --version", "print the version"],
    ["-h, --help", "this help; bgdb <command> --help for a command's"],
  );
  const commands: [string, string][] = COMMANDS.map((c) => [c.name, c.summary]);
  return [
    "Usage: bgdb [options] <command> [command options]",
    "",
    DESCRIPTION,
    "",
    "Options:",
    ...columns(options),
    "",
    "Commands:",
    ...columns(commands),
    examplesHelp(TYPICAL_UPGRADE).replace("Examples:", "A typical upgrade:"),
  ]
    .join("\n")
    .concat(exitCodesHelp());
}
