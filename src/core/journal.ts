import type { BlueGreenDeployment, DeploymentState } from "../ports/index.js";
import type { Ctx } from "./context.js";
import { InterruptedError } from "./errors.js";
import { phaseOf } from "./phase.js";

/** Runs `fn` holding the deployment's lock, so two runs on this machine can't drive one deployment at once. */
export async function withLock<T>(ctx: Ctx, name: string, command: string, fn: () => Promise<T>): Promise<T> {
  const lock = await ctx.journal.acquireLock(name, `bgdb ${command} ${name}`);
  try {
    return await fn();
  } catch (e) {
    // Ctrl-C mid-wait: say what state production is in and how to resume (a specific hint, if any, wins).
    if (e instanceof InterruptedError && !e.hint) {
      throw new InterruptedError(e.message, {
        cause: e.cause,
        hint: `${command === "switchover" ? "" : "Blue still serves. "}AWS finishes any call it already accepted; re-run ${command === "create" ? "the same `bgdb create …` (it attaches to the deployment)" : `\`bgdb ${command} ${name}\``} to continue from where AWS is, or \`bgdb status ${name}\` to look first.`,
      });
    }
    throw e;
  } finally {
    await lock.release();
  }
}

/** Merges what bgdb just did or saw into the deployment's state file. Never trusted over AWS; kept for people. */
export async function recordState(
  ctx: Ctx,
  name: string,
  patch: Partial<Omit<DeploymentState, "name" | "steps" | "createdAt" | "updatedAt">> & {
    step?: { step: string; outcome: string; durationMs?: number };
  },
): Promise<DeploymentState> {
  const now = new Date(ctx.clock.now()).toISOString();
  const prev = await ctx.journal.readState(name);
  const { step, settings, ...rest } = patch;
  const next: DeploymentState = {
    ...prev,
    ...rest,
    name,
    createdAt: prev?.createdAt ?? now,
    updatedAt: now,
    settings: { ...prev?.settings, ...settings },
    steps: [...(prev?.steps ?? []), ...(step ? [{ ...step, at: now }] : [])],
  };
  await ctx.journal.writeState(next);
  return next;
}

/** Records the phase AWS shows now. */
export const recordObserved = (ctx: Ctx, d: BlueGreenDeployment) =>
  recordState(ctx, d.name, { id: d.id, phase: phaseOf(d.status) });
