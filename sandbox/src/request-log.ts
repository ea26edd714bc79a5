/**
 * Every AWS request the sandbox received, in memory (lost when the server stops): service, action, when, what it
 * answered and a few parameters that say which resource it was about. Tests and operators read it on the admin route
 * `GET /_sandbox/requests` (`bgdb sandbox requests`) to count what a run really asked AWS for — a second
 * CreateBlueGreenDeployment, a switchover retried without a describe before it.
 *
 * Parameters are kept by name from an allow-list of identifiers, so a password (MasterUserPassword), a token or
 * any other value can never land in the log.
 */

/** Identifiers worth showing, the same names in every Query-protocol action that takes them. */
const IDENTIFYING = [
  "BlueGreenDeploymentIdentifier",
  "BlueGreenDeploymentName",
  "Source",
  "TargetEngineVersion",
  "TargetDBParameterGroupName",
  "TargetDBClusterParameterGroupName",
  "TargetDBInstanceClass",
  "DBInstanceIdentifier",
  "DBClusterIdentifier",
  "DBSnapshotIdentifier",
  "DBClusterSnapshotIdentifier",
  "FinalDBSnapshotIdentifier",
  "DBParameterGroupName",
  "DBInstanceClass",
  "EngineVersion",
  "SourceIdentifier",
  "DeleteTarget",
  "SwitchoverTimeout",
] as const;

export interface RequestRecord {
  /** 1, 2, … in the order the sandbox answered them (a held call, fault `latency`, comes after those it let by). */
  seq: number;
  /** When it arrived, on the sandbox's clock (ISO 8601). */
  at: string;
  service: string;
  /** The API action; Route 53 (REST) has none, so its method and path stand in (`GET /2013-04-01/hostedzone`). */
  action: string;
  /** The HTTP status answered; 0 when a fault dropped the connection. */
  status: number;
  /** The AWS error code answered, when it was an error. */
  error?: string;
  /**
   * Who sent it, when the client names itself: the `app/<id>` of the SDK's user agent (`AWS_SDK_UA_APP_ID`). Two
   * runners against one sandbox tell their requests apart by it.
   */
  client?: string;
  /** The identifying parameters it carried (allow-listed names only). */
  params: Record<string, string>;
}

export interface RequestQuery {
  service?: string;
  action?: string;
}

/** What the admin route answers. */
export interface RequestLogView {
  requests: RequestRecord[];
  /** Requests older than the newest `capacity` that were dropped to bound memory. */
  dropped: number;
}

/** The `app/<id>` token of an SDK user agent (the SDK escapes anything outside [\w!#$%&'*+.^`|~-]). */
export function clientOf(userAgent: string | undefined): string | undefined {
  return /(?:^|\s)app\/(\S+)/.exec(userAgent ?? "")?.[1];
}

/** The allow-listed parameters of a Query-protocol form (RDS, STS, CloudWatch's query form). */
export function identifyingParams(form: URLSearchParams | undefined): Record<string, string> {
  const params: Record<string, string> = {};
  if (!form) return params;
  for (const name of IDENTIFYING) {
    const value = form.get(name);
    if (value !== null) params[name] = value.slice(0, 256);
  }
  return params;
}

export class RequestLog {
  private readonly entries: RequestRecord[] = [];
  private seq = 0;
  private dropped = 0;

  constructor(private readonly capacity = 10_000) {}

  record(entry: Omit<RequestRecord, "seq">): RequestRecord {
    this.seq += 1;
    const record = { seq: this.seq, ...entry };
    this.entries.push(record);
    if (this.entries.length > this.capacity) {
      this.entries.shift();
      this.dropped += 1;
    }
    return record;
  }

  view(query: RequestQuery = {}): RequestLogView {
    return {
      requests: this.entries.filter(
        (r) => (!query.service || r.service === query.service) && (!query.action || r.action === query.action),
      ),
      dropped: this.dropped,
    };
  }
}
