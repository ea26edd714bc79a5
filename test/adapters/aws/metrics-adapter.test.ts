import { CloudWatchClient, GetMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import type { MetricQuery } from "../../../src/ports/metrics.js";
import { makeAdapters } from "./helpers.js";

const cwMock = mockClient(CloudWatchClient);
beforeEach(() => cwMock.reset());

const t = (minute: number) => new Date(Date.UTC(2026, 10, 26, 12, minute));
const query: MetricQuery = {
  namespace: "AWS/RDS",
  metricName: "OldestReplicationSlotLag",
  dimension: { name: "DBInstanceIdentifier", value: "orders-prod" },
  stat: "Maximum",
  periodSeconds: 60,
  start: t(0),
  end: t(10),
};

describe("Metrics.getSeries", () => {
  it("sends one m0 query scanning ascending, merges pages, returns samples in time order", async () => {
    cwMock
      .on(GetMetricDataCommand)
      .resolvesOnce({
        MetricDataResults: [{ Id: "m0", Timestamps: [t(1), t(2)], Values: [10, 20], StatusCode: "PartialData" }],
        NextToken: "tok",
      })
      .resolvesOnce({ MetricDataResults: [{ Id: "m0", Timestamps: [t(4), t(3)], Values: [40, 30] }] });
    const samples = await makeAdapters().metrics.getSeries(query);
    expect(samples).toEqual([
      { timestamp: t(1), value: 10 },
      { timestamp: t(2), value: 20 },
      { timestamp: t(3), value: 30 },
      { timestamp: t(4), value: 40 },
    ]);
    const inputs = cwMock.commandCalls(GetMetricDataCommand).map((c) => c.args[0].input);
    const first = {
      MetricDataQueries: [
        {
          Id: "m0",
          MetricStat: {
            Metric: {
              Namespace: "AWS/RDS",
              MetricName: "OldestReplicationSlotLag",
              Dimensions: [{ Name: "DBInstanceIdentifier", Value: "orders-prod" }],
            },
            Period: 60,
            Stat: "Maximum",
          },
          ReturnData: true,
        },
      ],
      StartTime: t(0),
      EndTime: t(10),
      ScanBy: "TimestampAscending",
    };
    expect(inputs).toEqual([first, { ...first, NextToken: "tok" }]);
  });

  it("returns [] when CloudWatch has no data yet", async () => {
    cwMock.on(GetMetricDataCommand).resolves({ MetricDataResults: [{ Id: "m0", Timestamps: [], Values: [] }] });
    expect(await makeAdapters().metrics.getSeries(query)).toEqual([]);
    cwMock.on(GetMetricDataCommand).resolves({});
    expect(await makeAdapters().metrics.getSeries(query)).toEqual([]);
  });
});
