import type { Ctx } from "./context.js";
import { isBgdbError } from "./errors.js";
import type { Members } from "./resolve.js";

/** Where the operator's DNS name points, as bgdb can tell it. */
export type CnameVerdict = "production" | "green" | "old-blue" | "unrecognised" | "missing" | "unreadable";

export interface CnameCheck {
  /** True only when the name points at the production endpoint. */
  ok: boolean;
  verdict: CnameVerdict;
  message: string;
  target?: string;
}

/** The endpoints a deployment has: the production (blue) one, green's, and any old blue's. */
export interface KnownEndpoints {
  production?: string;
  green: string[];
  oldBlue: string[];
}

const strip = (s: string) => s.replace(/\.$/, "").toLowerCase();

/** The endpoints of a deployment's members: blue's writer is production until the switchover. */
export function endpointsOf(m: Members): KnownEndpoints {
  const addresses = (sides: Members["blue"]) =>
    sides.flatMap((s) => [
      ...(s.instance?.endpoint ? [s.instance.endpoint.address] : []),
      ...(s.cluster?.endpoint ? [s.cluster.endpoint] : []),
      ...(s.cluster?.readerEndpoint ? [s.cluster.readerEndpoint] : []),
      ...s.clusterInstances.flatMap((i) => (i.endpoint ? [i.endpoint.address] : [])),
    ]);
  const blueCluster = m.blue.find((s) => s.cluster)?.cluster;
  return {
    production: blueCluster?.endpoint ?? m.bluePrimary?.endpoint?.address,
    green: addresses(m.green),
    oldBlue: [],
  };
}

/**
 * Looks up the operator's own DNS name in Route 53 and says where it points among the deployment's endpoints. RDS
 * moves its endpoints itself on switchover (docs/rds-facts.md §5): a CNAME that names green's or an old blue's host,
 * or anything bgdb does not recognise, is wrong for production after the switchover.
 */
export async function checkCname(ctx: Ctx, name: string, known: KnownEndpoints): Promise<CnameCheck> {
  let record: Awaited<ReturnType<Ctx["dns"]["lookup"]>>;
  try {
    record = await ctx.dns.lookup(name);
  } catch (e) {
    if (!isBgdbError(e)) throw e;
    return { ok: false, verdict: "unreadable", message: `Route 53 ${name}: could not be read (${e.message})` };
  }
  if (!record) {
    return {
      ok: false,
      verdict: "missing",
      message: `Route 53 ${name}: no record found in this account's hosted zones`,
    };
  }
  const target = strip(record.aliasTarget ?? record.values[0] ?? "");
  const desc = `Route 53 ${name} → ${target || "(empty)"}`;
  const is = (list: (string | undefined)[]) => list.some((e) => e !== undefined && strip(e) === target);
  if (known.production && is([known.production])) {
    return { ok: true, verdict: "production", target, message: `${desc} (production endpoint)` };
  }
  if (is(known.green) || /-green-[a-z0-9]+/.test(target)) {
    return { ok: false, verdict: "green", target, message: `${desc} is green's endpoint, not production's` };
  }
  if (is(known.oldBlue) || /-old\d*\b/.test(target)) {
    return { ok: false, verdict: "old-blue", target, message: `${desc} is an old blue's endpoint, not production's` };
  }
  return {
    ok: false,
    verdict: "unrecognised",
    target,
    message: `${desc} is none of this deployment's endpoints (production is ${known.production ?? "unknown"})`,
  };
}
