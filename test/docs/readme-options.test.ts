/**
 * The README's option lists are the option tables' (between `<!-- options:NAME -->` markers, one per command and one
 * for the global options), and every bgdb command line the README shows uses only flags its command has.
 */
import { describe, expect, it } from "vitest";
import { blockNames, withBlocks } from "../../src/cli/docs/marked-blocks.js";
import { GLOBAL_BLOCK, optionBlocks } from "../../src/cli/docs/options-markdown.js";
import { globalTable } from "../../src/cli/options/global.js";
import { entries } from "../../src/cli/options/parse.js";
import { COMMANDS } from "../../src/cli/registry.js";
import { expectCommitted, readCommitted } from "./committed.js";

const README = "README.md";

describe("README option lists", () => {
  it("has one block per command and one for the global options", async () => {
    const expected = [...(await optionBlocks()).keys()].sort();
    expect(
      blockNames(readCommitted(README)).sort(),
      `README.md needs each of <!-- options:NAME --><!-- /options:NAME --> once (NAME: ${expected.join(", ")}); then run \`npm run docs\``,
    ).toEqual(expected);
  });

  it("holds what the option tables render", async () => {
    const readme = readCommitted(README);
    expectCommitted(README, withBlocks(readme, await optionBlocks()), "an option list is not what the tables say");
  });

  it("renders flags, placeholders, help and defaults, escaped for a Markdown table", async () => {
    const blocks = await optionBlocks();
    const create = blocks.get("create") ?? "";
    expect(create).toContain("`bgdb create --source <id|arn> [options]`");
    expect(create).toContain("| `--timeout <duration>` | how long to wait for AVAILABLE | `4h` |");
    expect(create).toContain("| `--source <id\\|arn>` | blue: a DB instance id, Aurora cluster id or ARN | required |");
    // Help that is text, not code, keeps its angle brackets visible.
    expect(create).toContain("AWS's default.&lt;family&gt;");
    expect(blocks.get("deploy")).toContain("| `--switchover-timeout <seconds>` |");
    expect(blocks.get("list")).toBe("`bgdb list`\n\nNo options besides the global ones.");
    expect(blocks.get(GLOBAL_BLOCK)).toContain("| `--state-dir <dir>` |");
  });
});

/** Every flag each command takes (its table's and the global ones), by command name. */
async function flagsByCommand(): Promise<Map<string, Set<string>>> {
  const globals = entries(globalTable).map(({ meta }) => meta.flag);
  const specs = await Promise.all(COMMANDS.map((c) => c.load()));
  return new Map(
    specs.map((spec) => [
      spec.name,
      new Set([...entries(spec.table).map(({ meta }) => meta.flag), ...globals, "--help", "--version"]),
    ]),
  );
}

/**
 * The bgdb command lines in the README's code (code blocks and inline code): from `bgdb` up to a comment, a pipe, a
 * closing backtick, the end of the line, or `--` (what follows is the test command's).
 */
function commandLines(readme: string): string[] {
  const spans = [...readme.matchAll(/```[a-z]*\n([\s\S]*?)```|`([^`\n]+)`/g)].map((m) => m[1] ?? m[2] ?? "");
  return spans.flatMap((span) =>
    span
      .split("\n")
      .flatMap((line) => [...line.matchAll(/(?:^|[\s(])bgdb((?: [^\s#|;)]+)+)/g)].map((m) => m[1] ?? ""))
      .map((words) => words.split(" -- ")[0] ?? ""),
  );
}

describe("README command lines", () => {
  it("use only flags their command has", async () => {
    const flags = await flagsByCommand();
    const globals = new Set(entries(globalTable).map(({ meta }) => meta.flag));
    const wrong: string[] = [];
    const lines = commandLines(readCommitted(README));
    for (const line of lines) {
      const words = line.trim().split(/\s+/);
      // The command is the first word that is not a global flag (a global's value never appears before one here).
      const command = words.find((w) => !w.startsWith("-"));
      const known = command ? flags.get(command) : undefined;
      // `bgdb sandbox …`'s flags are the sandbox program's; `bgdb <command> --help` needs no check.
      if (!known || command === "sandbox") continue;
      for (const word of words) {
        const flag = word.split("=")[0] ?? "";
        if (flag.startsWith("--") && !known.has(flag) && !globals.has(flag)) wrong.push(`bgdb${line}: ${flag}`);
      }
    }
    expect(lines.length).toBeGreaterThan(20);
    expect(wrong).toEqual([]);
  });
});
