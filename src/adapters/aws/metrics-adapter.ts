/**
 * The `Metrics` port on CloudWatch GetMetricData: one query (`m0`), every page, samples in ascending time order.
 */
import {
  type CloudWatchClient,
  GetMetricDataCommand,
  type GetMetricDataCommandInput,
} from "@aws-sdk/client-cloudwatch";
import type { MetricSample, Metrics } from "../../ports/metrics.js";
import type { Call } from "./call.js";
import { collectPages } from "./paginate.js";

export function createMetricsApi(client: () => CloudWatchClient, call: Call) {
  return {
    getMetricData: (input: GetMetricDataCommandInput) =>
      call("GetMetricData", () => client().send(new GetMetricDataCommand(input))),
  };
}
export type MetricsApi = ReturnType<typeof createMetricsApi>;

const QUERY_ID = "m0";

export function createMetricsAdapter(api: MetricsApi): Metrics {
  return {
    async getSeries(q) {
      const pages = await collectPages(
        api.getMetricData,
        {
          MetricDataQueries: [
            {
              Id: QUERY_ID,
              MetricStat: {
                Metric: {
                  Namespace: q.namespace,
                  MetricName: q.metricName,
                  Dimensions: [{ Name: q.dimension.name, Value: q.dimension.value }],
                },
                Period: q.periodSeconds,
                Stat: q.stat,
              },
              ReturnData: true,
            },
          ],
          StartTime: q.start,
          EndTime: q.end,
          ScanBy: "TimestampAscending",
        },
        (p) => (p.NextToken ? { NextToken: p.NextToken } : undefined),
      );
      const samples: MetricSample[] = [];
      for (const page of pages) {
        for (const r of page.MetricDataResults ?? []) {
          if (r.Id !== QUERY_ID) continue;
          const values = r.Values ?? [];
          (r.Timestamps ?? []).forEach((timestamp, i) => {
            const value = values[i];
            if (value !== undefined) samples.push({ timestamp, value });
          });
        }
      }
      // ScanBy asks for ascending order already; sorting again keeps the contract if an endpoint ignores it.
      return samples.sort((a, b) => a.timestamp.getTime() - b.timestamp.getTime());
    },
  };
}
