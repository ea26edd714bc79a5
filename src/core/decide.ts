/**
 * Pure decisions: observation in, next action out. No ports, no clock reads, no I/O: table-tested without mocks.
 */
import type { BlueGreenDeployment, DbInstance, MetricSample, PathState } from "../ports/index.js";
import { AwsFailureError, type BgdbError, type CodeOf, type ExitCode, isBgdbError } from "./errors.js";
import { describeLag, type LagEvaluation, type LagMetric } from "./lag.js";
import type { Members } from "./resolve.js";
import { cannotTellWhoServes, servingStatement } from "./serving.js";
import { deploymentStatus, isAvailable, memberStatus, taskStatus } from "./status.js";
import { isTransient, type WaitStep } from "./wait.js";

function awsFailure(
  code: CodeOf<typeof ExitCode.AwsFailure>,
  message: string,
  d: BlueGreenDeployment,
  hint: string,
): BgdbError {
  return new AwsFailureError(code, message, {
    hint,
    details: { status: d.status, statusDetails: d.statusDetails, deployment: d.id },
  });
}

/** While `create` waits: PROVISIONING until AVAILABLE; INVALID_CONFIGURATION or a FAILED task is the end. */
export function decideProvisioning(d: BlueGreenDeployment): WaitStep<BlueGreenDeployment> {
  const failed = d.tasks.filter((t) => taskStatus(t.status) === "FAILED");
  if (failed.length > 0) {
    return {
      type: "fail",
      error: awsFailure(
        "CREATION_FAILED",
        `Creating ${d.name} failed: task ${failed.map((t) => t.name).join(", ")} FAILED${d.statusDetails ? ` (${d.statusDetails})` : ""}. ${servingStatement(d.status)}`,
        d,
        `Fix the cause, then \`bgdb abort ${d.name}\` and create again.`,
      ),
    };
  }
  switch (deploymentStatus(d.status)) {
    case "AVAILABLE":
    case "SWITCHOVER_IN_PROGRESS":
    case "SWITCHOVER_COMPLETED":
    case "SWITCHOVER_FAILED":
      return { type: "done", value: d };
    case "PROVISIONING":
      return { type: "continue", status: "PROVISIONING", detail: { tasks: d.tasks }, pace: "slow" };
    case "INVALID_CONFIGURATION":
      return {
        type: "fail",
        error: awsFailure(
          "INVALID_CONFIGURATION",
          `RDS reports INVALID_CONFIGURATION for ${d.name}${d.statusDetails ? `: ${d.statusDetails}` : ""}. Switchover is impossible. ${servingStatement(d.status)}`,
          d,
          `Run \`bgdb abort ${d.name}\` to delete green, fix the configuration, and create again.`,
        ),
      };
    case "DELETING":
      return {
        type: "fail",
        error: awsFailure(
          "DEPLOYMENT_DELETING",
          `${d.name} is being deleted. ${servingStatement(d.status)}`,
          d,
          "Someone deleted it; create a new one when it is gone.",
        ),
      };
    default:
      return { type: "continue", status: d.status || "UNKNOWN", detail: { note: "unrecognised-status" }, pace: "slow" };
  }
}

export interface GateObservation {
  deployment: BlueGreenDeployment;
  greenInstances: DbInstance[];
  lag: LagEvaluation;
  lagMetric?: LagMetric;
  /** The datapoints the lag evaluation judged (kept for the record). */
  lagSeries?: MetricSample[];
  /** With `--postpone-file`: the file, and what is there now. */
  postpone?: { path: string; state: PathState };
  /** The members as this look described them (the prediction reads blue's engine and endpoint from them). */
  members?: Members;
}

