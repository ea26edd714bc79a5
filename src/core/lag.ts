import type { MetricSample } from "../ports/index.js";
import { engineFamily, usesLogicalReplication } from "./engine.js";
import { formatBytes } from "./format.js";
import type { LagThreshold } from "./options.js";

/** One CloudWatch lag metric as RDS-BLUE-GREEN.md §5 gives it. */
export interface LagMetric {
  metricName: string;
  side: "blue" | "green";
  dimension: { name: "DBInstanceIdentifier" | "DBClusterIdentifier"; value: string };
  unit: "Seconds" | "Bytes";
  /** False where §5 marks the metric unconfirmed (Aurora PostgreSQL). */
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
 * The metrics that tell how far green is behind, in preference order (the first with data is used). Where §5 is
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
      // Unconfirmed (§5). ReplicaLag on green would measure green's own replicas, not blue → green, and could read 0:
      // so only the likely metric is used, and no data keeps the gate closed rather than opening it.
      add("OldestReplicationSlotLag", "blue", instanceDim(t.blueInstanceId), "Bytes", false);
      break;
    default:
      add("ReplicaLag", "green", instanceDim(t.greenInstanceId), "Seconds", false);
  }
  return out;
}

export type LagEvaluation =
  | { state: "ok"; latest: number; samples: number[]; limit: number }
  | { state: "high"; latest: number; samples: number[]; limit: number }
  | { state: "stale"; latest: number; ageMs: number; limit: number }
  | { state: "few"; latest: number; samples: number[]; limit: number; needed: number }
  | { state: "no-data"; limit: number };

export const limitFor = (metric: LagMetric, threshold: LagThreshold): number =>
  metric.unit === "Bytes" ? threshold.bytes : threshold.seconds;

/**
 * Lag passes when the last `stableSamples` datapoints are all at or under the limit and the newest is fresh (five
 * periods): a metric that stopped reporting must not look like zero lag.
 */
export function evaluateLag(
  series: MetricSample[],
  limit: number,
  stableSamples: number,
  nowMs: number,
  periodSeconds: number,
): LagEvaluation {
  const last = series[series.length - 1];
  if (!last) return { state: "no-data", limit };
  const ageMs = nowMs - last.timestamp.getTime();
  if (ageMs > 5 * periodSeconds * 1000) return { state: "stale", latest: last.value, ageMs, limit };
  const samples = series.slice(-stableSamples).map((s) => s.value);
  if (samples.some((v) => v > limit)) return { state: "high", latest: last.value, samples, limit };
  if (samples.length < stableSamples) {
    return { state: "few", latest: last.value, samples, limit, needed: stableSamples };
  }
  return { state: "ok", latest: last.value, samples, limit };
}

export function formatLagValue(value: number, unit: LagMetric["unit"]): string {
  if (unit === "Seconds") return `${Number.isInteger(value) ? value : value.toFixed(1)} s`;
  return formatBytes(value);
}

export function describeLag(e: LagEvaluation, metric: LagMetric | undefined): string {
  const unit = metric?.unit ?? "Seconds";
  const where = metric ? ` (${metric.metricName} on ${metric.side} ${metric.dimension.value})` : "";
  const lim = formatLagValue(e.limit, unit);
  switch (e.state) {
    case "ok":
      return `replication lag ${formatLagValue(e.latest, unit)}${where}, ${e.samples.length} samples ≤ ${lim}`;
    case "high":
      return `replication lag ${formatLagValue(e.latest, unit)}${where} is above ${lim}`;
    case "stale":
      return `replication lag${where}: newest datapoint is ${Math.round(e.ageMs / 1000)} s old`;
    case "few":
      return `replication lag ${formatLagValue(e.latest, unit)}${where}: ${e.samples.length}/${e.needed} samples ≤ ${lim}`;
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
