/**
 * CloudWatch GetMetricData in both protocols clients use: JSON 1.0 in query-compatible mode (the JS SDK v3 and AWS
 * CLI v1 today: `X-Amz-Target: GraniteServiceVersion20100801.GetMetricData`, epoch-second timestamps) and awsQuery
 * (AWS CLI v2: form body, ISO timestamps in XML).
 */
import { AwsError, invalidParameterCombination, invalidParameterValue } from "../aws-error.js";
import { int, list, type QueryParams, type QueryValue, str } from "../http/form.js";
import type { Account } from "../model/account.js";
import type { LagSample, LagSource } from "../model/lag.js";

export const CLOUDWATCH_XMLNS = "http://monitoring.amazonaws.com/doc/2010-08-01/";

/**
 * Over JSON, CloudWatch names its errors by exception shape; the awsQuery code (what x-amzn-query-error carries and
 * the query protocol sends) differs. From @aws-sdk/client-cloudwatch's schemas (`awsQueryError`).
 */
export const CLOUDWATCH_JSON_ERROR_TYPES: Record<string, string> = {
  InvalidParameterValue: "InvalidParameterValueException",
  InvalidParameterCombination: "InvalidParameterCombinationException",
  MissingParameter: "MissingRequiredParameterException",
  InternalServiceError: "InternalServiceFault",
};

/** Both wire formats parse into this; absent members stay undefined so one validation serves both. */
interface MetricDataQuery {
  Id?: string;
  Label?: string;
  ReturnData?: boolean;
  Expression?: string;
  MetricStat?: {
    Metric?: { Namespace?: string; MetricName?: string; Dimensions?: { Name: string; Value: string }[] };
    Period?: number;
    Stat?: string;
  };
}

interface GetMetricDataInput {
  MetricDataQueries?: MetricDataQuery[];
  StartTime?: number;
  EndTime?: number;
  ScanBy?: string;
}

export interface MetricDataResult {
  Id: string;
  Label: string;
  Timestamps: Date[];
  Values: number[];
  StatusCode: "Complete";
}

const missing = (name: string) => new AwsError("MissingParameter", `The parameter ${name} is required.`);

function toMillis(v: unknown, what: string): number | undefined {
  if (v === undefined || v === null || v === "") return undefined;
  const t =
    typeof v === "number"
      ? v * 1000
      : typeof v === "string"
        ? /^\d+(\.\d+)?$/.test(v)
          ? Number(v) * 1000
          : Date.parse(v)
        : Number.NaN;
  if (Number.isNaN(t))
    throw invalidParameterValue(`The parameter ${what} must be a timestamp; got ${JSON.stringify(v)}.`);
  return t;
}

/** Standard statistics and the extended ones (p99, tm90, wm99.9, TC(…), …) CloudWatch accepts as `Stat`. */
const STAT_RE =
  /^(SampleCount|Average|Sum|Minimum|Maximum|IQM|(p|tm|wm|tc|ts|pr)\d{1,2}(\.\d+)?|(TM|WM|TC|TS|PR)\(.+\))$/;
/** MetricDataQuery Ids: a lowercase letter, then letters, digits and underscores. */
const ID_RE = /^[a-z][a-zA-Z0-9_]{0,254}$/;
/** Periods CloudWatch serves (high-resolution 1, 5, 10, 20, 30; otherwise whole minutes), per the MetricStat docs. */
const validPeriod = (p: number) => Number.isInteger(p) && (p % 60 === 0 ? p > 0 : [1, 5, 10, 20, 30].includes(p));

/** CloudWatch's own checks on GetMetricData, member names as the awsQuery wire spells them. */
function validate(input: GetMetricDataInput): Required<Pick<GetMetricDataInput, "StartTime" | "EndTime">> & {
  queries: (MetricDataQuery & { Id: string })[];
} {
  const queries = input.MetricDataQueries;
  if (!queries || queries.length === 0) throw missing("MetricDataQueries");
  if (queries.length > 500)
    throw invalidParameterValue("The parameter MetricDataQueries must hold at most 500 queries.");
  if (input.StartTime === undefined) throw missing("StartTime");
  if (input.EndTime === undefined) throw missing("EndTime");
  if (input.StartTime >= input.EndTime) {
    throw invalidParameterValue("The parameter StartTime must be less than the parameter EndTime.");
  }
  if (input.ScanBy !== undefined && input.ScanBy !== "TimestampAscending" && input.ScanBy !== "TimestampDescending") {
    throw invalidParameterValue(`The value ${input.ScanBy} for parameter ScanBy is not valid.`);
  }
  const ids = new Set<string>();
  queries.forEach((q, i) => {
    const at = `MetricDataQueries.member.${i + 1}`;
    if (!q.Id) throw missing(`${at}.Id`);
    if (!ID_RE.test(q.Id)) {
      throw invalidParameterValue(
        `The value ${q.Id} for parameter ${at}.Id is not valid: it must start with a lowercase letter and hold only letters, digits and underscores.`,
      );
    }
    if (ids.has(q.Id)) throw invalidParameterValue(`The values for parameter Id in MetricDataQueries are not unique.`);
    ids.add(q.Id);
    if (!q.MetricStat === !q.Expression) {
      throw invalidParameterCombination(`${at} must have exactly one of MetricStat and Expression.`);
    }
    if (q.Expression) throw invalidParameterValue("The sandbox supports MetricStat queries only (no Expression).");
    const stat = q.MetricStat!;
    if (!stat.Metric?.MetricName) throw missing(`${at}.MetricStat.Metric.MetricName`);
    if (stat.Period === undefined) throw missing(`${at}.MetricStat.Period`);
    if (!validPeriod(stat.Period)) {
      throw invalidParameterValue(
        `The parameter ${at}.MetricStat.Period must be 1, 5, 10, 20, 30 or a multiple of 60; got ${stat.Period}.`,
      );
    }
    if (!stat.Stat) throw missing(`${at}.MetricStat.Stat`);
    if (!STAT_RE.test(stat.Stat))
      throw invalidParameterValue(`The value ${stat.Stat} for parameter ${at}.MetricStat.Stat is not valid.`);
  });
  return {
    StartTime: input.StartTime,
    EndTime: input.EndTime,
    queries: queries as (MetricDataQuery & { Id: string })[],
  };
}

