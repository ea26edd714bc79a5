import type { MetricSample } from "../ports/index.js";
import type { Ctx } from "./context.js";
import { evaluateLag, type LagEvaluation, type LagMetric, lagMetricCandidates, limitFor } from "./lag.js";
import type { LagThreshold } from "./options.js";
import type { Members } from "./resolve.js";

export interface LagObservation {
  metric?: LagMetric;
  series: MetricSample[];
  evaluation: LagEvaluation;
}

export function lagCandidates(m: Members): LagMetric[] {
  const blue = m.bluePrimary;
  const green = m.greenPrimary;
  const greenCluster = m.green.find((s) => s.kind === "cluster");
  if (!blue && !green) return [];
  return lagMetricCandidates({
    engine: blue?.engine ?? green?.engine ?? "",
    blueVersion: blue?.engineVersion ?? "",
    greenVersion: green?.engineVersion ?? blue?.engineVersion ?? "",
    blueInstanceId: blue?.id,
    greenInstanceId: green?.id,
    greenClusterId: greenCluster?.id,
  });
}

/** Reads the engine's lag metric (the first candidate with data) over the last `windowMs` and evaluates it. */
export async function observeLag(
  ctx: Ctx,
  members: Members,
  threshold: LagThreshold,
  stableSamples: number,
  windowMs: number,
): Promise<LagObservation> {
  const period = ctx.timing.lagPeriodSeconds;
  const now = ctx.clock.now();
  const candidates = lagCandidates(members);
  for (const metric of candidates) {
    const series = await ctx.metrics.getSeries({
      namespace: "AWS/RDS",
      metricName: metric.metricName,
      dimension: metric.dimension,
      stat: "Maximum",
      periodSeconds: period,
      start: new Date(now - windowMs),
      end: new Date(now),
    });
    if (series.length > 0) {
      return {
        metric,
        series,
        evaluation: evaluateLag(series, limitFor(metric, threshold), stableSamples, now, period),
      };
    }
  }
  const first = candidates[0];
  return {
    metric: first,
    series: [],
    evaluation: { state: "no-data", limit: first ? limitFor(first, threshold) : threshold.seconds },
  };
}
