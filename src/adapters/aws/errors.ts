/**
 * SDK error → BgdbError. Every AWS failure an operator can see goes through `mapAwsError`, so the exit code, the
 * stable `code` core branches on, the hint and the AWS request id are decided in one table.
 */
import {
  AwsFailureError,
  type BgdbError,
  type BgdbErrorOptions,
  type CodeOf,
  type ErrorCode,
  type ExitCode,
  InterruptedError,
  isBgdbError,
  NotFoundError,
  PreconditionError,
  UsageError,
} from "../../core/errors.js";

/**
 * Stable codes of the errors this adapter produces. Core branches on some of them (it retries `InvalidBgdState`
 * during switchover; create treats `AlreadyExists` as "look it up by name and attach instead").
 */
export const AwsErrorCode = {
  NotFound: "NOT_FOUND",
  AlreadyExists: "ALREADY_EXISTS",
  SourceNotSupported: "SOURCE_NOT_SUPPORTED",
  InvalidInstanceState: "INVALID_INSTANCE_STATE",
  InvalidClusterState: "INVALID_CLUSTER_STATE",
  InvalidBgdState: "INVALID_BGD_STATE",
  InvalidAction: "INVALID_ACTION",
  InvalidParameterCombination: "INVALID_PARAMETER_COMBINATION",
  InvalidParameterValue: "INVALID_PARAMETER_VALUE",
  QuotaExceeded: "QUOTA_EXCEEDED",
  Credentials: "CREDENTIALS",
  AccessDenied: "ACCESS_DENIED",
  RegionMissing: "REGION_MISSING",
  AwsUnavailable: "AWS_UNAVAILABLE",
  Network: "NETWORK",
  AwsError: "AWS_ERROR",
} as const satisfies Record<string, ErrorCode>;
export type AwsErrorCode = (typeof AwsErrorCode)[keyof typeof AwsErrorCode];

/** Where the failed call went, so network hints can name the endpoint. */
export interface AwsCallTarget {
  endpoint?: string;
  region?: string;
}

/**
 * Wire codes and exception names differ (`InvalidDBInstanceState` on the wire, `InvalidDBInstanceStateFault` as the
 * JS class; `AccessDenied` vs `AccessDeniedException` across services), so both sides are compared without the
 * suffix.
 */
export function normaliseAwsErrorName(name: string): string {
  return name.replace(/Fault$/, "").replace(/Exception$/, "");
}

/** Throttling codes across RDS (awsQuery `Throttling`), CloudWatch, Route 53 and STS. */
const THROTTLING = new Set(
  [
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottled",
    "RequestThrottledException",
    "TooManyRequestsException",
    "RequestLimitExceeded",
    "PriorRequestNotComplete",
    "SlowDown",
  ].map(normaliseAwsErrorName),
);

const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENETUNREACH",
]);

interface ErrorFacts {
  name: string;
  message: string;
  httpStatusCode?: number;
  requestId?: string;
  fault?: string;
  code?: string;
  hostname?: string;
}

function factsOf(e: unknown): ErrorFacts {
  const o = (typeof e === "object" && e !== null ? e : {}) as Record<string, unknown>;
  const meta = (typeof o.$metadata === "object" && o.$metadata !== null ? o.$metadata : {}) as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === "string" && v !== "" ? v : undefined);
  // Unmodelled awsQuery errors sometimes keep the wire code only in `Code`; a generic class name says nothing.
  const rawName = str(o.name);
  const name =
    rawName && !/^(Error|\w*ServiceException)$/.test(rawName) ? rawName : (str(o.Code) ?? rawName ?? "Error");
  return {
    name,
    message: str(o.message) ?? str(o.Message) ?? (typeof e === "string" ? e : "unknown error"),
    httpStatusCode: typeof meta.httpStatusCode === "number" ? meta.httpStatusCode : undefined,
    requestId: str(meta.requestId) ?? str(o.RequestId),
    fault: str(o.$fault),
    code: str(o.code),
    hostname: str(o.hostname),
  };
}

/** True for throttling errors, whichever service and protocol raised them. */
export function isThrottlingError(e: unknown): boolean {
  const f = factsOf(e);
  return THROTTLING.has(normaliseAwsErrorName(f.name)) || f.httpStatusCode === 429;
}

type Build = (message: string, options: BgdbErrorOptions) => BgdbError;