export function getMetricData(
  input: GetMetricDataInput,
  account: Account,
  sources: LagSource[],
): { MetricDataResults: MetricDataResult[]; Messages: never[] } {
  const { StartTime, EndTime, queries } = validate(input);
  const results = queries
    .filter((q) => q.ReturnData !== false)
    .map((q): MetricDataResult => {
      const stat = q.MetricStat!;
      const dim = stat.Metric?.Dimensions?.[0];
      const query = {
        namespace: stat.Metric?.Namespace ?? "",
        metricName: stat.Metric?.MetricName ?? "",
        dimensionName: dim?.Name ?? "",
        dimensionValue: dim?.Value ?? "",
        start: StartTime,
        end: EndTime,
        periodSeconds: stat.Period!,
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

const serialization = (message: string) => new AwsError("SerializationException", message);

function typed<T>(
  value: unknown,
  type: "string" | "number" | "boolean" | "array" | "object",
  what: string,
): T | undefined {
  if (value === undefined || value === null) return undefined;
  const ok =
    type === "array"
      ? Array.isArray(value)
      : type === "object"
        ? typeof value === "object" && !Array.isArray(value)
        : typeof value === type;
  if (!ok) throw serialization(`${what}: expected ${type}, got ${JSON.stringify(value)}`);
  return value as T;
}

/** JSON 1.0 body: malformed JSON or a member of the wrong type is a SerializationException, as AWS's JSON services say. */
export function parseJsonInput(raw: string): GetMetricDataInput {
  let body: unknown;
  try {
    body = JSON.parse(raw || "{}");
  } catch (e) {
    throw serialization(`The request body is not valid JSON: ${(e as Error).message}`);
  }
  const b = typed<Record<string, unknown>>(body, "object", "request body") ?? {};
  const queries = typed<unknown[]>(b.MetricDataQueries, "array", "MetricDataQueries");
  return {
    ...(queries
      ? {
          MetricDataQueries: queries.map((raw, i) => {
            const at = `MetricDataQueries[${i}]`;
            const q = typed<Record<string, unknown>>(raw, "object", at) ?? {};
            const ms = typed<Record<string, unknown>>(q.MetricStat, "object", `${at}.MetricStat`);
            const metric = ms && typed<Record<string, unknown>>(ms.Metric, "object", `${at}.MetricStat.Metric`);
            const dims = metric && typed<Record<string, unknown>[]>(metric.Dimensions, "array", `${at}.Dimensions`);
            return {
              Id: typed<string>(q.Id, "string", `${at}.Id`),
              Label: typed<string>(q.Label, "string", `${at}.Label`),
              ReturnData: typed<boolean>(q.ReturnData, "boolean", `${at}.ReturnData`),
              Expression: typed<string>(q.Expression, "string", `${at}.Expression`),
              ...(ms
                ? {
                    MetricStat: {
                      Metric: metric && {
                        Namespace: typed<string>(metric.Namespace, "string", `${at}.Namespace`),
                        MetricName: typed<string>(metric.MetricName, "string", `${at}.MetricName`),
                        Dimensions: (dims ?? []).map((d) => ({
                          Name: typed<string>(d?.Name, "string", `${at}.Dimensions.Name`) ?? "",
                          Value: typed<string>(d?.Value, "string", `${at}.Dimensions.Value`) ?? "",
                        })),
                      },
                      Period: typed<number>(ms.Period, "number", `${at}.MetricStat.Period`),
                      Stat: typed<string>(ms.Stat, "string", `${at}.MetricStat.Stat`),
                    },
                  }
                : {}),
            };
          }),
        }
      : {}),
    StartTime: toMillis(b.StartTime, "StartTime"),
    EndTime: toMillis(b.EndTime, "EndTime"),
    ScanBy: typed<string>(b.ScanBy, "string", "ScanBy"),
  };
}

const o = (v: QueryValue | undefined): QueryParams => (v && typeof v === "object" && !Array.isArray(v) ? v : {});

export function parseQueryInput(p: QueryParams): GetMetricDataInput {
  return {
    MetricDataQueries: list(p, "MetricDataQueries").map((raw) => {
      const q = o(raw);
      const ms = o(q.MetricStat);
      const metric = o(ms.Metric);
      const out: MetricDataQuery = { Id: str(q, "Id"), ReturnData: str(q, "ReturnData") !== "false" };
      const label = str(q, "Label");
      if (label) out.Label = label;
      const expression = str(q, "Expression");
      if (expression) out.Expression = expression;
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
          Period: int(ms, "Period"),
          Stat: str(ms, "Stat"),
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
