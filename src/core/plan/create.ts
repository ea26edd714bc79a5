import type { BlueGreenDeployment, Deps } from "../../ports/index.js";
import type { Ctx } from "../context.js";
import {
  attachedReady,
  type CreateExtra,
  cnameBeforeCreate,
  createCall,
  createDecision,
  deploymentNameOf,
  refuseOtherGreen,
  refuseOtherSource,
} from "../create.js";
import { decideProvisioning } from "../decide.js";
import { describeSatisfied } from "../desired.js";
import type { CreateOptions } from "../options.js";
import { preflightFailure, runPreflight } from "../preflight.js";
import { findDeployment, resolveSource } from "../resolve.js";
import type { CommandResult } from "../result.js";
import { type Plan, runPlan } from "./run.js";

/** What a create plan found: a deployment to attach to, one it would create, or nothing to do. */
export type CreatePlanned =
  | { outcome: "attach"; deployment: BlueGreenDeployment; name: string }
  | { outcome: "create"; name: string }
  | { outcome: "at-target" };

/** create's steps, in the real run's order: attach, or at target, or preflight → CNAME → hooks → the call → the wait. */
export async function createSteps(
  ctx: Ctx,
  plan: Plan,
  o: CreateOptions,
  extra: CreateExtra = {},
): Promise<CreatePlanned> {
  const source = await resolveSource(ctx, o.source);
  const name = deploymentNameOf(o, source);
  const d = await findDeployment(ctx, name);
  if (d) {
    refuseOtherSource(d, source, name);
    await refuseOtherGreen(ctx, d, o, extra);
    plan.saw(d);
    plan.add({ kind: "skip", reason: "attach", subject: name, status: d.status });
    if (o.wait) {
      // The wait's first look: a failed deployment ends it at once; a provisioning one is waited for.
      const look = decideProvisioning(d);
      if (look.type === "fail") throw look.error;
      if (look.type === "continue") plan.add({ kind: "wait", for: "AVAILABLE", subject: name, timeoutMs: o.timeoutMs });
    }
    if (!attachedReady(d)) plan.hook(o.hooks, "after-create");
    return { outcome: "attach", deployment: d, name };
  }
  const { now, want, decision } = await createDecision(ctx, source, o, extra);
  if (decision.action === "nothing-to-do") {
    plan.phase = "at-target";
    plan.add({ kind: "skip", reason: "at-target", subject: now.id, detail: describeSatisfied(now, want) });
    return { outcome: "at-target" };
  }
  plan.phase = "preflight";
  const { checks } = await runPreflight(ctx, source, o);
  plan.add(
    ...checks.map((c) => ({
      kind: "check" as const,
      what: "preflight" as const,
      ok: c.ok,
      reading: c.message,
      ...(c.ok !== true && c.hint ? { hint: c.hint } : {}),
    })),
  );
  const failure = preflightFailure(checks);
  if (failure) throw failure;
  if (o.cname) {
    const check = await cnameBeforeCreate(ctx, o.cname, source);
    plan.add({ kind: "check", what: "cname", ok: check.ok || "warn", reading: check.message });
  }
  plan.hook(o.hooks, "before-create");
  plan.add({ kind: "call", ...createCall(name, source, o) });
  if (o.wait) plan.add({ kind: "wait", for: "AVAILABLE", subject: name, timeoutMs: o.timeoutMs });
  plan.hook(o.hooks, "after-create");
  return { outcome: "create", name };
}

/** `bgdb create --dry-run`. */
export const planCreate = (deps: Deps, o: CreateOptions): Promise<CommandResult> =>
  runPlan(deps, "create", (ctx, plan) => createSteps(ctx, plan, o), o.hooks);
