import type { BlueGreenDeployment, Deps } from "../../ports/index.js";
import type { Ctx } from "../context.js";
import type { UpgradeOptions } from "../options.js";
import type { CommandResult } from "../result.js";
import { checkVersion, observeGreen, plannedModifications, requireAvailableForUpgrade } from "../upgrade.js";
import { observedDeployment, type Plan, runPlan } from "./run.js";

/** upgrade's steps: the status and version checks, a call (or "unchanged") per green member, the wait. */
export async function upgradeSteps(
  ctx: Ctx,
  plan: Plan,
  d: BlueGreenDeployment,
  o: UpgradeOptions,
): Promise<{ calls: number }> {
  await plan.check("status", () => {
    requireAvailableForUpgrade(d);
    return `${d.name} ${d.status}`;
  });
  const { members, engine, current, blueVersion } = await observeGreen(ctx, d);
  plan.saw(d, members);
  if (o.engineVersion && o.engineVersion !== current) {
    await plan.check("version", async () => {
      await checkVersion(ctx, o, engine, current, blueVersion);
      return `${engine} ${current} → ${o.engineVersion} is a valid upgrade`;
    });
  }
  let calls = 0;
  for (const m of plannedModifications(members, o)) {
    if (m.action === "unchanged") {
      const detail = [m.engineVersion, m.instanceClass].filter(Boolean).join(", ");
      plan.add({ kind: "skip", reason: "unchanged", subject: m.id, ...(detail ? { detail } : {}) });
    } else {
      plan.add({ kind: "call", ...m });
      calls++;
    }
  }
  plan.add({ kind: "wait", for: "GREEN_AVAILABLE", subject: d.name, timeoutMs: o.timeoutMs });
  return { calls };
}

/** `bgdb upgrade --dry-run`. */
export const planUpgrade = (deps: Deps, o: UpgradeOptions): Promise<CommandResult> =>
  runPlan(deps, "upgrade", async (ctx, plan) =>
    upgradeSteps(ctx, plan, await observedDeployment(ctx, plan, o.deployment), o),
  );
