import type { BlueGreenDeployment } from "../ports/index.js";
import type { Ctx } from "./context.js";
import { nextStepsFor, type Phase, phaseOf } from "./phase.js";
import { describeMembers, memberViews } from "./resolve.js";
import type { CommandResult, DeploymentView } from "./result.js";

export function deploymentView(d: BlueGreenDeployment): DeploymentView {
  return {
    id: d.id,
    name: d.name,
    status: d.status,
    statusDetails: d.statusDetails,
    source: d.source,
    target: d.target,
    tasks: d.tasks,
    createTime: d.createTime?.toISOString(),
  };
}

/** The usual result: the deployment as AWS shows it now, its members, and what to run next. */
export async function resultFor(
  ctx: Ctx,
  command: string,
  d: BlueGreenDeployment,
  extra: Partial<CommandResult> & { phase?: Phase } = {},
): Promise<CommandResult> {
  const phase = extra.phase ?? phaseOf(d.status);
  const members = extra.members ?? memberViews(await describeMembers(ctx, d));
  return {
    command,
    phase,
    deployment: deploymentView(d),
    members,
    durations: extra.durations ?? {},
    report: extra.report ?? [],
    nextSteps: extra.nextSteps ?? nextStepsFor(phase, d.name),
    data: extra.data,
  };
}
