/**
 * The emulated account: the persisted state plus the clock and timings that move it. Transitions are queued as
 * scheduled events and applied lazily (`advance`) at the start of every request, so no background timer exists and
 * an injected clock makes tests instant.
 */
import { AwsError } from "../aws-error.js";
import { LOOPBACK, loopbackAddress } from "../dataplane/loopback.js";
import { checkIdentifier, rdsArn } from "./ids.js";
import type {
  Cluster,
  Deployment,
  Instance,
  Job,
  ParameterGroup,
  RdsEventRecord,
  SandboxState,
  ScheduledEvent,
} from "./state.js";
import type { Timings } from "./timings.js";

export type EventSink = (event: ScheduledEvent, account: Account) => void;

export class Account {
  /**
   * Set when data planes back PostgreSQL instances, and MariaDB ones where it is installed, with real servers (the
   * serve process); model-only otherwise, and then no job is created and no event waits for one.
   */
  realPostgres = false;
  /** Set when every instance can have its own loopback address (probed by the server); else all share 127.0.0.1. */
  distinctAddresses = false;

  constructor(
    readonly state: SandboxState,
    readonly now: () => number,
    public timings: Timings,
    private readonly apply: EventSink,
  ) {}

  /** Applies every scheduled event whose time has come, oldest first. */
  advance(): void {
    const now = this.now();
    for (;;) {
      const due = this.state.schedule
        .map((e, i) => ({ e, i }))
        .filter(({ e }) => e.at <= now && this.jobDone(e.after))
        .sort((a, b) => a.e.at - b.e.at || a.i - b.i)[0];
      if (!due) return;
      this.state.schedule.splice(due.i, 1);
      this.apply(due.e, this);
    }
  }

  /** An event's job gate: open without a job, when model-only, or once the job is done. A missing job holds. */
  jobDone(jobId: string | undefined): boolean {
    if (!jobId || !this.realPostgres) return true;
    return this.state.jobs.some((j) => j.id === jobId && j.state === "done");
  }

  /** Queues real work (replacing an earlier job of the same id); the data plane picks it up. */
  addJob(job: Omit<Job, "state">): string {
    this.state.jobs = this.state.jobs.filter((j) => j.id !== job.id);
    this.state.jobs.push({ ...job, state: "pending" });
    return job.id;
  }

  /**
   * The PostgreSQL major of the real server behind this instance, or undefined when it is model-only: MySQL and
   * Aurora always are (no real engine for them here), and so are PostgreSQL majors other than 16 and 17.
   */
  realMajor(
    instance: Pick<Instance, "engine" | "engineVersion" | "clusterResourceId">,
    version?: string,
  ): 16 | 17 | undefined {
    if (!this.realPostgres || instance.engine !== "postgres" || instance.clusterResourceId) return undefined;
    const major = Number((version ?? instance.engineVersion).split(".")[0]);
    return major === 16 || major === 17 ? major : undefined;
  }

  schedule(event: ScheduledEvent): void {
    this.state.schedule.push(event);
  }

  /** Drops pending transitions that no longer make sense (the resource is being deleted, the deployment is gone). */
  unschedule(match: (e: ScheduledEvent) => boolean): void {
    this.state.schedule = this.state.schedule.filter((e) => !match(e));
  }

  /** Drops every pending event of one resource (an instance or a cluster, by its resource id). */
  unscheduleResource(resourceId: string): void {
    this.unschedule((e) => "resourceId" in e && e.resourceId === resourceId);
  }

  emit(event: Omit<RdsEventRecord, "date"> & { date?: number }): void {
    this.state.events.push({ date: event.date ?? this.now(), ...event });
    // RDS keeps 14 days of events; the sandbox keeps the last 2000 so state.json stays small.
    if (this.state.events.length > 2000) this.state.events.splice(0, this.state.events.length - 2000);
  }

  instance(idOrArn: string): Instance {
    const id = checkIdentifier(idOrArn.replace(/^arn:.*:db:/, ""), "DBInstanceIdentifier");
    const found = this.state.instances.find((i) => i.id.toLowerCase() === id.toLowerCase());
    if (!found) throw new AwsError("DBInstanceNotFound", `DBInstance ${id} not found.`, 404);
    return found;
  }

  instanceByResource(resourceId: string): Instance | undefined {
    return this.state.instances.find((i) => i.resourceId === resourceId);
  }

  cluster(idOrArn: string): Cluster {
    const id = checkIdentifier(idOrArn.replace(/^arn:.*:cluster:/, ""), "DBClusterIdentifier");
    const found = this.state.clusters.find((c) => c.id.toLowerCase() === id.toLowerCase());
    if (!found) throw new AwsError("DBClusterNotFoundFault", `DBCluster ${id} not found.`, 404);
    return found;
  }

  clusterByResource(resourceId: string): Cluster | undefined {
    return this.state.clusters.find((c) => c.resourceId === resourceId);
  }

  clusterMembers(cluster: Cluster): Instance[] {
    return this.state.instances.filter((i) => i.clusterResourceId === cluster.resourceId);
  }

  deployment(id: string): Deployment {
    const found = this.state.deployments.find((d) => d.id.toLowerCase() === id.toLowerCase());
    if (!found) throw new AwsError("BlueGreenDeploymentNotFoundFault", `BlueGreenDeployment ${id} not found.`, 404);
    return found;
  }

  parameterGroup(name: string, kind: "instance" | "cluster"): ParameterGroup {
    const found = this.state.parameterGroups.find(
      (g) => g.kind === kind && g.name.toLowerCase() === name.toLowerCase(),
    );
    if (found) return found;
    throw kind === "instance"
      ? new AwsError("DBParameterGroupNotFound", `DBParameterGroup not found: ${name}`, 404)
      : new AwsError("DBClusterParameterGroupNotFound", `DBClusterParameterGroup not found: ${name}`, 404);
  }

  /** The ARN of a deployment member by resource id, with its current name (names move at switchover). */
  memberArn(resourceId: string, kind: "instance" | "cluster"): string | undefined {
    const r = kind === "instance" ? this.instanceByResource(resourceId) : this.clusterByResource(resourceId);
    return r ? rdsArn(kind === "instance" ? "db" : "cluster", r.id) : undefined;
  }

  /** A new endpoint: the next port, and the next loopback address where each endpoint can have its own. */
  allocateEndpoint(): { address: string; port: number } {
    const port = this.state.nextPort;
    this.state.nextPort += 1;
    if (!this.distinctAddresses) return { address: LOOPBACK, port };
    const address = loopbackAddress(this.state.nextAddress);
    this.state.nextAddress += 1;
    return { address, port };
  }

  /** Active (not yet deleted) deployment that has this resource as blue or green. */
  deploymentOf(resourceId: string): Deployment | undefined {
    return this.state.deployments.find(
      (d) => d.status !== "DELETING" && d.members.some((m) => m.blue === resourceId || m.green === resourceId),
    );
  }
}
