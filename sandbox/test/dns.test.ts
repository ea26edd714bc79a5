/**
 * The seeded private zone and CNAMEs through the AWS SDK's Route53Client, the endpoint addresses they point at, and
 * the record-set calls bgdb's DNS adapter makes (paged) or tests use to repoint a name.
 */
import {
  CreateBlueGreenDeploymentCommand,
  DescribeBlueGreenDeploymentsCommand,
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
  SwitchoverBlueGreenDeploymentCommand,
} from "@aws-sdk/client-rds";
import {
  type Change,
  ChangeResourceRecordSetsCommand,
  GetHostedZoneCommand,
  ListHostedZonesByNameCommand,
  ListResourceRecordSetsCommand,
} from "@aws-sdk/client-route-53";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { distinctLoopbackAddresses } from "../src/dataplane/loopback.js";
import { seed, seedCname } from "../src/seed.js";
import { type Harness, MARIADB, PG17, SEEDED_INSTANCES, startHarness } from "./helpers.js";

let h: Harness;
afterEach(() => h.close());

const zoneOf = async () => {
  const zones = await h.route53.send(new ListHostedZonesByNameCommand({ DNSName: "example.internal" }));
  return zones.HostedZones!.find((z) => z.Name === "example.internal.")!;
};

/** name → values of every CNAME in the zone, as ListResourceRecordSets pages them out (two per page). */
async function cnames(zoneId: string): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  let start: { StartRecordName?: string; StartRecordType?: "CNAME" | "NS" | "SOA" } = {};
  for (;;) {
    const page = await h.route53.send(
      new ListResourceRecordSetsCommand({ HostedZoneId: zoneId, MaxItems: 2, ...start }),
    );
    for (const r of page.ResourceRecordSets!) {
      if (r.Type === "CNAME") out[r.Name!] = r.ResourceRecords!.map((v) => v.Value!);
    }
    if (!page.IsTruncated) return out;
    start = { StartRecordName: page.NextRecordName!, StartRecordType: page.NextRecordType as "CNAME" };
  }
}

const instance = async (id: string) =>
  (await h.rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: id }))).DBInstances![0]!;

