/**
 * What both charts share: escaping, linear scales, round tick values, the frame with its accessible title and
 * description, and the box a chart becomes when nothing was recorded. Plain strings, no DOM: the record is written
 * by a CLI and must open with no script.
 */

/** Text for HTML and SVG: the five characters markup would read. */
export function escapeXml(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c,
  );
}

/** The drawing area inside a chart's margins. */
export interface Plot {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

export const CHART = { width: 760, height: 280 };

export function plotArea(margins: { left: number; right: number; top: number; bottom: number }): Plot {
  return {
    ...CHART,
    left: margins.left,
    right: CHART.width - margins.right,
    top: margins.top,
    bottom: CHART.height - margins.bottom,
  };
}

/** A linear map from [d0, d1] onto [r0, r1]; a zero-width domain maps to the middle. */
export function scale(d0: number, d1: number, r0: number, r1: number): (v: number) => number {
  if (d1 === d0) return () => (r0 + r1) / 2;
  return (v) => r0 + ((v - d0) / (d1 - d0)) * (r1 - r0);
}

/** A step of 1, 2 or 5 times a power of `base` giving about `count` intervals over `span`. */
export function niceStep(span: number, count: number, base = 10): number {
  if (!(span > 0)) return 1;
  const raw = span / count;
  const power = base ** Math.floor(Math.log(raw) / Math.log(base));
  const unit = raw / power;
  const mult = [1, 2, 5, 10, 20, 50, 100, 200, 500].find((m) => m >= unit) ?? 1000;
  return mult * power;
}

/** Multiples of `step` from the first at or above `from` up to `to`. */
export function ticks(from: number, to: number, step: number): number[] {
  const out: number[] = [];
  for (let v = Math.ceil(from / step) * step; v <= to + step * 1e-9 && out.length < 100; v += step) out.push(v);
  return out;
}

/** Rounds for an SVG attribute: a tenth of a pixel is finer than any screen or printer shows. */
export const px = (v: number): string => String(Math.round(v * 10) / 10);

/**
 * An SVG chart: sized (it renders at a definite size and scales down with the page), labelled for assistive
 * technology by its title and description.
 */
export function svgFrame(id: string, title: string, desc: string, body: string): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" id="${id}" class="chart" width="${CHART.width}" height="${CHART.height}" viewBox="0 0 ${CHART.width} ${CHART.height}" role="img" aria-labelledby="${id}-title ${id}-desc">`,
    `<title id="${id}-title">${escapeXml(title)}</title>`,
    `<desc id="${id}-desc">${escapeXml(desc)}</desc>`,
    body,
    "</svg>",
  ].join("\n");
}

/** The chart a missing series becomes: a box that says so, the same size as a chart, so the page keeps its shape. */
export function noDataSvg(id: string, title: string, reason: string): string {
  return svgFrame(
    id,
    title,
    `No data recorded. ${reason}`,
    [
      `<rect x="1" y="1" width="${CHART.width - 2}" height="${CHART.height - 2}" class="nodata-box" rx="6"/>`,
      `<text x="${CHART.width / 2}" y="${CHART.height / 2 - 8}" text-anchor="middle" class="nodata-title">no data recorded</text>`,
      `<text x="${CHART.width / 2}" y="${CHART.height / 2 + 16}" text-anchor="middle" class="label">${escapeXml(reason)}</text>`,
    ].join("\n"),
  );
}

/** Horizontal grid lines with their labels on the left, and the plot's outline. */
export function yAxis(p: Plot, values: number[], y: (v: number) => number, label: (v: number) => string): string {
  return values
    .map(
      (v) =>
        `<line x1="${p.left}" x2="${p.right}" y1="${px(y(v))}" y2="${px(y(v))}" class="grid"/><text x="${p.left - 6}" y="${px(y(v) + 4)}" text-anchor="end" class="tick">${escapeXml(label(v))}</text>`,
    )
    .join("\n");
}

/** Tick labels under the plot. */
export function xAxis(p: Plot, values: number[], x: (v: number) => number, label: (v: number) => string): string {
  return values
    .map(
      (v) =>
        `<line x1="${px(x(v))}" x2="${px(x(v))}" y1="${p.bottom}" y2="${p.bottom + 4}" class="axis"/><text x="${px(x(v))}" y="${p.bottom + 17}" text-anchor="middle" class="tick">${escapeXml(label(v))}</text>`,
    )
    .join("\n");
}

export const outline = (p: Plot): string =>
  `<rect x="${p.left}" y="${p.top}" width="${p.right - p.left}" height="${p.bottom - p.top}" class="plot"/>`;
