import type { Ctx } from "./context.js";
import { isBgdbError } from "./errors.js";

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
    await ctx.journal.appendAudit({
      ...base,
      at: new Date(started).toISOString(),
      requestId: result.requestId,
      outcome: "ok",
      durationMs: ctx.clock.now() - started,
    });
    return result;
  } catch (e) {
    await ctx.journal.appendAudit({
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
