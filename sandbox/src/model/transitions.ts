/** Applies one scheduled event to the account: the only place statuses change after a request returned. */
import { findFault } from "../faults.js";
import type { Account } from "./account.js";
import { familyOf, majorOf } from "./catalog.js";
import { greenJobId, realDeployment } from "./deployments.js";
import { greenSuffix, newResourceId, rdsArn } from "./ids.js";
import type { Cluster, Deployment, Instance, ScheduledEvent } from "./state.js";

export function applyEvent(e: ScheduledEvent, account: Account): void {
  const s = account.state;
  switch (e.kind) {
    case "instance-status": {
      const inst = account.instanceByResource(e.resourceId);
      if (!inst) return;
      inst.status = e.status;
      if (e.engineVersion) inst.engineVersion = e.engineVersion;
      if (e.status === "available" && inst.parameterApplyStatus === "applying") inst.parameterApplyStatus = "in-sync";
      return;
    }
    case "cluster-status": {
      const cl = account.clusterByResource(e.resourceId);
      if (!cl) return;
      cl.status = e.status;
      if (e.engineVersion) cl.engineVersion = e.engineVersion;
      return;
    }
    case "instance-gone": {
      const inst = account.instanceByResource(e.resourceId);
      if (!inst) return;
      s.instances = s.instances.filter((i) => i !== inst);
      account.emit({
        date: e.at,
        sourceType: "db-instance",
        sourceId: inst.id,
        sourceArn: rdsArn("db", inst.id),
        message: "DB instance deleted",
        categories: ["deletion"],
      });
      return;
    }
    case "cluster-gone": {
      const cl = account.clusterByResource(e.resourceId);
      if (!cl) return;
      s.clusters = s.clusters.filter((c) => c !== cl);
      account.emit({
        date: e.at,
        sourceType: "db-cluster",
        sourceId: cl.id,
        sourceArn: rdsArn("cluster", cl.id),
        message: "DB cluster deleted",
        categories: ["deletion"],
      });
      return;
    }
    case "snapshot-status": {
      const snap = s.snapshots.find((x) => x.id === e.id);
      if (snap) snap.status = e.status;
      return;
    }
    case "task": {
      const task = s.deployments.find((d) => d.id === e.deploymentId)?.tasks.find((t) => t.Name === e.task);
      if (task) task.Status = e.status;
      return;
    }
    case "green-created":
      withDeployment(account, e.deploymentId, (d) => createGreen(account, d, e.at));
      return;
    case "deployment-status":
      withDeployment(account, e.deploymentId, (d) => setDeploymentStatus(account, d, e.status, e.details, e.at));
      return;
    case "switchover-done":
      withDeployment(account, e.deploymentId, (d) => completeSwitchover(account, d, e.at));
      return;
    case "deployment-gone":
      withDeployment(account, e.deploymentId, (d) => {
        s.deployments = s.deployments.filter((x) => x !== d);
        account.emit({
          date: e.at,
          ...bgdSource(d),
          message: "Blue/green deployment deleted.",
          categories: ["deletion"],
        });
      });
      return;
  }
}

function withDeployment(account: Account, id: string, fn: (d: Deployment) => void): void {
  const d = account.state.deployments.find((x) => x.id === id);
  if (d) fn(d);
}

const bgdSource = (d: Deployment) => ({
  sourceType: "blue-green-deployment" as const,
  sourceId: d.id,
  sourceArn: rdsArn("deployment", d.id),
});

/** When provisioning ends, i.e. when the deployment's AVAILABLE / INVALID_CONFIGURATION event is due. */
function provisioningEnd(account: Account, d: Deployment, fallback: number): number {
  const ev = account.state.schedule.find((x) => x.kind === "deployment-status" && x.deploymentId === d.id);
  return ev?.at ?? fallback;
}

function createGreen(account: Account, d: Deployment, at: number): void {
  const readyAt = provisioningEnd(account, d, at);
  const storageOpt = findFault(account.state.faults, "storage-optimization");
  const clusterMap = new Map<string, string>();
  // Clusters first so green instances can point at their green cluster.
  const ordered = [...d.members].sort((a, b) => (a.kind === b.kind ? 0 : a.kind === "cluster" ? -1 : 1));
  for (const m of ordered) {
    const suffix = greenSuffix();
    if (m.kind === "cluster") {
      const blue = account.clusterByResource(m.blue);
      if (!blue) continue;
      const green: Cluster = {
        ...blue,
        resourceId: newResourceId("cluster"),
        id: `${blue.id}${suffix}`,
        status: "creating",
        ...account.allocateEndpoint(),
        createTime: at,
        tags: [...blue.tags],
      };
      green.parameterGroup =
        d.targetClusterParameterGroup ??
        greenGroup(blue.parameterGroup, blue.engine, blue.engineVersion, d.targetEngineVersion);
      account.state.clusters.push(green);
      m.green = green.resourceId;
      clusterMap.set(blue.resourceId, green.resourceId);
      account.schedule({
        at: readyAt,
        kind: "cluster-status",
        resourceId: green.resourceId,
        status: "available",
        ...(d.targetEngineVersion ? { engineVersion: d.targetEngineVersion } : {}),
      });
    } else {
      const blue = account.instanceByResource(m.blue);
      if (!blue) continue;
      const green: Instance = {
        ...blue,
        resourceId: newResourceId("db"),
        id: `${blue.id}${suffix}`,
        status: "creating",
        ...account.allocateEndpoint(),
        createTime: at,
        tags: [...blue.tags],
        replicaOf: blue.resourceId,
        parameterApplyStatus: "in-sync",
      };
      if (d.targetInstanceClass) green.instanceClass = d.targetInstanceClass;
      green.parameterGroup =
        d.targetParameterGroup ??
        greenGroup(blue.parameterGroup, blue.engine, blue.engineVersion, d.targetEngineVersion);
      if (blue.clusterResourceId)
        green.clusterResourceId = clusterMap.get(blue.clusterResourceId) ?? blue.clusterResourceId;
      account.state.instances.push(green);
      m.green = green.resourceId;
      // A real green: the data plane builds it (schema copy + logical replication); it stays `creating` until then.
      const real = realDeployment(account, d);
      const gate = real
        ? {
            after: account.addJob({
              id: greenJobId(d),
              kind: "create-green",
              deploymentId: d.id,
              resourceId: green.resourceId,
              ...(real.greenMajor ? { major: real.greenMajor } : {}),
            }),
          }
        : {};
      const version = { ...(d.targetEngineVersion ? { engineVersion: d.targetEngineVersion } : {}), ...gate };
      if (storageOpt) {
        account.schedule({
          at: readyAt,
          kind: "instance-status",
          resourceId: green.resourceId,
          status: "storage-optimization",
          ...version,
        });
        account.schedule({
          at: readyAt + storageOpt.seconds * 1000,
          kind: "instance-status",
          resourceId: green.resourceId,
          status: "available",
          ...gate,
        });
      } else {
        account.schedule({
          at: readyAt,
          kind: "instance-status",
          resourceId: green.resourceId,
          status: "available",
          ...version,
        });
      }
    }
  }
  const first = d.members[0]!;
  if (first.green) d.targetArn = account.memberArn(first.green, first.kind);
  d.greenTime = at;
}

