/**
 * CloudWatch GetMetricData in both protocols clients use: JSON 1.0 in query-compatible mode (the JS SDK v3 and AWS
 * CLI v1 today: `X-Amz-Target: GraniteServiceVersion20100801.GetMetricData`, epoch-second timestamps) and awsQuery
 * (AWS CLI v2: form body, ISO timestamps in XML).
 */
import { AwsError, invalidParameterValue } from "../aws-error.js";
import { list, type QueryParams, type QueryValue, str } from "../http/form.js";
import type { Account } from "../model/account.js";
import type { LagSample, LagSource } from "../model/lag.js";

export const CLOUDWATCH_XMLNS = "http://monitoring.amazonaws.com/doc/2010-08-01/";

interface MetricDataQuery {
  Id: string;
  Label?: string;
  ReturnData?: boolean;
  MetricStat?: {
    Metric: { Namespace?: string; MetricName?: string; Dimensions?: { Name: string; Value: string }[] };
    Period: number;
    Stat: string;
  };
}

interface GetMetricDataInput {
  MetricDataQueries: MetricDataQuery[];
  StartTime: number;
  EndTime: number;
  ScanBy?: string;
}

export interface MetricDataResult {
  Id: string;
  Label: string;
  Timestamps: Date[];
  Values: number[];
  StatusCode: "Complete";
}

function toMillis(v: unknown, what: string): number {
  const t =
    typeof v === "number"
      ? v * 1000
      : typeof v === "string"
        ? /^\d+(\.\d+)?$/.test(v)
          ? Number(v) * 1000
          : Date.parse(v)
        : Number.NaN;
  if (Number.isNaN(t)) throw invalidParameterValue(`The parameter ${what} is required and must be a timestamp.`);
  return t;
}

export function getMetricData(
  input: GetMetricDataInput,
  account: Account,
  sources: LagSource[],
): { MetricDataResults: MetricDataResult[]; Messages: never[] } {
  if (!Array.isArray(input.MetricDataQueries) || input.MetricDataQueries.length === 0) {
    throw new AwsError("MissingParameter", "The parameter MetricDataQueries is required.");
  }
  const results = input.MetricDataQueries.filter((q) => q.ReturnData !== false).map((q): MetricDataResult => {
    const stat = q.MetricStat;
    if (!stat) throw invalidParameterValue("The sandbox supports MetricStat queries only (no Expression).");
    const dim = stat.Metric.Dimensions?.[0];
    const query = {
      namespace: stat.Metric.Namespace ?? "",
      metricName: stat.Metric.MetricName ?? "",
      dimensionName: dim?.Name ?? "",
      dimensionValue: dim?.Value ?? "",
      start: input.StartTime,
      end: input.EndTime,
      periodSeconds: Number(stat.Period) || 60,
    };
    let samples: LagSample[] = [];
    for (const source of sources) {
      const got = source.samples(query, account);
      if (got) {
        samples = got;
        break;
      }
    }
    // CloudWatch's default order is newest first (ScanBy TimestampDescending).
    const ordered = [...samples].sort((a, b) =>
      input.ScanBy === "TimestampAscending" ? a.timestamp - b.timestamp : b.timestamp - a.timestamp,
    );
    return {
      Id: q.Id,
      Label: q.Label ?? query.metricName,
      Timestamps: ordered.map((s) => new Date(s.timestamp)),
      Values: ordered.map((s) => s.value),
      StatusCode: "Complete",
    };
  });
  return { MetricDataResults: results, Messages: [] };
}

export function parseJsonInput(body: Record<string, unknown>): GetMetricDataInput {
  return {
    MetricDataQueries: body.MetricDataQueries as MetricDataQuery[],
    StartTime: toMillis(body.StartTime, "StartTime"),
    EndTime: toMillis(body.EndTime, "EndTime"),
    ScanBy: body.ScanBy as string | undefined,
  };
}

const o = (v: QueryValue | undefined): QueryParams => (v && typeof v === "object" && !Array.isArray(v) ? v : {});

export function parseQueryInput(p: QueryParams): GetMetricDataInput {
  return {
    MetricDataQueries: list(p, "MetricDataQueries").map((raw) => {
      const q = o(raw);
      const ms = o(q.MetricStat);
      const metric = o(ms.Metric);
      const out: MetricDataQuery = { Id: str(q, "Id") ?? "", ReturnData: str(q, "ReturnData") !== "false" };
      const label = str(q, "Label");
      if (label) out.Label = label;
      if (q.MetricStat) {
        out.MetricStat = {
          Metric: {
            Namespace: str(metric, "Namespace"),
            MetricName: str(metric, "MetricName"),
            Dimensions: list(metric, "Dimensions").map((d) => ({
              Name: str(o(d), "Name") ?? "",
              Value: str(o(d), "Value") ?? "",
            })),
          },
          Period: Number(str(ms, "Period") ?? 60),
          Stat: str(ms, "Stat") ?? "Maximum",
        };
      }
      return out;
    }),
    StartTime: toMillis(str(p, "StartTime"), "StartTime"),
    EndTime: toMillis(str(p, "EndTime"), "EndTime"),
    ScanBy: str(p, "ScanBy"),
  };
}

/** JSON 1.0 wants timestamps as epoch seconds. */
export function toJsonOutput(out: ReturnType<typeof getMetricData>): unknown {
  return {
    ...out,
    MetricDataResults: out.MetricDataResults.map((r) => ({
      ...r,
      Timestamps: r.Timestamps.map((t) => t.getTime() / 1000),
    })),
  };
}
