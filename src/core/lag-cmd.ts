import type { Deps } from "../ports/index.js";
import { type Ctx, makeCtx } from "./context.js";
import { InterruptedError, isBgdbError, throwIfAborted } from "./errors.js";
import { formatLagValue, sparkline } from "./lag.js";
import { type LagObservation, observeLag } from "./lag-observe.js";
import type { LagOptions } from "./options.js";
import { describeMembers, getDeployment, type Members } from "./resolve.js";
import type { CommandResult } from "./result.js";
import { resultFor } from "./view.js";
import { isTransient } from "./wait.js";

export function lagLine(obs: LagObservation): string {
  const m = obs.metric;
  if (!m) return "no lag metric applies to this deployment's engine";
  const where = `${m.metricName} on ${m.side} ${m.dimension.value}${m.confirmed ? "" : " (metric unconfirmed for this engine)"}`;
  const last = obs.series[obs.series.length - 1];
  if (!last) return `${where}: no datapoints yet`;
  const values = obs.series.map((s) => s.value);
  return `${where}: ${formatLagValue(last.value, m.unit)} at ${last.timestamp.toISOString().slice(11, 19)}  ${sparkline(values.slice(-30))}  (max ${formatLagValue(Math.max(...values), m.unit)} in window)`;
}

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

/** The engine's lag metric (§5): latest value and a short trend; with --watch, again every period. */
export async function lag(deps: Deps, o: LagOptions): Promise<CommandResult> {
  const ctx = makeCtx(deps);
  const d = await getDeployment(ctx, o.deployment);
  const members = await describeMembers(ctx, d);
  let obs = await sample(ctx, members, o);
  ctx.reporter.emit({ kind: "step", phase: "lag", status: "info", message: lagLine(obs) });
  if (o.watch) {
    const start = ctx.clock.now();
    try {
      while (o.watchForMs === undefined || ctx.clock.now() - start < o.watchForMs) {
        await ctx.clock.sleep(o.periodSeconds * 1000, ctx.signal);
        throwIfAborted(ctx.signal);
        try {
          obs = await sample(ctx, members, o);
          ctx.reporter.emit({ kind: "step", phase: "lag", status: "info", message: lagLine(obs) });
        } catch (e) {
          // One throttled read must not end a watch someone is looking at.
          if (!isTransient(e)) throw e;
          ctx.reporter.emit({
            kind: "note",
            phase: "lag",
            level: "warn",
            message: `lag not read this period: ${(e as Error).message}`,
          });
        }
      }
    } catch (e) {
      // Ctrl-C is how a watch normally ends: report what we have.
      if (!(e instanceof InterruptedError) && !(isBgdbError(e) && e.code === "INTERRUPTED")) throw e;
    }
  }
  const m = obs.metric;
  return resultFor(ctx, "lag", d, {
    summary: [lagLine(obs)],
    data: {
      metric: m && { name: m.metricName, side: m.side, dimension: m.dimension, unit: m.unit, confirmed: m.confirmed },
      latest: obs.series[obs.series.length - 1]?.value ?? null,
      samples: obs.series.map((s) => ({ timestamp: s.timestamp.toISOString(), value: s.value })),
    },
  });
}
