/**
 * The write probe's chart: a tick for every acknowledged write and, on a row of their own and in another colour,
 * every failed attempt, across the switchover; the longest gap between acknowledged writes is highlighted and its
 * duration written over it. Rows and shapes differ as well as colours, so it reads in greyscale too.
 */
import { formatSeconds, timeOfDay } from "../../core/format.js";
import type { ProbeChart } from "./document.js";
import { niceStep, outline, plotArea, px, scale, svgFrame, ticks, xAxis } from "./svg.js";

function extent(c: ProbeChart): { from: number; to: number } {
  const all = [...c.acknowledged, ...c.failed];
  if (c.gap) all.push(c.gap.from, c.gap.to);
  if (c.switchover) all.push(c.switchover.from, c.switchover.to ?? c.switchover.from);
  const from = Math.min(0, ...all);
  const to = Math.max(from + 1000, ...all);
  const pad = (to - from) * 0.02;
  return { from: from - pad, to: to + pad };
}

export function probeChartSvg(id: string, title: string, desc: string, c: ProbeChart): string {
  const p = plotArea({ left: 118, right: 24, top: 40, bottom: 46 });
  const r = extent(c);
  const x = scale(r.from, r.to, p.left, p.right);
  const rowH = (p.bottom - p.top) / 2;
  const ackY = p.top + rowH * 0.5;
  const failY = p.top + rowH * 1.5;
  const stepS = niceStep((r.to - r.from) / 1000, 6);
  const parts: string[] = [
    outline(p),
    `<line x1="${p.left}" x2="${p.right}" y1="${px(p.top + rowH)}" y2="${px(p.top + rowH)}" class="grid"/>`,
    `<text x="${p.left - 8}" y="${px(ackY + 4)}" text-anchor="end" class="label">acknowledged</text>`,
    `<text x="${p.left - 8}" y="${px(failY + 4)}" text-anchor="end" class="label">failed</text>`,
    xAxis(
      p,
      ticks(r.from / 1000, r.to / 1000, stepS),
      (s) => x(s * 1000),
      (s) => formatSeconds(s * 1000, stepS < 1 ? 1 : 0),
    ),
    `<text x="${(p.left + p.right) / 2}" y="${p.bottom + 38}" text-anchor="middle" class="label">time since the probe started at ${timeOfDay(new Date(c.startedAt))} UTC</text>`,
  ];
  if (c.gap) {
    const x0 = x(c.gap.from);
    const x1 = Math.max(x(c.gap.to), x0 + 2);
    const label = `longest gap ${formatSeconds(c.gap.to - c.gap.from)}`;
    const lx = Math.min(Math.max((x0 + x1) / 2, p.left + 70), p.right - 70);
    parts.push(
      `<rect x="${px(x0)}" y="${p.top}" width="${px(x1 - x0)}" height="${p.bottom - p.top}" class="gap"/>`,
      `<text x="${px(lx)}" y="${p.top - 8}" text-anchor="middle" class="gap-label">${label}</text>`,
    );
  }
  const s = c.switchover;
  if (s) {
    for (const [at, word] of [
      [s.from, "switchover requested"],
      [s.to, "completed"],
    ] as const) {
      if (at === undefined) continue;
      const sx = x(at);
      // Right of the line, or left of it where the label would run past the plot (about 7 px a character).
      const fits = sx + 4 + word.length * 7 <= p.right;
      parts.push(
        `<line x1="${px(sx)}" x2="${px(sx)}" y1="${p.top}" y2="${p.bottom}" class="switch-line"/>`,
        `<text x="${px(fits ? sx + 4 : sx - 4)}" y="${p.bottom - 6}" text-anchor="${fits ? "start" : "end"}" class="switch-label">${word}</text>`,
      );
    }
  }
  parts.push(
    `<g class="ack">${c.acknowledged.map((t) => `<line x1="${px(x(t))}" x2="${px(x(t))}" y1="${px(ackY - 14)}" y2="${px(ackY + 14)}"/>`).join("")}</g>`,
    `<g class="fail">${c.failed
      .map((t) => {
        const fx = x(t);
        return `<path d="M${px(fx - 4)} ${px(failY - 4)}L${px(fx + 4)} ${px(failY + 4)}M${px(fx - 4)} ${px(failY + 4)}L${px(fx + 4)} ${px(failY - 4)}"/>`;
      })
      .join("")}</g>`,
  );
  return svgFrame(id, title, desc, parts.join("\n"));
}