/** One check of the gate, as facts (describeGateCheck words it, for the gate's lines and its errors). */
export type GateCheck =
  | { name: "deployment"; ok: boolean; status: string; statusDetails?: string }
  | { name: "members"; ok: boolean; available: number; total: number }
  | {
      name: "green";
      ok: boolean;
      /** Green instances with their status; `notReady` are those not `available`. */
      ids: string[];
      notReady: { id: string; status: string }[];
      streak: number;
      needed: number;
    }
  | { name: "lag"; ok: boolean; lag: LagEvaluation; metric?: LagMetric }
  /** `unreadable`: the system would not say whether the file is there (its error code); the gate keeps waiting. */
  | { name: "postpone"; ok: boolean; path: string; unreadable?: string };

export function describeGateCheck(c: GateCheck): string {
  switch (c.name) {
    case "deployment":
      return `deployment ${c.status}${c.statusDetails && !c.ok ? ` (${c.statusDetails})` : ""}`;
    case "members":
      return `${c.available}/${c.total} members AVAILABLE`;
    case "green":
      return c.notReady.length > 0
        ? `green ${c.notReady.map((i) => `${i.id} is ${i.status}`).join(", ")}`
        : `green ${c.ids.join(", ") || "(none found)"} available (${Math.min(c.streak, c.needed)}/${c.needed} consecutive checks)`;
    case "lag":
      return describeLag(c.lag, c.metric);
    case "postpone":
      if (c.ok) return `postpone file ${c.path} absent`;
      return c.unreadable
        ? `postpone file unreadable: ${c.unreadable} (${c.path}; the hold stands until bgdb can see it is gone)`
        : `postponed: ${c.path} exists (remove it to let the switchover go)`;
  }
}

/** The failing checks in one line, for messages that say why the gate is closed. */
export const failingChecks = (checks: GateCheck[]): string =>
  checks
    .filter((c) => !c.ok)
    .map(describeGateCheck)
    .join("; ");

export type GateVerdict =
  | { type: "pass" }
  | { type: "wait" }
  | { type: "fail"; error: BgdbError }
  /** A previous run already started or finished the switchover: go straight to watching it. */
  | { type: "in-progress" }
  | { type: "switched" };

export interface GateResult {
  readyStreak: number;
  checks: GateCheck[];
  verdict: GateVerdict;
}

/**
 * The switchover gate, one observation at a time. Readiness needs `stableSamples` consecutive observations with the
 * deployment and every member AVAILABLE and every green instance `available` (docs/rds-facts.md §9: `storage-optimization` and other
 * statuses make RDS refuse); lag needs its last `stableSamples` datapoints at or under the limit.
 */
export function evaluateGate(obs: GateObservation, stableSamples: number, prevReadyStreak: number): GateResult {
  const d = obs.deployment;
  const status = deploymentStatus(d.status);
  if (status === "SWITCHOVER_COMPLETED") return { readyStreak: 0, checks: [], verdict: { type: "switched" } };
  if (status === "SWITCHOVER_IN_PROGRESS") return { readyStreak: 0, checks: [], verdict: { type: "in-progress" } };
  if (status === "INVALID_CONFIGURATION" || status === "DELETING") {
    const step = decideProvisioning(d);
    if (step.type === "fail") return { readyStreak: 0, checks: [], verdict: { type: "fail", error: step.error } };
  }
  if (status === "SWITCHOVER_FAILED") {
    // Whether RDS returns it to AVAILABLE is unconfirmed (docs/rds-facts.md §2): never wait on it silently; say what to do.
    const error = awsFailure(
      "SWITCHOVER_FAILED",
      `A previous switchover of ${d.name} failed (SWITCHOVER_FAILED${d.statusDetails ? `: ${d.statusDetails}` : ""}). ${servingStatement(d.status)}`,
      d,
      `If RDS returns the deployment to AVAILABLE, run the switchover again; otherwise \`bgdb abort ${d.name}\` and create a new one.`,
    );
    return { readyStreak: 0, checks: [], verdict: { type: "fail", error } };
  }
  const members = d.switchoverDetails;
  const membersOk = members.length > 0 && members.every((m) => memberStatus(m.status) === "AVAILABLE");
  const notReady = obs.greenInstances.filter((i) => !isAvailable(i.status));
  const deploymentOk = status === "AVAILABLE";
  const readyNow = deploymentOk && membersOk && obs.greenInstances.length > 0 && notReady.length === 0;
  const readyStreak = readyNow ? prevReadyStreak + 1 : 0;
  const greenOk = readyStreak >= stableSamples;
  const lagOk = obs.lag.state === "ok";
  const checks: GateCheck[] = [
    { name: "deployment", ok: deploymentOk, status: d.status, statusDetails: d.statusDetails },
    {
      name: "members",
      ok: membersOk,
      available: members.filter((m) => memberStatus(m.status) === "AVAILABLE").length,
      total: members.length,
    },
    {
      name: "green",
      ok: greenOk,
      ids: obs.greenInstances.map((i) => i.id),
      notReady: notReady.map((i) => ({ id: i.id, status: i.status })),
      streak: readyStreak,
      needed: stableSamples,
    },
    { name: "lag", ok: lagOk, lag: obs.lag, metric: obs.lagMetric },
  ];
  const postpone = obs.postpone?.state;
  const postponeOk = postpone === undefined || postpone === "absent";
  if (obs.postpone) {
    const unreadable = typeof postpone === "object" ? { unreadable: postpone.unreadable } : {};
    checks.push({ name: "postpone", ok: postponeOk, path: obs.postpone.path, ...unreadable });
  }
  return { readyStreak, checks, verdict: greenOk && lagOk && postponeOk ? { type: "pass" } : { type: "wait" } };
}

