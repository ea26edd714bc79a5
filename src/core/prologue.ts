import type { BlueGreenDeployment } from "../ports/index.js";
import type { Ctx } from "./context.js";
import { aboutDeployment } from "./errors.js";
import { scopeOf, withLock } from "./journal.js";
import { describeById, getDeployment } from "./resolve.js";

/**
 * The start every command on an existing deployment shares: resolve the `bgd-` id or name, take the lock of that
 * deployment in its account and region, then read the deployment again inside the lock — another run may have moved
 * it while this one waited — and hand that fresh reading to `fn`. Phases are derived from it, never from the first.
 */
export async function withDeployment<T>(
  ctx: Ctx,
  ref: string,
  command: string,
  fn: (d: BlueGreenDeployment) => Promise<T>,
): Promise<T> {
  const first = await getDeployment(ctx, ref);
  let last = first;
  try {
    return await withLock(ctx, scopeOf(ctx, first.source), first.name, command, async () => {
      last = await describeById(ctx, first);
      return fn(last);
    });
  } catch (e) {
    throw aboutDeployment(e, last);
  }
}
