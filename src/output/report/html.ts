/**
 * The change record as one self-contained HTML file: inline CSS, inline SVG charts, no script, no font, no image and
 * no link to fetch — its Content-Security-Policy forbids every request, so it opens the same offline, from an
 * archive or attached to a ticket, years later. Readable on screen and on paper.
 */
import type { Block, ReportDocument } from "./document.js";
import { lagChartSvg } from "./lag-chart.js";
import { probeChartSvg } from "./probe-chart.js";
import { escapeXml, noDataSvg } from "./svg.js";

const CSS = `
:root { color-scheme: light; --ink: #1f2328; --muted: #59636e; --line: #d1d9e0; --ok: #1a7f37; --fail: #cf222e;
  --series: #0969da; --gap: #fff1a8; --gap-ink: #7a5a00; --band: #e6e9ed; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 60rem; padding: 2rem 1.5rem; color: var(--ink); background: #fff;
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
h1 { font-size: 1.6rem; margin: 0 0 1rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 0.6rem; padding-bottom: 0.25rem; border-bottom: 1px solid var(--line); }
table { border-collapse: collapse; width: 100%; margin: 0.6rem 0; font-size: 0.9rem; }
th, td { text-align: left; vertical-align: top; padding: 0.3rem 0.5rem; border: 1px solid var(--line); overflow-wrap: break-word; }
td:first-child, #outcome td:nth-child(2) { white-space: nowrap; }
/* The last column holds the long free text (parameters, hashes, command lines): it may break anywhere. */
td:last-child { overflow-wrap: anywhere; }
thead th { background: #f6f8fa; }
table.facts th { width: 16rem; font-weight: 600; background: #f6f8fa; }
td.mark { width: 1.8rem; text-align: center; font-weight: 700; }
td.mark.ok { color: var(--ok); } td.mark.fail { color: var(--fail); } td.mark.warn { color: var(--gap-ink); }
p.absent { color: var(--muted); font-style: italic; }
nav ol { columns: 2; padding-left: 1.2rem; }
figure { margin: 1rem 0; }
figcaption { color: var(--muted); font-size: 0.9rem; }
svg.chart { display: block; max-width: 100%; height: auto; font-family: inherit; }
svg .plot { fill: none; stroke: var(--line); }
svg .grid { stroke: var(--line); stroke-width: 1; }
svg .axis { stroke: var(--muted); }
svg .tick { fill: var(--muted); font-size: 12px; }
svg .label { fill: var(--ink); font-size: 13px; }
svg .series { fill: none; stroke: var(--series); stroke-width: 2; }
svg .dot { fill: var(--series); }
svg .limit { stroke: var(--fail); stroke-width: 1.5; stroke-dasharray: 6 4; }
svg .limit-label { fill: var(--fail); font-size: 12px; font-weight: 600; }
svg .switch-band { fill: var(--band); }
svg .switch-line { stroke: var(--muted); stroke-width: 1.5; stroke-dasharray: 3 3; }
svg .switch-label { fill: var(--muted); font-size: 12px; }
svg .gap { fill: var(--gap); stroke: var(--gap-ink); stroke-width: 1; }
svg .gap-label { fill: var(--gap-ink); font-size: 13px; font-weight: 700; }
svg .ack line { stroke: var(--ok); stroke-width: 1.2; }
svg .fail path { stroke: var(--fail); stroke-width: 2; fill: none; }
svg .nodata-box { fill: #f6f8fa; stroke: var(--line); stroke-dasharray: 6 4; }
svg .nodata-title { fill: var(--ink); font-size: 18px; font-weight: 600; }
footer { margin-top: 2.5rem; color: var(--muted); font-size: 0.85rem; }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  nav { display: none; }
  h2 { break-after: avoid; }
  figure, tr { break-inside: avoid; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`;

const MARKS: Record<string, string> = { "✔": "ok", "✖": "fail", "⚠": "warn" };

/** A cell: marks get a class (colour) besides their shape; everything else is text. */
function cell(c: string, i: number, markColumn: boolean): string {
  const mark = markColumn && i === 0;
  return mark ? `<td class="mark ${MARKS[c] ?? ""}">${escapeXml(c)}</td>` : `<td>${escapeXml(c)}</td>`;
}

function chart(b: Extract<Block, { kind: "chart" }>): string {
  const svg = !b.chart
    ? noDataSvg(b.id, b.title, b.summary)
    : b.chart.kind === "lag"
      ? lagChartSvg(b.id, b.title, b.summary, b.chart)
      : probeChartSvg(b.id, b.title, b.summary, b.chart);
  return `<figure>\n${svg}\n<figcaption><strong>${escapeXml(b.title)}.</strong> ${escapeXml(b.summary)}</figcaption>\n</figure>`;
}

function block(b: Block): string {
  switch (b.kind) {
    case "facts":
      return `<table class="facts"><tbody>${b.rows.map(([l, v]) => `<tr><th scope="row">${escapeXml(l)}</th><td>${escapeXml(v)}</td></tr>`).join("")}</tbody></table>`;
    case "table": {
      // A table whose first column has no heading is a column of marks.
      const marks = b.head[0] === "";
      const head = b.head.map((h) => `<th scope="col">${escapeXml(h)}</th>`).join("");
      const rows = b.rows.map((r) => `<tr>${r.map((c, i) => cell(c, i, marks)).join("")}</tr>`).join("\n");
      return `<table><thead><tr>${head}</tr></thead><tbody>\n${rows}\n</tbody></table>`;
    }
    case "text":
      return `<p>${escapeXml(b.text)}</p>`;
    case "absent":
      return `<p class="absent">${escapeXml(b.text)}</p>`;
    case "chart":
      return chart(b);
  }
}

export function renderHtml(doc: ReportDocument): string {
  const facts = block({ kind: "facts", rows: doc.facts });
  const toc = doc.sections.map((s) => `<li><a href="#${s.id}">${escapeXml(s.title)}</a></li>`).join("");
  const sections = doc.sections
    .map((s) => `<section id="${s.id}">\n<h2>${escapeXml(s.title)}</h2>\n${s.blocks.map(block).join("\n")}\n</section>`)
    .join("\n");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escapeXml(doc.title)}</title>
<style>${CSS}</style>
</head>
<body>
<header>
<h1>${escapeXml(doc.title)}</h1>
${facts}
</header>
<nav aria-label="Sections"><ol>${toc}</ol></nav>
<main>
${sections}
</main>
<footer>${escapeXml(doc.footer)}</footer>
</body>
</html>
`;
}
