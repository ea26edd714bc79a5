/**
 * What core tells the operator while it works: typed events with a stable code and a payload of facts, never
 * sentences or marks. src/output renders them (a spinner line, a timestamped log line, a step summary, a report);
 * `--json` and the audit trail can keep them as they are. Modelled on the CDK toolkit's message codes.
 */
import type { DeploymentTask, WriteProbeReport } from "../ports/index.js";
import type { CnameCheck } from "./cname.js";
import type { GateCheck } from "./decide.js";
import type { LagObservation } from "./lag-observe.js";
import type { Assert, Listed } from "./listed.js";
import type { Phase } from "./phase.js";
import type { Prediction } from "./predict.js";
import type { DeploymentView, MemberView } from "./result.js";
import type { TableVerdict } from "./verify.js";

/** How an event reads for the operator: done, for information, worth a look, or a failure. */
export type Level = "ok" | "info" | "warn" | "fail";

/** The step an event belongs to: the column of a log line, the section of a summary. */
export type EventPhase =
  | "preflight"
  | "create"
  | "upgrade"
  | "test"
  | "lag"
  | "gate"
  | "switchover"
  | "cleanup"
  | "abort"
  | "status"
  | "audit"
  | "hook"
  | "verify"
  | "sandbox";

/** What a wait is waiting on, for the operator to see. */
export type WaitDetail =
  | { tasks: DeploymentTask[] }
  | { failing: GateCheck[] }
  | { pending: { id: string; status: string; engineVersion?: string }[] }
  | { note: "unrecognised-status" | "waiting-for-rds-to-start" };

export interface ProgressEvent {
  kind: "progress";
  phase: EventPhase;
  /** What is waited on (a deployment name, `snapshot x`): renderers keep one line per label. */
  label: string;
  /** AWS's status word, shown as it is. */
  status: string;
  elapsedMs: number;
  detail?: WaitDetail;
}

export interface ProgressEndEvent {
  kind: "progress-end";
  phase: EventPhase;
}

/** A green member as a one-line summary. */
export interface MemberSummary {
  id: string;
  engine?: string;
  engineVersion?: string;
  status?: string;
}

/** Where a name points after a switchover. */
export type MappingEntry =
  | { role: "production"; id: string; engine?: string; engineVersion?: string; was?: string }
  | { role: "old-blue"; id: string; deployment: string };

/** A preflight check: passed, failed (blocks), or worth a warning. */
export interface PreflightCheck {
  /** Which check, stable for scripts: `backups`, `target-parameter-group-family`, `primary-keys`, … */
  name: string;
  ok: boolean | "warn";
  message: string;
  hint?: string;
}

