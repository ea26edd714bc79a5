import type { BlueGreenDeployment, Deps } from "../../ports/index.js";
import type { Ctx } from "../context.js";
import type { GateObservation } from "../decide.js";
import type { SwitchoverOptions } from "../options.js";
import type { CommandResult } from "../result.js";
import {
  checkProbeTable,
  cnameBeforeSwitchover,
  gateNotMet,
  gateNow,
  observeGate,
  predictGate,
  switchoverCall,
  switchoverUnderWay,
  watchTimeoutMs,
} from "../switchover.js";
import { checkReadable } from "../verify-cmd.js";
import { observedDeployment, type Plan, runPlan } from "./run.js";
import type { PlanStep } from "./step.js";

/**
 * The gate as a plan shows it: the checks on the current readings, whether it passes now, and the switchover
 * prediction on the same readings (RDS's guardrails as bgdb can see them, a recommended --timeout). The one place a
 * plan builds its gate step.
 */
export async function gateStep(ctx: Ctx, obs: GateObservation, o: SwitchoverOptions) {
  const result = gateNow(obs, o);
  // Judged as if the looks before had been ready; shown as what one look saw (ready now counts 1, not N).
  const checks = result.checks.map((c) => (c.name === "green" ? { ...c, streak: Math.min(c.streak, 1) } : c));
  const judged = result.verdict.type === "pass" || result.verdict.type === "wait";
  const step: PlanStep & { kind: "gate" } = {
    kind: "gate",
    checks,
    passes: result.verdict.type === "pass",
    stableSamples: o.stableSamples,
    waitForLagMs: o.waitForLagMs,
    ...(judged ? { prediction: await predictGate(ctx, obs, result.checks, o) } : {}),
  };
  return { step, verdict: result.verdict };
}

/** switchover's steps, in the real run's order: probe table, CNAME, --verify's sides, gate, hook, confirmation, probe, call, watch. */
export async function switchoverSteps(ctx: Ctx, plan: Plan, d: BlueGreenDeployment, o: SwitchoverOptions) {
  if (ctx.probe && !switchoverUnderWay(d)) {
    const probe = ctx.probe;
    await plan.check("probe-table", async () => {
      await checkProbeTable(ctx, probe, d);
      return `${probe.table} exists on blue's and green's primaries`;
    });
  }
  if (o.cname && !switchoverUnderWay(d)) {
    const { check, refusal } = await cnameBeforeSwitchover(ctx, o, d);
    if (check) {
      plan.add({ kind: "check", what: "cname", ok: check.ok || (refusal ? false : "warn"), reading: check.message });
    }
    if (refusal) throw refusal;
  }
  if (o.verify && !switchoverUnderWay(d)) {
    await plan.check(
      "verify",
      async () => `${await checkReadable(ctx, d)}; compared table by table once the gate passes`,
    );
  }
  const obs = await observeGate(ctx, d, o);
  plan.saw(obs.deployment);
  const now = obs.deployment;
  const gate = await gateStep(ctx, obs, o);
  switch (gate.verdict.type) {
    case "switched":
      plan.add({ kind: "skip", reason: "already-switched", subject: now.name, status: now.status });
      return;
    case "in-progress":
      plan.add({ kind: "skip", reason: "switchover-in-progress", subject: now.name, status: now.status });
      plan.add({ kind: "wait", for: "SWITCHOVER_COMPLETED", subject: now.name, timeoutMs: watchTimeoutMs(o) });
      plan.hook(o.hooks, "after-switchover");
      return;
    case "fail":
      throw gate.verdict.error;
  }
  plan.add(gate.step);
  if (!gate.step.passes) throw gateNotMet(gate.step.checks, now.status);
  plan.hook(o.hooks, "before-switchover");
  plan.add({ kind: "confirm", expected: now.name, yes: o.yes });
  if (ctx.probe) plan.add({ kind: "probe", table: ctx.probe.table, intervalMs: ctx.probe.intervalMs });
  plan.add({ kind: "call", ...switchoverCall(now, o) });
  plan.add({ kind: "wait", for: "SWITCHOVER_COMPLETED", subject: now.name, timeoutMs: watchTimeoutMs(o) });
  plan.hook(o.hooks, "after-switchover");
}

/** `bgdb switchover --dry-run`. */
export const planSwitchover = (deps: Deps, o: SwitchoverOptions): Promise<CommandResult> =>
  runPlan(
    deps,
    "switchover",
    async (ctx, plan) => switchoverSteps(ctx, plan, await observedDeployment(ctx, plan, o.deployment), o),
    o.hooks,
  );
