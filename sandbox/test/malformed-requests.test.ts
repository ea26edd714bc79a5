/**
 * Malformed and invalid requests, sent with plain fetch (the sandbox accepts any credentials, so nothing is signed):
 * each gets the 4xx error AWS would send, in the service's own error shape, never a 2xx or a 500.
 */
import { GetMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import { CreateHostedZoneCommand } from "@aws-sdk/client-route-53";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seed } from "../src/seed.js";
import { type Harness, startHarness } from "./helpers.js";

let h: Harness;
let zoneId: string;

beforeAll(async () => {
  h = await startHarness();
  seed(h.server.account);
  const z = await h.route53.send(new CreateHostedZoneCommand({ Name: "edges.test", CallerReference: "edges" }));
  zoneId = z.HostedZone!.Id!.replace("/hostedzone/", "");
});
afterAll(() => h.close());

interface Sent {
  status: number;
  code: string | undefined;
  body: string;
  headers: Headers;
}

const scope = (service: string) =>
  `AWS4-HMAC-SHA256 Credential=x/20261126/us-east-1/${service}/aws4_request, SignedHeaders=host, Signature=0`;
const VERSION: Record<string, string> = { rds: "2014-10-31", monitoring: "2010-08-01", sts: "2011-06-15" };

async function send(init: RequestInit & { path?: string }): Promise<Sent> {
  const res = await fetch(`${h.server.url}${init.path ?? "/"}`, init);
  const body = await res.text();
  const code = res.headers.get("content-type")?.includes("json")
    ? (JSON.parse(body) as { __type?: string }).__type
    : /<Code>([^<]*)<\/Code>/.exec(body)?.[1];
  return { status: res.status, code, body, headers: res.headers };
}

/** awsQuery: a form body with Action and Version, routed by the credential scope as the SDKs sign it. */
const query = (service: "rds" | "monitoring" | "sts", params: Record<string, string>) => () =>
  send({
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", authorization: scope(service) },
    body: new URLSearchParams({ Version: VERSION[service]!, ...params }).toString(),
  });

/** CloudWatch JSON 1.0 (query-compatible), as the JS SDK sends it; `body` is sent verbatim. */
const cwJson =
  (body: string, operation = "GetMetricData") =>
  () =>
    send({
      method: "POST",
      headers: {
        "content-type": "application/x-amz-json-1.0",
        "x-amz-target": `GraniteServiceVersion20100801.${operation}`,
        authorization: scope("monitoring"),
      },
      body,
    });

const route53 = (method: string, path: () => string, body?: string) => () =>
  send({
    method,
    path: `/2013-04-01/${path()}`,
    headers: { authorization: scope("route53"), ...(body ? { "content-type": "application/xml" } : {}) },
    ...(body ? { body } : {}),
  });

const CREATE_PG = {
  Action: "CreateDBInstance",
  DBInstanceIdentifier: "edge-db",
  DBInstanceClass: "db.t4g.micro",
  Engine: "postgres",
};
const metricQuery = (over: Record<string, string> = {}) => ({
  Action: "GetMetricData",
  StartTime: "2026-11-26T00:00:00Z",
  EndTime: "2026-11-26T01:00:00Z",
  "MetricDataQueries.member.1.Id": "m0",
  "MetricDataQueries.member.1.MetricStat.Metric.Namespace": "AWS/RDS",
  "MetricDataQueries.member.1.MetricStat.Metric.MetricName": "ReplicaLag",
  "MetricDataQueries.member.1.MetricStat.Period": "60",
  "MetricDataQueries.member.1.MetricStat.Stat": "Maximum",
  ...over,
});
const metricJson = (stat: Record<string, unknown> = {}, top: Record<string, unknown> = {}) =>
  JSON.stringify({
    StartTime: 1795000000,
    EndTime: 1795003600,
    MetricDataQueries: [
      {
        Id: "m0",
        MetricStat: {
          Metric: { Namespace: "AWS/RDS", MetricName: "ReplicaLag" },
          Period: 60,
          Stat: "Maximum",
          ...stat,
        },
      },
    ],
    ...top,
  });