/** Every message core can send, by code. */
export type MessagePayload =
  | { code: "preflight.checked"; source: { id: string; describe: string }; checks: PreflightCheck[] }
  | { code: "cname.checked"; when: "before" | "after"; check: CnameCheck }
  | { code: "create.attached"; name: string; id: string; status: string }
  | { code: "create.created"; name: string; id: string }
  | { code: "create.available"; status: string; elapsedMs: number; green: MemberSummary[] }
  | { code: "create.not-waiting"; name: string; id: string; status: string }
  | { code: "create.at-target"; source: string; satisfied: string }
  /** Targets that read as reached but are not in effect yet (pending-reboot, a pending modification). */
  | { code: "create.not-in-effect"; source: string; pending: string[] }
  | { code: "create.old-blue-left"; oldBlue: string }
  | { code: "upgrade.unchanged"; id: string; cluster: boolean; engineVersion?: string; instanceClass?: string }
  | {
      code: "upgrade.available";
      green: string[];
      engine: string;
      engineVersion?: string;
      instanceClass?: string;
      elapsedMs: number;
    }
  | { code: "upgrade.analyze-advised" }
  | { code: "test.started"; command: string; host: string; port: number }
  | { code: "test.finished"; command: string; outcome: string; passed: boolean; durationMs: number }
  | { code: "lag.read"; reading: LagObservation }
  | { code: "lag.unread"; message: string }
  | { code: "gate.passed"; checks: GateCheck[] }
  | { code: "switchover.prediction"; prediction: Prediction }
  | { code: "switchover.confirm"; timeoutSeconds: number }
  | { code: "switchover.already-in-progress"; name: string }
  | { code: "switchover.refused"; name: string; message: string; attempt: number; retries: number }
  /** The switchover call's answer was lost (5xx, network) and the deployment still shows `status` (AVAILABLE). */
  | { code: "switchover.answer-lost"; name: string; status: string; message: string; timeoutSeconds: number }
  /** `refused`: RDS refused this run's request; false when the run saw the switchover under way before sending one. */
  | { code: "switchover.by-another-run"; name: string; status: string; refused: boolean }
  | { code: "switchover.already-completed"; name: string; status: string }
  | { code: "switchover.completed"; elapsedMs: number; by: "this-run" | "another-run"; mapping: MappingEntry[] }
  /** `after`: RDS had accepted the switchover (bgdb keeps watching) or it had completed. */
  | { code: "switchover.follow-up-failed"; what: string; after: "accepted" | "completed"; message: string }
  | { code: "probe.started"; intervalMs: number }
  | { code: "probe.reported"; report: WriteProbeReport }
  | {
      code: "verify.started";
      blue: { endpoint: string; server: string };
      green: { endpoint: string; server: string };
      tables: number;
      chunkSize: number;
    }
  | { code: "verify.rechecking"; round: number; rounds: number; chunks: number; tables: string[]; waitMs: number }
  | { code: "verify.table"; verdict: TableVerdict }
  | {
      code: "verify.done";
      match: boolean;
      tables: number;
      /** Tables that differ, by name. */
      differing: string[];
      /** Tables compared by row count only (no primary key). */
      countOnly: string[];
      rows: { blue: number; green: number };
      chunks: number;
      /** Chunks that matched on a re-check. */
      healed: number;
      elapsedMs: number;
    }
  | { code: "cleanup.deployment-deleted"; name: string; id: string }
  | { code: "cleanup.confirm-delete"; oldBlue: string; skipFinalSnapshot: boolean }
  | { code: "cleanup.snapshot-available"; id: string }
  | { code: "cleanup.old-blue-deleted"; id: string; elapsedMs: number }
  | { code: "cleanup.old-blue-gone"; arn: string }
  | { code: "abort.confirm"; name: string; source: string; target?: string }
  | { code: "abort.done"; name: string; source: string; elapsedMs: number; greenLeft?: string }
  | { code: "audit.append-failed"; message: string; action: string; outcome: string; requestId?: string }
  | { code: "hook.started"; event: string; command: string }
  | { code: "hook.finished"; event: string; command: string; outcome: string; durationMs: number }
  | {
      code: "status.deployment";
      deployment: DeploymentView;
      /** bgdb's phase of the deployment (named so as not to clash with the event's own phase). */
      bgdbPhase: Phase;
      members: MemberView[];
      lag?: LagObservation;
      cname?: CnameCheck;
    }
  | {
      code: "list.deployments";
      deployments: { id: string; name: string; status: string; source: string; createTime?: string }[];
    }
  | { code: "demo.timeline"; steps: { phase: string; ms: number; note: string }[]; totalMs: number }
  | { code: "report.written"; name: string; id: string; path: string; format: "md" | "html"; bytes: number };

export type MessageCode = MessagePayload["code"];

/** Every message code, for schemas and tests; the compiler checks it lists exactly the union's codes. */
export const MESSAGE_CODES = [
  "preflight.checked",
  "cname.checked",
  "create.attached",
  "create.created",
  "create.available",
  "create.not-waiting",
  "create.at-target",
  "create.not-in-effect",
  "create.old-blue-left",
  "upgrade.unchanged",
  "upgrade.available",
  "upgrade.analyze-advised",
  "test.started",
  "test.finished",
  "lag.read",
  "lag.unread",
  "gate.passed",
  "switchover.prediction",
  "switchover.confirm",
  "switchover.already-in-progress",
  "switchover.refused",
  "switchover.answer-lost",
  "switchover.by-another-run",
  "switchover.already-completed",
  "switchover.completed",
  "switchover.follow-up-failed",
  "probe.started",
  "probe.reported",
  "verify.started",
  "verify.rechecking",
  "verify.table",
  "verify.done",
  "cleanup.deployment-deleted",
  "cleanup.confirm-delete",
  "cleanup.snapshot-available",
  "cleanup.old-blue-deleted",
  "cleanup.old-blue-gone",
  "abort.confirm",
  "abort.done",
  "audit.append-failed",
  "hook.started",
  "hook.finished",
  "status.deployment",
  "list.deployments",
  "demo.timeline",
  "report.written",
] as const satisfies readonly MessageCode[];

/** A code added to the union but not to MESSAGE_CODES does not compile (and `satisfies` catches the reverse). */
export type EveryMessageCodeListed = Assert<Listed<MessageCode, typeof MESSAGE_CODES>>;

export type MessageEvent = { kind: "message"; phase: EventPhase; level: Level } & MessagePayload;

export type BgdbEvent = ProgressEvent | ProgressEndEvent | MessageEvent;

/** The event of one code, e.g. `MessageOf<"gate.passed">`, for renderers and tests. */
export type MessageOf<C extends MessageCode> = Extract<MessageEvent, { code: C }>;
