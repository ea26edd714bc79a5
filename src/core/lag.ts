import type { MetricSample } from "../ports/index.js";
import { engineFamily, usesLogicalReplication } from "./engine.js";
import { UsageError } from "./errors.js";
import { formatBytes, timeOfDay } from "./format.js";
import type { LagThreshold } from "./options.js";

/** One CloudWatch lag metric as docs/rds-facts.md §6 gives it. */
export interface LagMetric {
  metricName: string;
  side: "blue" | "green";
  dimension: { name: "DBInstanceIdentifier" | "DBClusterIdentifier"; value: string };
  unit: "Seconds" | "Bytes";
  /** False where docs/rds-facts.md §6 marks the metric unconfirmed (Aurora PostgreSQL). */
  confirmed: boolean;
}

export interface LagTopology {
  engine: string;
  blueVersion: string;
  greenVersion: string;
  blueInstanceId?: string;
  greenInstanceId?: string;
  greenClusterId?: string;
}

const instanceDim = (value: string | undefined) =>
  value === undefined ? undefined : { name: "DBInstanceIdentifier" as const, value };

/**
 * The metrics that tell how far green is behind, in preference order (the first with data is used). Where docs/rds-facts.md §6 is
 * unconfirmed (Aurora PostgreSQL) the metric is marked so and shown as such.
 */
export function lagMetricCandidates(t: LagTopology): LagMetric[] {
  const out: LagMetric[] = [];
  const add = (
    metricName: string,
    side: "blue" | "green",
    dim: LagMetric["dimension"] | undefined,
    unit: LagMetric["unit"],
    confirmed = true,
  ) => {
    if (dim) out.push({ metricName, side, dimension: dim, unit, confirmed });
  };
  switch (engineFamily(t.engine)) {
    case "postgres":
      if (usesLogicalReplication(t.engine, t.blueVersion, t.greenVersion)) {
        add("OldestReplicationSlotLag", "blue", instanceDim(t.blueInstanceId), "Bytes");
      } else {
        add("ReplicaLag", "green", instanceDim(t.greenInstanceId), "Seconds");
      }
      break;
    case "mysql":
    case "mariadb":
      add("ReplicaLag", "green", instanceDim(t.greenInstanceId), "Seconds");
      break;
    case "aurora-mysql":
      add(
        "AuroraBinlogReplicaLag",
        "green",
        t.greenClusterId ? { name: "DBClusterIdentifier", value: t.greenClusterId } : undefined,
        "Seconds",
      );
      break;
    case "aurora-postgresql":
      // Unconfirmed (docs/rds-facts.md §6). ReplicaLag on green would measure green's own replicas, not blue → green, and could read 0:
      // so only the likely metric is used, and no data keeps the gate closed rather than opening it.
      add("OldestReplicationSlotLag", "blue", instanceDim(t.blueInstanceId), "Bytes", false);
      break;
    default:
      add("ReplicaLag", "green", instanceDim(t.greenInstanceId), "Seconds", false);
  }
  return out;
}

/**
 * The lag metric a deployment's switchover will be gated on, known before green exists: the first of the same
 * candidates the switchover reads, for the source's engine and the version green will run (ids stand in for members).
 */
export function plannedLagMetric(engine: string, blueVersion: string, greenVersion: string): LagMetric | undefined {
  return lagMetricCandidates({
    engine,
    blueVersion,
    greenVersion,
    blueInstanceId: "blue",
    greenInstanceId: "green",
    greenClusterId: "green",
  })[0];
}

/**
 * `--max-lag` of the other kind than the metric's unit (a duration for a metric in bytes, or the reverse) would be
 * silently replaced by the default: bad usage, to say before anything happens. Undefined when it fits.
 */
export function maxLagMismatch(
  threshold: LagThreshold,
  metric: Pick<LagMetric, "metricName" | "unit"> | undefined,
  deployment: string,
): UsageError | undefined {
  const kind = metric && (metric.unit === "Bytes" ? "bytes" : "seconds");
  if (!metric || !threshold.given || !kind || threshold.given === kind) return undefined;
  return new UsageError(
    `--max-lag is ${threshold.given === "seconds" ? "a duration" : "a size"}, but ${deployment}'s lag metric ${metric.metricName} is in ${kind}: give ${kind === "bytes" ? "a size like 64MiB" : "a duration like 2s"}. Nothing was changed.`,
  );
}

