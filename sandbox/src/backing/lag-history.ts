/**
 * Real replication lag, sampled about once a second in the serve process into a bounded ring per instance and
 * metric, served to GetMetricData as per-period Maximum (what bgdb asks for). Instances without a real server fall
 * through to the model's lag.
 */
import { findFault } from "../faults.js";
import type { Account } from "../model/account.js";
import type { LagSample, LagSource } from "../model/lag.js";
import { realBackingOf } from "../model/real-backing.js";
import { Ring } from "../ring.js";

/** One hour at one sample a second per series; older samples are overwritten. */
const CAPACITY = 3600;

/** Metrics whose real values are recorded; the rest (e.g. Aurora's) stay with the model. */
export const REAL_METRICS = ["OldestReplicationSlotLag", "ReplicationSlotDiskUsage", "ReplicaLag"] as const;
export type RealMetric = (typeof REAL_METRICS)[number];

export class LagHistory implements LagSource {
  private readonly rings = new Map<string, Ring<number>>();

  /** `resourceId` is the instance's stable id, so history follows it across the switchover renames. */
  record(resourceId: string, metric: RealMetric, at: number, value: number): void {
    const key = `${resourceId}/${metric}`;
    let ring = this.rings.get(key);
    if (!ring) {
      ring = new Ring<number>(CAPACITY);
      this.rings.set(key, ring);
    }
    ring.push(at, value);
  }

  samples(q: Parameters<LagSource["samples"]>[0], account: Account): LagSample[] | undefined {
    if (q.namespace !== "AWS/RDS" || !(REAL_METRICS as readonly string[]).includes(q.metricName)) return undefined;
    if (q.dimensionName !== "DBInstanceIdentifier") return undefined;
    // The fault is the model's to play: it overrides real numbers on purpose.
    if (findFault(account.state.faults, "lag-never-settles")) return undefined;
    const inst = account.state.instances.find((i) => i.id === q.dimensionValue);
    if (!inst || !realBackingOf(account, inst)) return undefined;
    const periodMs = Math.max(1, q.periodSeconds) * 1000;
    const max = new Map<number, number>();
    for (const s of this.rings.get(`${inst.resourceId}/${q.metricName}`)?.entries() ?? []) {
      if (s.timestamp < q.start || s.timestamp >= q.end) continue;
      const bucket = Math.floor(s.timestamp / periodMs) * periodMs;
      max.set(bucket, Math.max(max.get(bucket) ?? Number.NEGATIVE_INFINITY, s.value));
    }
    return [...max].map(([timestamp, value]) => ({ timestamp, value }));
  }
}
