/**
 * A stateful in-memory fake of the AWS ports, for core tests. Behaviour spec:
 * - calls return at once; statuses advance with the injected clock's time, evaluated on each describe;
 * - a deployment is PROVISIONING for `provisionMs`, then AVAILABLE (green instance `available`, unless
 *   `greenStatusAt(t)` says otherwise, e.g. `storage-optimization`);
 * - a switchover is SWITCHOVER_IN_PROGRESS for `switchoverMs`, then SWITCHOVER_COMPLETED with the renames
 *   (blue → `<name>-old1`, green → blue's name; resource ids stay), or, with `switchoverFails`, rolls back to
 *   `failedSettlesTo`;
 * - lag comes from `lagAt(t)` sampled once per period;
 * - deletions and snapshots finish after `deleteMs` / `snapshotMs`.
 * Every mutating call is recorded in `mutations`; every call of the RDS port, made or not served, in `calls`, and
 * `mutatingCalls()` picks out of those the ones that would change AWS (`isMutatingCall`).
 */

import type { FakeClock } from "../../src/adapters/system/fake-clock.js";
import { NotFoundError, PreconditionError } from "../../src/core/errors.js";
import type {
  BlueGreenDeployment,
  CallerIdentity,
  CreateDeploymentInput,
  DbCluster,
  DbInstance,
  DbParameter,
  DbParameterGroup,
  DbSnapshot,
  Dns,
  DnsRecord,
  EngineVersion,
  Identity,
  MetricQuery,
  MetricSample,
  Metrics,
  ModifyClusterInput,
  ModifyInstanceInput,
  Rds,
  RdsEvent,
} from "../../src/ports/index.js";

/**
 * The fake's own notion of a request that changes AWS, kept apart from bgdb's: any RDS port method that does not
 * start with describe, list or get. (Route 53, CloudWatch and STS are read-only ports here.)
 */
export const isMutatingCall = (method: string): boolean => !/^(describe|list|get)/.test(method);

const ARN = (kind: string, id: string) => `arn:aws:rds:us-east-1:111122223333:${kind}:${id}`;

export interface FakeAwsOptions {
  provisionMs?: number;
  switchoverMs?: number;
  switchoverFails?: boolean;
  failedSettlesTo?: "SWITCHOVER_FAILED" | "AVAILABLE";
  greenStatusAt?: (elapsedSinceAvailableMs: number) => string;
  lagAt?: (t: number) => number;
  deleteMs?: number;
  snapshotMs?: number;
  /** How many switchover calls are refused with InvalidBlueGreenDeploymentState first. */
  refuseSwitchover?: number;
  /** An accepted switchover shows AVAILABLE this long before SWITCHOVER_IN_PROGRESS (RDS takes a moment to start). */
  switchoverStartsAfterMs?: number;
  invalidConfiguration?: boolean;
}

interface DeploymentRec {
  d: BlueGreenDeployment;
  createdAt: number;
  blueId: string;
  greenId: string;
  targetVersion?: string;
  switchoverAt?: number;
  /** Accepted, not started yet (switchoverStartsAfterMs): when it starts. */
  switchoverStartsAt?: number;
  switched?: boolean;
  deletingAt?: number;
  deleteTarget?: boolean;
}

export class FakeAws {
  readonly instances = new Map<string, DbInstance>();
  readonly deployments = new Map<string, DeploymentRec>();
  readonly snapshots = new Map<string, { s: DbSnapshot; at: number }>();
  readonly deletingInstances = new Map<string, number>();
  readonly events: RdsEvent[] = [];
  readonly mutations: { method: string; args: unknown[] }[] = [];
  readonly dnsRecords = new Map<string, DnsRecord>();
  /** Parameter groups by name (a test adds one of the wrong family, or deletes one). */
  readonly parameterGroups = new Map<string, DbParameterGroup>(
    [
      ["orders-pg16", "postgres16"],
      ["orders-pg16-tuned", "postgres16"],
      ["orders-pg17", "postgres17"],
      ["pg17", "postgres17"],
    ].map(([name, family]) => [name as string, { name: name as string, family: family as string }]),
  );
  readonly o: Required<Omit<FakeAwsOptions, "greenStatusAt">> & Pick<FakeAwsOptions, "greenStatusAt">;
  private seq = 0;

