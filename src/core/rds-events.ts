import type { RdsEvent } from "../ports/index.js";
import type { Ctx } from "./context.js";
import { type BgdbError, isBgdbError } from "./errors.js";

/** Recent RDS events of a deployment; empty (not an error) when they can't be read: they only enrich messages. */
export async function recentEvents(ctx: Ctx, deploymentId: string, since: Date): Promise<RdsEvent[]> {
  try {
    return await ctx.rds.describeEvents({
      sourceType: "blue-green-deployment",
      sourceId: deploymentId,
      startTime: since,
    });
  } catch (e) {
    if (isBgdbError(e)) return [];
    throw e;
  }
}

export const formatEvent = (e: RdsEvent): string => `${e.message} (${e.date.toISOString().slice(11, 19)})`;

/** Adds the deployment's recent RDS events to an error's details, so the operator sees AWS's own words. */
export async function withEvents(ctx: Ctx, error: BgdbError, deploymentId: string, since: Date): Promise<BgdbError> {
  const events = await recentEvents(ctx, deploymentId, since);
  if (events.length === 0) return error;
  const lines = events.slice(-5).map(formatEvent);
  return Object.assign(error, {
    message: `${error.message}\n  RDS events:\n${lines.map((l) => `    ${l}`).join("\n")}`,
    details: { ...error.details, events: lines },
  });
}
