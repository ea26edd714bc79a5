import type { Deps } from "../../ports/index.js";
import { abortCall, refuseUnlessAbortable } from "../abort.js";
import type { AbortOptions } from "../options.js";
import type { CommandResult } from "../result.js";
import { deploymentStatus } from "../status.js";
import { observedDeployment, runPlan } from "./run.js";

/** `bgdb abort --dry-run`: the status refusal, the confirmation, DeleteBlueGreenDeployment with DeleteTarget, the wait. */
export const planAbort = (deps: Deps, o: AbortOptions): Promise<CommandResult> =>
  runPlan(deps, "abort", async (ctx, plan) => {
    const d = await observedDeployment(ctx, plan, o.deployment);
    await plan.check("status", () => {
      refuseUnlessAbortable(d);
      return `${d.name} ${d.status}: green can be deleted without touching production`;
    });
    if (deploymentStatus(d.status) === "DELETING") {
      plan.add({ kind: "skip", reason: "deployment-deleting", subject: d.name, status: d.status });
    } else {
      plan.add({ kind: "confirm", expected: d.name, yes: o.yes }, { kind: "call", ...abortCall(d) });
    }
    plan.add({ kind: "wait", for: "DELETED", subject: d.name, timeoutMs: o.timeoutMs });
  });