/** Green keeps blue's parameter group unless the major version changes, then it gets the new family's default. */
function greenGroup(blueGroup: string, engine: Instance["engine"], from: string, to: string | undefined): string {
  if (!to || majorOf(engine, to) === majorOf(engine, from)) return blueGroup;
  return `default.${familyOf(engine, to)}`;
}

function setDeploymentStatus(
  account: Account,
  d: Deployment,
  status: string,
  details: string | undefined,
  at: number,
): void {
  const previous = d.status;
  d.status = status;
  if (details) d.statusDetails = details;
  else delete d.statusDetails;
  switch (status) {
    case "AVAILABLE":
      d.memberStatus = "AVAILABLE";
      if (previous === "PROVISIONING") {
        account.emit({
          date: at,
          ...bgdSource(d),
          message:
            "Blue/green deployment tasks completed. You can make more modifications to the green environment databases or switch over the deployment.",
          categories: ["notification"],
        });
      }
      return;
    case "INVALID_CONFIGURATION":
      d.memberStatus = "AVAILABLE";
      account.emit({
        date: at,
        ...bgdSource(d),
        message: `Creation of blue/green deployment failed due to ${details ?? "an invalid configuration"}.`,
        categories: ["failure"],
      });
      return;
    case "SWITCHOVER_FAILED":
      d.memberStatus = "SWITCHOVER_FAILED";
      account.emit({
        date: at,
        ...bgdSource(d),
        message: `Switchover canceled on blue/green deployment: ${details ?? "rolled back"}`,
        categories: ["notification"],
      });
      for (const m of d.members) {
        const name =
          (m.kind === "instance" ? account.instanceByResource(m.blue)?.id : account.clusterByResource(m.blue)?.id) ??
          m.blue;
        account.emit({
          date: at,
          ...bgdSource(d),
          message: `Switchover from primary ${name} canceled. Changes were rolled back.`,
          categories: ["notification"],
        });
      }
      return;
  }
}

/** Picks `<name>-old1`, or the next free `-oldN` when an earlier switchover left one behind. */
function oldName(taken: (name: string) => boolean, name: string): string {
  for (let n = 1; ; n++) if (!taken(`${name}-old${n}`)) return `${name}-old${n}`;
}

/**
 * The renames of a completed switchover: blue `x` → `x-old1`, green → `x`. Endpoints (address and port) move with
 * the names, so a CNAME to production's address stays right; resource ids stay with the resources. Source/Target ARNs follow the resources to their new names.
 */
function completeSwitchover(account: Account, d: Deployment, at: number): void {
  for (const m of d.members) {
    if (!m.green) continue;
    const pool: (Instance | Cluster)[] = m.kind === "instance" ? account.state.instances : account.state.clusters;
    const blue = pool.find((r) => r.resourceId === m.blue);
    const green = pool.find((r) => r.resourceId === m.green);
    if (!blue || !green) continue;
    const prodName = blue.id;
    const prod = { address: blue.address, port: blue.port };
    blue.id = oldName((n) => pool.some((r) => r.id === n), prodName);
    blue.address = green.address;
    blue.port = green.port;
    green.id = prodName;
    green.address = prod.address;
    green.port = prod.port;
    if (m.kind === "instance") delete (green as Instance).replicaOf;
    account.emit({
      date: at,
      ...bgdSource(d),
      message: `Switchover from primary ${blue.id} to ${green.id} completed. ${green.id} is now the primary.`,
      categories: ["notification"],
    });
  }
  const first = d.members[0]!;
  d.sourceArn = account.memberArn(first.blue, first.kind) ?? d.sourceArn;
  if (first.green) d.targetArn = account.memberArn(first.green, first.kind) ?? d.targetArn;
  d.status = "SWITCHOVER_COMPLETED";
  d.memberStatus = "SWITCHOVER_COMPLETED";
  d.switchoverTime = at;
  account.emit({
    date: at,
    ...bgdSource(d),
    message: "Switchover completed on blue/green deployment.",
    categories: ["notification"],
  });
}
