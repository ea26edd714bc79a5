import { ListHostedZonesByNameCommand, ListResourceRecordSetsCommand, Route53Client } from "@aws-sdk/client-route-53";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { makeAdapters } from "./helpers.js";

const r53 = mockClient(Route53Client);
beforeEach(() => {
  r53.reset();
  // Default: no zone has the asked name (Route 53 answers with the zones that sort after it).
  r53
    .on(ListHostedZonesByNameCommand)
    .resolves({ HostedZones: [{ Id: "/hostedzone/ZOTHER", Name: "zzz.org.", CallerReference: "c" }] });
});

const zone = (id: string, name: string, privateZone = false) => ({
  Id: `/hostedzone/${id}`,
  Name: name,
  CallerReference: id,
  Config: { PrivateZone: privateZone },
});

const zonesQueried = () => r53.commandCalls(ListHostedZonesByNameCommand).map((c) => c.args[0].input);
const recordQueries = () => r53.commandCalls(ListResourceRecordSetsCommand).map((c) => c.args[0].input);

describe("Dns.lookup", () => {
  it("finds the most specific zone by trying suffixes, then prefers the CNAME", async () => {
    r53.on(ListHostedZonesByNameCommand, { DNSName: "prod.example.com" }).resolves({
      HostedZones: [zone("ZPROD", "prod.example.com.")],
    });
    r53.on(ListResourceRecordSetsCommand).resolves({
      ResourceRecordSets: [
        { Name: "db.prod.example.com.", Type: "TXT", TTL: 60, ResourceRecords: [{ Value: '"x"' }] },
        {
          Name: "db.prod.example.com.",
          Type: "CNAME",
          TTL: 5,
          ResourceRecords: [{ Value: "Orders-Prod.c9.eu-west-1.rds.amazonaws.com." }],
        },
        { Name: "db2.prod.example.com.", Type: "CNAME", ResourceRecords: [{ Value: "other." }] },
      ],
    });
    const record = await makeAdapters().dns.lookup("DB.Prod.Example.com.");
    expect(record).toEqual({
      name: "db.prod.example.com",
      type: "CNAME",
      values: ["orders-prod.c9.eu-west-1.rds.amazonaws.com"],
      ttl: 5,
      hostedZoneId: "ZPROD",
    });
    expect(zonesQueried()).toEqual([
      { DNSName: "db.prod.example.com", MaxItems: 100 },
      { DNSName: "prod.example.com", MaxItems: 100 },
    ]);
    expect(recordQueries()).toEqual([{ HostedZoneId: "ZPROD", StartRecordName: "db.prod.example.com" }]);
  });

  it("falls back to an A alias, reading the alias target", async () => {
    r53.on(ListHostedZonesByNameCommand, { DNSName: "example.com" }).resolves({
      HostedZones: [zone("ZEX", "example.com.")],
    });
    r53.on(ListResourceRecordSetsCommand).resolves({
      ResourceRecordSets: [
        {
          Name: "db.example.com.",
          Type: "A",
          AliasTarget: {
            DNSName: "orders.cluster-c9.rds.amazonaws.com.",
            HostedZoneId: "Z1",
            EvaluateTargetHealth: false,
          },
        },
      ],
    });
    expect(await makeAdapters().dns.lookup("db.example.com")).toEqual({
      name: "db.example.com",
      type: "A",
      values: [],
      aliasTarget: "orders.cluster-c9.rds.amazonaws.com",
      hostedZoneId: "ZEX",
    });
  });

  it("follows ListResourceRecordSets pages while they stay on the name", async () => {
    r53
      .on(ListHostedZonesByNameCommand, { DNSName: "example.com" })
      .resolves({ HostedZones: [zone("ZEX", "example.com.")] });
    r53
      .on(ListResourceRecordSetsCommand)
      .resolvesOnce({
        ResourceRecordSets: [{ Name: "db.example.com.", Type: "A", TTL: 60, ResourceRecords: [{ Value: "10.0.0.1" }] }],
        IsTruncated: true,
        NextRecordName: "db.example.com.",
        NextRecordType: "AAAA",
        MaxItems: 1,
      })
      .resolvesOnce({
        ResourceRecordSets: [
          {
            Name: "db.example.com.",
            Type: "AAAA",
            AliasTarget: { DNSName: "dualstack.x.", HostedZoneId: "Z2", EvaluateTargetHealth: false },
          },
        ],
        IsTruncated: true,
        NextRecordName: "dc.example.com.",
        NextRecordType: "A",
        MaxItems: 1,
      });
    const record = await makeAdapters().dns.lookup("db.example.com");
    // The AAAA alias (page 2) beats the plain A record (page 1).
    expect(record).toMatchObject({ type: "AAAA", aliasTarget: "dualstack.x" });
    expect(recordQueries()).toEqual([
      { HostedZoneId: "ZEX", StartRecordName: "db.example.com" },
      { HostedZoneId: "ZEX", StartRecordName: "db.example.com.", StartRecordType: "AAAA" },
    ]);
  });

  it("pages through zones sharing a name (public and private) and checks each", async () => {
    r53
      .on(ListHostedZonesByNameCommand, { DNSName: "example.com" })
      .resolves({
        HostedZones: [zone("ZPUB", "example.com.")],
        IsTruncated: true,
        NextDNSName: "example.com.",
        NextHostedZoneId: "ZPRIV",
      })
      .on(ListHostedZonesByNameCommand, { DNSName: "example.com.", HostedZoneId: "ZPRIV" })
      .resolves({ HostedZones: [zone("ZPRIV", "example.com.", true)] });
    r53
      .on(ListResourceRecordSetsCommand, { HostedZoneId: "ZPUB" })
      .resolves({ ResourceRecordSets: [] })
      .on(ListResourceRecordSetsCommand, { HostedZoneId: "ZPRIV" })
      .resolves({
        ResourceRecordSets: [{ Name: "db.example.com.", Type: "CNAME", ResourceRecords: [{ Value: "in.vpc." }] }],
      });
    const record = await makeAdapters().dns.lookup("db.example.com");
    expect(record).toMatchObject({ hostedZoneId: "ZPRIV", values: ["in.vpc"] });
    expect(zonesQueried()).toEqual([
      { DNSName: "db.example.com", MaxItems: 100 },
      { DNSName: "example.com", MaxItems: 100 },
      { DNSName: "example.com.", HostedZoneId: "ZPRIV", MaxItems: 100 },
    ]);
  });

  it("returns undefined when no zone contains the name", async () => {
    expect(await makeAdapters().dns.lookup("db.nowhere.test")).toBeUndefined();
    expect(zonesQueried().map((i) => i.DNSName)).toEqual(["db.nowhere.test", "nowhere.test", "test"]);
    expect(recordQueries()).toEqual([]);
  });

  it("returns undefined when the zone has no usable record for the name, without asking parent zones", async () => {
    r53
      .on(ListHostedZonesByNameCommand, { DNSName: "prod.example.com" })
      .resolves({ HostedZones: [zone("ZP", "prod.example.com.")] });
    r53.on(ListResourceRecordSetsCommand).resolves({
      ResourceRecordSets: [{ Name: "db.prod.example.com.", Type: "TXT", ResourceRecords: [{ Value: '"v"' }] }],
    });
    expect(await makeAdapters().dns.lookup("db.prod.example.com")).toBeUndefined();
    expect(zonesQueried().map((i) => i.DNSName)).toEqual(["db.prod.example.com", "prod.example.com"]);
  });
});
