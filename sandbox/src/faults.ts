/**
 * Faults the sandbox injects on demand. Request faults (throttle, server-error, drop-connection, latency) hit a share
 * of calls; the others change how the model schedules transitions. All persist in state.json with the rest of the model.
 */
import { AwsError } from "./aws-error.js";

interface RequestFaultBase {
  /** Share of matching calls that fail, 0–1. Deterministic: rate 0.5 fails every second call. @default 1 */
  rate?: number;
  /** Fail only this many calls, then the fault removes itself. @default unlimited */
  count?: number;
  /** Only calls to this service: rds, monitoring, route53, sts. @default all */
  service?: string;
  /** Only this action, e.g. DescribeBlueGreenDeployments. @default all */
  action?: string;
}

export type FaultSpec =
  | ({ kind: "throttle" } & RequestFaultBase)
  | ({ kind: "server-error" } & RequestFaultBase)
  | ({ kind: "drop-connection" } & RequestFaultBase)
  /**
   * The call is held `seconds` before the sandbox acts on it and answers, as a slow API call is: requests that arrive
   * meanwhile are acted on first (when they are not held themselves), so two runners' calls land in a known order.
   */
  | ({ kind: "latency"; seconds: number } & RequestFaultBase)
  /** Green members sit in `storage-optimization` this long after they first become available. */
  | { kind: "storage-optimization"; seconds: number }
  /** The next switchovers fail and roll back. Whether RDS settles on SWITCHOVER_FAILED or AVAILABLE is unconfirmed. */
  | { kind: "switchover-failure"; settlesTo?: "SWITCHOVER_FAILED" | "AVAILABLE"; count?: number }
  /** Provisioning ends in INVALID_CONFIGURATION instead of AVAILABLE. */
  | { kind: "invalid-configuration"; details?: string }
  /** Replica lag stays at `value` (seconds or bytes, per metric) instead of decaying. */
  | { kind: "lag-never-settles"; value?: number }
  /** Provisioning tasks take `factor` times longer. */
  | { kind: "slow-provisioning"; factor?: number };

export type FaultKind = FaultSpec["kind"];
export const FAULT_KINDS: FaultKind[] = [
  "throttle",
  "server-error",
  "drop-connection",
  "latency",
  "storage-optimization",
  "switchover-failure",
  "invalid-configuration",
  "lag-never-settles",
  "slow-provisioning",
];

type RequestFault = Extract<FaultSpec, { kind: "throttle" | "server-error" | "drop-connection" | "latency" }>;

function isRequestFault(f: FaultSpec): f is RequestFault {
  return f.kind === "throttle" || f.kind === "server-error" || f.kind === "drop-connection" || f.kind === "latency";
}

/** The fields each kind takes (besides `kind`): anything else is a mistake worth refusing, not ignoring. */
const REQUEST_FIELDS = ["rate", "count", "service", "action"];
const FIELDS: Record<FaultKind, string[]> = {
  throttle: REQUEST_FIELDS,
  "server-error": REQUEST_FIELDS,
  "drop-connection": REQUEST_FIELDS,
  latency: [...REQUEST_FIELDS, "seconds"],
  "storage-optimization": ["seconds"],
  "switchover-failure": ["settlesTo", "count"],
  "invalid-configuration": ["details"],
  "lag-never-settles": ["value"],
  "slow-provisioning": ["factor"],
};
export const FAULT_SERVICES = ["rds", "monitoring", "route53", "sts"];
const SETTLES_TO = ["SWITCHOVER_FAILED", "AVAILABLE"];

/** A held call longer than this would outlast the SDK's patience and any test's: refuse it. */
const MAX_LATENCY_SECONDS = 60;

