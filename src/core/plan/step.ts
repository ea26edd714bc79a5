/**
 * A dry run's plan: the steps the real run would take, as typed facts (src/output/render-plan.ts words them). A plan
 * is built from the same observations, checks and call inputs as the real run (the functions the commands export),
 * so what it shows is what the command would send, judged on what AWS shows now.
 */
import type { AwsCall } from "../audit.js";
import type { GateCheck } from "../decide.js";
import type { ErrorCode, ExitCode } from "../errors.js";
import type { HookEvent } from "../hooks.js";
import type { Assert, Listed } from "../listed.js";
import type { Prediction } from "../predict.js";

/** deploy's steps: the part of a composed plan a step belongs to. */
export const PLAN_PARTS = ["create", "upgrade", "test", "switchover", "cleanup"] as const;
export type PlanPart = (typeof PLAN_PARTS)[number];

/** What a check step read. */
export const CHECK_NAMES = [
  "preflight",
  "cname",
  "status",
  "version",
  "probe-table",
  "verify",
  "retention",
  "deletion-protection",
] as const;
export type CheckName = (typeof CHECK_NAMES)[number];

/** What a wait step would wait for. */
export const WAIT_FOR = [
  "AVAILABLE",
  "GREEN_AVAILABLE",
  "SWITCHOVER_COMPLETED",
  "DELETED",
  "SNAPSHOT_AVAILABLE",
] as const;
export type WaitFor = (typeof WAIT_FOR)[number];

/** Why a step would not be taken: AWS shows it done already, or the options leave it out. */
export const SKIP_REASONS = [
  /** A deployment of that name exists (of this source): attach to it instead of creating another. */
  "attach",
  /** The source already runs every target: nothing to create. */
  "at-target",
  /** A green member already runs the target: no call for it. */
  "unchanged",
  "already-switched",
  /** A switchover started before this run: watch it instead of requesting one. */
  "switchover-in-progress",
  "deployment-deleting",
  "deployment-gone",
  /** The final snapshot was requested by an earlier run: not requested again. */
  "snapshot-exists",
  "final-snapshot-skipped",
  "old-blue-deleting",
  "old-blue-gone",
  /** Without --delete-old-blue (or deploy inside the retention window): the old blue stays. */
  "old-blue-kept",
] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

/** Why a later step of deploy's chain cannot be judged now: what it reads does not exist or will change first. */
export const PENDING_REASONS = [
  /** Green does not exist yet: this run's CreateBlueGreenDeployment makes it. */
  "no-green-yet",
  /** Green exists but is still provisioning. */
  "green-provisioning",
  /** The upgrade before it changes green first. */
  "after-upgrade",
  /** It runs on what the switchover before it leaves. */
  "after-switchover",
] as const;
export type PendingReason = (typeof PENDING_REASONS)[number];

/** The refusal a plan ran into: the real run would stop there with this error and exit code. */
export interface PlanBlocked {
  code: ErrorCode;
  message: string;
  hint?: string;
  exitCode: ExitCode;
}

export type PlanStep = (
  | { kind: "check"; what: CheckName; ok: boolean | "warn"; reading: string; hint?: string }
  /** An AWS call that changes something, with exactly the parameters the real run sends (never sent here). */
  | ({ kind: "call" } & AwsCall)
  | { kind: "wait"; for: WaitFor; subject: string; timeoutMs: number }
  /**
   * The switchover gate on the current readings (one look, as the real gate's first): whether it passes now. The real
   * run needs `stableSamples` consecutive ready looks, within `waitForLagMs`.
   */
  | {
      kind: "gate";
      checks: GateCheck[];
      passes: boolean;
      stableSamples: number;
      waitForLagMs: number;
      /** The switchover prediction on the same readings: would RDS's guardrails pass, and a recommended --timeout. */
      prediction?: Prediction;
    }
  /** Hooks the real run would run at this point (a dry run never runs them). */
  | { kind: "hook"; event: HookEvent; commands: string[] }
  /** The real run asks for the name here, unless `yes` (--yes). */
  | { kind: "confirm"; expected: string; yes: boolean }
  /** The write probe would start writing here (a dry run only checks its table). */
  | { kind: "probe"; table: string; intervalMs: number }
  /** deploy's tests against green (never run in a dry run). */
  | { kind: "test"; command: string; timeoutMs?: number }
  | { kind: "skip"; reason: SkipReason; subject: string; status?: string; detail?: string }
  | { kind: "pending"; reason: PendingReason }
  | ({ kind: "blocked" } & PlanBlocked)
) & { within?: PlanPart };

export type PlanStepKind = PlanStep["kind"];

export const PLAN_STEP_KINDS = [
  "check",
  "call",
  "wait",
  "gate",
  "hook",
  "confirm",
  "probe",
  "test",
  "skip",
  "pending",
  "blocked",
] as const satisfies readonly PlanStepKind[];

export type EveryStepKindListed = Assert<Listed<PlanStepKind, typeof PLAN_STEP_KINDS>>;