const rrset = (change: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><ChangeResourceRecordSetsRequest xmlns="https://route53.amazonaws.com/doc/2013-04-01/"><ChangeBatch><Changes><Change>${change}</Change></Changes></ChangeBatch></ChangeResourceRecordSetsRequest>`;
const zonePath = () => `hostedzone/${zoneId}/rrset`;

const CASES: [string, () => Promise<Sent>, number, string][] = [
  // RDS (awsQuery)
  ["RDS: unknown action", query("rds", { Action: "RebootDBShard" }), 400, "InvalidAction"],
  ["RDS: no Action at all", query("rds", {}), 400, "MissingAction"],
  [
    "RDS: AllocatedStorage 0",
    query("rds", { ...CREATE_PG, AllocatedStorage: "0" }),
    400,
    "InvalidParameterCombination",
  ],
  [
    "RDS: AllocatedStorage -5",
    query("rds", { ...CREATE_PG, AllocatedStorage: "-5" }),
    400,
    "InvalidParameterCombination",
  ],
  [
    "RDS: AllocatedStorage not a number",
    query("rds", { ...CREATE_PG, AllocatedStorage: "lots" }),
    400,
    "InvalidParameterValue",
  ],
  ["RDS: unknown StorageType", query("rds", { ...CREATE_PG, StorageType: "floppy" }), 400, "InvalidParameterValue"],
  [
    "RDS: BackupRetentionPeriod 36",
    query("rds", { ...CREATE_PG, BackupRetentionPeriod: "36" }),
    400,
    "InvalidParameterValue",
  ],
  ["RDS: unknown engine", query("rds", { ...CREATE_PG, Engine: "oracle-xx" }), 400, "InvalidParameterValue"],
  [
    "RDS: CreateDBInstance without DBInstanceClass",
    query("rds", { ...CREATE_PG, DBInstanceClass: "" }),
    400,
    "MissingParameter",
  ],
  [
    "RDS: CreateDBInstance without identifier",
    query("rds", { ...CREATE_PG, DBInstanceIdentifier: "" }),
    400,
    "MissingParameter",
  ],
  [
    "RDS: identifier starting with a digit",
    query("rds", { ...CREATE_PG, DBInstanceIdentifier: "1db" }),
    400,
    "InvalidParameterValue",
  ],
  [
    "RDS: DescribeDBInstances with a malformed identifier",
    query("rds", { Action: "DescribeDBInstances", DBInstanceIdentifier: "bad--id" }),
    400,
    "InvalidParameterValue",
  ],
  [
    "RDS: MaxRecords 19",
    query("rds", { Action: "DescribeDBInstances", MaxRecords: "19" }),
    400,
    "InvalidParameterValue",
  ],
  [
    "RDS: MaxRecords 101",
    query("rds", { Action: "DescribeDBInstances", MaxRecords: "101" }),
    400,
    "InvalidParameterValue",
  ],
  [
    "RDS: MaxRecords not a number",
    query("rds", { Action: "DescribeDBInstances", MaxRecords: "many" }),
    400,
    "InvalidParameterValue",
  ],
  [
    "RDS: garbage Marker",
    query("rds", { Action: "DescribeBlueGreenDeployments", Marker: "%%%" }),
    400,
    "InvalidParameterValue",
  ],
  [
    "RDS: a boolean that is neither true nor false",
    query("rds", { Action: "ModifyDBInstance", DBInstanceIdentifier: "pg16-source", DeletionProtection: "maybe" }),
    400,
    "InvalidParameterValue",
  ],
  [
    "RDS: CreateBlueGreenDeployment without Source",
    query("rds", { Action: "CreateBlueGreenDeployment", BlueGreenDeploymentName: "x" }),
    400,
    "MissingParameter",
  ],
  [
    "RDS: switchover without an identifier",
    query("rds", { Action: "SwitchoverBlueGreenDeployment" }),
    400,
    "MissingParameter",
  ],
  // STS (awsQuery)
  ["STS: unknown action", query("sts", { Action: "AssumeEverything" }), 400, "InvalidAction"],
  // CloudWatch (awsQuery)
  ["CloudWatch query: unknown action", query("monitoring", { Action: "FrobnicateMetrics" }), 400, "InvalidAction"],
  [
    "CloudWatch query: Period 7",
    query("monitoring", metricQuery({ "MetricDataQueries.member.1.MetricStat.Period": "7" })),
    400,
    "InvalidParameterValue",
  ],
  [
    "CloudWatch query: Period 90 (not a multiple of 60)",
    query("monitoring", metricQuery({ "MetricDataQueries.member.1.MetricStat.Period": "90" })),
    400,
    "InvalidParameterValue",
  ],
  [
    "CloudWatch query: Period not a number",
    query("monitoring", metricQuery({ "MetricDataQueries.member.1.MetricStat.Period": "hourly" })),
    400,
    "InvalidParameterValue",
  ],
  ["CloudWatch query: no StartTime", query("monitoring", metricQuery({ StartTime: "" })), 400, "MissingParameter"],
  [
    "CloudWatch query: an Id starting with a capital",
    query("monitoring", metricQuery({ "MetricDataQueries.member.1.Id": "Lag" })),
    400,
    "InvalidParameterValue",
  ],
  [
    "CloudWatch query: unknown Stat",
    query("monitoring", metricQuery({ "MetricDataQueries.member.1.MetricStat.Stat": "Median" })),
    400,
    "InvalidParameterValue",
  ],
  // CloudWatch (JSON 1.0)
  ["CloudWatch JSON: body is not JSON", cwJson("{not json"), 400, "SerializationException"],
  ["CloudWatch JSON: body is an array", cwJson("[]"), 400, "SerializationException"],
  ["CloudWatch JSON: MetricDataQueries a string", cwJson('{"MetricDataQueries":"m0"}'), 400, "SerializationException"],
  ["CloudWatch JSON: Period a string", cwJson(metricJson({ Period: "60" })), 400, "SerializationException"],
  ["CloudWatch JSON: Period 7", cwJson(metricJson({ Period: 7 })), 400, "InvalidParameterValueException"],
  ["CloudWatch JSON: Period 0", cwJson(metricJson({ Period: 0 })), 400, "InvalidParameterValueException"],
  [
    "CloudWatch JSON: no EndTime",
    cwJson(metricJson({}, { EndTime: undefined })),
    400,
    "MissingRequiredParameterException",
  ],
  ["CloudWatch JSON: no Stat", cwJson(metricJson({ Stat: undefined })), 400, "MissingRequiredParameterException"],
  [
    "CloudWatch JSON: StartTime after EndTime",
    cwJson(metricJson({}, { StartTime: 1795003600, EndTime: 1795000000 })),
    400,
    "InvalidParameterValueException",
  ],
  ["CloudWatch JSON: unknown operation", cwJson("{}", "Frobnicate"), 400, "UnknownOperationException"],
  // Route 53 (REST-XML)
  [
    "Route 53: CreateHostedZone with garbage",
    route53("POST", () => "hostedzone", "this is not xml"),
    400,
    "InvalidInput",
  ],
  [
    "Route 53: CreateHostedZone with an unclosed element",
    route53("POST", () => "hostedzone", "<CreateHostedZoneRequest><Name>x.test</Name><CallerReference>r"),
    400,
    "InvalidInput",
  ],
  [
    "Route 53: CreateHostedZone with mismatched tags",
    route53(
      "POST",
      () => "hostedzone",
      "<CreateHostedZoneRequest><Name>x.test</CallerReference></CreateHostedZoneRequest>",
    ),
    400,
    "InvalidInput",
  ],
  [
    "Route 53: CreateHostedZone with the wrong root element",
    route53(
      "POST",
      () => "hostedzone",
      "<CreateZone><Name>x.test</Name><CallerReference>r</CallerReference></CreateZone>",
    ),
    400,
    "InvalidInput",
  ],
  [
    "Route 53: CreateHostedZone without CallerReference",
    route53("POST", () => "hostedzone", "<CreateHostedZoneRequest><Name>x.test</Name></CreateHostedZoneRequest>"),
    400,
    "InvalidInput",
  ],
  [
    "Route 53: CreateHostedZone with an invalid name",
    route53(
      "POST",
      () => "hostedzone",
      "<CreateHostedZoneRequest><Name>not a name!</Name><CallerReference>r2</CallerReference></CreateHostedZoneRequest>",
    ),
    400,
    "InvalidDomainName",
  ],
  [
    "Route 53: CreateHostedZone reusing a CallerReference",
    route53(
      "POST",
      () => "hostedzone",
      "<CreateHostedZoneRequest><Name>other.test</Name><CallerReference>edges</CallerReference></CreateHostedZoneRequest>",
    ),
    409,
    "HostedZoneAlreadyExists",
  ],
  ["Route 53: ChangeResourceRecordSets with garbage", route53("POST", zonePath, "<<<>>>"), 400, "InvalidInput"],
  [
    "Route 53: ChangeResourceRecordSets without a ChangeBatch",
    route53("POST", zonePath, "<ChangeResourceRecordSetsRequest></ChangeResourceRecordSetsRequest>"),
    400,
    "InvalidInput",
  ],
  [
    "Route 53: an unknown change Action",
    route53(
      "POST",
      zonePath,
      rrset(
        "<Action>REPLACE</Action><ResourceRecordSet><Name>a.edges.test</Name><Type>CNAME</Type><TTL>5</TTL><ResourceRecords><ResourceRecord><Value>x</Value></ResourceRecord></ResourceRecords></ResourceRecordSet>",
      ),
    ),
    400,
    "InvalidInput",
  ],
  [
    "Route 53: a CNAME without TTL",
    route53(
      "POST",
      zonePath,
      rrset(
        "<Action>UPSERT</Action><ResourceRecordSet><Name>a.edges.test</Name><Type>CNAME</Type><ResourceRecords><ResourceRecord><Value>x</Value></ResourceRecord></ResourceRecords></ResourceRecordSet>",
      ),
    ),
    400,
    "InvalidInput",
  ],
  [
    "Route 53: an unknown record type",
    route53(
      "POST",
      zonePath,
      rrset(
        "<Action>UPSERT</Action><ResourceRecordSet><Name>a.edges.test</Name><Type>WAT</Type><TTL>5</TTL><ResourceRecords><ResourceRecord><Value>x</Value></ResourceRecord></ResourceRecords></ResourceRecordSet>",
      ),
    ),
    400,
    "InvalidInput",
  ],
  [
    "Route 53: a record outside the zone",
    route53(
      "POST",
      zonePath,
      rrset(
        "<Action>UPSERT</Action><ResourceRecordSet><Name>a.elsewhere.test</Name><Type>CNAME</Type><TTL>5</TTL><ResourceRecords><ResourceRecord><Value>x</Value></ResourceRecord></ResourceRecords></ResourceRecordSet>",
      ),
    ),
    400,
    "InvalidChangeBatch",
  ],
  [
    "Route 53: DELETE of a record that does not exist",
    route53(
      "POST",
      zonePath,
      rrset(
        "<Action>DELETE</Action><ResourceRecordSet><Name>gone.edges.test</Name><Type>CNAME</Type><TTL>5</TTL><ResourceRecords><ResourceRecord><Value>x</Value></ResourceRecord></ResourceRecords></ResourceRecordSet>",
      ),
    ),
    400,
    "InvalidChangeBatch",
  ],
  ["Route 53: rrset type without name", route53("GET", () => `${zonePath()}?type=CNAME`), 400, "InvalidInput"],
  ["Route 53: maxitems 0", route53("GET", () => `${zonePath()}?maxitems=0`), 400, "InvalidInput"],
  [
    "Route 53: hostedzoneid without dnsname",
    route53("GET", () => `hostedzonesbyname?hostedzoneid=${zoneId}`),
    400,
    "InvalidInput",
  ],
  ["Route 53: unknown zone", route53("GET", () => "hostedzone/ZNOSUCHZONE/rrset"), 404, "NoSuchHostedZone"],
];

describe("malformed and invalid requests get AWS's 4xx errors", () => {
  it.each(CASES)("%s → %i %s", async (_label, request, status, code) => {
    const before = JSON.stringify(h.server.account.state.hostedZones);
    const r = await request();
    expect({ status: r.status, code: r.code }, r.body).toEqual({ status, code });
    // Each error is in its service's shape: Route 53's namespace, query XML with a RequestId, or JSON with the
    // query-compatible code header.
    if (_label.startsWith("Route 53"))
      expect(r.body).toContain('<ErrorResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/">');
    else if (_label.startsWith("CloudWatch JSON")) expect(r.headers.get("x-amzn-query-error")).toMatch(/;Sender$/);
    else expect(r.body).toMatch(/<RequestId>[0-9a-f-]{36}<\/RequestId>/);
    // A refused request changed nothing.
    expect(JSON.stringify(h.server.account.state.hostedZones)).toBe(before);
  });

  it("the SDK reads the JSON errors as CloudWatch's modelled exceptions", async () => {
    const e = await h.cloudwatch
      .send(
        new GetMetricDataCommand({
          StartTime: new Date(h.clock.t - 60_000),
          EndTime: new Date(h.clock.t),
          MetricDataQueries: [
            { Id: "m0", MetricStat: { Metric: { MetricName: "ReplicaLag" }, Period: 45, Stat: "Maximum" } },
          ],
        }),
      )
      .catch((x) => x);
    expect(e.name).toBe("InvalidParameterValueException");
    expect(e.$metadata.httpStatusCode).toBe(400);
    expect(e.message).toMatch(/Period must be 1, 5, 10, 20, 30 or a multiple of 60; got 45/);
  });
});

describe("a failure that is not an AWS error", () => {
  it("is a 500 InternalFailure in the protocol's shape, and the server keeps serving", async () => {
    const broken = await startHarness({
      lagSource: {
        samples: () => {
          throw new TypeError("lag source exploded");
        },
      },
    });
    try {
      const body = metricJson();
      const viaJson = await fetch(broken.server.url, {
        method: "POST",
        headers: {
          "content-type": "application/x-amz-json-1.0",
          "x-amz-target": "GraniteServiceVersion20100801.GetMetricData",
        },
        body,
      });
      expect(viaJson.status).toBe(500);
      expect(((await viaJson.json()) as { __type: string }).__type).toBe("InternalFailure");
      const viaQuery = await fetch(broken.server.url, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", authorization: scope("monitoring") },
        body: new URLSearchParams({ Version: "2010-08-01", ...metricQuery() }).toString(),
      });
      expect(viaQuery.status).toBe(500);
      const xml = await viaQuery.text();
      expect(xml).toMatch(
        /<Type>Receiver<\/Type><Code>InternalFailure<\/Code><Message>Sandbox bug: lag source exploded/,
      );
      const ok = await fetch(broken.server.url, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: "Action=DescribeDBInstances&Version=2014-10-31",
      });
      expect(ok.status).toBe(200);
    } finally {
      await broken.close();
    }
  });
});
