/**
 * The change record as Markdown (GitHub-flavoured: tables), for a pull request, a ticket or a wiki page. Charts are
 * their one-sentence summary here; the HTML record draws them.
 */
import type { Block, ReportDocument } from "./document.js";

/** Text that Markdown must show as it is: no emphasis, links, HTML or table breaks from the data. */
export function mdText(s: string): string {
  return s.replace(/[\\`*_[\]<>|#]/g, (c) => `\\${c}`).replace(/\r?\n/g, " ");
}

function table(head: string[], rows: string[][]): string[] {
  const line = (cells: string[]) => `| ${cells.map((c) => mdText(c) || " ").join(" | ")} |`;
  return [line(head), `|${head.map(() => "---").join("|")}|`, ...rows.map(line)];
}

function block(b: Block): string[] {
  switch (b.kind) {
    case "facts":
      return b.rows.map(([label, value]) => `- **${mdText(label)}:** ${mdText(value)}`);
    case "table":
      return table(b.head, b.rows);
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
