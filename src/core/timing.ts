import { DEFAULT_TASK_PACING, type TaskPacing } from "./pacing.js";

/** How often bgdb polls. Real AWS wants seconds-to-minutes; the sandbox and tests compress these. */
export interface PollTiming {
  /** Interval when a transition is expected soon (switchover, status flips). @default 5 s */
  fastMs: number;
  /** Interval during long provisioning or upgrades. @default 30 s */
  slowMs: number;
  /** Ceiling for backoff after throttling or transient errors. @default 2 min */
  maxBackoffMs: number;
  /** Share of each interval added or removed at random so many runners don't poll in lockstep. @default 0.2 */
  jitter: number;
  /** Transient errors in a row before a wait gives up. @default 8 */
  maxTransientErrors: number;
  /** CloudWatch period for lag metrics, seconds. @default 60 */
  lagPeriodSeconds: number;
  /** Pause between tries of a switchover refused with InvalidBlueGreenDeploymentState. @default 20 s */
  switchoverRetryMs: number;
  /** Tries of that switchover call. @default 4 */
  switchoverAttempts: number;
  /** Interval while a switchover is in progress: RDS finishes one in seconds (docs/rds-facts.md §5). @default 1.5 s */
  switchoverMs: number;
  /** Provisioning's pace, from the tasks RDS shows (pacing.ts). */
  taskPacing: TaskPacing;
}

export const DEFAULT_TIMING: PollTiming = {
  fastMs: 5_000,
  slowMs: 30_000,
  maxBackoffMs: 120_000,
  jitter: 0.2,
  maxTransientErrors: 8,
  lagPeriodSeconds: 60,
  switchoverRetryMs: 20_000,
  switchoverAttempts: 4,
  switchoverMs: 1_500,
  taskPacing: DEFAULT_TASK_PACING,
};