/** One datapoint of the lag metric. */
export interface LagPoint {
  value: number;
  at: Date;
}

export type LagEvaluation =
  | { state: "ok"; latest: LagPoint; window: LagPoint[]; limit: number }
  /** A sample in the window is above the limit: `worst` names it (the newest may already be fine). */
  | { state: "high"; latest: LagPoint; worst: LagPoint; window: LagPoint[]; limit: number }
  /** RDS reports -1 when replication is not running (docs/rds-facts.md §6): never "under the limit". */
  | { state: "not-replicating"; latest: LagPoint; limit: number }
  | { state: "stale"; latest: LagPoint; ageMs: number; limit: number }
  | { state: "few"; latest: LagPoint; window: LagPoint[]; limit: number; needed: number }
  | { state: "no-data"; limit: number };

export const limitFor = (metric: LagMetric, threshold: LagThreshold): number =>
  metric.unit === "Bytes" ? threshold.bytes : threshold.seconds;

/**
 * Lag passes when the last `stableSamples` datapoints are all at or under the limit and the newest is fresh (five
 * periods): a metric that stopped reporting must not look like zero lag, nor a -1 (replication stopped) like none.
 */
export function evaluateLag(
  series: MetricSample[],
  limit: number,
  stableSamples: number,
  nowMs: number,
  periodSeconds: number,
): LagEvaluation {
  const points = series.map((s) => ({ value: s.value, at: s.timestamp }));
  const latest = points[points.length - 1];
  if (!latest) return { state: "no-data", limit };
  const ageMs = nowMs - latest.at.getTime();
  if (ageMs > 5 * periodSeconds * 1000) return { state: "stale", latest, ageMs, limit };
  const window = points.slice(-stableSamples);
  const stopped = window.find((p) => p.value < 0);
  if (stopped) return { state: "not-replicating", latest: stopped, limit };
  const over = window.filter((p) => p.value > limit);
  if (over.length > 0) {
    const worst = over.reduce((a, b) => (b.value > a.value ? b : a));
    return { state: "high", latest, worst, window, limit };
  }
  if (window.length < stableSamples) return { state: "few", latest, window, limit, needed: stableSamples };
  return { state: "ok", latest, window, limit };
}

export function formatLagValue(value: number, unit: LagMetric["unit"]): string {
  if (unit === "Seconds") return `${Number.isInteger(value) ? value : value.toFixed(1)} s`;
  return formatBytes(value);
}

/** The gate's words for a lag evaluation; a failure names the sample that failed (value and time). */
export function describeLag(e: LagEvaluation, metric: LagMetric | undefined): string {
  const unit = metric?.unit ?? "Seconds";
  const where = metric ? ` (${metric.metricName} on ${metric.side} ${metric.dimension.value})` : "";
  const v = (p: LagPoint) => `${formatLagValue(p.value, unit)} at ${timeOfDay(p.at)}`;
  const lim = formatLagValue(e.limit, unit);
  switch (e.state) {
    case "ok":
      return `replication lag ${v(e.latest)}${where}: last ${e.window.length} samples ≤ ${lim}`;
    case "high":
      return e.worst === e.latest
        ? `replication lag ${v(e.worst)}${where} is above ${lim}`
        : `replication lag ${v(e.worst)}${where} is above ${lim} (newest: ${v(e.latest)}; needs every sample in the window ≤ ${lim})`;
    case "not-replicating":
      return `replication is not running${where}: RDS reports ${e.latest.value} at ${timeOfDay(e.latest.at)}`;
    case "stale":
      return `replication lag${where}: newest datapoint is ${Math.round(e.ageMs / 1000)} s old (${v(e.latest)})`;
    case "few":
      return `replication lag ${v(e.latest)}${where}: ${e.window.length}/${e.needed} samples ≤ ${lim} so far`;
    case "no-data":
      return `replication lag${where}: no datapoints yet`;
  }
}

/** A tiny trend line for terminals: ▁▂▃▄▅▆▇█ scaled to the window's maximum. */
export function sparkline(values: number[]): string {
  const bars = "▁▂▃▄▅▆▇█";
  const max = Math.max(...values, 0);
  return values.map((v) => bars[max === 0 ? 0 : Math.min(7, Math.round((v / max) * 7))]).join("");
}
