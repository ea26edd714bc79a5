import type { BlueGreenDeployment, Deps } from "../ports/index.js";
import { type CallOf, mutate } from "./audit.js";
import { confirmRecorded } from "./confirm.js";
import { type Ctx, makeCtx } from "./context.js";
import { decideGone } from "./decide.js";
import { InterruptedError, PreconditionError, throwIfAborted } from "./errors.js";
import type { EventPhase, MessagePayload } from "./event.js";
import { recordState } from "./journal.js";
import type { AbortOptions } from "./options.js";
import { withDeployment } from "./prologue.js";
import { describeById, describeSide, findDeployment } from "./resolve.js";
import type { CommandResult } from "./result.js";
import { servingStatement } from "./serving.js";
import { type DeploymentStatus, deploymentStatus } from "./status.js";
import { deploymentView } from "./view.js";
import { timeoutError, waitFor } from "./wait.js";

/** Waits until DescribeBlueGreenDeployments no longer returns the deployment. */
export async function waitUntilGone(ctx: Ctx, d: BlueGreenDeployment, phase: EventPhase, timeoutMs: number) {
  return waitFor(ctx.wait, {
    phase,
    label: `${d.name} deletion`,
    timeoutMs,
    observe: () => findDeployment(ctx, d.id),
    decide: decideGone,
    onTimeout: (_l, ms) =>
      timeoutError(`${d.name} to be deleted`, ms, `Deletion continues in AWS; run \`bgdb status ${d.name}\`.`),
  });
}

/** Statuses from which deleting green cannot touch production. Anything else (switched, switching, unknown) is refused. */
const ABORTABLE = new Set<DeploymentStatus>([
  "PROVISIONING",
  "AVAILABLE",
  "INVALID_CONFIGURATION",
  "SWITCHOVER_FAILED",
  "DELETING",
]);

export function refuseUnlessAbortable(d: BlueGreenDeployment): void {
  const status = deploymentStatus(d.status);
  if (status === "SWITCHOVER_COMPLETED") {
    throw new PreconditionError(
      "ALREADY_SWITCHED",
      `${d.name} has already switched over: green is production now, so abort would delete production. Refused.`,
      {
        hint: `There is no way back through blue/green (the old blue is read-only and no longer replicated). To finish, run \`bgdb cleanup ${d.name}\`.`,
      },
    );
  }
  if (status === "SWITCHOVER_IN_PROGRESS") {
    throw new PreconditionError("SWITCHOVER_IN_PROGRESS", `${d.name} is switching over right now; abort refused.`, {
      hint: `Run \`bgdb status ${d.name} --watch\`: RDS completes it or rolls it back.`,
    });
  }
  if (!ABORTABLE.has(status)) {
    throw new PreconditionError(
      "UNKNOWN_STATUS",
      `${d.name} is ${d.status || "in an unknown status"}; bgdb aborts only from a status it knows is safe.`,
      {
        hint: `Run \`bgdb status ${d.name}\` and retry when the status is known.`,
      },
    );
  }
}

/** DeleteBlueGreenDeployment with DeleteTarget: the deployment and green go, blue is untouched. */
export const abortCall = (d: BlueGreenDeployment): CallOf<"DeleteBlueGreenDeployment"> => ({
  action: "DeleteBlueGreenDeployment",
  params: { id: d.id, deleteTarget: true },
});

/** Before switchover only: delete the deployment and green (DeleteTarget); blue is untouched. */
export async function abort(deps: Deps, o: AbortOptions): Promise<CommandResult> {
  const ctx = makeCtx(deps);
  return withDeployment(ctx, o.deployment, "abort", async (current) => {
    let d = current;
    refuseUnlessAbortable(d);
    if (deploymentStatus(d.status) !== "DELETING") {
      ctx.say("abort", "info", { code: "abort.confirm", name: d.name, source: d.source, target: d.target });
      if (
        !(await confirmRecorded(ctx, d.name, {
          prompt: "Type the deployment name to delete green",
          expected: d.name,
          action: "abort",
        }))
      ) {
        throw new InterruptedError(`Abort declined; nothing was sent to AWS. ${servingStatement(d.status)}`, {
          hint: `Run \`bgdb abort ${d.name}\` again to delete green, or carry on with \`bgdb switchover ${d.name}\`.`,
        });
      }
      throwIfAborted(ctx.signal);
      // A person may have taken minutes to answer: decide on what AWS says now, not on what it said then.
      d = await describeById(ctx, d);
      refuseUnlessAbortable(d);
      await mutate(ctx, d.name, abortCall(d), (p) => ctx.rds.deleteBlueGreenDeployment(p.id, p.deleteTarget));
    }
    const { elapsedMs } = await waitUntilGone(ctx, d, "abort", o.timeoutMs);
    // If the deletion was started elsewhere without DeleteTarget, green survives it: say what is really there.
    const green = d.target ? await describeSide(ctx, d.target) : undefined;
    const greenLeft =
      green && (green.instance || green.cluster) && (green.instance?.status ?? green.cluster?.status) !== "deleting";
    await recordState(ctx, d, {
      phase: "aborted",
      step: { step: "abort", outcome: greenLeft ? "deployment deleted, green kept" : "deleted", durationMs: elapsedMs },
    });
    const done: MessagePayload = {
      code: "abort.done",
      name: d.name,
      source: d.source,
      elapsedMs,
      greenLeft: greenLeft ? green?.id : undefined,
    };
    ctx.say("abort", greenLeft ? "warn" : "ok", done);
    return {
      command: "abort",
      phase: "aborted",
      deployment: deploymentView(d),
      members: [],
      durations: { delete: elapsedMs },
      report: [done],
      nextSteps: [
        ...(greenLeft ? [`delete ${green?.id} yourself if it is not needed (it is no longer replicated)`] : []),
        `bgdb create --source ${d.source}  (to start again)`,
      ],
    };
  });
}