interface Rule {
  names: string[];
  title: string;
  build: Build;
}

const precondition =
  (code: CodeOf<typeof ExitCode.Precondition>, hint: string): Build =>
  (message, options) =>
    new PreconditionError(code, message, { ...options, hint });

export const NOT_FOUND_HINT =
  "Check the name or id, and that --region / --profile point at the account and region that hold it.";

const CREDENTIALS_HINT =
  "Check the AWS credentials bgdb uses: --profile / AWS_PROFILE (run `aws sso login` if the session expired), " +
  "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/AWS_SESSION_TOKEN, and that --region / AWS_REGION is the intended one.";

const RULES: Rule[] = [
  {
    names: [
      "BlueGreenDeploymentNotFound",
      "DBInstanceNotFound",
      "DBClusterNotFound",
      "DBParameterGroupNotFound",
      "DBClusterParameterGroupNotFound",
      "DBSnapshotNotFound",
      "DBClusterSnapshotNotFound",
      "NoSuchHostedZone",
    ],
    title: "Not found",
    build: (message, options) =>
      new NotFoundError(message, {
        ...options,
        hint: NOT_FOUND_HINT,
      }),
  },
  {
    names: ["BlueGreenDeploymentAlreadyExists", "DBSnapshotAlreadyExists", "DBClusterSnapshotAlreadyExists"],
    title: "Already exists",
    build: precondition(
      AwsErrorCode.AlreadyExists,
      "Something with this name exists already: inspect it with `bgdb status <name>`, clean it up, or choose another name.",
    ),
  },
  {
    names: ["SourceDatabaseNotSupported", "SourceClusterNotSupported"],
    title: "RDS does not support this source for blue/green",
    build: precondition(
      AwsErrorCode.SourceNotSupported,
      "Check the blue/green prerequisites: automated backups on, no Secrets-Manager-managed master password, " +
        "parameter group in sync (rebooted), no cascading or cross-region replicas, and that the target parameter " +
        "group's static parameters match the source.",
    ),
  },
  {
    names: ["InvalidDBInstanceState"],
    title: "The DB instance is not in a state that allows this",
    build: precondition(
      AwsErrorCode.InvalidInstanceState,
      "Wait until the instance is `available` (see `bgdb status`) and run the same command again.",
    ),
  },
  {
    names: ["InvalidDBClusterState"],
    title: "The DB cluster is not in a state that allows this",
    build: precondition(
      AwsErrorCode.InvalidClusterState,
      "Wait until the cluster is `available` (see `bgdb status`) and run the same command again.",
    ),
  },
  {
    names: ["InvalidBlueGreenDeploymentState"],
    title: "The blue/green deployment is not in a state that allows this",
    build: precondition(
      AwsErrorCode.InvalidBgdState,
      "A member may not be truly available yet (e.g. storage-optimization). Check `bgdb status` and run again " +
        "when every member is available.",
    ),
  },
  {
    names: ["InvalidAction"],
    title: "RDS does not allow this action here",
    build: precondition(
      AwsErrorCode.InvalidAction,
      "The action is not available for this engine, account or region; check the RDS documentation for it.",
    ),
  },
  {
    names: ["InvalidParameterCombination"],
    title: "RDS rejected the combination of parameters",
    build: precondition(
      AwsErrorCode.InvalidParameterCombination,
      "Check the flags against the RDS message (e.g. physical replication forbids some changes on green).",
    ),
  },
  {
    names: ["InvalidParameterValue"],
    title: "RDS rejected a parameter value",
    build: precondition(AwsErrorCode.InvalidParameterValue, "Check the flag values against the RDS message."),
  },
  {
    names: ["StorageQuotaExceeded", "InstanceQuotaExceeded", "DBClusterQuotaExceeded", "SnapshotQuotaExceeded"],
    title: "An RDS quota would be exceeded",
    build: precondition(
      AwsErrorCode.QuotaExceeded,
      "Raise the quota in Service Quotas or free capacity (unused instances, clusters, snapshots), then re-run.",
    ),
  },
  {
    names: [
      "CredentialsProviderError",
      "ExpiredToken",
      "InvalidClientTokenId",
      "UnrecognizedClient",
      "SignatureDoesNotMatch",
      "InvalidAccessKeyId",
      "MissingAuthenticationToken",
      "IncompleteSignature",
    ],
    title: "AWS did not accept the credentials",
    build: precondition(AwsErrorCode.Credentials, CREDENTIALS_HINT),
  },
  {
    names: ["AccessDenied", "UnauthorizedOperation"],
    title: "AWS refused permission",
    build: precondition(
      AwsErrorCode.AccessDenied,
      "The identity bgdb runs as (see --profile / AWS_PROFILE) lacks an IAM permission for this call in this " +
        "region (--region / AWS_REGION). Grant it or use a role that has it.",
    ),
  },
];

