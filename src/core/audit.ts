import type { AuditEntry } from "../ports/index.js";
import type { Ctx } from "./context.js";
import { isBgdbError } from "./errors.js";

/**
 * The call already happened (or failed) in AWS: a journal that can't be written must not change what bgdb reports
 * about it, so the failure becomes a loud warning instead.
 */
async function appendOrWarn(ctx: Ctx, entry: AuditEntry): Promise<void> {
  try {
    await ctx.journal.appendAudit(entry);
  } catch (e) {
    ctx.say("audit", "warn", {
      code: "audit.append-failed",
      message: e instanceof Error ? e.message : String(e),
      action: entry.action,
      outcome: entry.outcome,
      requestId: entry.requestId,
    });
  }
}

/** An audit line for something bgdb did that is not an AWS call (a hook, a confirmation): who, when, what, how it went. */
export async function appendAudit(
  ctx: Ctx,
  entry: Omit<AuditEntry, "at" | "actor" | "account" | "region">,
): Promise<void> {
  const caller = await ctx.caller();
  await appendOrWarn(ctx, {
    at: new Date(ctx.clock.now()).toISOString(),
    actor: caller?.arn,
    account: caller?.account,
    region: ctx.region,
    ...entry,
  });
}

/**
 * Every call that changes something in AWS goes through here: it runs the call and appends one audit line with who,
 * what, the parameters (the journal redacts secrets), the request id and the outcome.
 */
export async function mutate<T extends { requestId?: string }>(
  ctx: Ctx,
  action: string,
  deployment: string | undefined,
  params: Record<string, unknown>,
  call: () => Promise<T>,
): Promise<T> {
  const caller = await ctx.caller();
  const started = ctx.clock.now();
  const base = {
    actor: caller?.arn,
    account: caller?.account,
    region: ctx.region,
    action,
    deployment,
    params,
  };
  try {
    const result = await call();
    await appendOrWarn(ctx, {
      ...base,
      at: new Date(started).toISOString(),
      requestId: result.requestId,
      outcome: "ok",
      durationMs: ctx.clock.now() - started,
    });
    return result;
  } catch (e) {
    await appendOrWarn(ctx, {
      ...base,
      at: new Date(started).toISOString(),
      requestId: isBgdbError(e) ? e.requestId : undefined,
      outcome: "error",
      errorCode: isBgdbError(e) ? e.code : "INTERNAL",
      message: e instanceof Error ? e.message : String(e),
      durationMs: ctx.clock.now() - started,
    });
    throw e;
  }
}
