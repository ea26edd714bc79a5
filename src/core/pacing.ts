/**
 * How often to look while RDS provisions a deployment, from what AWS shows: its tasks finish one after the other
 * (docs/rds-facts.md §2), so bgdb learns how long a task takes from the ones already done, polls slowly while the
 * running task is far from that, quickly in a window around its expected end, and backs off again if it runs long.
 * A task of unknown length (the first) is polled at a middle pace. Pure: observations in, the next interval out.
 */
import type { DeploymentTask } from "../ports/index.js";
import { taskStatus } from "./status.js";

export interface TaskPacing {
  /** Interval in the window around an expected end, and once every task is done. @default 3 s */
  nearMs: number;
  /** Interval far from any expected end. @default 30 s */
  farMs: number;
  /** Interval while nothing is known yet about how long a task takes. @default 20 s */
  unknownMs: number;
  /** Half-width of the window around a task's expected end. @default 15 s */
  windowMs: number;
}

export const DEFAULT_TASK_PACING: TaskPacing = { nearMs: 3_000, farMs: 30_000, unknownMs: 20_000, windowMs: 15_000 };

export interface TaskPacer {
  /** Feeds what AWS shows now; returns how long to wait before looking again. */
  next(tasks: DeploymentTask[], nowMs: number): number;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
};

export function taskPacer(p: TaskPacing = DEFAULT_TASK_PACING, firstSeenMs?: number): TaskPacer {
  const startedAt = new Map<string, number>();
  const durations = new Map<string, number>();
  let lastCompletionMs = firstSeenMs;
  let overdueSince: number | undefined;
  return {
    next(tasks, nowMs) {
      lastCompletionMs ??= nowMs;
      for (const t of tasks) {
        const status = taskStatus(t.status);
        if (status === "COMPLETED" && !durations.has(t.name)) {
          // A task that finished unseen started, at the latest, when the one before it finished.
          durations.set(t.name, nowMs - (startedAt.get(t.name) ?? lastCompletionMs));
          lastCompletionMs = nowMs;
        } else if (status === "IN_PROGRESS" && !startedAt.has(t.name)) {
          startedAt.set(t.name, Math.min(nowMs, lastCompletionMs));
        }
      }
      const running = tasks.find((t) => taskStatus(t.status) === "IN_PROGRESS");
      // Everything done but the deployment not yet AVAILABLE: it is about to be.
      if (!running)
        return tasks.length > 0 && tasks.every((t) => taskStatus(t.status) === "COMPLETED") ? p.nearMs : p.unknownMs;
      if (durations.size === 0) return p.unknownMs;
      const expectedEnd = (startedAt.get(running.name) ?? lastCompletionMs) + median([...durations.values()]);
      if (nowMs < expectedEnd - p.windowMs) {
        overdueSince = undefined;
        // Sleep until the window opens, never longer than the far pace (an estimate can be wrong).
        return Math.max(p.nearMs, Math.min(p.farMs, expectedEnd - p.windowMs - nowMs));
      }
      if (nowMs <= expectedEnd + p.windowMs) return p.nearMs;
      // Running long: back off from the near pace towards the far one.
      overdueSince ??= nowMs;
      return Math.min(p.farMs, p.nearMs * 2 ** Math.floor((nowMs - overdueSince) / p.farMs + 1));
    },
  };
}