export interface SwitchoverWatchObservation {
  deployment: BlueGreenDeployment;
  /** SWITCHOVER_IN_PROGRESS has been seen since bgdb asked (including in the call's own response). */
  sawInProgress: boolean;
  /** RDS event 0249 "switchover canceled" since bgdb asked. */
  cancelEventSeen: boolean;
  /** Since the switchover call. */
  elapsedMs: number;
  /** The SwitchoverTimeout bgdb sent, in ms. */
  rdsTimeoutMs: number;
  /** bgdb's request got no answer (5xx, network): RDS may never have received it. */
  answerLost?: boolean;
}

/** How long after its own timeout RDS may still show AVAILABLE without having started, before we call it cancelled. */
export const SWITCHOVER_START_GRACE_MS = 120_000;

/**
 * Watching a switchover. Whether a cancelled or timed-out switchover ends SWITCHOVER_FAILED or returns to AVAILABLE is
 * unconfirmed (docs/rds-facts.md §2), so both mean "rolled back": AVAILABLE counts once we saw it in progress, saw the cancel event, or
 * waited past the timeout without it starting.
 */
export function decideSwitchoverWatch(o: SwitchoverWatchObservation): WaitStep<BlueGreenDeployment> {
  const d = o.deployment;
  const rolledBack = (why: string) => ({
    type: "fail" as const,
    error: awsFailure(
      "SWITCHOVER_FAILED",
      `Switchover failed: RDS rolled it back (${why}${d.statusDetails ? `: "${d.statusDetails}"` : ""}). ${servingStatement(d.status)}`,
      d,
      "Try again with a longer --timeout or when writes are lower; `bgdb status` shows the deployment.",
    ),
  });
  switch (deploymentStatus(d.status)) {
    case "SWITCHOVER_COMPLETED":
      return { type: "done", value: d };
    case "SWITCHOVER_FAILED":
      return rolledBack("SWITCHOVER_FAILED");
    case "SWITCHOVER_IN_PROGRESS":
      return { type: "continue", status: "SWITCHOVER_IN_PROGRESS", pace: "watch" };
    case "AVAILABLE":
      if (o.sawInProgress || o.cancelEventSeen) return rolledBack("status returned to AVAILABLE");
      if (o.elapsedMs > o.rdsTimeoutMs + SWITCHOVER_START_GRACE_MS) {
        return rolledBack(
          o.answerLost
            ? "it never started within the timeout; the request's answer was lost, so RDS may never have received it"
            : "it never started within the timeout",
        );
      }
      return { type: "continue", status: "AVAILABLE", detail: { note: "waiting-for-rds-to-start" }, pace: "watch" };
    case "INVALID_CONFIGURATION":
      // Not a documented rollback: the switchover did not complete, and who serves is not known from this status.
      return {
        type: "fail",
        error: awsFailure(
          "SWITCHOVER_FAILED",
          `Switchover did not complete: ${d.name} went to INVALID_CONFIGURATION while bgdb watched it${d.statusDetails ? ` ("${d.statusDetails}")` : ""}. ${cannotTellWhoServes(d.status)}`,
          d,
          "Look at both environments (`bgdb status`, the RDS console) before anything else: which one takes writes decides what to do next.",
        ),
      };
    case "DELETING":
      return {
        type: "fail",
        error: awsFailure(
          "DEPLOYMENT_DELETING",
          `${d.name} is being deleted while bgdb watched its switchover. ${servingStatement(d.status)}`,
          d,
          "Someone deleted the deployment; look at both environments in the RDS console before anything else.",
        ),
      };
    default:
      return { type: "continue", status: d.status || "UNKNOWN", detail: { note: "unrecognised-status" }, pace: "fast" };
  }
}