describe("seeded DNS", () => {
  beforeEach(async () => {
    h = await startHarness();
    seed(h.server.account);
  });

  it("a private zone with a CNAME per source to its endpoint address", async () => {
    const zone = await zoneOf();
    expect(zone.Config?.PrivateZone).toBe(true);
    const zoneId = zone.Id!.replace("/hostedzone/", "");
    const got = await h.route53.send(new GetHostedZoneCommand({ Id: zoneId }));
    expect(got.VPCs).toEqual([{ VPCId: "vpc-sandbox", VPCRegion: "us-east-1" }]);
    const pg = (await instance("pg16-source")).Endpoint!;
    const my = (await instance("mysql80-source")).Endpoint!;
    const aurora = (await h.rds.send(new DescribeDBClustersCommand({ DBClusterIdentifier: "aurora-pg-source" })))
      .DBClusters![0]!.Endpoint!;
    // mariadb-source is seeded, and so named, where MariaDB is installed.
    const mariadb = MARIADB
      ? { "mariadb-source.db.example.internal.": [(await instance("mariadb-source")).Endpoint!.Address] }
      : {};
    expect(await cnames(zoneId)).toEqual({
      "pg16-source.db.example.internal.": [pg.Address],
      ...mariadb,
      "mysql80-source.db.example.internal.": [my.Address],
      "aurora-pg-source.db.example.internal.": [aurora],
    });
  });

  it("gives each endpoint its own loopback address where 127.0.0.0/8 is loopback (Linux)", async () => {
    const distinct = await distinctLoopbackAddresses();
    if (process.platform === "linux") expect(distinct).toBe(true);
    const all = (await h.rds.send(new DescribeDBInstancesCommand({}))).DBInstances!.map((i) => i.Endpoint!.Address!);
    expect(all).toHaveLength(SEEDED_INSTANCES.length);
    for (const a of all) expect(a).toMatch(/^127\.0\.\d{1,3}\.\d{1,3}$/);
    expect(new Set(all).size).toBe(distinct ? SEEDED_INSTANCES.length : 1);
    if (distinct) expect(all).not.toContain("127.0.0.1");
  });

  it("seeding again changes nothing, and leaves a repointed CNAME alone", async () => {
    const zoneId = (await zoneOf()).Id!;
    await h.route53.send(
      new ChangeResourceRecordSetsCommand({
        HostedZoneId: zoneId,
        ChangeBatch: {
          Changes: [
            {
              Action: "UPSERT",
              ResourceRecordSet: {
                Name: seedCname("mysql80-source"),
                Type: "CNAME",
                TTL: 5,
                ResourceRecords: [{ Value: "somewhere.else" }],
              },
            },
          ],
        },
      }),
    );
    const before = JSON.stringify(h.server.account.state);
    const again = seed(h.server.account);
    expect(again.created).toEqual([]);
    expect(again.dns.created).toEqual([]);
    // One CNAME per source: every seeded instance but the Aurora member, plus the Aurora cluster.
    expect(again.dns.existing).toHaveLength(SEEDED_INSTANCES.length);
    expect(JSON.stringify(h.server.account.state)).toBe(before);
  });

  it("after a switchover the production CNAME still names production's endpoint; a CNAME can be repointed", async () => {
    const zoneId = (await zoneOf()).Id!.replace("/hostedzone/", "");
    const prodBefore = (await instance("pg16-source")).Endpoint!;
    const id = (
      await h.rds.send(
        new CreateBlueGreenDeploymentCommand({
          BlueGreenDeploymentName: "dns",
          Source: "arn:aws:rds:us-east-1:000000000000:db:pg16-source",
          TargetEngineVersion: PG17,
        }),
      )
    ).BlueGreenDeployment!.BlueGreenDeploymentIdentifier!;
    h.clock.advance(10_000);
    const greenName = (await h.rds.send(new DescribeBlueGreenDeploymentsCommand({ BlueGreenDeploymentIdentifier: id })))
      .BlueGreenDeployments![0]!.Target!.split(":")
      .pop()!;
    const green = (await instance(greenName)).Endpoint!;
    // A name of the operator's own, pointed at green for testing (UPSERT), then removed again (exact DELETE).
    const testName: Change = {
      Action: "UPSERT",
      ResourceRecordSet: {
        Name: "green-test.db.example.internal",
        Type: "CNAME",
        TTL: 5,
        ResourceRecords: [{ Value: green.Address }],
      },
    };
    await h.route53.send(
      new ChangeResourceRecordSetsCommand({ HostedZoneId: zoneId, ChangeBatch: { Changes: [testName] } }),
    );
    expect((await cnames(zoneId))["green-test.db.example.internal."]).toEqual([green.Address]);
    const wrongDelete = await h.route53
      .send(
        new ChangeResourceRecordSetsCommand({
          HostedZoneId: zoneId,
          ChangeBatch: {
            Changes: [
              {
                ...testName,
                Action: "DELETE",
                ResourceRecordSet: { ...testName.ResourceRecordSet!, ResourceRecords: [{ Value: "other" }] },
              },
            ],
          },
        }),
      )
      .catch((e) => e);
    expect(wrongDelete.name).toBe("InvalidChangeBatch");
    await h.route53.send(
      new ChangeResourceRecordSetsCommand({
        HostedZoneId: zoneId,
        ChangeBatch: { Changes: [{ ...testName, Action: "DELETE" }] },
      }),
    );
    const dup = await h.route53
      .send(
        new ChangeResourceRecordSetsCommand({
          HostedZoneId: zoneId,
          ChangeBatch: {
            Changes: [
              {
                Action: "CREATE",
                ResourceRecordSet: { ...testName.ResourceRecordSet!, Name: seedCname("pg16-source") },
              },
            ],
          },
        }),
      )
      .catch((e) => e);
    expect(dup.name).toBe("InvalidChangeBatch");

    await h.rds.send(new SwitchoverBlueGreenDeploymentCommand({ BlueGreenDeploymentIdentifier: id }));
    h.clock.advance(5000);
    const prodAfter = (await instance("pg16-source")).Endpoint!;
    const old = (await instance("pg16-source-old1")).Endpoint!;
    // The production name kept its endpoint (now serving green), so its CNAME needed no change.
    expect(prodAfter).toEqual(prodBefore);
    expect(old).toEqual(green);
    const after = await cnames(zoneId);
    expect(after[seedCname("pg16-source")]).toEqual([prodAfter.Address]);
    expect(after["green-test.db.example.internal."]).toBeUndefined();
  });
});

describe("without distinct loopback addresses (macOS without lo0 aliases)", () => {
  it("every endpoint, and so every CNAME, is 127.0.0.1; ports tell them apart", async () => {
    h = await startHarness({ distinctAddresses: false });
    seed(h.server.account);
    const endpoints = (await h.rds.send(new DescribeDBInstancesCommand({}))).DBInstances!.map((i) => i.Endpoint!);
    expect(new Set(endpoints.map((e) => e.Address))).toEqual(new Set(["127.0.0.1"]));
    expect(new Set(endpoints.map((e) => e.Port)).size).toBe(SEEDED_INSTANCES.length);
    const values = Object.values(await cnames((await zoneOf()).Id!)).flat();
    expect(values).toEqual(SEEDED_INSTANCES.map(() => "127.0.0.1"));
  });
});

describe("Route 53 paging, as bgdb's DNS adapter follows it", () => {
  it("ListHostedZonesByName pages with NextDNSName / NextHostedZoneId", async () => {
    h = await startHarness();
    seed(h.server.account);
    const { CreateHostedZoneCommand } = await import("@aws-sdk/client-route-53");
    for (const n of ["a.test", "b.test", "c.test"]) {
      await h.route53.send(new CreateHostedZoneCommand({ Name: n, CallerReference: n }));
    }
    const names: string[] = [];
    let next: { DNSName?: string; HostedZoneId?: string } = {};
    for (;;) {
      const page = await h.route53.send(new ListHostedZonesByNameCommand({ MaxItems: 1, ...next }));
      names.push(...page.HostedZones!.map((z) => z.Name!));
      if (!page.IsTruncated) break;
      next = { DNSName: page.NextDNSName!, HostedZoneId: page.NextHostedZoneId! };
    }
    // Route 53's order: by reversed labels (internal.example before test.a).
    expect(names).toEqual(["example.internal.", "a.test.", "b.test.", "c.test."]);
  });
});