/** What the SDK's own config resolution says about a malformed region or endpoint (no request was made). */
const CLIENT_CONFIG =
  /Region not accepted|Invalid region|not a valid hostname component|Invalid URL|Invalid endpoint|Endpoint.*not valid/i;

const UNAVAILABLE_HINT =
  "AWS kept throttling or failing the call after retries. Wait a minute and run the same command again: bgdb " +
  "re-reads the state from AWS and continues.";

/**
 * Turns anything an AWS SDK call threw into a BgdbError, keeping the request id and the original error as `cause`.
 * BgdbErrors pass through unchanged. `context` names the operation (e.g. `DescribeDBInstances`).
 */
export function mapAwsError(e: unknown, context?: string, target: AwsCallTarget = {}): BgdbError {
  if (isBgdbError(e)) return e;
  const f = factsOf(e);
  const options: BgdbErrorOptions = {
    cause: e,
    requestId: f.requestId,
    details: {
      awsError: f.name,
      ...(context ? { operation: context } : {}),
      ...(f.httpStatusCode ? { httpStatusCode: f.httpStatusCode } : {}),
    },
  };
  const where = context ? ` (${context})` : "";
  const key = normaliseAwsErrorName(f.name);

  const rule = RULES.find((r) => r.names.some((n) => normaliseAwsErrorName(n) === key));
  if (rule) return rule.build(`${rule.title}${where}: ${f.message}`, options);

  if (f.name === "AbortError") return new InterruptedError(`Interrupted${where}.`, options);
  if (/Region is missing/i.test(f.message)) {
    return new PreconditionError(AwsErrorCode.RegionMissing, "No AWS region is configured.", {
      ...options,
      hint: "Pass --region, set AWS_REGION, or set `region` in the profile of ~/.aws/config.",
    });
  }
  // The SDK refused its own configuration before sending anything (a region or endpoint from a profile that is not
  // valid): bad input, like a bad flag — nothing reached AWS.
  if (f.httpStatusCode === undefined && CLIENT_CONFIG.test(f.message)) {
    return new UsageError(`The AWS client configuration is not valid${where}: ${f.message}`, {
      ...options,
      hint: "Check the region and endpoint_url of the profile in ~/.aws/config (and AWS_REGION / AWS_ENDPOINT_URL*); nothing was sent to AWS.",
    });
  }
  if (isThrottlingError(e)) {
    return new AwsFailureError(AwsErrorCode.AwsUnavailable, `AWS throttled the request${where}: ${f.message}`, {
      ...options,
      // RDS refused a throttled request before acting on it; core tells that apart from a lost answer.
      details: { ...options.details, throttled: true },
      hint: UNAVAILABLE_HINT,
    });
  }
  if ((f.httpStatusCode ?? 0) >= 500 || f.fault === "server") {
    return new AwsFailureError(AwsErrorCode.AwsUnavailable, `AWS failed the request${where}: ${f.message}`, {
      ...options,
      hint: UNAVAILABLE_HINT,
    });
  }
  if ((f.code && NETWORK_CODES.has(f.code)) || f.name === "TimeoutError") {
    const endpoint =
      target.endpoint ?? f.hostname ?? (target.region ? `the AWS endpoint in ${target.region}` : "the AWS endpoint");
    return new AwsFailureError(AwsErrorCode.Network, `Could not reach AWS${where}: ${f.message}`, {
      ...options,
      hint: `Could not reach ${endpoint}. Check the network or proxy, --endpoint-url / AWS_ENDPOINT_URL, and --region.`,
    });
  }
  return new AwsFailureError(AwsErrorCode.AwsError, `AWS returned an error${where}: ${f.name}: ${f.message}`, {
    ...options,
    hint: "Read the AWS message above; run again with --verbose for the full error.",
  });
}
