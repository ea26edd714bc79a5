/**
 * What the two charts draw, taken from the evidence: the lag series with the gate's limit and the switchover's
 * moment, and the probe's writes with the longest gap between acknowledged ones. Undefined when nothing was recorded.
 */
import type { Evidence } from "../../core/evidence.js";
import type { LagChart, ProbeChart } from "./document.js";

/** The switchover's span, from request to completion (no end when bgdb never saw it end). */
function switchoverSpan(e: Evidence): { from: number; to?: number } | undefined {
  const s = e.switchover;
  if (!s) return undefined;
  const from = Date.parse(s.requestedAt);
  const to = s.completedAt ? Date.parse(s.completedAt) : s.durationMs !== undefined ? from + s.durationMs : undefined;
  return { from, to };
}

export function lagChartOf(e: Evidence | undefined): LagChart | undefined {
  const lag = e?.lag;
  if (!e || !lag || lag.samples.length === 0) return undefined;
  const check = e.gate?.checks.find((c) => c.name === "lag");
  return {
    kind: "lag",
    metric: lag.metric,
    on: lag.on,
    unit: lag.unit,
    points: lag.samples.map((s) => ({ t: Date.parse(s.at), value: s.value })),
    limit: check?.name === "lag" ? check.lag.limit : undefined,
    switchover: switchoverSpan(e),
  };
}

/** The longest time between two consecutive acknowledged writes, as offsets. */
export function longestGap(acknowledged: number[]): { from: number; to: number } | undefined {
  let gap: { from: number; to: number } | undefined;
  for (let i = 1; i < acknowledged.length; i++) {
    const from = acknowledged[i - 1] ?? 0;
    const to = acknowledged[i] ?? 0;
    if (!gap || to - from > gap.to - gap.from) gap = { from, to };
  }
  return gap;
}

export function probeChartOf(e: Evidence | undefined): ProbeChart | undefined {
  const t = e?.probe?.timeline;
  if (!e || !t || t.acknowledgedMs.length + t.failedMs.length === 0) return undefined;
  const startedAt = Date.parse(t.startedAt);
  const span = switchoverSpan(e);
  return {
    kind: "probe",
    startedAt,
    acknowledged: [...t.acknowledgedMs].sort((a, b) => a - b),
    failed: [...t.failedMs].sort((a, b) => a - b),
    gap: longestGap([...t.acknowledgedMs].sort((a, b) => a - b)),
    switchover: span && {
      from: span.from - startedAt,
      to: span.to === undefined ? undefined : span.to - startedAt,
    },
  };
}
