/**
 * What a reader of the repository can rely on: the licence package.json names is there, and the README, the docs and
 * the code cite only documents in the repository — every `§N` names a section of docs/rds-facts.md or
 * docs/architecture.md that exists.
 */
import { readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, readCommitted } from "./committed.js";

/** Every file under `dir` (relative to the root) whose name ends in one of `exts`. */
function filesUnder(dir: string, exts: string[]): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && exts.some((x) => e.name.endsWith(x)))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)));
}

const READ = ["README.md", ...filesUnder("docs", [".md"]), ...filesUnder("src", [".ts"])];

describe("the repository", () => {
  it("has the Apache-2.0 LICENSE package.json declares", () => {
    expect(JSON.parse(readCommitted("package.json")).license).toBe("Apache-2.0");
    expect(readCommitted("LICENSE")).toMatch(/^\s*Apache License\s+Version 2\.0, January 2004/);
  });

  it("the README, docs/ and src/ point at nothing outside the repository", () => {
    const outside = /\.\.\/shared|\/work\/shared|(?:ARCHITECTURE|UX|STYLE|RDS-BLUE-GREEN)\.md/;
    expect(READ.length).toBeGreaterThan(100);
    expect(READ.filter((file) => outside.test(readCommitted(file)))).toEqual([]);
  });

  it("every § cited in the code names a docs/ file and one of its numbered sections", () => {
    const sections = (doc: string) => new Set([...readCommitted(doc).matchAll(/^#+ (\d+)\./gm)].map((m) => m[1]));
    const known: Record<string, Set<string | undefined>> = {
      "docs/rds-facts.md": sections("docs/rds-facts.md"),
      "docs/architecture.md": sections("docs/architecture.md"),
    };
    // A citation is a docs/ file and its sections: `docs/rds-facts.md §4, §9.3`.
    const citation = /(docs\/[a-z-]+\.md)((?:,? §\d+(?:\.\d+)*)+)/g;
    const bad: string[] = [];
    let count = 0;
    for (const file of filesUnder("src", [".ts"])) {
      const text = readCommitted(file);
      const cited = [...text.matchAll(citation)].flatMap((m) =>
        [...(m[2] ?? "").matchAll(/§(\d+)/g)].map((s) => ({ doc: m[1] ?? "", section: s[1] })),
      );
      count += cited.length;
      bad.push(...cited.filter((c) => !known[c.doc]?.has(c.section)).map((c) => `${file}: ${c.doc} §${c.section}`));
      // Every § in the file belongs to such a citation.
      if ((text.match(/§/g) ?? []).length !== cited.length) bad.push(`${file}: a § that names no docs/ file`);
    }
    expect(count).toBeGreaterThan(0);
    expect(bad).toEqual([]);
  });
});
