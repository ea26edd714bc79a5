/**
 * The CLI entry point over the real AWS adapter, with the SDK clients mocked by aws-sdk-client-mock: the exact SDK
 * commands a switchover sends, and that bad input sends none.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { CloudWatchClient, GetMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import {
  DescribeBlueGreenDeploymentsCommand,
  DescribeDBInstancesCommand,
  DescribeEventsCommand,
  RDSClient,
  SwitchoverBlueGreenDeploymentCommand,
} from "@aws-sdk/client-rds";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, beforeEach, expect, it } from "vitest";
import { FakeClock } from "../../src/adapters/system/fake-clock.js";
import { run } from "../../src/cli/main.js";
import { collect } from "./helpers.js";

const rds = mockClient(RDSClient);
const cw = mockClient(CloudWatchClient);
const sts = mockClient(STSClient);
const ARN = "arn:aws:rds:us-east-1:123456789012:db:";
let dir: string;

const bgd = (status: string, blue = "orders", green = "orders-green-abc123") => ({
  BlueGreenDeploymentIdentifier: "bgd-abc",
  BlueGreenDeploymentName: "orders-to-17",
  Source: `${ARN}${blue}`,
  Target: `${ARN}${green}`,
  Status: status,
  SwitchoverDetails: [
    {
      SourceMember: `${ARN}${blue}`,
      TargetMember: `${ARN}${green}`,
      Status: status === "AVAILABLE" ? "AVAILABLE" : status,
    },
  ],
  Tasks: [],
});
const inst = (id: string, version: string) => ({
  DBInstanceIdentifier: id,
  DBInstanceArn: `${ARN}${id}`,
  DBInstanceStatus: "available",
  Engine: "postgres",
  EngineVersion: version,
  Endpoint: { Address: `${id}.x.rds.amazonaws.com`, Port: 5432 },
});

beforeEach(() => {
  rds.reset();
  cw.reset();
  sts.reset();
  dir = mkdtempSync(join(tmpdir(), "bgdb-sdk-"));
  sts
    .on(GetCallerIdentityCommand)
    .resolves({ Account: "123456789012", Arn: "arn:aws:iam::123456789012:user/ci", UserId: "AID" });
  rds.on(DescribeEventsCommand).resolves({ Events: [] });
  rds.on(DescribeDBInstancesCommand).callsFake((input: { DBInstanceIdentifier?: string }) => {
    const id = (input.DBInstanceIdentifier ?? "").split(":").pop() ?? "";
    return { DBInstances: [inst(id, id.includes("green") ? "17.2" : "16.3")] };
  });
  cw.on(GetMetricDataCommand).callsFake((input: { EndTime: Date }) => ({
    MetricDataResults: [
      {
        Id: "m0",
        Timestamps: [1, 2, 3, 4].map((i) => new Date(input.EndTime.getTime() - i * 60_000)).reverse(),
        Values: [0, 0, 0, 0],
      },
    ],
  }));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function exec(argv: string[]) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out = collect(stdout);
  const err = collect(stderr);
  const clock = new FakeClock();
  const code = await run(["--region", "us-east-1", ...argv], {
    stdout,
    stderr,
    stdin: new PassThrough(),
    env: { CI: "true", AWS_ACCESS_KEY_ID: "x", AWS_SECRET_ACCESS_KEY: "y" },
    isTTY: false,
    cwd: dir,
    signal: new AbortController().signal,
    makeDeps: () => ({ clock, random: () => 0.5 }),
  });
  return { code, out: out(), err: err() };
}

it("switchover sends SwitchoverBlueGreenDeployment with the timeout once the gate passes, and reports the mapping", async () => {
  let switched = false;
  rds.on(DescribeBlueGreenDeploymentsCommand).callsFake(() => ({
    BlueGreenDeployments: [switched ? bgd("SWITCHOVER_COMPLETED", "orders-old1", "orders") : bgd("AVAILABLE")],
  }));
  rds.on(SwitchoverBlueGreenDeploymentCommand).callsFake(() => {
    switched = true;
    return { BlueGreenDeployment: bgd("SWITCHOVER_IN_PROGRESS"), $metadata: { requestId: "req-9" } };
  });
  const r = await exec(["switchover", "orders-to-17", "--timeout", "600", "--yes", "--json"]);
  expect(r.code).toBe(0);
  expect(rds.commandCalls(SwitchoverBlueGreenDeploymentCommand).map((c) => c.args[0].input)).toEqual([
    { BlueGreenDeploymentIdentifier: "bgd-abc", SwitchoverTimeout: 600 },
  ]);
  expect(
    cw.commandCalls(GetMetricDataCommand)[0]?.args[0].input.MetricDataQueries?.[0]?.MetricStat?.Metric,
  ).toMatchObject({
    Namespace: "AWS/RDS",
    MetricName: "OldestReplicationSlotLag",
    Dimensions: [{ Name: "DBInstanceIdentifier", Value: "orders" }],
  });
  const doc = JSON.parse(r.out);
  expect(doc).toMatchObject({ ok: true, phase: "switched" });
  expect(doc.summary.join("\n")).toContain("orders-old1 → old blue");
});

it.each([
  [["switchover", "x", "--timeout", "10"], /--timeout.*30.*3600/],
  [["switchover", "x", "--stable-samples", "0"], /--stable-samples/],
  [["cleanup", "x", "--skip-final-snapshot"], /--i-understand-data-loss/],
  [["create", "--source", "db", "--target-storage-type", "gp9"], /--target-storage-type/],
])("bad input %j → exit 2 naming the flag, no SDK call at all", async (argv, message) => {
  const r = await exec(argv as string[]);
  expect(r.code).toBe(2);
  expect(r.err).toMatch(message);
  expect(rds.calls()).toHaveLength(0);
});

it("switchover with no TTY and no --yes → exit 2 and no SwitchoverBlueGreenDeployment", async () => {
  rds.on(DescribeBlueGreenDeploymentsCommand).resolves({ BlueGreenDeployments: [bgd("AVAILABLE")] });
  const r = await exec(["switchover", "orders-to-17"]);
  expect(r.code).toBe(2);
  expect(r.err).toMatch(/--yes/);
  expect(rds.commandCalls(SwitchoverBlueGreenDeploymentCommand)).toHaveLength(0);
});
