/**
 * The `Dns` port on Route 53: find the most specific hosted zone (public or private) that contains a name, then the
 * name's record set in it.
 */
import {
  type HostedZone,
  ListHostedZonesByNameCommand,
  type ListHostedZonesByNameCommandInput,
  ListResourceRecordSetsCommand,
  type ListResourceRecordSetsCommandInput,
  type ResourceRecordSet,
  type Route53Client,
} from "@aws-sdk/client-route-53";
import type { Dns, DnsRecord } from "../../ports/dns.js";
import type { Call } from "./call.js";
import { collectPages } from "./paginate.js";

export function createRoute53Api(client: () => Route53Client, call: Call) {
  // biome-ignore format: one line per API call reads as a table
  return {
    listHostedZonesByName: (input: ListHostedZonesByNameCommandInput) => call("ListHostedZonesByName", () => client().send(new ListHostedZonesByNameCommand(input))),
    listResourceRecordSets: (input: ListResourceRecordSetsCommandInput) => call("ListResourceRecordSets", () => client().send(new ListResourceRecordSetsCommand(input))),
  };
}
export type Route53Api = ReturnType<typeof createRoute53Api>;

/**
 * Route 53 returns names with a trailing dot and with characters outside [a-z0-9-_] as octal escapes (`\052` for
 * `*`); DNS names compare case-insensitively.
 */
export function normaliseDnsName(name: string | undefined): string {
  return (name ?? "")
    .trim()
    .replace(/\\(\d{3})/g, (_, octal: string) => String.fromCharCode(Number.parseInt(octal, 8)))
    .replace(/\.$/, "")
    .toLowerCase();
}

const zoneIdOf = (zone: HostedZone) => (zone.Id ?? "").replace(/^\/hostedzone\//, "");

/** `a.b.example.com` → `a.b.example.com`, `b.example.com`, `example.com`, `com`: most specific first. */
function suffixes(name: string): string[] {
  const labels = name.split(".");
  return labels.map((_, i) => labels.slice(i).join("."));
}

/** Record types in order of preference, with whether an alias is required. */
const PREFERENCE: { type: string; alias?: boolean }[] = [
  { type: "CNAME" },
  { type: "A", alias: true },
  { type: "AAAA", alias: true },
  { type: "A" },
  { type: "AAAA" },
];

export function createDnsAdapter(api: Route53Api): Dns {
  /** Every hosted zone named exactly `zoneName` (a public and private zone may share a name). */
  async function zonesNamed(zoneName: string): Promise<HostedZone[]> {
    const pages = await collectPages(api.listHostedZonesByName, { DNSName: zoneName, MaxItems: 100 }, (p) =>
      // Zones come sorted by name from DNSName on; once the next page starts at another name, no more matches.
      p.IsTruncated && normaliseDnsName(p.NextDNSName) === zoneName
        ? { DNSName: p.NextDNSName, HostedZoneId: p.NextHostedZoneId }
        : undefined,
    );
    return pages.flatMap((p) => p.HostedZones ?? []).filter((z) => normaliseDnsName(z.Name) === zoneName);
  }

  async function recordSetsNamed(zoneId: string, name: string): Promise<ResourceRecordSet[]> {
    const pages = await collectPages(
      api.listResourceRecordSets,
      { HostedZoneId: zoneId, StartRecordName: name },
      // Record sets are sorted by name starting at StartRecordName; stop once the next page moves past `name`.
      (p) =>
        p.IsTruncated && normaliseDnsName(p.NextRecordName) === name
          ? {
              StartRecordName: p.NextRecordName,
              StartRecordType: p.NextRecordType,
              StartRecordIdentifier: p.NextRecordIdentifier,
            }
          : undefined,
    );
    return pages.flatMap((p) => p.ResourceRecordSets ?? []).filter((s) => normaliseDnsName(s.Name) === name);
  }

  function pick(sets: ResourceRecordSet[], name: string, hostedZoneId: string): DnsRecord | undefined {
    for (const want of PREFERENCE) {
      const s = sets.find((r) => r.Type === want.type && (!want.alias || r.AliasTarget !== undefined));
      if (!s) continue;
      const record: DnsRecord = {
        name,
        type: want.type,
        values: (s.ResourceRecords ?? []).map((r) => normaliseDnsName(r.Value)),
        hostedZoneId,
      };
      if (s.TTL !== undefined) record.ttl = s.TTL;
      if (s.AliasTarget?.DNSName) record.aliasTarget = normaliseDnsName(s.AliasTarget.DNSName);
      return record;
    }
    return undefined;
  }

  return {
    async lookup(rawName) {
      const name = normaliseDnsName(rawName);
      if (name === "") return undefined;
      for (const zoneName of suffixes(name)) {
        const zones = await zonesNamed(zoneName);
        if (zones.length === 0) continue;
        // The most specific zone is authoritative for the name (a delegated subzone hides its parent's records).
        for (const zone of zones) {
          const record = pick(await recordSetsNamed(zoneIdOf(zone), name), name, zoneIdOf(zone));
          if (record) return record;
        }
        return undefined;
      }
      return undefined;
    },
  };
}
