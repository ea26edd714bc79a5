export interface MetricQuery {
  /** Always AWS/RDS today; kept explicit so the adapter sends exactly what core asked for. */
  namespace: string;
  metricName: string;
  dimension: { name: "DBInstanceIdentifier" | "DBClusterIdentifier"; value: string };
  /** The statistic; bgdb gates on the worst case, so core asks for Maximum. */
  stat: "Maximum" | "Average";
  periodSeconds: number;
  start: Date;
  end: Date;
}

export interface MetricSample {
  timestamp: Date;
  value: number;
}

export interface Metrics {
  /** Samples in ascending time order (all GetMetricData pages). Empty when CloudWatch has none yet. */
  getSeries(query: MetricQuery): Promise<MetricSample[]>;
}