  constructor(
    readonly clock: FakeClock,
    opts: FakeAwsOptions = {},
  ) {
    this.o = {
      provisionMs: 30 * 60_000,
      switchoverMs: 11_000,
      switchoverFails: false,
      failedSettlesTo: "SWITCHOVER_FAILED",
      lagAt: () => 0,
      deleteMs: 60_000,
      snapshotMs: 5 * 60_000,
      refuseSwitchover: 0,
      switchoverStartsAfterMs: 0,
      invalidConfiguration: false,
      ...opts,
    };
  }

  addInstance(id: string, p: Partial<DbInstance> = {}): DbInstance {
    const i: DbInstance = {
      id,
      arn: ARN("db", id),
      resourceId: `db-${id.toUpperCase()}`,
      status: "available",
      engine: "postgres",
      engineVersion: "16.3",
      instanceClass: "db.r6g.xlarge",
      endpoint: { address: `${id}.c9abc.us-east-1.rds.amazonaws.com`, port: 5432 },
      backupRetentionPeriod: 7,
      parameterGroups: [{ name: "orders-pg16", applyStatus: "in-sync" }],
      deletionProtection: false,
      readReplicaIds: [],
      managedMasterPassword: false,
      ...p,
    };
    this.instances.set(id, i);
    return i;
  }

  private record(method: string, ...args: unknown[]) {
    this.mutations.push({ method, args });
  }

  private tick() {
    const now = this.clock.now();
    for (const [key, rec] of this.deployments) {
      const d = rec.d;
      const green = this.instances.get(rec.greenId);
      if (rec.deletingAt !== undefined) {
        if (now - rec.deletingAt >= this.o.deleteMs) {
          this.deployments.delete(key);
          if (rec.deleteTarget) this.instances.delete(rec.greenId);
        }
        continue;
      }
      if (d.status === "PROVISIONING" && now - rec.createdAt >= this.o.provisionMs) {
        d.status = this.o.invalidConfiguration ? "INVALID_CONFIGURATION" : "AVAILABLE";
        if (this.o.invalidConfiguration) d.statusDetails = "green was promoted manually";
        d.tasks = d.tasks.map((t) => ({ ...t, status: "COMPLETED" }));
        d.switchoverDetails = [
          { sourceMember: ARN("db", rec.blueId), targetMember: ARN("db", rec.greenId), status: "AVAILABLE" },
        ];
        if (green) green.status = "available";
      } else if (d.status === "PROVISIONING") {
        const half = now - rec.createdAt >= this.o.provisionMs / 2;
        d.tasks = d.tasks.map((t, i) => ({
          ...t,
          status: i === 0 ? (half ? "COMPLETED" : "IN_PROGRESS") : half && i === 1 ? "IN_PROGRESS" : "PENDING",
        }));
      }
      if (rec.switchoverStartsAt !== undefined && now >= rec.switchoverStartsAt) {
        rec.switchoverStartsAt = undefined;
        d.status = "SWITCHOVER_IN_PROGRESS";
        rec.switchoverAt = now;
      }
      if (d.status === "AVAILABLE" && green && this.o.greenStatusAt && rec.switchoverAt === undefined) {
        green.status = this.o.greenStatusAt(now - rec.createdAt - this.o.provisionMs);
      }
      if (
        d.status === "SWITCHOVER_IN_PROGRESS" &&
        rec.switchoverAt !== undefined &&
        now - rec.switchoverAt >= this.o.switchoverMs
      ) {
        if (this.o.switchoverFails) {
          d.status = this.o.failedSettlesTo;
          d.statusDetails = "Switchover exceeded the switchover timeout";
          this.events.push(this.event(d.id, "Switchover canceled on blue/green deployment"));
        } else {
          this.completeSwitchover(rec);
        }
      }
    }
    for (const [id, at] of this.deletingInstances) {
      if (now - at >= this.o.deleteMs) {
        this.instances.delete(id);
        this.deletingInstances.delete(id);
      }
    }
    for (const { s, at } of this.snapshots.values()) if (now - at >= this.o.snapshotMs) s.status = "available";
  }

