import { describe, expect, it } from "vitest";
import { renderReport } from "../../src/output/report/index.js";
import { reportData, withoutChartData } from "./report-fixture.js";

const html = (d = reportData()) => renderReport(d, "html", { version: "9.9.9" });
const svgs = (text: string) => [...text.matchAll(/<svg\b[\s\S]*?<\/svg>/g)].map((m) => m[0]);
const chart = (text: string, id: string) => svgs(text).find((s) => s.includes(`id="${id}"`)) ?? "";

describe("the change record in HTML", () => {
  it("is one self-contained page: inline CSS, no script, nothing fetched, a policy that forbids fetching", () => {
    const text = html();
    expect(text.startsWith("<!doctype html>")).toBe(true);
    expect(text).toContain(
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    );
    for (const fetches of [
      /<script/i,
      /<link/i,
      /<img/i,
      /\bsrc=/i,
      /url\(/i,
      /@import/i,
      /href="(?!#)/i,
      /@font-face/i,
    ]) {
      expect(text).not.toMatch(fetches);
    }
    expect(text).toContain("<title>Change record: orders-prod-to-17 (bgd-4tq2x8m1c9kd)</title>");
    expect(text).toContain("@media print");
  });

  it("has the tables a reviewer reads, marks coloured by class as well as shaped", () => {
    const text = html();
    expect(text).toContain(
      '<tr><td class="mark ok">✔</td><td>switchover</td><td>SWITCHOVER_COMPLETED in 0m15s</td></tr>',
    );
    expect(text).toContain('<tr><td class="mark warn">⚠</td><td>no primary key check</td>');
    expect(text).toContain('<tr><th scope="row">Source version before</th><td>postgres 16.3</td></tr>');
    expect(text).toContain(
      "<td>ConfirmSwitchover</td><td>confirmed</td><td>typed at a terminal; name orders-prod-to-17</td>",
    );
    expect(text).toContain('<nav aria-label="Sections">');
  });

  it("escapes every fact: a value is never markup", () => {
    const text = html();
    expect(text).toContain("<td>npm run test:&lt;integration&gt;</td>");
    expect(text).toContain("psql -c &#39;select 1 | 2&#39;");
    expect(text).not.toContain("test:<integration>");
  });

  it("draws two charts, each an accessible SVG with a title and a description", () => {
    const charts = svgs(html());
    expect(charts).toHaveLength(2);
    for (const [svg, id] of [
      [charts[0] ?? "", "lag-chart"],
      [charts[1] ?? "", "probe-chart"],
    ]) {
      expect(svg).toContain(`id="${id}"`);
      expect(svg).toContain(`role="img" aria-labelledby="${id}-title ${id}-desc"`);
      expect(svg).toMatch(new RegExp(`<title id="${id}-title">[^<]+</title>`));
      expect(svg).toMatch(new RegExp(`<desc id="${id}-desc">[^<]+</desc>`));
      expect(svg).toMatch(/width="760" height="280"/);
    }
  });

  it("the lag chart: the series, the gate's limit labelled, the switchover marked, values in binary units", () => {
    const svg = chart(html(), "lag-chart");
    expect(svg).toContain("OldestReplicationSlotLag on blue orders-prod, bytes");
    expect((svg.match(/<circle /g) ?? []).length).toBe(4);
    expect(svg).toContain('class="limit"');
    expect(svg).toContain(">gate limit 1 MiB</text>");
    expect(svg).toContain(">switchover</text>");
    for (const tick of ["0 B", "256 KiB", "512 KiB", "768 KiB", "1 MiB"])
      expect(svg).toContain(`class="tick">${tick}</text>`);
    expect(svg).toContain('class="tick">12:27:00</text>');
    expect(svg).toContain("<title>12:29:00: 2 KiB</title>");
  });

  it("the lag chart says where the limit is when it is far above the data", () => {
    const d = reportData();
    for (const c of d.record.evidence?.gate?.checks ?? []) if (c.name === "lag") c.lag.limit = 512 * 1024 * 1024;
    const svg = chart(html(d), "lag-chart");
    expect(svg).not.toContain('class="limit"');
    expect(svg).toContain(">gate limit 512 MiB: far above this scale</text>");
  });

  it("the probe chart: a tick per acknowledged write, a cross per failed one, the longest gap highlighted and labelled", () => {
    const svg = chart(html(), "probe-chart");
    expect(svg.match(/<g class="ack">([\s\S]*?)<\/g>/)?.[1]?.match(/<line /g)).toHaveLength(4);
    expect(svg.match(/<g class="fail">([\s\S]*?)<\/g>/)?.[1]?.match(/<path /g)).toHaveLength(2);
    expect(svg).toContain('class="gap"');
    expect(svg).toContain(">longest gap 2.50 s</text>");
    expect(svg).toContain(">switchover requested</text>");
    // At the right edge, the label goes left of its line rather than off the chart.
    expect(svg).toContain(`text-anchor="end" class="switch-label">completed</text>`);
    expect(svg).toContain("time since the probe started at 12:29:59 UTC");
  });

  it("without the evidence, each chart is a box saying no data was recorded — still two SVGs", () => {
    const text = html(withoutChartData());
    const charts = svgs(text);
    expect(charts).toHaveLength(2);
    for (const svg of charts) {
      expect(svg).toContain('class="nodata-box"');
      expect(svg).toContain(">no data recorded</text>");
      expect(svg).toMatch(/<desc id="[a-z-]+-desc">No data recorded\. /);
    }
  });
});
