/**
 * Route 53 REST-XML: the hosted-zone and record-set calls bgdb's DNS check makes, plus CreateHostedZone so tests
 * and seeds can make a zone. Zone ids are bare on the path (the SDK strips `/hostedzone/`), prefixed in bodies.
 */
import { AwsError } from "../aws-error.js";
import { child, childText, parseXml, type XmlNode, type XmlValue } from "../http/xml.js";
import type { Account } from "../model/account.js";
import { randomString } from "../model/ids.js";
import type { HostedZone } from "../model/state.js";

export const ROUTE53_XMLNS = "https://route53.amazonaws.com/doc/2013-04-01/";
export const ROUTE53_LIST_MEMBERS: Record<string, string> = {
  HostedZones: "HostedZone",
  ResourceRecordSets: "ResourceRecordSet",
  ResourceRecords: "ResourceRecord",
  NameServers: "NameServer",
};

type Obj = { [key: string]: XmlValue };
export interface Route53Result {
  action: string;
  status: number;
  root: string;
  body: Obj;
  headers?: Record<string, string>;
}

const fqdn = (name: string) => (name.endsWith(".") ? name : `${name}.`).toLowerCase();
/** Route 53 orders names by reversed labels (com.example.www). */
const sortKey = (name: string) => fqdn(name).split(".").reverse().join(".");