  private completeSwitchover(rec: DeploymentRec) {
    const blue = this.instances.get(rec.blueId) as DbInstance;
    const green = this.instances.get(rec.greenId) as DbInstance;
    const oldId = `${rec.blueId}-old1`;
    const prodEndpoint = blue.endpoint;
    this.instances.delete(rec.blueId);
    this.instances.delete(rec.greenId);
    this.addInstance(oldId, {
      ...blue,
      id: oldId,
      arn: ARN("db", oldId),
      endpoint: { address: `${oldId}.c9abc.us-east-1.rds.amazonaws.com`, port: 5432 },
    });
    this.addInstance(rec.blueId, { ...green, id: rec.blueId, arn: ARN("db", rec.blueId), endpoint: prodEndpoint });
    rec.d.status = "SWITCHOVER_COMPLETED";
    rec.d.source = ARN("db", oldId);
    rec.d.target = ARN("db", rec.blueId);
    rec.d.switchoverDetails = [
      { sourceMember: ARN("db", oldId), targetMember: ARN("db", rec.blueId), status: "SWITCHOVER_COMPLETED" },
    ];
    rec.blueId = oldId;
    rec.greenId = rec.d.target.split(":").pop() as string;
    rec.switched = true;
    this.events.push(this.event(rec.d.id, "Switchover completed on blue/green deployment"));
  }

  private event(sourceId: string, message: string): RdsEvent {
    return {
      date: new Date(this.clock.now()),
      message,
      sourceId,
      sourceType: "blue-green-deployment",
      eventCategories: [],
    };
  }

  private findInstance(id: string): DbInstance {
    const key = id.startsWith("arn:") ? (id.split(":").pop() as string) : id;
    const i = this.instances.get(key);
    if (!i) throw new NotFoundError(`DBInstance ${id} not found`);
    return i;
  }

  /** When the last accepted switchover request arrived (virtual time). */
  switchoverRequestedAt?: number;

  /** Every RDS call in order (reads too), so a test can assert what came before what. */
  readonly calls: string[] = [];

