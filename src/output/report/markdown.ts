/**
 * The change record as Markdown (GitHub-flavoured: tables), for a pull request, a ticket or a wiki page. Charts are
 * their one-sentence summary here; the HTML record draws them.
 */
import type { Block, ReportDocument } from "./document.js";

/** Text that Markdown must show as it is: no emphasis, links, HTML or table breaks from the data. */
export function mdText(s: string): string {
  return s.replace(/[\\`*_[\]<>|#]/g, (c) => `\\${c}`).replace(/\r?\n/g, " ");
}

/** A GitHub-flavoured table, every cell shown as it is (mdText); an empty cell is a space, so the row keeps its shape. */
export function mdTable(head: string[], rows: string[][]): string[] {
  const line = (cells: string[]) => `| ${cells.map((c) => mdText(c) || " ").join(" | ")} |`;
  return [line(head), `|${head.map(() => "---").join("|")}|`, ...rows.map(line)];
}

/**
 * Lines shown verbatim, as a fenced code block: the fence is longer than any run of backticks in them, so no line
 * can close it early.
 */
export function mdCode(lines: string[], language = ""): string[] {
  const longest = Math.max(0, ...lines.map((l) => Math.max(0, ...[...l.matchAll(/`+/g)].map((m) => m[0].length))));
  const fence = "`".repeat(Math.max(3, longest + 1));
  return [`${fence}${language}`, ...lines.map((l) => l.replace(/\r?\n/g, " ")), fence];
}

function block(b: Block): string[] {
  switch (b.kind) {
    case "facts":
      return b.rows.map(([label, value]) => `- **${mdText(label)}:** ${mdText(value)}`);
    case "table":
      return mdTable(b.head, b.rows);
    case "text":
      return [mdText(b.text)];
    case "absent":
      return [`_${mdText(b.text)}_`];
    case "chart":
      return [`**${mdText(b.title)}** — ${mdText(b.chart ? b.summary : `no data recorded. ${b.summary}`)}`];
  }
}

export function renderMarkdown(doc: ReportDocument): string {
  const out: string[] = [
    `# ${mdText(doc.title)}`,
    "",
    ...doc.facts.map(([l, v]) => `- **${mdText(l)}:** ${mdText(v)}`),
  ];
  for (const s of doc.sections) {
    out.push("", `## ${mdText(s.title)}`);
    for (const b of s.blocks) out.push("", ...block(b));
  }
  out.push("", "---", "", `_${mdText(doc.footer)}_`, "");
  return out.join("\n");
}
