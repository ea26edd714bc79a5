/**
 * Route 53 hosted zones and their record sets, with Route 53's rules: zones are named by FQDN, a change batch is
 * validated whole and applied atomically, DELETE must name the record exactly. The REST-XML layer
 * (protocols/route53.ts) and the seed both change DNS only through here.
 */
import { AwsError, invalidInput } from "../aws-error.js";
import type { Account } from "./account.js";
import { randomString } from "./ids.js";
import type { HostedZone, RecordSet } from "./state.js";

export const fqdn = (name: string) => (name.endsWith(".") ? name : `${name}.`).toLowerCase();
/** Route 53 orders names by reversed labels (com.example.www). */
export const sortKey = (name: string) => fqdn(name).split(".").reverse().join(".");

const RECORD_TYPES = [
  "A",
  "AAAA",
  "CAA",
  "CNAME",
  "DS",
  "HTTPS",
  "MX",
  "NAPTR",
  "NS",
  "PTR",
  "SOA",
  "SPF",
  "SRV",
  "SSHFP",
  "SVCB",
  "TLSA",
  "TXT",
];
export const isRecordType = (type: string) => RECORD_TYPES.includes(type);

const invalidBatch = (message: string) => new AwsError("InvalidChangeBatch", message);

/** A DNS name Route 53 takes: labels of 1–63 letters, digits, `-`, `_` (or a leading `*`), 255 characters in all. */
export function isDomainName(name: string): boolean {
  const labels = fqdn(name).slice(0, -1).split(".");
  return (
    fqdn(name).length <= 255 &&
    labels.every((l, i) => /^[a-z0-9_-]{1,63}$/.test(l) || (i === 0 && l === "*")) &&
    labels.join("") !== ""
  );
}

