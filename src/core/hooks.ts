/**
 * The team's own checks at named points of a run, gh-ost style: `--hook <event>=<command>`. A before-hook that
 * fails stops the run before its step (blue keeps serving); after- and outcome hooks are told what happened. The
 * command runs through `sh -c`, with the deployment's facts in its environment, its output shown like a test's, its
 * result recorded in the audit log.
 */
import { appendAudit } from "./audit.js";
import type { Ctx } from "./context.js";
import { InterruptedError, PreconditionError } from "./errors.js";
import { redactString } from "./redact.js";
import type { CommandResult, MemberView } from "./result.js";
import { servingStatement } from "./serving.js";

export const HOOK_EVENTS = [
  "before-create",
  "after-create",
  "before-switchover",
  "after-switchover",
  "on-success",
  "on-failure",
] as const;
export type HookEvent = (typeof HOOK_EVENTS)[number];

/** The commands to run at each event, in the order given. */
export type Hooks = Partial<Record<HookEvent, string[]>>;

/** What a hook is told, as BGDB_* environment variables (only the facts known at that point). */
export interface HookContext {
  deploymentId?: string;
  deploymentName?: string;
  /** The deployment status bgdb read last. */
  status?: string;
  /** bgdb's phase. */
  phase?: string;
  engine?: string;
  blueVersion?: string;
  greenVersion?: string;
  /** host:port of the endpoint production uses, of blue's and of green's writer. */
  productionEndpoint?: string;
  blueEndpoint?: string;
  greenEndpoint?: string;
  /** The lag reading last seen, with its unit (`0.4 s`, `12 KiB`). */
  lag?: string;
  /** The command's exit code (on-success, on-failure). */
  exitCode?: number;
}

const ENV: Record<keyof HookContext, string> = {
  deploymentId: "BGDB_DEPLOYMENT_ID",
  deploymentName: "BGDB_DEPLOYMENT_NAME",
  status: "BGDB_STATUS",
  phase: "BGDB_PHASE",
  engine: "BGDB_ENGINE",
  blueVersion: "BGDB_BLUE_VERSION",
  greenVersion: "BGDB_GREEN_VERSION",
  productionEndpoint: "BGDB_PRODUCTION_ENDPOINT",
  blueEndpoint: "BGDB_BLUE_ENDPOINT",
  greenEndpoint: "BGDB_GREEN_ENDPOINT",
  lag: "BGDB_LAG",
  exitCode: "BGDB_EXIT_CODE",
};

export function hookEnvironment(event: HookEvent, c: HookContext): Record<string, string> {
  const env: Record<string, string> = { BGDB_HOOK: event };
  for (const [key, name] of Object.entries(ENV) as [keyof HookContext, string][]) {
    const value = c[key];
    if (value !== undefined) env[name] = String(value);
  }
  return env;
}

/** The facts of a command's result a hook is told: who is blue and green now, their versions and endpoints. */
export function hookContextOf(r: CommandResult): HookContext {
  const at = (m: MemberView | undefined) => (m?.endpoint ? `${m.endpoint}:${m.port ?? ""}` : undefined);
  const blue = r.members.find((m) => m.role === "blue");
  const green = r.members.find((m) => m.role === "green");
  return {
    deploymentId: r.deployment?.id,
    deploymentName: r.deployment?.name,
    status: r.deployment?.status,
    phase: r.phase,
    engine: green?.engine ?? blue?.engine,
    blueVersion: blue?.engineVersion,
    greenVersion: green?.engineVersion,
    blueEndpoint: at(blue),
    greenEndpoint: at(green),
  };
}

/**
 * Runs the hooks of one event. A failing before-hook throws (HOOK_FAILED, exit 3) so the step never starts; the
 * result of an after- or outcome hook is reported and recorded but cannot change what already happened.
 * `statusNow`: reads the deployment's status when a before-hook failed, so who serves is said from a read taken
 * after the hook ran (a hook may run for minutes), not from `c.status`.
 */
export async function runHooks(
  ctx: Ctx,
  hooks: Hooks | undefined,
  event: HookEvent,
  c: HookContext,
  options: { statusNow?: () => Promise<string | undefined> } = {},
): Promise<void> {
  const commands = hooks?.[event] ?? [];
  for (const [i, command] of commands.entries()) {
    if (ctx.signal.aborted) {
      throw new InterruptedError(`Stopped before the ${event} hook.`, {
        cause: ctx.signal.reason,
        details: { event, notRun: commands.slice(i).map(redactString) },
      });
    }
    const shown = redactString(command);
    ctx.say("hook", "info", { code: "hook.started", event, command: shown });
    const r = await ctx.runner.run({
      command: "sh",
      args: ["-c", command],
      env: hookEnvironment(event, c),
      signal: ctx.signal,
    });
    const passed = r.exitCode === 0 && !r.timedOut;
    const outcome = passed ? "passed" : r.timedOut ? "timeout" : `exit ${r.exitCode ?? r.signal}`;
    ctx.say("hook", passed ? "ok" : event.startsWith("before-") ? "fail" : "warn", {
      code: "hook.finished",
      event,
      command: shown,
      outcome,
      durationMs: r.durationMs,
    });
    await appendAudit(ctx, {
      action: `Hook ${event}`,
      deployment: c.deploymentName,
      params: { command: shown },
      outcome: passed ? "ok" : "error",
      message: passed ? undefined : outcome,
      durationMs: r.durationMs,
    });
    if (!passed && event.startsWith("before-")) {
      const status = options.statusNow ? await options.statusNow() : c.status;
      throw new PreconditionError(
        "HOOK_FAILED",
        `The ${event} hook \`${shown}\` failed (${outcome}), so bgdb stopped before the step. ${servingStatement(status)}`,
        { hint: "Fix what the hook reports and run the same command again.", details: { event, outcome } },
      );
    }
  }
}

/**
 * Runs `fn`, then the on-success or on-failure hooks with its exit code. A hook's own failure here is only reported:
 * the command's outcome stands.
 */
export async function withOutcomeHooks<T>(
  ctx: Ctx,
  hooks: Hooks | undefined,
  context: () => HookContext,
  fn: () => Promise<T>,
): Promise<T> {
  if (!hooks?.["on-success"]?.length && !hooks?.["on-failure"]?.length) return fn();
  let result: T;
  try {
    result = await fn();
  } catch (e) {
    const exitCode = typeof e === "object" && e !== null && "exitCode" in e ? Number(e.exitCode) : 1;
    await runHooks(ctx, hooks, "on-failure", { ...context(), exitCode }).catch(() => undefined);
    throw e;
  }
  await runHooks(ctx, hooks, "on-success", { ...context(), exitCode: 0 }).catch(() => undefined);
  return result;
}
