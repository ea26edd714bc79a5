import { appendAudit } from "./audit.js";
import type { Ctx } from "./context.js";

/** `delete old blue` → `ConfirmDeleteOldBlue`: the audit action of a confirmation, in AWS's action style. */
function confirmAction(action: string): string {
  return `Confirm${action.replace(/(?:^|[\s-]+)(\w)/g, (_m, c: string) => c.toUpperCase())}`;
}

/**
 * Asks the Confirmer, then records who confirmed, how (typed on a terminal, or `--yes`) and what, before the
 * irreversible call it allows. A declined confirmation is recorded too. True when the operator confirmed.
 */
export async function confirmRecorded(
  ctx: Ctx,
  deployment: string,
  request: { prompt: string; expected: string; action: string },
): Promise<boolean> {
  const answer = await ctx.confirmer.confirm(request);
  await appendAudit(ctx, {
    action: confirmAction(request.action),
    deployment,
    params: {},
    confirmation: { how: answer.how, name: request.expected },
    outcome: answer.confirmed ? "confirmed" : "declined",
  });
  return answer.confirmed;
}