  /** The port the code under test sees: each call is logged in `calls`, then served by `rdsImpl`. */
  get rds(): Rds {
    const impl = this.rdsImpl;
    const calls = this.calls;
    return new Proxy(impl, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver);
        if (typeof value !== "function" || typeof prop !== "string") return value;
        return (...args: unknown[]) => {
          calls.push(prop);
          return value(...args);
        };
      },
    });
  }

  private readonly rdsImpl: Rds = {
    createBlueGreenDeployment: async (input: CreateDeploymentInput) => {
      this.record("createBlueGreenDeployment", input);
      const blueId = input.sourceArn.split(":").pop() as string;
      const blue = this.findInstance(blueId);
      const id = `bgd-${String(++this.seq).padStart(12, "0")}`;
      const greenId = `${blueId}-green-abc${this.seq}de`;
      this.addInstance(greenId, {
        ...blue,
        id: greenId,
        arn: ARN("db", greenId),
        resourceId: `db-GREEN${this.seq}`,
        status: "creating",
        engineVersion: input.targetEngineVersion ?? blue.engineVersion,
        instanceClass: input.targetDbInstanceClass ?? blue.instanceClass,
        parameterGroups: input.targetDbParameterGroupName
          ? [{ name: input.targetDbParameterGroupName, applyStatus: "in-sync" }]
          : blue.parameterGroups,
        endpoint: { address: `${greenId}.c9abc.us-east-1.rds.amazonaws.com`, port: 5432 },
      });
      const d: BlueGreenDeployment = {
        id,
        name: input.name,
        source: input.sourceArn,
        target: ARN("db", greenId),
        status: "PROVISIONING",
        tasks: [
          { name: "CREATING_READ_REPLICA_OF_SOURCE", status: "PENDING" },
          { name: "DB_ENGINE_VERSION_UPGRADE", status: "PENDING" },
          { name: "CONFIGURE_BACKUPS", status: "PENDING" },
        ],
        switchoverDetails: [{ sourceMember: input.sourceArn, status: "PROVISIONING" }],
        createTime: new Date(this.clock.now()),
        tags: input.tags ?? {},
      };
      this.deployments.set(id, {
        d,
        createdAt: this.clock.now(),
        blueId,
        greenId,
        targetVersion: input.targetEngineVersion,
      });
      return { ...structuredClone(d), requestId: `req-create-${this.seq}` };
    },
    describeBlueGreenDeployments: async (filter) => {
      this.tick();
      const all = [...this.deployments.values()].map((r) => r.d);
      const hit = all.filter(
        (d) =>
          (!filter?.identifier || d.id.toLowerCase() === filter.identifier.toLowerCase()) &&
          (!filter?.name || d.name === filter.name),
      );
      if (filter?.identifier && hit.length === 0)
        throw new NotFoundError(`BlueGreenDeployment ${filter.identifier} not found`);
      return structuredClone(hit);
    },
    switchoverBlueGreenDeployment: async (id, timeoutSeconds) => {
      this.record("switchoverBlueGreenDeployment", id, timeoutSeconds);
      this.tick();
      if (this.o.refuseSwitchover > 0) {
        this.o.refuseSwitchover--;
        throw new PreconditionError("INVALID_BGD_STATE", "DB instance orders-prod-green is not in available state");
      }
      const rec = this.deployments.get(id);
      if (!rec) throw new NotFoundError(id);
      if (rec.d.status !== "AVAILABLE" || rec.switchoverStartsAt !== undefined)
        throw new PreconditionError("INVALID_BGD_STATE", `deployment is ${rec.d.status}`);
      this.switchoverRequestedAt = this.clock.now();
      if (this.o.switchoverStartsAfterMs > 0) {
        rec.switchoverStartsAt = this.clock.now() + this.o.switchoverStartsAfterMs;
        return { ...structuredClone(rec.d), requestId: "req-switch" };
      }
      rec.d.status = "SWITCHOVER_IN_PROGRESS";
      rec.switchoverAt = this.clock.now();
      return { ...structuredClone(rec.d), requestId: "req-switch" };
    },
    deleteBlueGreenDeployment: async (id, deleteTarget) => {
      this.record("deleteBlueGreenDeployment", id, deleteTarget);
      const rec = this.deployments.get(id);
      if (!rec) throw new NotFoundError(id);
      if (deleteTarget && rec.switched)
        throw new PreconditionError("INVALID_PARAMETER_VALUE", "DeleteTarget not allowed after switchover");
      rec.d.status = "DELETING";
      rec.deletingAt = this.clock.now();
      rec.deleteTarget = deleteTarget;
      return { ...structuredClone(rec.d), requestId: "req-delete" };
    },
    describeDbInstances: async (filter) => {
      this.tick();
      if (filter?.id) return [structuredClone(this.findInstance(filter.id))];
      return structuredClone([...this.instances.values()]);
    },
    describeDbClusters: async (filter) => {
      if (filter?.id) throw new NotFoundError(`DBCluster ${filter.id} not found`);
      return [] as DbCluster[];
    },
    modifyDbInstance: async (input: ModifyInstanceInput) => {
      this.record("modifyDbInstance", input);
      const i = this.findInstance(input.id);
      if (input.engineVersion) i.engineVersion = input.engineVersion;
      if (input.instanceClass) i.instanceClass = input.instanceClass;
      if (input.parameterGroupName) i.parameterGroups = [{ name: input.parameterGroupName, applyStatus: "applying" }];
      i.status = "upgrading";
      const at = this.clock.now();
      const orig = this.o.greenStatusAt;
      this.o.greenStatusAt = (ms) => (this.clock.now() - at < 20 * 60_000 ? "upgrading" : (orig?.(ms) ?? "available"));
      return { ...structuredClone(i), requestId: "req-modify" };
    },
    modifyDbCluster: async (input: ModifyClusterInput) => {
      this.record("modifyDbCluster", input);
      throw new NotFoundError(input.id);
    },
    describeDbEngineVersions: async ({ engine, engineVersion }) => {
      const targets: EngineVersion["validUpgradeTargets"] = [
        { engine, engineVersion: "16.4", isMajorVersionUpgrade: false },
        { engine, engineVersion: "17.2", isMajorVersionUpgrade: true },
      ];
      const version = engineVersion ?? "16.3";
      // Like RDS: a version it does not offer is no answer at all.
      if (!["16.3", "16.4", "17.2", "17.4"].includes(version)) return [];
      return [
        {
          engine,
          engineVersion: version,
          parameterGroupFamily: `${engine}${version.split(".")[0]}`,
          validUpgradeTargets: engineVersion?.startsWith("17")
            ? [{ engine, engineVersion: "17.4", isMajorVersionUpgrade: false }]
            : targets,
        },
      ];
    },
    describeDbParameters: async (): Promise<DbParameter[]> => [{ name: "rds.logical_replication", value: "1" }],
    describeDbClusterParameters: async (): Promise<DbParameter[]> => [],
    // Every account has AWS's own default.<family> groups.
    describeDbParameterGroup: async (name) =>
      structuredClone(
        this.parameterGroups.get(name) ?? (name.startsWith("default.") ? { name, family: name.slice(8) } : undefined),
      ),
    describeDbClusterParameterGroup: async () => undefined,
    createDbSnapshot: async (snapshotId, instanceId) => {
      this.record("createDbSnapshot", snapshotId, instanceId);
      const s: DbSnapshot = { id: snapshotId, status: "creating", sourceId: instanceId };
      this.snapshots.set(snapshotId, { s, at: this.clock.now() });
      return { ...s, requestId: "req-snap" };
    },
    describeDbSnapshots: async (snapshotId) => {
      this.tick();
      // Like the adapter: an unknown snapshot id is an empty list, not an error.
      const s = this.snapshots.get(snapshotId);
      return s ? [structuredClone(s.s)] : [];
    },
    createDbClusterSnapshot: async () => {
      throw new NotFoundError("no clusters in this fake");
    },
    describeDbClusterSnapshots: async () => [],
    deleteDbInstance: async (id) => {
      this.record("deleteDbInstance", id);
      const i = this.findInstance(id);
      i.status = "deleting";
      this.deletingInstances.set(i.id, this.clock.now());
      return { ...structuredClone(i), requestId: "req-del-db" };
    },
    deleteDbCluster: async (id) => {
      this.record("deleteDbCluster", id);
      throw new NotFoundError(id);
    },
    describeEvents: async ({ sourceId, startTime }) =>
      this.events.filter((e) => (!sourceId || e.sourceId === sourceId) && (!startTime || e.date >= startTime)),
  };

  readonly metrics: Metrics & { queries: MetricQuery[] } = {
    queries: [],
    getSeries: async (q: MetricQuery): Promise<MetricSample[]> => {
      this.metrics.queries.push(q);
      const step = q.periodSeconds * 1000;
      // CloudWatch publishes a minute late: the newest datapoint is one period behind `end`.
      const out: MetricSample[] = [];
      for (let t = Math.ceil(q.start.getTime() / step) * step; t <= q.end.getTime() - step; t += step) {
        out.push({ timestamp: new Date(t), value: this.o.lagAt(t) });
      }
      return out;
    },
  };

  readonly dns: Dns = {
    lookup: async (name) => this.dnsRecords.get(name),
  };

  readonly identity: Identity = {
    whoAmI: async (): Promise<CallerIdentity> => ({
      account: "111122223333",
      arn: "arn:aws:iam::111122223333:user/sre",
      userId: "AID",
    }),
  };

  mutationNames(): string[] {
    return this.mutations.map((m) => m.method);
  }

  /** The RDS calls since call number `from` that would change AWS. */
  mutatingCalls(from = 0): string[] {
    return this.calls.slice(from).filter(isMutatingCall);
  }
}
