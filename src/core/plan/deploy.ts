import type { Deps } from "../../ports/index.js";
import type { Ctx } from "../context.js";
import {
  chainHooks,
  cleanupOfDeploy,
  createExtraOfDeploy,
  deployWants,
  refuseMaxLagKind,
  refuseUnreadyGreen,
  stepHooks,
} from "../deploy.js";
import type { DeployOptions } from "../options.js";
import { phaseOf } from "../phase.js";
import { redactArgv } from "../redact.js";
import type { CommandResult } from "../result.js";
import { shellJoin } from "../shell.js";
import { deploymentStatus } from "../status.js";
import { cleanupSteps } from "./cleanup.js";
import { createSteps } from "./create.js";
import type { Plan } from "./run.js";
import { runPlan } from "./run.js";
import type { PendingReason, PlanPart } from "./step.js";
import { switchoverSteps } from "./switchover.js";
import { upgradeSteps } from "./upgrade.js";

/**
 * deploy's plan: the step plans composed in the chain's order, up to --until. A step whose readings do not exist yet
 * (no green, green provisioning, green about to be upgraded, not switched yet) is listed as pending.
 */
async function deploySteps(ctx: Ctx, plan: Plan, o: DeployOptions): Promise<void> {
  const hooks = stepHooks(chainHooks(o));
  const later: { part: PlanPart; wanted: boolean }[] = [
    { part: "upgrade", wanted: o.upgrade !== undefined && deployWants(o, "upgraded") },
    { part: "test", wanted: o.test !== undefined && deployWants(o, "tested") },
    { part: "switchover", wanted: deployWants(o, "switched") },
    { part: "cleanup", wanted: deployWants(o, "cleaned") },
  ];
  const pending = (from: PlanPart, reason: PendingReason) => {
    const at = later.findIndex((l) => l.part === from);
    for (const l of later.slice(at)) if (l.wanted) plan.add({ kind: "pending", reason, within: l.part });
  };
  await refuseMaxLagKind(ctx, o);
  const created = await plan.within("create", () =>
    createSteps(ctx, plan, { ...o.create, wait: true, hooks }, createExtraOfDeploy(o)),
  );
  if (created.outcome === "at-target" || o.until === "created") return;
  if (created.outcome === "create") return pending("upgrade", "no-green-yet");
  const name = created.name;
  const d = created.deployment;
  if (deploymentStatus(d.status) === "PROVISIONING") return pending("upgrade", "green-provisioning");
  const phase = phaseOf(d.status);
  refuseUnreadyGreen(o, name, phase, d.status);
  const greenReady = phase === "green-ready";
  // Not ready for upgrade or tests: past them (switched), or a switchover running that the switchover step watches.
  const notReady = phase === "switching-over" ? "switchover-in-progress" : "already-switched";
  let changesGreen = false;
  const upgrade = o.upgrade;
  if (upgrade) {
    await plan.within("upgrade", async () => {
      if (!greenReady) return plan.add({ kind: "skip", reason: notReady, subject: name, status: d.status });
      changesGreen = (await upgradeSteps(ctx, plan, d, { ...upgrade, deployment: name })).calls > 0;
    });
  }
  if (o.until === "upgraded") return;
  if (o.test) {
    const test = o.test;
    await plan.within("test", async () =>
      plan.add(
        greenReady
          ? { kind: "test", command: shellJoin(redactArgv([test.command, ...test.args])), timeoutMs: test.timeoutMs }
          : { kind: "skip", reason: notReady, subject: name, status: d.status },
      ),
    );
  }
  if (o.until === "tested") return;
  if (changesGreen) return pending("switchover", "after-upgrade");
  await plan.within("switchover", async () =>
    switchoverSteps(ctx, plan, d, { ...o.switchover, hooks, deployment: name }),
  );
  if (!deployWants(o, "cleaned")) return;
  // Cleanup reads what the switchover leaves: only a deployment switched already (as the gate just read it) can be judged now.
  if (deploymentStatus(plan.deployment?.status) !== "SWITCHOVER_COMPLETED") {
    return pending("cleanup", "after-switchover");
  }
  await plan.within("cleanup", () => cleanupSteps(ctx, plan, cleanupOfDeploy(o, name).options));
}

/** `bgdb deploy --dry-run`. */
export const planDeploy = (deps: Deps, o: DeployOptions): Promise<CommandResult> =>
  runPlan(deps, "deploy", (ctx, plan) => deploySteps(ctx, plan, o), chainHooks(o));
