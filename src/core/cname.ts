import type { Ctx } from "./context.js";
import { isBgdbError } from "./errors.js";

export interface CnameCheck {
  ok: boolean;
  message: string;
  target?: string;
}

const strip = (s: string) => s.replace(/\.$/, "").toLowerCase();

/**
 * Looks up the operator's own DNS name in Route 53 and says whether it points at the production endpoint. RDS moves
 * its endpoints itself on switchover (§4); a CNAME of yours that names a `-green-` or `-old1` host is wrong afterwards.
 */
export async function checkCname(ctx: Ctx, name: string, productionEndpoint: string | undefined): Promise<CnameCheck> {
  let record: Awaited<ReturnType<Ctx["dns"]["lookup"]>>;
  try {
    record = await ctx.dns.lookup(name);
  } catch (e) {
    if (!isBgdbError(e)) throw e;
    return { ok: false, message: `Route 53 ${name}: could not be read (${e.message})` };
  }
  if (!record) return { ok: false, message: `Route 53 ${name}: no record found in this account's hosted zones` };
  const target = strip(record.aliasTarget ?? record.values[0] ?? "");
  const desc = `Route 53 ${name} → ${target || "(empty)"}`;
  if (/-green-[a-z0-9]+/.test(target) || /-old\d*\b/.test(target)) {
    return { ok: false, target, message: `${desc} names a green or old-blue host: it will be wrong after switchover` };
  }
  if (productionEndpoint && target !== strip(productionEndpoint)) {
    return { ok: false, target, message: `${desc} does not point at the production endpoint ${productionEndpoint}` };
  }
  return { ok: true, target, message: `${desc} (production endpoint)` };
}
