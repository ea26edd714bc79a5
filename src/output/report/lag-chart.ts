/**
 * The replication-lag chart: the series the gate read over the run (time across, the metric's value up, in its
 * unit), the gate's limit as a dashed line, and the switchover's moment as a marked band.
 */
import { dayTime, timeOfDay } from "../../core/format.js";
import { formatLagValue } from "../../core/lag.js";
import type { LagChart } from "./document.js";
import { escapeXml, niceStep, outline, plotArea, px, scale, svgFrame, ticks, xAxis, yAxis } from "./svg.js";

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
/** Tick intervals a person reads on a clock. */
const TIME_STEPS = [1, 2, 5, 10, 15, 30]
  .map((s) => s * SECOND)
  .concat(
    [1, 2, 5, 10, 15, 30].map((m) => m * MINUTE),
    [1, 2, 3, 6, 12, 24, 48, 168].map((h) => h * HOUR),
  );

function timeStep(span: number): number {
  return TIME_STEPS.find((s) => span / s <= 6) ?? 7 * 24 * HOUR;
}

/**
 * The value axis: from the lowest value (RDS's -1 included) or 0, up to the highest value — and the limit, unless
 * it is so far above the data that the series would be a flat line, in which case the chart says where it is.
 */
function valueRange(c: LagChart): { min: number; max: number; step: number; limitShown: boolean } {
  const values = c.points.map((p) => p.value);
  const dataMax = Math.max(0, ...values);
  const dataMin = Math.min(0, ...values);
  const limitShown = c.limit !== undefined && (dataMax === 0 || c.limit <= dataMax * 4);
  const top = Math.max(dataMax, limitShown ? (c.limit ?? 0) : 0) || (c.unit === "Bytes" ? 1024 : 1);
  const span = top - dataMin;
  // Sizes step in powers of two (256 KiB, 512 KiB, 1 MiB), as binary units read; seconds in 1, 2, 5 × 10ⁿ.
  const step = c.unit === "Bytes" ? 2 ** Math.max(0, Math.ceil(Math.log2(span / 6))) : niceStep(span, 5);
  return { min: Math.floor(dataMin / step) * step, max: Math.ceil(top / step) * step, step, limitShown };
}

function timeRange(c: LagChart): { from: number; to: number } {
  const times = c.points.map((p) => p.t);
  if (c.switchover) times.push(c.switchover.from, c.switchover.to ?? c.switchover.from);
  let from = Math.min(...times);
  let to = Math.max(...times);
  // A run read at 1-second periods may span seconds only: widen it a little, never to emptiness.
  if (to - from < 10 * SECOND) {
    const mid = (from + to) / 2;
    from = mid - 5 * SECOND;
    to = mid + 5 * SECOND;
  }
  const pad = (to - from) * 0.02;
  return { from: from - pad, to: to + pad };
}

export function lagChartSvg(id: string, title: string, desc: string, c: LagChart): string {
  const p = plotArea({ left: 78, right: 24, top: 34, bottom: 46 });
  const v = valueRange(c);
  const t = timeRange(c);
  const x = scale(t.from, t.to, p.left, p.right);
  const y = scale(v.min, v.max, p.bottom, p.top);
  const unitWord = c.unit === "Bytes" ? "bytes" : "seconds";
  const step = timeStep(t.to - t.from);
  const clock =
    t.to - t.from >= 24 * HOUR ? (ms: number) => dayTime(new Date(ms)) : (ms: number) => timeOfDay(new Date(ms));
  const parts: string[] = [
    outline(p),
    yAxis(p, ticks(v.min, v.max, v.step), y, (value) => formatLagValue(value, c.unit)),
    xAxis(p, ticks(t.from, t.to, step), x, clock),
    `<text x="${p.left}" y="16" class="label">${escapeXml(`${c.metric} on ${c.on}, ${unitWord}`)}</text>`,
    `<text x="${(p.left + p.right) / 2}" y="${p.bottom + 38}" text-anchor="middle" class="label">time (UTC)</text>`,
  ];
  const s = c.switchover;
  if (s) {
    const x0 = x(s.from);
    const x1 = Math.max(x(s.to ?? s.from), x0 + 2);
    parts.push(
      `<rect x="${px(x0)}" y="${p.top}" width="${px(x1 - x0)}" height="${p.bottom - p.top}" class="switch-band"/>`,
      `<line x1="${px(x0)}" x2="${px(x0)}" y1="${p.top}" y2="${p.bottom}" class="switch-line"/>`,
      `<text x="${px(x0)}" y="${p.top - 5}" text-anchor="${x0 > p.right - 60 ? "end" : "middle"}" class="switch-label">switchover</text>`,
    );
  }
  if (c.limit !== undefined && v.limitShown) {
    const ly = px(y(c.limit));
    parts.push(
      `<line x1="${p.left}" x2="${p.right}" y1="${ly}" y2="${ly}" class="limit"/>`,
      // Above the line, unless that would leave the plot: then under it.
      `<text x="${p.left + 6}" y="${px(y(c.limit) - p.top < 18 ? y(c.limit) + 15 : y(c.limit) - 5)}" class="limit-label">gate limit ${escapeXml(formatLagValue(c.limit, c.unit))}</text>`,
    );
  } else if (c.limit !== undefined) {
    parts.push(
      `<text x="${p.left + 6}" y="${p.top + 14}" class="limit-label">gate limit ${escapeXml(formatLagValue(c.limit, c.unit))}: far above this scale</text>`,
    );
  }
  const points = c.points.map((pt) => `${px(x(pt.t))},${px(y(pt.value))}`);
  parts.push(
    `<polyline points="${points.join(" ")}" class="series"/>`,
    ...c.points.map(
      (pt) =>
        `<circle cx="${px(x(pt.t))}" cy="${px(y(pt.value))}" r="2.5" class="dot"><title>${escapeXml(`${timeOfDay(new Date(pt.t))}: ${formatLagValue(pt.value, c.unit)}`)}</title></circle>`,
    ),
  );
  return svgFrame(id, title, desc, parts.join("\n"));
}