const finite = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);
const CHECKS: Record<string, [(v: unknown) => boolean, string]> = {
  rate: [(v) => finite(v) && v >= 0 && v <= 1, "rate must be a number between 0 and 1"],
  count: [(v) => finite(v) && Number.isInteger(v) && v >= 1, "count must be a whole number of at least 1"],
  service: [(v) => FAULT_SERVICES.includes(v as string), `service must be one of ${FAULT_SERVICES.join(", ")}`],
  action: [(v) => typeof v === "string" && v.length > 0, "action must be an action name"],
  seconds: [(v) => finite(v) && v >= 0, "seconds must be a number >= 0"],
  settlesTo: [(v) => SETTLES_TO.includes(v as string), `settlesTo must be one of ${SETTLES_TO.join(", ")}`],
  details: [(v) => typeof v === "string", "details must be text"],
  value: [(v) => finite(v) && v >= 0, "value must be a number >= 0"],
  factor: [(v) => finite(v) && v > 0, "factor must be a number > 0"],
};

/**
 * Checks a fault from any source (the admin API's JSON, the control CLI's flags, state.json at start): a known kind,
 * only the fields that kind takes, each within its range. One check for all of them, so the CLI refuses exactly what
 * the server would.
 */
export function validateFault(input: unknown): FaultSpec {
  const f = input as Record<string, unknown> | null;
  if (!f || typeof f !== "object" || !FAULT_KINDS.includes(f.kind as FaultKind)) {
    const kind = JSON.stringify(f?.kind);
    throw new AwsError(
      "InvalidParameterValue",
      `Unknown fault kind ${kind}; expected one of ${FAULT_KINDS.join(", ")}`,
    );
  }
  const kind = f.kind as FaultKind;
  for (const [key, value] of Object.entries(f)) {
    if (key === "kind" || value === undefined) continue;
    if (!FIELDS[kind].includes(key)) {
      throw new AwsError("InvalidParameterValue", `${key} does not apply to a ${kind} fault`);
    }
    const [ok, message] = CHECKS[key]!;
    if (!ok(value)) throw new AwsError("InvalidParameterValue", `${message}; got ${JSON.stringify(value)}`);
  }
  if ((kind === "storage-optimization" || kind === "latency") && f.seconds === undefined) {
    throw new AwsError("InvalidParameterValue", `${kind} needs seconds`);
  }
  if (kind === "latency" && (f.seconds as number) > MAX_LATENCY_SECONDS) {
    throw new AwsError("InvalidParameterValue", `latency seconds must be at most ${MAX_LATENCY_SECONDS}`);
  }
  return f as unknown as FaultSpec;
}

/**
 * Decides whether this call fails, advancing the per-fault accumulators in `counters` (persisted so a rate holds
 * across sandbox restarts). Spent faults (count reached 0) are removed from `faults`.
 */
export function pickRequestFault(
  faults: FaultSpec[],
  counters: Record<string, number>,
  service: string,
  action: string,
): RequestFault | undefined {
  for (let i = 0; i < faults.length; i++) {
    const f = faults[i]!;
    if (!isRequestFault(f)) continue;
    if (f.service && f.service !== service) continue;
    if (f.action && f.action !== action) continue;
    const key = `${i}:${f.kind}`;
    const acc = (counters[key] ?? 0) + (f.rate ?? 1);
    if (acc < 1 - 1e-9) {
      counters[key] = acc;
      continue;
    }
    counters[key] = acc - 1;
    if (f.count !== undefined) {
      f.count -= 1;
      if (f.count <= 0) faults.splice(i, 1);
    }
    return f;
  }
  return undefined;
}

export function findFault<K extends FaultKind>(
  faults: FaultSpec[],
  kind: K,
): Extract<FaultSpec, { kind: K }> | undefined {
  return faults.find((f) => f.kind === kind) as Extract<FaultSpec, { kind: K }> | undefined;
}

/** Uses up one occurrence of a counted model fault (switchover-failure with count). */
export function consumeFault(faults: FaultSpec[], fault: FaultSpec): void {
  if (fault.kind === "switchover-failure" && fault.count !== undefined) {
    fault.count -= 1;
    if (fault.count <= 0) faults.splice(faults.indexOf(fault), 1);
  }
}

export function describeFault(f: FaultSpec): string {
  const parts = Object.entries(f)
    .filter(([k]) => k !== "kind")
    .map(([k, v]) => `${k}=${v}`);
  return parts.length ? `${f.kind} (${parts.join(", ")})` : f.kind;
}
