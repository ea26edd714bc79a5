import type { BlueGreenDeployment, Deps } from "../ports/index.js";
import { checkCname } from "./cname.js";
import { type Ctx, makeCtx } from "./context.js";
import { taskSummary } from "./decide.js";
import { InterruptedError } from "./errors.js";
import { keyOf } from "./journal.js";
import { lagLine } from "./lag-cmd.js";
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
  const summary = [
    `${d.name} (${d.id}): ${d.status}${d.statusDetails ? ` — ${d.statusDetails}` : ""}  [phase ${phase}]`,
  ];
  if (d.tasks.length) summary.push(`  tasks: ${taskSummary(d)}`);
  for (const m of views) {
    summary.push(
      `  ${m.role.padEnd(5)} ${m.id}  ${m.status ?? "?"}  ${m.engine ?? ""} ${m.engineVersion ?? ""}  ${m.endpoint ? `${m.endpoint}:${m.port}` : ""}${m.memberStatus ? `  [${m.memberStatus}]` : ""}`.trimEnd(),
    );
  }
  let lagData: Record<string, unknown> | undefined;
  if (deploymentStatus(d.status) === "AVAILABLE") {
    const lag = await observeLag(ctx, members, { seconds: 0, bytes: 0 }, 1, 10 * ctx.timing.lagPeriodSeconds * 1000);
    summary.push(`  lag: ${lagLine(lag)}`);
    lagData = {
      metric: lag.metric?.metricName,
      unit: lag.metric?.unit,
      latest: lag.series[lag.series.length - 1]?.value ?? null,
    };
  }
  if (cname) {
    const production =
      phase === "switched" ? members.greenPrimary?.endpoint?.address : members.bluePrimary?.endpoint?.address;
    summary.push(`  ${(await checkCname(ctx, cname, production)).message}`);
  }
  const state = await ctx.journal.readState(keyOf(ctx, d));
  return {
    command: "status",
    phase,
    deployment: deploymentView(d),
    members: views,
    durations: {},
    summary,
    nextSteps: nextStepsFor(phase, d.name),
    data: {
      lag: lagData,
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
    summary: rows.length
      ? rows.map((r) => `${r.name.padEnd(32)} ${r.id.padEnd(22)} ${r.status.padEnd(24)} ${r.source}`)
      : ["No blue/green deployments in this region."],
    nextSteps: rows.length ? [`bgdb status <name>`] : ["bgdb create --source <instance-or-cluster>"],
    data: { deployments: rows },
  };
}

/** Status of one deployment (or all, without a name); with --watch, follows it until it settles or Ctrl-C. */
export async function status(deps: Deps, o: StatusOptions): Promise<CommandResult> {
  if (!o.deployment) return list(deps);
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
              : { type: "continue", status: now.status, detail: taskSummary(now), pace: "fast" },
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
