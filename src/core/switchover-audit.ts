import type { BlueGreenDeployment } from "../ports/index.js";
import { recordFinalOutcome } from "./audit.js";
import type { Ctx } from "./context.js";
import type { BgdbError } from "./errors.js";

/**
 * The audit line of a switchover's end, as AWS reported it: `completed`, or `failed` when RDS rolled it back (the
 * request line itself only says RDS accepted the call). Never throws: the outcome is already decided in AWS.
 */
export async function recordSwitchoverOutcome(
  ctx: Ctx,
  d: BlueGreenDeployment,
  durationMs: number,
  rolledBack?: BgdbError,
): Promise<void> {
  if (!rolledBack) {
    await recordFinalOutcome(ctx, "SwitchoverBlueGreenDeployment", d, { outcome: "completed", durationMs });
    return;
  }
  const status = rolledBack.details?.status;
  await recordFinalOutcome(
    ctx,
    "SwitchoverBlueGreenDeployment",
    { id: d.id, name: d.name, status: typeof status === "string" ? status : d.status },
    { outcome: "failed", durationMs, errorCode: rolledBack.code, message: rolledBack.message },
  );
}
