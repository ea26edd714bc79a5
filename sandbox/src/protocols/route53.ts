/**
 * Route 53 REST-XML: the hosted-zone and record-set calls bgdb's DNS check makes (ListHostedZonesByName,
 * ListResourceRecordSets, with Route 53's paging), ChangeResourceRecordSets so tests can repoint a name, and
 * Create/Get/Delete/ListHostedZones. Zone ids are bare on the path (the SDK strips `/hostedzone/`), prefixed in
 * bodies. The rules themselves live in model/dns.ts; this file reads and writes the wire.
 */
import { AwsError, invalidInput } from "../aws-error.js";
import { child, childText, parseXml, type XmlNode, XmlSyntaxError, type XmlValue } from "../http/xml.js";
import type { Account } from "../model/account.js";
import {
  changeRecordSets,
  createHostedZone,
  fqdn,
  isRecordType,
  type RecordChange,
  sortKey,
  zoneById,
} from "../model/dns.js";
import { randomString } from "../model/ids.js";
import type { HostedZone, RecordSet } from "../model/state.js";

export const ROUTE53_XMLNS = "https://route53.amazonaws.com/doc/2013-04-01/";
export const ROUTE53_LIST_MEMBERS: Record<string, string> = {
  HostedZones: "HostedZone",
  ResourceRecordSets: "ResourceRecordSet",
  ResourceRecords: "ResourceRecord",
  NameServers: "NameServer",
  VPCs: "VPC",
};

type Obj = { [key: string]: XmlValue };
export interface Route53Result {
  action: string;
  status: number;
  root: string;
  body: Obj;
  headers?: Record<string, string>;
}

/** Route 53 (a Coral service) reports an absent required member like this. */
const missingMember = (member: string) =>
  invalidInput(
    `1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`,
  );

/** The request document's root element, which must be `rootName`; malformed XML is Route 53's InvalidInput. */
function requestDocument(body: string, rootName: string): XmlNode {
  let doc: XmlNode;
  try {
    doc = parseXml(body);
  } catch (e) {
    if (e instanceof XmlSyntaxError) throw invalidInput(`Invalid XML ; ${e.message}`);
    throw e;
  }
  const root = doc.children[0]!;
  if (root.name !== rootName)
    throw invalidInput(`Invalid XML ; the root element must be ${rootName}, not ${root.name}`);
  return root;
}

/** `maxitems`: a positive integer; Route 53 caps larger values at the call's maximum. */
function maxItems(q: URLSearchParams, max: number): number {
  const raw = q.get("maxitems");
  if (raw === null) return max;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) throw invalidInput(`Invalid value for maxitems: ${raw}`);
  return Math.min(Number(raw), max);
}

const renderZone = (z: HostedZone): Obj => ({
  Id: `/hostedzone/${z.id}`,
  Name: z.name,
  CallerReference: z.callerReference,
  Config: { PrivateZone: !!z.vpcs },
  ResourceRecordSetCount: z.records.length,
});

const changeInfo = (account: Account): Obj => ({
  Id: `/change/C${randomString(13).toUpperCase()}`,
  Status: "INSYNC",
  SubmittedAt: new Date(account.now()),
});

function parseRecordSet(node: XmlNode | undefined): RecordSet {
  const records = child(node, "ResourceRecords")?.children.map((r) => childText(r, "Value") ?? "") ?? [];
  const alias = child(node, "AliasTarget");
  const ttl = childText(node, "TTL");
  const rec: RecordSet = {
    Name: fqdn(childText(node, "Name") ?? ""),
    Type: childText(node, "Type") ?? "",
    Values: records,
  };
  if (ttl !== undefined) rec.TTL = /^\d+$/.test(ttl) ? Number(ttl) : Number.NaN;
  if (alias)
    rec.AliasTarget = {
      HostedZoneId: childText(alias, "HostedZoneId") ?? "",
      DNSName: fqdn(childText(alias, "DNSName") ?? ""),
    };
  return rec;
}

function parseChanges(body: string): RecordChange[] {
  const batch = child(requestDocument(body, "ChangeResourceRecordSetsRequest"), "ChangeBatch");
  if (!batch) throw missingMember("changeBatch");
  const changes = child(batch, "Changes");
  if (!changes) throw missingMember("changeBatch.changes");
  return changes.children.map((c) => {
    const set = child(c, "ResourceRecordSet");
    if (!set) throw missingMember("changeBatch.changes.member.resourceRecordSet");
    return { action: childText(c, "Action") ?? "", record: parseRecordSet(set) };
  });
}

function renderRecord(r: RecordSet): Obj {
  return {
    Name: r.Name,
    Type: r.Type,
    AliasTarget: r.AliasTarget ? { ...r.AliasTarget, EvaluateTargetHealth: false } : undefined,
    TTL: r.AliasTarget ? undefined : r.TTL,
    ResourceRecords: r.AliasTarget ? undefined : r.Values.map((Value) => ({ Value })),
  };
}