function zone(account: Account, id: string): HostedZone {
  const bare = id.replace(/^\/?hostedzone\//, "");
  const z = account.state.hostedZones.find((x) => x.id === bare);
  if (!z) throw new AwsError("NoSuchHostedZone", `No hosted zone found with ID: ${bare}`, 404);
  return z;
}

const renderZone = (z: HostedZone): Obj => ({
  Id: `/hostedzone/${z.id}`,
  Name: z.name,
  CallerReference: z.callerReference,
  Config: { PrivateZone: false },
  ResourceRecordSetCount: z.records.length,
});

const changeInfo = (account: Account): Obj => ({
  Id: `/change/C${randomString(13).toUpperCase()}`,
  Status: "INSYNC",
  SubmittedAt: new Date(account.now()),
});

function parseRecordSet(node: XmlNode | undefined): HostedZone["records"][number] {
  const records = child(node, "ResourceRecords")?.children.map((r) => childText(r, "Value") ?? "") ?? [];
  const alias = child(node, "AliasTarget");
  const ttl = childText(node, "TTL");
  const rec: HostedZone["records"][number] = {
    Name: fqdn(childText(node, "Name") ?? ""),
    Type: childText(node, "Type") ?? "",
    Values: records,
  };
  if (ttl) rec.TTL = Number(ttl);
  if (alias)
    rec.AliasTarget = {
      HostedZoneId: childText(alias, "HostedZoneId") ?? "",
      DNSName: childText(alias, "DNSName") ?? "",
    };
  return rec;
}

function changeRecords(z: HostedZone, body: string): void {
  const changes =
    child(child(child(parseXml(body), "ChangeResourceRecordSetsRequest"), "ChangeBatch"), "Changes")?.children ?? [];
  // Validate the whole batch first: Route 53 applies a batch atomically.
  const next = [...z.records];
  for (const c of changes) {
    const action = childText(c, "Action");
    const rec = parseRecordSet(child(c, "ResourceRecordSet"));
    const i = next.findIndex((r) => r.Name === rec.Name && r.Type === rec.Type);
    if (action === "CREATE" && i >= 0) {
      throw new AwsError(
        "InvalidChangeBatch",
        `[Tried to create resource record set [name='${rec.Name}', type='${rec.Type}'] but it already exists]`,
      );
    }
    if (action === "DELETE" && i < 0) {
      throw new AwsError(
        "InvalidChangeBatch",
        `[Tried to delete resource record set [name='${rec.Name}', type='${rec.Type}'] but it was not found]`,
      );
    }
    if (action === "DELETE") next.splice(i, 1);
    else if (i >= 0) next[i] = rec;
    else next.push(rec);
  }
  z.records = next;
}

function renderRecord(r: HostedZone["records"][number]): Obj {
  return {
    Name: r.Name,
    Type: r.Type,
    AliasTarget: r.AliasTarget ? { ...r.AliasTarget, EvaluateTargetHealth: false } : undefined,
    TTL: r.AliasTarget ? undefined : r.TTL,
    ResourceRecords: r.AliasTarget ? undefined : r.Values.map((Value) => ({ Value })),
  };
}

export function route53Request(method: string, url: URL, body: string, account: Account): Route53Result {
  const path = url.pathname.replace(/\/+$/, "");
  const q = url.searchParams;
  const m = /^\/2013-04-01\/hostedzone(?:\/([^/]+)(\/rrset)?)?$/.exec(path);
  if (method === "GET" && path === "/2013-04-01/hostedzonesbyname") {
    const start = q.get("dnsname");
    const zones = account.state.hostedZones
      .filter((z) => !start || sortKey(z.name) >= sortKey(start))
      .sort((a, b) => sortKey(a.name).localeCompare(sortKey(b.name)));
    return {
      action: "ListHostedZonesByName",
      status: 200,
      root: "ListHostedZonesByNameResponse",
      body: {
        HostedZones: zones.map(renderZone),
        DNSName: start ?? undefined,
        IsTruncated: false,
        MaxItems: q.get("maxitems") ?? "100",
      },
    };
  }
  if (m && method === "GET" && m[1] && m[2]) {
    const z = zone(account, m[1]);
    const name = q.get("name");
    const type = q.get("type");
    const records = [...z.records]
      .sort((a, b) => sortKey(a.Name).localeCompare(sortKey(b.Name)) || a.Type.localeCompare(b.Type))
      .filter(
        (r) =>
          !name || sortKey(r.Name) > sortKey(name) || (sortKey(r.Name) === sortKey(name) && (!type || r.Type >= type)),
      );
    return {
      action: "ListResourceRecordSets",
      status: 200,
      root: "ListResourceRecordSetsResponse",
      body: { ResourceRecordSets: records.map(renderRecord), IsTruncated: false, MaxItems: q.get("maxitems") ?? "300" },
    };
  }
  if (m && method === "POST" && m[1] && m[2]) {
    changeRecords(zone(account, m[1]), body);
    return {
      action: "ChangeResourceRecordSets",
      status: 200,
      root: "ChangeResourceRecordSetsResponse",
      body: { ChangeInfo: changeInfo(account) },
    };
  }
  if (m && method === "GET" && m[1]) {
    return {
      action: "GetHostedZone",
      status: 200,
      root: "GetHostedZoneResponse",
      body: { HostedZone: renderZone(zone(account, m[1])) },
    };
  }
  if (m && method === "GET") {
    return {
      action: "ListHostedZones",
      status: 200,
      root: "ListHostedZonesResponse",
      body: { HostedZones: account.state.hostedZones.map(renderZone), IsTruncated: false, MaxItems: "100", Marker: "" },
    };
  }
  if (m && method === "POST") {
    const req = child(parseXml(body), "CreateHostedZoneRequest");
    const name = fqdn(childText(req, "Name") ?? "");
    const ref = childText(req, "CallerReference") ?? "";
    const z: HostedZone = { id: `Z${randomString(13).toUpperCase()}`, name, callerReference: ref, records: [] };
    z.records.push({ Name: name, Type: "NS", TTL: 172800, Values: ["ns-1.sandbox.localhost."] });
    z.records.push({
      Name: name,
      Type: "SOA",
      TTL: 900,
      Values: ["ns-1.sandbox.localhost. hostmaster.sandbox.localhost. 1 7200 900 1209600 86400"],
    });
    account.state.hostedZones.push(z);
    return {
      action: "CreateHostedZone",
      status: 201,
      root: "CreateHostedZoneResponse",
      headers: { location: `https://route53.amazonaws.com/2013-04-01/hostedzone/${z.id}` },
      body: {
        HostedZone: renderZone(z),
        ChangeInfo: changeInfo(account),
        DelegationSet: { NameServers: ["ns-1.sandbox.localhost"] },
      },
    };
  }
  throw new AwsError("InvalidAction", `${method} ${path} is not an action the sandbox's Route 53 implements.`);
}
