/**
 * MariaDB GTID positions ("0-1-1005,1-2-7": per replication domain, the server id and sequence number of the last
 * transaction). Only the sequence number per domain orders positions: a promoted green continues a domain's sequence
 * under its own server id.
 */
export type GtidPosition = Map<number, number>;

export function parseGtidPosition(text: string | null | undefined): GtidPosition {
  const pos: GtidPosition = new Map();
  for (const part of (text ?? "").split(",")) {
    const [domain, , seq] = part.trim().split("-");
    if (domain === undefined || seq === undefined) continue;
    pos.set(Number(domain), Number(seq));
  }
  return pos;
}

/** True when `a` has a transaction `b` has not applied, in any domain. */
export function isAhead(a: GtidPosition, b: GtidPosition): boolean {
  for (const [domain, seq] of a) if (seq > (b.get(domain) ?? 0)) return true;
  return false;
}
