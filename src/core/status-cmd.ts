import type { BlueGreenDeployment, Deps } from "../ports/index.js";
import { checkCname, endpointsOf } from "./cname.js";
import { type Ctx, makeCtx } from "./context.js";
import { InterruptedError } from "./errors.js";
import { keyOf } from "./journal.js";
import { observeLag } from "./lag-observe.js";
import type { StatusOptions } from "./options.js";
import { nextStepsFor, phaseOf } from "./phase.js";
import { describeById, describeMembers, getDeployment, memberViews } from "./resolve.js";
import type { CommandResult } from "./result.js";
import { deploymentStatus } from "./status.js";
import { deploymentView } from "./view.js";
import { waitFor } from "./wait.js";

const SETTLED = new Set(["AVAILABLE", "SWITCHOVER_COMPLETED", "INVALID_CONFIGURATION", "SWITCHOVER_FAILED"]);

async function describeOne(ctx: Ctx, d: BlueGreenDeployment, cname?: string): Promise<CommandResult> {
  const members = await describeMembers(ctx, d);
  const views = memberViews(members);
  const phase = phaseOf(d.status);
  const lag =
    deploymentStatus(d.status) === "AVAILABLE"
      ? await observeLag(ctx, members, { seconds: 0, bytes: 0 }, 1, 10 * ctx.timing.lagPeriodSeconds * 1000)
      : undefined;
  // After the switchover the names (and endpoints) have moved: "green" members are production now.
  const known = endpointsOf(members);
  const cnameCheck = cname
    ? await checkCname(
        ctx,
        cname,
        phase === "switched"
          ? { production: members.greenPrimary?.endpoint?.address, green: [], oldBlue: [known.production ?? ""] }
          : known,
      )
    : undefined;
  const state = await ctx.journal.readState(keyOf(ctx, d));
  return {
    command: "status",
    phase,
    deployment: deploymentView(d),
    members: views,
    durations: {},
    report: [
      {
        code: "status.deployment",
        deployment: deploymentView(d),
        bgdbPhase: phase,
        members: views,
        lag,
        cname: cnameCheck,
      },
    ],
    nextSteps: nextStepsFor(phase, d.name),
    data: {
      lag: lag && {
        metric: lag.metric?.metricName,
        unit: lag.metric?.unit,
        latest: lag.series[lag.series.length - 1]?.value ?? null,
      },
      journal: state
        ? { phase: state.phase, switchedOverAt: state.switchedOverAt, updatedAt: state.updatedAt }
        : undefined,
    },
  };
}

export async function list(deps: Deps): Promise<CommandResult> {
  const ctx = makeCtx(deps);
  const all = await ctx.rds.describeBlueGreenDeployments();
  const rows = all.map((d) => ({
    id: d.id,
    name: d.name,
    status: d.status,
    phase: phaseOf(d.status),
    source: d.source,
    target: d.target,
    createTime: d.createTime?.toISOString(),
  }));
  return {
    command: "list",
    phase: "unknown",
    members: [],
    durations: {},
    report: [{ code: "list.deployments", deployments: rows }],
    nextSteps: rows.length ? [`bgdb status <name>`] : ["bgdb create --source <instance-or-cluster>"],
    data: { deployments: rows },
  };
}

/** Status of one deployment (or all, without a name); with --watch, follows it until it settles or Ctrl-C. */
export async function status(deps: Deps, o: StatusOptions): Promise<CommandResult> {
  if (!o.deployment) return { ...(await list(deps)), command: "status" };
  const ctx = makeCtx(deps);
  let d = await getDeployment(ctx, o.deployment);
  if (o.watch && !SETTLED.has(deploymentStatus(d.status))) {
    const first = d;
    try {
      d = (
        await waitFor(ctx.wait, {
          phase: "status",
          label: d.name,
          timeoutMs: o.watchForMs ?? Number.POSITIVE_INFINITY,
          observe: () => describeById(ctx, first),
          decide: (now) =>
            SETTLED.has(deploymentStatus(now.status))
              ? { type: "done", value: now }
              : { type: "continue", status: now.status, detail: { tasks: now.tasks }, pace: "fast" },
          onTimeout: () => new InterruptedError("watch ended"),
        })
      ).value;
    } catch (e) {
      // Ctrl-C or --for ending the watch is how a watch normally ends: show the latest status.
      if (!(e instanceof InterruptedError)) throw e;
      d = await describeById(ctx, first);
    }
  }
  return describeOne(ctx, d, o.cname);
}
