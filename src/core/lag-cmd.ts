import type { Deps } from "../ports/index.js";
import { type Ctx, makeCtx } from "./context.js";
import { InterruptedError, isBgdbError, throwIfAborted } from "./errors.js";
import { observeLag } from "./lag-observe.js";
import type { LagOptions } from "./options.js";
import { describeMembers, getDeployment, type Members } from "./resolve.js";
import type { CommandResult } from "./result.js";
import { resultFor } from "./view.js";
import { isTransient } from "./wait.js";

async function sample(ctx: Ctx, members: Members, o: LagOptions) {
  // The threshold is irrelevant for display; evaluation is only used by the gate.
  return observeLag(
    { ...ctx, timing: { ...ctx.timing, lagPeriodSeconds: o.periodSeconds } },
    members,
    { seconds: 0, bytes: 0 },
    1,
    o.windowMs,
  );
}

/** The engine's lag metric (docs/rds-facts.md §6): latest value and a short trend; with --watch, again every period. */
export async function lag(deps: Deps, o: LagOptions): Promise<CommandResult> {
  const ctx = makeCtx(deps);
  const d = await getDeployment(ctx, o.deployment);
  const members = await describeMembers(ctx, d);
  let obs = await sample(ctx, members, o);
  ctx.say("lag", "info", { code: "lag.read", reading: obs });
  if (o.watch) {
    const start = ctx.clock.now();
    try {
      while (o.watchForMs === undefined || ctx.clock.now() - start < o.watchForMs) {
        await ctx.clock.sleep(o.periodSeconds * 1000, ctx.signal);
        throwIfAborted(ctx.signal);
        try {
          obs = await sample(ctx, members, o);
          ctx.say("lag", "info", { code: "lag.read", reading: obs });
        } catch (e) {
          // One throttled read must not end a watch someone is looking at.
          if (!isTransient(e)) throw e;
          ctx.say("lag", "warn", { code: "lag.unread", message: (e as Error).message });
        }
      }
    } catch (e) {
      // Ctrl-C is how a watch normally ends: report what we have.
      if (!(e instanceof InterruptedError) && !(isBgdbError(e) && e.code === "INTERRUPTED")) throw e;
    }
  }
  const m = obs.metric;
  return resultFor(ctx, "lag", d, {
    report: [{ code: "lag.read", reading: obs }],
    data: {
      metric: m && { name: m.metricName, side: m.side, dimension: m.dimension, unit: m.unit, confirmed: m.confirmed },
      latest: obs.series[obs.series.length - 1]?.value ?? null,
      samples: obs.series.map((s) => ({ timestamp: s.timestamp.toISOString(), value: s.value })),
    },
  });
}
