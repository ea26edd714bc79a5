import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { CreateBlueGreenDeploymentCommand } from "@aws-sdk/client-rds";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seed } from "../src/seed.js";
import { type Harness, PG17, startHarness } from "./helpers.js";

const run = promisify(execFile);
const hasAws = await run("aws", ["--version"]).then(
  () => true,
  () => false,
);

describe(hasAws ? "AWS CLI against the sandbox" : "AWS CLI against the sandbox (skipped: `aws` is not on PATH)", () => {
  let h: Harness;
  beforeAll(async () => {
    // The CLI runs in real time: use the real clock so its signed timestamps and our data agree.
    h = await startHarness({ now: Date.now });
    seed(h.server.account);
    await h.rds.send(
      new CreateBlueGreenDeploymentCommand({
        BlueGreenDeploymentName: "cli-demo",
        Source: "arn:aws:rds:us-east-1:000000000000:db:pg16-source",
        TargetEngineVersion: PG17,
      }),
    );
  });
  afterAll(() => h?.close());

  const aws = async (...args: string[]) => {
    const { AWS_PROFILE: _ignored, ...inherited } = process.env;
    const env = {
      ...inherited,
      AWS_ACCESS_KEY_ID: "x",
      AWS_SECRET_ACCESS_KEY: "y",
      AWS_DEFAULT_REGION: "us-east-1",
      AWS_CONFIG_FILE: "/dev/null",
    };
    const { stdout } = await run(
      "aws",
      [...args, "--endpoint-url", h.server.url, "--region", "us-east-1", "--output", "json"],
      { env, timeout: 30_000 },
    );
    return JSON.parse(stdout);
  };

  it.skipIf(!hasAws)("describe-blue-green-deployments", async () => {
    const out = await aws("rds", "describe-blue-green-deployments");
    expect(out.BlueGreenDeployments).toHaveLength(1);
    expect(out.BlueGreenDeployments[0]).toEqual(
      expect.objectContaining({ BlueGreenDeploymentName: "cli-demo", Status: "PROVISIONING" }),
    );
    expect(out.BlueGreenDeployments[0].Tasks.length).toBeGreaterThan(0);
  });

  it.skipIf(!hasAws)("describe-db-instances", async () => {
    const out = await aws("rds", "describe-db-instances", "--db-instance-identifier", "pg16-source");
    expect(out.DBInstances[0]).toEqual(
      expect.objectContaining({
        DBInstanceIdentifier: "pg16-source",
        Engine: "postgres",
        DBInstanceStatus: "available",
      }),
    );
    expect(out.DBInstances[0].DBParameterGroups[0].DBParameterGroupName).toBe("pg16-logical");
  });

  it.skipIf(!hasAws)("get-metric-data", async () => {
    const end = new Date(Date.now() + 60_000).toISOString();
    const start = new Date(Date.now() - 600_000).toISOString();
    const queries = JSON.stringify([
      {
        Id: "lag",
        MetricStat: {
          Metric: {
            Namespace: "AWS/RDS",
            MetricName: "OldestReplicationSlotLag",
            Dimensions: [{ Name: "DBInstanceIdentifier", Value: "pg16-source" }],
          },
          Period: 60,
          Stat: "Maximum",
        },
      },
    ]);
    await new Promise((r) => setTimeout(r, 600)); // green appears ~0.5 s after create on the default timings
    const out = await aws(
      "cloudwatch",
      "get-metric-data",
      "--metric-data-queries",
      queries,
      "--start-time",
      start,
      "--end-time",
      end,
    );
    expect(out.MetricDataResults[0]).toEqual(expect.objectContaining({ Id: "lag", StatusCode: "Complete" }));
    expect(out.MetricDataResults[0].Values.length).toBeGreaterThan(0);
    // CLI v1 prints timestamps as the wire sent them: epoch seconds over JSON 1.0 (ISO strings over awsQuery).
    const ts = out.MetricDataResults[0].Timestamps[0];
    const ms = typeof ts === "number" ? ts * 1000 : Date.parse(ts);
    expect(Math.abs(ms - Date.now())).toBeLessThan(15 * 60_000);
  });
});
