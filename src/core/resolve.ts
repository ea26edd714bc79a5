import type { BlueGreenDeployment, DbCluster, DbInstance } from "../ports/index.js";
import type { Ctx } from "./context.js";
import { isBgdbError, NotFoundError } from "./errors.js";
import type { MemberView } from "./result.js";
import { isArn, parseRdsArn } from "./status.js";

/** Looks a deployment up by `bgd-` id or by name; undefined when AWS has none. */
export async function findDeployment(ctx: Ctx, ref: string): Promise<BlueGreenDeployment | undefined> {
  try {
    const found = /^bgd-/i.test(ref)
      ? await ctx.rds.describeBlueGreenDeployments({ identifier: ref })
      : await ctx.rds.describeBlueGreenDeployments({ name: ref });
    return found[0];
  } catch (e) {
    if (isBgdbError(e) && e.code === "NOT_FOUND") return undefined;
    throw e;
  }
}

export async function getDeployment(ctx: Ctx, ref: string): Promise<BlueGreenDeployment> {
  const d = await findDeployment(ctx, ref);
  if (!d) {
    throw new NotFoundError(`No blue/green deployment named or identified "${ref}" in this account and region.`, {
      hint: "Run `bgdb list` to see the region's deployments; check --region and --profile.",
    });
  }
  return d;
}

/** The deployment as AWS shows it now; NotFoundError (exit 3) when it vanished mid-flight. */
export async function describeById(ctx: Ctx, d: BlueGreenDeployment): Promise<BlueGreenDeployment> {
  const [now] = await ctx.rds.describeBlueGreenDeployments({ identifier: d.id });
  if (!now)
    throw new NotFoundError(`Deployment ${d.name} (${d.id}) is gone.`, {
      hint: "Someone deleted it; run `bgdb list`.",
    });
  return now;
}

/** A blue or green resource with its current RDS description. */
export interface Side {
  kind: "instance" | "cluster";
  arn: string;
  id: string;
  instance?: DbInstance;
  cluster?: DbCluster;
  /** The cluster's member instances (Aurora). */
  clusterInstances: DbInstance[];
  memberStatus?: string;
}

export interface Members {
  blue: Side[];
  green: Side[];
  /** Every green DB instance (cluster members flattened): what the gate checks for `available`. */
  greenInstances: DbInstance[];
  /** The green primary / writer instance, when one can be told. */
  greenPrimary?: DbInstance;
  bluePrimary?: DbInstance;
}

export async function describeSide(ctx: Ctx, arn: string, memberStatus?: string): Promise<Side | undefined> {
  const parsed = parseRdsArn(arn);
  try {
    if (parsed.kind === "instance") {
      const [instance] = await ctx.rds.describeDbInstances({ id: arn });
      return { kind: "instance", arn, id: instance?.id ?? parsed.id, instance, clusterInstances: [], memberStatus };
    }
    if (parsed.kind === "cluster") {
      const [cluster] = await ctx.rds.describeDbClusters({ id: arn });
      const clusterInstances = cluster ? await ctx.rds.describeDbInstances({ clusterId: cluster.id }) : [];
      return { kind: "cluster", arn, id: cluster?.id ?? parsed.id, cluster, clusterInstances, memberStatus };
    }
  } catch (e) {
    // A member can vanish mid-flight (deleted green, renamed during switchover): report it as missing, not a crash.
    if (isBgdbError(e) && e.code === "NOT_FOUND") {
      return {
        kind: parsed.kind === "cluster" ? "cluster" : "instance",
        arn,
        id: parsed.id,
        clusterInstances: [],
        memberStatus,
      };
    }
    throw e;
  }
  return undefined; // cluster endpoints carry no status of their own
}

/**
 * The writer: an Aurora cluster's writer instance, else the member the deployment names as Source/Target (green's
 * primary is itself a replica of blue during the deployment, so "not a replica" can't tell it apart).
 */
function primaryOf(sides: Side[], deploymentArn: string | undefined): DbInstance | undefined {
  for (const s of sides) {
    if (s.kind === "cluster" && s.cluster) {
      const writer = s.cluster.members.find((m) => m.isWriter);
      return s.clusterInstances.find((i) => i.id === writer?.instanceId) ?? s.clusterInstances[0];
    }
  }
  const named = sides.find((s) => s.arn === deploymentArn)?.instance;
  return named ?? sides.find((s) => s.instance && !s.instance.readReplicaSourceId)?.instance ?? sides[0]?.instance;
}

/** Describes every blue and green member of the deployment (SwitchoverDetails, or Source/Target early on). */
export async function describeMembers(ctx: Ctx, d: BlueGreenDeployment): Promise<Members> {
  const pairs =
    d.switchoverDetails.length > 0
      ? d.switchoverDetails
      : [{ sourceMember: d.source, targetMember: d.target, status: undefined as string | undefined }];
  const blue: Side[] = [];
  const green: Side[] = [];
  for (const p of pairs) {
    const b = await describeSide(ctx, p.sourceMember, p.status);
    if (b) blue.push(b);
    if (p.targetMember) {
      const g = await describeSide(ctx, p.targetMember, p.status);
      if (g) green.push(g);
    }
  }
  const greenInstances = green.flatMap((s) => (s.instance ? [s.instance] : s.clusterInstances));
  return {
    blue,
    green,
    greenInstances,
    greenPrimary: primaryOf(green, d.target),
    bluePrimary: primaryOf(blue, d.source),
  };
}

export function memberViews(m: Members): MemberView[] {
  const view = (role: "blue" | "green", s: Side): MemberView => ({
    role,
    kind: s.kind,
    id: s.id,
    arn: s.arn,
    memberStatus: s.memberStatus,
    status: s.instance?.status ?? s.cluster?.status ?? "missing",
    engine: s.instance?.engine ?? s.cluster?.engine,
    engineVersion: s.instance?.engineVersion ?? s.cluster?.engineVersion,
    instanceClass: s.instance?.instanceClass,
    endpoint: s.instance?.endpoint?.address ?? s.cluster?.endpoint,
    port: s.instance?.endpoint?.port ?? s.cluster?.port,
  });
  return [...m.blue.map((s) => view("blue", s)), ...m.green.map((s) => view("green", s))];
}

/** The source of a new deployment: an instance or an Aurora cluster, by id or ARN. */
export type Source = { kind: "instance"; instance: DbInstance } | { kind: "cluster"; cluster: DbCluster };

export async function resolveSource(ctx: Ctx, ref: string): Promise<Source> {
  const parsed = isArn(ref) ? parseRdsArn(ref) : undefined;
  const tryInstance = async () => (await ctx.rds.describeDbInstances({ id: ref }))[0];
  const tryCluster = async () => (await ctx.rds.describeDbClusters({ id: ref }))[0];
  const orUndefined = async <T>(f: () => Promise<T>) => {
    try {
      return await f();
    } catch (e) {
      if (isBgdbError(e) && e.code === "NOT_FOUND") return undefined;
      throw e;
    }
  };
  if (parsed?.kind !== "cluster") {
    const instance = await orUndefined(tryInstance);
    if (instance) return { kind: "instance", instance };
  }
  if (parsed?.kind !== "instance") {
    const cluster = await orUndefined(tryCluster);
    if (cluster) return { kind: "cluster", cluster };
  }
  throw new NotFoundError(`Source "${ref}" is neither a DB instance nor a DB cluster in this account and region.`, {
    hint: "Pass the instance or cluster identifier (or its ARN); check --region and --profile.",
  });
}
