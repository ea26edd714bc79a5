/**
 * Desired state, read against AWS: what a run asks for compared with what the source runs now, as
 * DescribeDBInstances / DescribeDBClusters report it. A run whose every target the source already satisfies has
 * nothing to do — that is what makes "run the same job again" safe on a fresh runner with no local memory. Pure.
 */
import type { DbCluster, DbInstance } from "../ports/index.js";

/** Every target a run can ask for, whichever step (create or upgrade) would apply it. */
export interface Desired {
  engineVersion?: string;
  /** DB parameter group: the instance's, or every Aurora member's. */
  parameterGroup?: string;
  /** Aurora: the cluster's parameter group. */
  clusterParameterGroup?: string;
  /** The instance's class, or every Aurora member's. */
  instanceClass?: string;
  storageType?: string;
  iops?: number;
  allocatedStorage?: number;
  storageThroughput?: number;
}

/** What the source runs now, in the terms of Desired. */
export interface SourceNow {
  id: string;
  engine: string;
  engineVersion: string;
  /** Parameter groups of the instance, or of every Aurora member (each must carry the target). */
  parameterGroups: string[][];
  clusterParameterGroup?: string;
  /** Class of the instance, or of every Aurora member. */
  instanceClasses: (string | undefined)[];
  storageType?: string;
  iops?: number;
  allocatedStorage?: number;
  storageThroughput?: number;
}

export interface Difference {
  target: keyof Desired;
  wanted: string | number;
  current: string;
}

export function sourceNowOfInstance(i: DbInstance): SourceNow {
  return {
    id: i.id,
    engine: i.engine,
    engineVersion: i.engineVersion,
    parameterGroups: [i.parameterGroups.map((g) => g.name)],
    instanceClasses: [i.instanceClass],
    storageType: i.storageType,
    iops: i.iops,
    allocatedStorage: i.allocatedStorage,
    storageThroughput: i.storageThroughput,
  };
}

export function sourceNowOfCluster(c: DbCluster, members: DbInstance[]): SourceNow {
  return {
    id: c.id,
    engine: c.engine,
    engineVersion: c.engineVersion,
    parameterGroups: members.map((m) => m.parameterGroups.map((g) => g.name)),
    clusterParameterGroup: c.parameterGroup,
    instanceClasses: members.map((m) => m.instanceClass),
  };
}

const shown = (v: unknown): string => (v === undefined || v === "" ? "(not reported)" : String(v));

/** The requested targets the source does not satisfy yet; empty when it already runs all of them. */
export function differences(now: SourceNow, want: Desired): Difference[] {
  const out: Difference[] = [];
  const check = (target: keyof Desired, satisfied: boolean, current: unknown) => {
    const wanted = want[target];
    if (wanted !== undefined && !satisfied) out.push({ target, wanted, current: shown(current) });
  };
  check("engineVersion", now.engineVersion === want.engineVersion, now.engineVersion);
  check(
    "parameterGroup",
    now.parameterGroups.length > 0 && now.parameterGroups.every((g) => g.includes(want.parameterGroup ?? "")),
    [...new Set(now.parameterGroups.flat())].join(", "),
  );
  check("clusterParameterGroup", now.clusterParameterGroup === want.clusterParameterGroup, now.clusterParameterGroup);
  check(
    "instanceClass",
    now.instanceClasses.length > 0 && now.instanceClasses.every((c) => c === want.instanceClass),
    [...new Set(now.instanceClasses)].join(", "),
  );
  check("storageType", now.storageType === want.storageType, now.storageType);
  check("iops", now.iops === want.iops, now.iops);
  check("allocatedStorage", now.allocatedStorage === want.allocatedStorage, now.allocatedStorage);
  check("storageThroughput", now.storageThroughput === want.storageThroughput, now.storageThroughput);
  return out;
}

/** `later` wins where it names a target: deploy's upgrade options over its create targets. */
export function mergeDesired(first: Desired, later: Desired): Desired {
  return {
    engineVersion: later.engineVersion ?? first.engineVersion,
    parameterGroup: later.parameterGroup ?? first.parameterGroup,
    clusterParameterGroup: later.clusterParameterGroup ?? first.clusterParameterGroup,
    instanceClass: later.instanceClass ?? first.instanceClass,
    storageType: later.storageType ?? first.storageType,
    iops: later.iops ?? first.iops,
    allocatedStorage: later.allocatedStorage ?? first.allocatedStorage,
    storageThroughput: later.storageThroughput ?? first.storageThroughput,
  };
}

export const hasTargets = (want: Desired): boolean => Object.values(want).some((v) => v !== undefined);

export type CreateDecision =
  /** No target at all: an identical green is a valid first step (then `bgdb upgrade` changes it). */
  | { action: "create"; why: "no-targets" | "differs" | "allowed-no-change"; differences: Difference[] }
  | { action: "nothing-to-do" };

/** Whether a create (or deploy) should ask RDS for a new deployment at all. */
export function decideCreate(now: SourceNow, want: Desired, allowNoChange: boolean): CreateDecision {
  if (!hasTargets(want)) return { action: "create", why: "no-targets", differences: [] };
  const diff = differences(now, want);
  if (diff.length > 0) return { action: "create", why: "differs", differences: diff };
  return allowNoChange ? { action: "create", why: "allowed-no-change", differences: [] } : { action: "nothing-to-do" };
}

/** `engine version 17.10, instance class db.r6g.large` — what the source already runs, for the "at target" line. */
export function describeSatisfied(now: SourceNow, want: Desired): string {
  const parts: string[] = [];
  if (want.engineVersion) parts.push(`${now.engine} ${now.engineVersion}`);
  if (want.parameterGroup) parts.push(`parameter group ${want.parameterGroup}`);
  if (want.clusterParameterGroup) parts.push(`cluster parameter group ${want.clusterParameterGroup}`);
  if (want.instanceClass) parts.push(`instance class ${want.instanceClass}`);
  if (want.storageType) parts.push(`storage ${want.storageType}`);
  if (want.iops !== undefined) parts.push(`${want.iops} IOPS`);
  if (want.allocatedStorage !== undefined) parts.push(`${want.allocatedStorage} GiB`);
  if (want.storageThroughput !== undefined) parts.push(`${want.storageThroughput} MiB/s`);
  return parts.join(", ");
}