export function zoneById(account: Account, id: string): HostedZone {
  const bare = id.replace(/^\/?hostedzone\//, "");
  const z = account.state.hostedZones.find((x) => x.id === bare);
  if (!z) throw new AwsError("NoSuchHostedZone", `No hosted zone found with ID: ${bare}`, 404);
  return z;
}

export interface CreateZoneInput {
  name: string;
  callerReference: string;
  /** Makes a private zone (Route 53 decides private by the VPC given at creation). */
  vpc?: { id: string; region: string };
}

export function createHostedZone(account: Account, input: CreateZoneInput): HostedZone {
  if (!isDomainName(input.name)) throw new AwsError("InvalidDomainName", `${input.name} is not a valid domain name.`);
  if (account.state.hostedZones.some((z) => z.callerReference === input.callerReference)) {
    throw new AwsError(
      "HostedZoneAlreadyExists",
      `A hosted zone has already been created with the specified caller reference ${input.callerReference}.`,
      409,
    );
  }
  const name = fqdn(input.name);
  const z: HostedZone = {
    id: `Z${randomString(13).toUpperCase()}`,
    name,
    callerReference: input.callerReference,
    records: [],
  };
  if (input.vpc) z.vpcs = [input.vpc];
  z.records.push({ Name: name, Type: "NS", TTL: 172800, Values: ["ns-1.sandbox.localhost."] });
  z.records.push({
    Name: name,
    Type: "SOA",
    TTL: 900,
    Values: ["ns-1.sandbox.localhost. hostmaster.sandbox.localhost. 1 7200 900 1209600 86400"],
  });
  account.state.hostedZones.push(z);
  return z;
}

export interface RecordChange {
  action: string;
  record: RecordSet;
}

const describe = (r: RecordSet) => `[name='${r.Name}', type='${r.Type}']`;
const sameValues = (a: RecordSet, b: RecordSet) =>
  a.TTL === b.TTL &&
  JSON.stringify([...a.Values].sort()) === JSON.stringify([...b.Values].sort()) &&
  JSON.stringify(a.AliasTarget ?? null) === JSON.stringify(b.AliasTarget ?? null);

/** The checks Route 53 makes on one change before looking at the zone's records. */
function checkChange(z: HostedZone, { action, record: r }: RecordChange): void {
  if (!["CREATE", "DELETE", "UPSERT"].includes(action)) {
    throw invalidInput(`Invalid request: Action ${action || "(none)"} is not one of CREATE, DELETE, UPSERT`);
  }
  if (!r.Name || !isDomainName(r.Name))
    throw invalidInput(`Invalid request: ${r.Name || "(no name)"} is not a DNS name`);
  if (!isRecordType(r.Type)) throw invalidInput(`Invalid request: ${r.Type || "(no type)"} is not a record type`);
  const plain = r.TTL !== undefined && r.Values.length > 0;
  if (plain === !!r.AliasTarget) {
    throw invalidInput(
      `Invalid request: Expected exactly one of [AliasTarget, all of [TTL, and ResourceRecords], or TrafficPolicyInstanceId], but found ${plain ? "more than one" : "none"} in Change with [Action=${action}, Name=${r.Name}, Type=${r.Type}, SetIdentifier=null]`,
    );
  }
  if (r.TTL !== undefined && !(Number.isInteger(r.TTL) && r.TTL >= 0 && r.TTL <= 2147483647)) {
    throw invalidInput(`Invalid request: TTL ${r.TTL} is not a number of seconds from 0 to 2147483647`);
  }
  if (r.Name !== z.name && !r.Name.endsWith(`.${z.name}`)) {
    throw invalidBatch(`[RRSet with DNS name ${r.Name} is not permitted in zone ${z.name}]`);
  }
  if (r.Type === "CNAME" && r.Name === z.name) {
    throw invalidBatch(`[RRSet of type CNAME with DNS name ${r.Name} is not permitted at apex in zone ${z.name}]`);
  }
  if (r.Type === "CNAME" && r.Values.length > 1) {
    throw invalidBatch(`[RRSet of type CNAME with DNS name ${r.Name} has more than one value]`);
  }
  if (
    r.Type === "A" &&
    !r.AliasTarget &&
    !r.Values.every((v) => /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/.test(v))
  ) {
    throw invalidBatch(
      `[Invalid Resource Record: 'FATAL problem: ARRDATAIllegalIPv4Address encountered with '${r.Values.join(",")}'']`,
    );
  }
}

/** Validates the whole batch, then applies it in order (a DELETE then CREATE of one name replaces it), or nothing. */
export function changeRecordSets(z: HostedZone, changes: RecordChange[]): void {
  if (changes.length === 0) throw invalidInput("Invalid request: the change batch holds no Change");
  if (changes.length > 100) throw invalidInput("Invalid request: a change batch holds at most 100 changes");
  const next = [...z.records];
  for (const change of changes) {
    checkChange(z, change);
    const rec = change.record;
    const i = next.findIndex((r) => r.Name === rec.Name && r.Type === rec.Type);
    if (change.action === "CREATE" && i >= 0) {
      throw invalidBatch(`[Tried to create resource record set ${describe(rec)} but it already exists]`);
    }
    if (change.action === "DELETE" && i < 0) {
      throw invalidBatch(`[Tried to delete resource record set ${describe(rec)} but it was not found]`);
    }
    if (change.action === "DELETE" && !sameValues(next[i]!, rec)) {
      throw invalidBatch(
        `[Tried to delete resource record set ${describe(rec)} but the values provided do not match the current values]`,
      );
    }
    if (change.action === "DELETE") next.splice(i, 1);
    else if (i >= 0) next[i] = rec;
    else next.push(rec);
  }
  for (const cname of next.filter((r) => r.Type === "CNAME")) {
    if (next.some((r) => r.Name === cname.Name && r.Type !== "CNAME")) {
      throw invalidBatch(
        `[RRSet of type CNAME with DNS name ${cname.Name} is not permitted as it conflicts with other records with the same DNS name in zone ${z.name}]`,
      );
    }
  }
  z.records = next;
}
