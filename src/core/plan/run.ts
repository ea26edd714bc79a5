/**
 * The runner every plan shares: read-only ports, the steps as they are added, the deployment as it was seen, and the
 * first refusal — the error the real run would throw there — turned into the plan's blocking step and exit code.
 */
import type { BlueGreenDeployment, Deps } from "../../ports/index.js";
import { type Ctx, makeCtx } from "../context.js";
import { type BgdbError, ExitCode, isBgdbError } from "../errors.js";
import type { HookEvent, Hooks } from "../hooks.js";
import { type Phase, phaseOf } from "../phase.js";
import { redactString } from "../redact.js";
import { getDeployment, type Members, memberViews } from "../resolve.js";
import type { CommandResult, MemberView } from "../result.js";
import { deploymentView } from "../view.js";
import { readOnly } from "./read-only.js";
import type { CheckName, PlanBlocked, PlanPart, PlanStep } from "./step.js";

/** Refusals a plan reports as its blocking step; bad input (2), bugs (1) and Ctrl-C (130) are errors as usual. */
const BLOCKING = new Set<number>([ExitCode.Precondition, ExitCode.GateTimeout, ExitCode.AwsFailure]);

export const blocks = (e: unknown): e is BgdbError => isBgdbError(e) && BLOCKING.has(e.exitCode);

export class Plan {
  readonly steps: PlanStep[] = [];
  deployment?: BlueGreenDeployment;
  phase?: Phase;
  members?: MemberView[];
  private part?: PlanPart;
  /** The part an error left (deploy), for the blocking step. */
  private stoppedIn?: PlanPart;

  add(...steps: PlanStep[]): void {
    for (const step of steps) this.steps.push(this.part && !step.within ? { ...step, within: this.part } : step);
  }

  /** The steps `fn` adds belong to one part of a composed plan (deploy's create, upgrade, …). */
  async within<T>(part: PlanPart, fn: () => Promise<T>): Promise<T> {
    const outer = this.part;
    this.part = part;
    try {
      return await fn();
    } catch (e) {
      this.stoppedIn ??= part;
      throw e;
    } finally {
      this.part = outer;
    }
  }

  /** Ends the plan at a refusal: the real run would stop here. */
  block(blocked: PlanBlocked): void {
    this.add({ kind: "blocked", ...blocked, ...(this.stoppedIn ? { within: this.stoppedIn } : {}) });
  }

  /** A check the real run makes (it throws the real run's refusal): its reading when it passes. */
  async check(what: CheckName, fn: () => string | Promise<string>): Promise<void> {
    this.add({ kind: "check", what, ok: true, reading: await fn() });
  }

  /** The hooks the real run would run at `event`, shown as the real run shows them (secrets redacted). */
  hook(hooks: Hooks | undefined, event: HookEvent): void {
    const commands = hooks?.[event] ?? [];
    if (commands.length > 0) this.add({ kind: "hook", event, commands: commands.map(redactString) });
  }

  /** What the plan's result reports: the deployment as AWS showed it (and its members, when read). */
  saw(d: BlueGreenDeployment, members?: Members): void {
    this.deployment = d;
    this.phase = phaseOf(d.status);
    if (members) this.members = memberViews(members);
  }
}

/** The deployment a plan is about, read once (a plan takes no lock, so there is no second reading inside one). */
export async function observedDeployment(ctx: Ctx, plan: Plan, ref: string): Promise<BlueGreenDeployment> {
  const d = await getDeployment(ctx, ref);
  plan.saw(d);
  return d;
}

const blockedOf = (e: BgdbError): PlanBlocked => ({
  code: e.code,
  message: e.message,
  ...(e.hint ? { hint: e.hint } : {}),
  exitCode: e.exitCode,
});

/**
 * Runs a plan's body on read-only ports and returns it as the command's result: `plan` holds the steps; the first
 * refusal ends it as a `blocked` step and sets `blocked` (whose exit code the CLI returns). The outcome hooks of a
 * plan that could run are listed last.
 */
export async function runPlan(
  deps: Deps,
  command: string,
  body: (ctx: Ctx, plan: Plan) => Promise<unknown>,
  outcomeHooks?: Hooks,
): Promise<CommandResult> {
  const ctx = makeCtx(readOnly(deps));
  const plan = new Plan();
  let blocked: PlanBlocked | undefined;
  try {
    await body(ctx, plan);
    plan.hook(outcomeHooks, "on-success");
    plan.hook(outcomeHooks, "on-failure");
  } catch (e) {
    if (!blocks(e)) throw e;
    blocked = blockedOf(e);
    plan.block(blocked);
  }
  return {
    command,
    phase: plan.phase ?? "unknown",
    deployment: plan.deployment ? deploymentView(plan.deployment) : undefined,
    members: plan.members ?? [],
    durations: {},
    report: [],
    nextSteps: [],
    plan: plan.steps,
    ...(blocked ? { blocked } : {}),
  };
}