function listZonesByName(account: Account, q: URLSearchParams): Route53Result {
  const start = q.get("dnsname");
  const startId = q.get("hostedzoneid");
  if (startId && !start) throw invalidInput("Invalid request: hostedzoneid needs dnsname");
  const max = maxItems(q, 100);
  const order = (z: HostedZone) => [sortKey(z.name), z.id] as const;
  const zones = account.state.hostedZones
    .filter((z) => {
      if (!start) return true;
      const [key, id] = order(z);
      return key > sortKey(start) || (key === sortKey(start) && (!startId || id >= startId));
    })
    .sort((a, b) => order(a)[0].localeCompare(order(b)[0]) || order(a)[1].localeCompare(order(b)[1]));
  const page = zones.slice(0, max);
  const next = zones[max];
  return {
    action: "ListHostedZonesByName",
    status: 200,
    root: "ListHostedZonesByNameResponse",
    body: {
      HostedZones: page.map(renderZone),
      DNSName: start ?? undefined,
      HostedZoneId: startId ?? undefined,
      IsTruncated: !!next,
      NextDNSName: next?.name,
      NextHostedZoneId: next?.id,
      MaxItems: String(max),
    },
  };
}

function listRecordSets(z: HostedZone, q: URLSearchParams): Route53Result {
  const name = q.get("name");
  const type = q.get("type");
  if (type && !name) throw invalidInput("Invalid request: type needs name");
  if (type && !isRecordType(type)) throw invalidInput(`Invalid request: ${type} is not a record type`);
  const max = maxItems(q, 300);
  const records = [...z.records]
    .sort((a, b) => sortKey(a.Name).localeCompare(sortKey(b.Name)) || a.Type.localeCompare(b.Type))
    .filter(
      (r) =>
        !name || sortKey(r.Name) > sortKey(name) || (sortKey(r.Name) === sortKey(name) && (!type || r.Type >= type)),
    );
  const next = records[max];
  return {
    action: "ListResourceRecordSets",
    status: 200,
    root: "ListResourceRecordSetsResponse",
    body: {
      ResourceRecordSets: records.slice(0, max).map(renderRecord),
      IsTruncated: !!next,
      NextRecordName: next?.Name,
      NextRecordType: next?.Type,
      MaxItems: String(max),
    },
  };
}

function createZone(account: Account, body: string): Route53Result {
  const req = requestDocument(body, "CreateHostedZoneRequest");
  const name = childText(req, "Name");
  if (!name) throw missingMember("name");
  const callerReference = childText(req, "CallerReference");
  if (!callerReference) throw missingMember("callerReference");
  const vpc = child(req, "VPC");
  const z = createHostedZone(account, {
    name,
    callerReference,
    ...(vpc ? { vpc: { id: childText(vpc, "VPCId") ?? "", region: childText(vpc, "VPCRegion") ?? "" } } : {}),
  });
  return {
    action: "CreateHostedZone",
    status: 201,
    root: "CreateHostedZoneResponse",
    headers: { location: `https://route53.amazonaws.com/2013-04-01/hostedzone/${z.id}` },
    body: {
      HostedZone: renderZone(z),
      ChangeInfo: changeInfo(account),
      DelegationSet: { NameServers: ["ns-1.sandbox.localhost"] },
      ...(z.vpcs ? { VPC: { VPCRegion: z.vpcs[0]!.region, VPCId: z.vpcs[0]!.id } } : {}),
    },
  };
}

function deleteZone(account: Account, z: HostedZone): Route53Result {
  if (z.records.some((r) => r.Type !== "SOA" && r.Type !== "NS")) {
    throw new AwsError(
      "HostedZoneNotEmpty",
      "The hosted zone contains resource records that are not SOA or NS records.",
    );
  }
  account.state.hostedZones.splice(account.state.hostedZones.indexOf(z), 1);
  return {
    action: "DeleteHostedZone",
    status: 200,
    root: "DeleteHostedZoneResponse",
    body: { ChangeInfo: changeInfo(account) },
  };
}

export function route53Request(method: string, url: URL, body: string, account: Account): Route53Result {
  const path = url.pathname.replace(/\/+$/, "");
  const q = url.searchParams;
  const m = /^\/2013-04-01\/hostedzone(?:\/([^/]+)(\/rrset)?)?$/.exec(path);
  if (method === "GET" && path === "/2013-04-01/hostedzonesbyname") return listZonesByName(account, q);
  if (m && method === "GET" && m[1] && m[2]) return listRecordSets(zoneById(account, m[1]), q);
  if (m && method === "POST" && m[1] && m[2]) {
    changeRecordSets(zoneById(account, m[1]), parseChanges(body));
    return {
      action: "ChangeResourceRecordSets",
      status: 200,
      root: "ChangeResourceRecordSetsResponse",
      body: { ChangeInfo: changeInfo(account) },
    };
  }
  if (m && method === "GET" && m[1]) {
    const z = zoneById(account, m[1]);
    return {
      action: "GetHostedZone",
      status: 200,
      root: "GetHostedZoneResponse",
      body: {
        HostedZone: renderZone(z),
        ...(z.vpcs ? { VPCs: z.vpcs.map((v) => ({ VPCRegion: v.region, VPCId: v.id })) } : {}),
      },
    };
  }
  if (m && method === "DELETE" && m[1] && !m[2]) return deleteZone(account, zoneById(account, m[1]));
  if (m && method === "GET") {
    return {
      action: "ListHostedZones",
      status: 200,
      root: "ListHostedZonesResponse",
      body: { HostedZones: account.state.hostedZones.map(renderZone), IsTruncated: false, MaxItems: "100", Marker: "" },
    };
  }
  if (m && method === "POST" && !m[1]) return createZone(account, body);
  throw new AwsError("InvalidAction", `${method} ${path} is not an action the sandbox's Route 53 implements.`);
}
