/**
 * Replica lag as CloudWatch serves it. The default source is a model (lag starts high when green appears and decays
 * linearly to 0); the data plane plugs in real numbers by passing its own `LagSource` to the server.
 */
import { findFault } from "../faults.js";
import type { Account } from "./account.js";
import type { Deployment } from "./state.js";

export interface LagQuery {
  namespace: string;
  metricName: string;
  dimensionName: string;
  dimensionValue: string;
  /** Epoch ms, inclusive. */
  start: number;
  /** Epoch ms, exclusive. */
  end: number;
  periodSeconds: number;
}

export interface LagSample {
  timestamp: number;
  value: number;
}

export interface LagSource {
  /**
   * Samples for the query, or `undefined` to fall back to the next source (the model). Called with the account
   * already advanced to "now".
   */
  samples(query: LagQuery, account: Account): LagSample[] | undefined;
}

/** Where each engine's lag metric lives (docs/rds-facts.md §6) and what it starts at. */
const METRICS: Record<string, { on: "blue" | "green"; initial: number }> = {
  ReplicaLag: { on: "green", initial: 30 },
  AuroraBinlogReplicaLag: { on: "green", initial: 30 },
  OldestReplicationSlotLag: { on: "blue", initial: 64 * 1024 * 1024 },
  ReplicationSlotDiskUsage: { on: "blue", initial: 64 * 1024 * 1024 },
};

function findDeployment(
  account: Account,
  dimension: string,
  value: string,
  on: "blue" | "green",
): Deployment | undefined {
  const kind = dimension === "DBClusterIdentifier" ? "cluster" : "instance";
  const resource =
    kind === "cluster"
      ? account.state.clusters.find((c) => c.id === value)
      : account.state.instances.find((i) => i.id === value);
  if (!resource) return undefined;
  return account.state.deployments.find((d) =>
    d.members.some((m) => m.kind === kind && (on === "blue" ? m.blue : m.green) === resource.resourceId),
  );
}

export const modelLagSource: LagSource = {
  samples(q, account) {
    const metric = METRICS[q.metricName];
    if (q.namespace !== "AWS/RDS" || !metric) return [];
    const d = findDeployment(account, q.dimensionName, q.dimensionValue, metric.on);
    if (!d?.greenTime) return [];
    const stuck = findFault(account.state.faults, "lag-never-settles");
    const settle = Math.max(1, account.timings.lagSettle);
    const periodMs = q.periodSeconds * 1000;
    // Replication (and so the metric) stops at switchover; there is no data before green exists.
    const from = Math.max(q.start, d.greenTime);
    const until = Math.min(q.end, d.switchoverTime ?? Number.POSITIVE_INFINITY, account.now() + 1);
    const out: LagSample[] = [];
    // One datapoint per period that overlaps green's life. Its value is the lag at the period's latest observed
    // moment, so a short demo sees lag settle within one period instead of waiting for the next period boundary.
    for (let t = Math.floor(from / periodMs) * periodMs; t < until; t += periodMs) {
      const observed = Math.min(t + periodMs, account.now(), d.switchoverTime ?? Number.POSITIVE_INFINITY);
      const decayed = metric.initial * Math.max(0, 1 - (observed - d.greenTime) / settle);
      out.push({ timestamp: t, value: stuck ? (stuck.value ?? metric.initial) : Math.round(decayed * 100) / 100 });
    }
    return out;
  },
};
