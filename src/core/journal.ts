import type { BlueGreenDeployment, DeploymentKey, DeploymentState, JournalScope } from "../ports/index.js";
import type { Ctx } from "./context.js";
import { InterruptedError } from "./errors.js";
import { mergeLag } from "./evidence.js";
import { phaseOf } from "./phase.js";
import { parseRdsArn } from "./status.js";

/**
 * The journal scope of a resource, from its ARN (`arn:aws:rds:<region>:<account>:…`): what AWS says, not what bgdb
 * assumed. The run's region stands in only for an ARN that does not parse.
 */
export function scopeOf(ctx: Ctx, arn: string): JournalScope {
  const parsed = parseRdsArn(arn);
  return { account: parsed.account || "unknown-account", region: parsed.region || ctx.region || "unknown-region" };
}

/** The journal key of a deployment: its id in the account and region of its source. */
export const keyOf = (ctx: Ctx, d: Pick<BlueGreenDeployment, "id" | "source">): DeploymentKey => ({
  ...scopeOf(ctx, d.source),
  id: d.id,
});

/**
 * Runs `fn` holding the lock of a deployment name in its account and region, so two runs on this machine can't drive
 * one deployment at once.
 */
export async function withLock<T>(
  ctx: Ctx,
  scope: JournalScope,
  name: string,
  command: string,
  fn: () => Promise<T>,
): Promise<T> {
  const lock = await ctx.journal.acquireLock(scope, name, `bgdb ${command} ${name}`);
  try {
    return await fn();
  } catch (e) {
    // Ctrl-C mid-wait: say what state production is in and how to resume (a specific hint, if any, wins).
    if (e instanceof InterruptedError && !e.hint) {
      throw new InterruptedError(e.message, {
        cause: e.cause,
        hint: `AWS finishes any call it already accepted; re-run ${command === "create" ? "the same `bgdb create …` (it attaches to the deployment)" : `\`bgdb ${command} ${name}\``} to continue from where AWS is, or \`bgdb status ${name}\` to look first.`,
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
  d: Pick<BlueGreenDeployment, "id" | "name" | "source">,
  patch: Partial<Omit<DeploymentState, "name" | "id" | "account" | "region" | "steps" | "createdAt" | "updatedAt">> & {
    step?: { step: string; outcome: string; durationMs?: number };
  },
): Promise<DeploymentState> {
  const key = keyOf(ctx, d);
  const now = new Date(ctx.clock.now()).toISOString();
  const prev = await ctx.journal.readState(key);
  const { step, settings, evidence, ...rest } = patch;
  const lag = evidence?.lag ? mergeLag(prev?.evidence?.lag, evidence.lag) : prev?.evidence?.lag;
  const next: DeploymentState = {
    ...prev,
    ...rest,
    ...key,
    name: d.name,
    createdAt: prev?.createdAt ?? now,
    updatedAt: now,
    settings: { ...prev?.settings, ...settings },
    evidence: { ...prev?.evidence, ...evidence, ...(lag ? { lag } : {}) },
    steps: [...(prev?.steps ?? []), ...(step ? [{ ...step, at: now }] : [])],
  };
  await ctx.journal.writeState(next);
  return next;
}

/** Records the phase AWS shows now. */
export const recordObserved = (ctx: Ctx, d: BlueGreenDeployment) => recordState(ctx, d, { phase: phaseOf(d.status) });
