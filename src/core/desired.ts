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

/** A DB parameter group as DescribeDBInstances reports it on an instance. */
export interface GroupNow {
  name: string;
  /** `ParameterApplyStatus`: `in-sync`, `applying`, `pending-reboot`…; empty when not reported. */
  applyStatus: string;
}

/** What the source runs now, in the terms of Desired. */
export interface SourceNow {
  id: string;
  engine: string;
  engineVersion: string;
  /** Parameter groups of the instance, or of every Aurora member (each must carry the target, in sync). */
  parameterGroups: GroupNow[][];
  clusterParameterGroup?: string;
  /** Class of the instance, or of every Aurora member. */
  instanceClasses: (string | undefined)[];
  storageType?: string;
  iops?: number;
  allocatedStorage?: number;
  storageThroughput?: number;
  /** `PendingModifiedValues` of the instance, or of each Aurora member, as RDS reports them (its field names). */
  pending: Record<string, unknown>[];
}

export interface Difference {
  target: keyof Desired;
  wanted: string | number;
  current: string;
  /**
   * Why a value that reads as the target is not in effect yet: the group is `pending-reboot` (or `applying`), or a
   * modification of that field is pending. Absent when the value itself differs.
   */
  pending?: string;
}

export function sourceNowOfInstance(i: DbInstance): SourceNow {
  return {
    id: i.id,
    engine: i.engine,
    engineVersion: i.engineVersion,
    parameterGroups: [i.parameterGroups],
    instanceClasses: [i.instanceClass],
    storageType: i.storageType,
    iops: i.iops,
    allocatedStorage: i.allocatedStorage,
    storageThroughput: i.storageThroughput,
    pending: [i.pendingModifiedValues ?? {}],
  };
}

export function sourceNowOfCluster(c: DbCluster, members: DbInstance[]): SourceNow {
  return {
    id: c.id,
    engine: c.engine,
    engineVersion: c.engineVersion,
    parameterGroups: members.map((m) => m.parameterGroups),
    clusterParameterGroup: c.parameterGroup,
    instanceClasses: members.map((m) => m.instanceClass),
    pending: members.map((m) => m.pendingModifiedValues ?? {}),
  };
}

const shown = (v: unknown): string => (v === undefined || v === "" ? "(not reported)" : String(v));

/** The `PendingModifiedValues` field that would change each target (parameter groups have none: see applyStatus). */
const PENDING_FIELD: Partial<Record<keyof Desired, string>> = {
  engineVersion: "EngineVersion",
  instanceClass: "DBInstanceClass",
  storageType: "StorageType",
  iops: "Iops",
  allocatedStorage: "AllocatedStorage",
  storageThroughput: "StorageThroughput",
};

/** A group named as wanted but not yet in effect: anything RDS reports other than `in-sync` (or nothing). */
const notInSync = (g: GroupNow): boolean => g.applyStatus !== "" && g.applyStatus !== "in-sync";

/** Why the wanted parameter group, present on the members, is not in effect yet; undefined when it is. */
function groupPending(now: SourceNow, name: string): string | undefined {
  const groups = now.parameterGroups.flat().filter((g) => g.name === name && notInSync(g));
  const states = [...new Set(groups.map((g) => g.applyStatus))];
  return states.length > 0 ? `${name} is ${states.join(", ")} on ${now.id}` : undefined;
}

/** A pending modification of the target's field to another value: the value read now will not last. */
function fieldPending(now: SourceNow, target: keyof Desired, wanted: string | number): string | undefined {
  const field = PENDING_FIELD[target];
  const later = field ? now.pending.map((p) => p[field]).find((v) => v !== undefined && v !== wanted) : undefined;
  return later === undefined ? undefined : `a modification to ${String(later)} is pending on ${now.id}`;
}

/**
 * The requested targets the source does not satisfy yet; empty when it already runs all of them. A target counts as
 * satisfied only when it is in effect: a parameter group in `pending-reboot` or a pending modification of the field
 * is a difference (docs/rds-facts.md §4: the source's group must be in sync).
 */
export function differences(now: SourceNow, want: Desired): Difference[] {
  const out: Difference[] = [];
  const check = (target: keyof Desired, satisfied: boolean, current: unknown, pending?: string) => {
    const wanted = want[target];
    if (wanted === undefined) return;
    const later = satisfied ? (pending ?? fieldPending(now, target, wanted)) : undefined;
    if (!satisfied || later)
      out.push({ target, wanted, current: shown(current), ...(later ? { pending: later } : {}) });
  };
  check("engineVersion", now.engineVersion === want.engineVersion, now.engineVersion);
  const groupNames = now.parameterGroups.map((groups) => groups.map((g) => g.name));
  check(
    "parameterGroup",
    groupNames.length > 0 && groupNames.every((g) => g.includes(want.parameterGroup ?? "")),
    [...new Set(groupNames.flat())].join(", "),
    want.parameterGroup ? groupPending(now, want.parameterGroup) : undefined,
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

export type AttachDecision = { action: "attach" } | { action: "refuse"; differences: Difference[] };

/**
 * Whether an existing deployment's green, as it runs now, is what this run asks for: every requested target either
 * satisfied by green already or one that a later step of the same run sets on green itself (`appliedLater`, deploy's
 * upgrade). A target green names but has not in effect yet (`pending`) is that green, not another: upgrade and the
 * gate deal with it. Pure.
 */
export function decideAttach(green: SourceNow, want: Desired, appliedLater: Desired = {}): AttachDecision {
  const diff = differences(green, want).filter((d) => !d.pending && appliedLater[d.target] === undefined);
  return diff.length === 0 ? { action: "attach" } : { action: "refuse", differences: diff };
}

const LABEL: Record<keyof Desired, string> = {
  engineVersion: "engine version",
  parameterGroup: "parameter group",
  clusterParameterGroup: "cluster parameter group",
  instanceClass: "instance class",
  storageType: "storage type",
  iops: "IOPS",
  allocatedStorage: "allocated storage (GiB)",
  storageThroughput: "storage throughput (MiB/s)",
};

/** `engine version 17.2 (asked: 17.4), instance class db.r6g.large (asked: db.r7g.large)`. */
export const describeDifferences = (diff: Difference[]): string =>
  diff.map((d) => `${LABEL[d.target]} ${d.current} (asked: ${d.wanted})`).join(", ");

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