/**
 * How a SwitchoverBlueGreenDeployment call that threw failed. `refused`: RDS refused it (InvalidBlueGreenDeploymentState).
 * `answer-lost`: a 5xx or a dropped connection — RDS may have accepted it. `failed`: an error that says RDS did not
 * act (throttled, denied, a bad parameter).
 */
export type SwitchoverCallFailure = "refused" | "answer-lost" | "failed";

export function switchoverCallFailure(e: unknown): SwitchoverCallFailure {
  if (isBgdbError(e) && e.code === "INVALID_BGD_STATE") return "refused";
  return answerLost(e) ? "answer-lost" : "failed";
}

/**
 * A mutating call's answer was lost (5xx, a dropped connection): RDS may have acted on it. Throttling that outlived
 * the retries is AWS_UNAVAILABLE too, but RDS refused those requests before acting on them.
 */
export function answerLost(e: unknown): boolean {
  return isTransient(e) && !(isBgdbError(e) && e.details?.throttled === true);
}

/** After a failed switchover call, from how it failed and the status described right after (undefined: unreadable). */
export type AfterSwitchoverCall =
  /** A switchover is (or may be) under way: watch it. `answerLost`: it may never start (decideSwitchoverWatch bounds it). */
  | { type: "watch"; by: "this-run" | "another-run"; answerLost: boolean }
  /** Refused while AVAILABLE: the whole gate again before one more request. */
  | { type: "gate-again" }
  | { type: "fail" };

export function decideAfterSwitchoverCall(o: {
  failure: SwitchoverCallFailure;
  status: string | undefined;
  attempt: number;
  attempts: number;
}): AfterSwitchoverCall {
  const status = o.status === undefined ? undefined : deploymentStatus(o.status);
  if (status === "SWITCHOVER_IN_PROGRESS" || status === "SWITCHOVER_COMPLETED") {
    // A lost answer does not mean RDS did not start ours; a refusal (or a call RDS never acted on) means another run did.
    return { type: "watch", by: o.failure === "answer-lost" ? "this-run" : "another-run", answerLost: false };
  }
  // RDS shows AVAILABLE for a moment after accepting: a lost answer may be a switchover about to start.
  if (o.failure === "answer-lost" && status === "AVAILABLE") return { type: "watch", by: "this-run", answerLost: true };
  if (o.failure === "refused" && status === "AVAILABLE" && o.attempt < o.attempts) return { type: "gate-again" };
  return { type: "fail" };
}

/** Waiting for a deployment to disappear (abort, cleanup). */
export function decideGone(d: BlueGreenDeployment | undefined): WaitStep<true> {
  if (!d) return { type: "done", value: true };
  return { type: "continue", status: d.status || "UNKNOWN", pace: "fast" };
}
