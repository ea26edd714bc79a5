/**
 * Polling simulated on a virtual clock: how quickly bgdb notices what RDS does, and how many Describe calls it
 * spends, against a fixed-interval poll. Deterministic (a seeded jitter), so a test can hold it to its goals and the
 * bench can print it.
 *
 * - Provisioning: four tasks finishing in turn over 30 minutes (CREATING_READ_REPLICA_OF_SOURCE,
 *   DB_ENGINE_VERSION_UPGRADE, CONFIGURE_BACKUPS, CREATING_TOPOLOGY_OF_SOURCE), then AVAILABLE.
 * - Switchover: SWITCHOVER_IN_PROGRESS for 60 s, then SWITCHOVER_COMPLETED.
 */

import { taskPacer } from "../src/core/pacing.js";
import { DEFAULT_TIMING } from "../src/core/timing.js";
import { jittered } from "../src/core/wait.js";

const TASKS = [
  "CREATING_READ_REPLICA_OF_SOURCE",
  "DB_ENGINE_VERSION_UPGRADE",
  "CONFIGURE_BACKUPS",
  "CREATING_TOPOLOGY_OF_SOURCE",
];

export interface PollingFigures {
  /** Mean of (first look that shows it − when it happened), over every transition, ms. */
  meanDetectionMs: number;
  calls: number;
}

/** A seeded generator in [0, 1) (mulberry32): the same jitter every run. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Statuses of the provisioning timeline at time t (ms since creation). */
function tasksAt(t: number, totalMs: number) {
  const each = totalMs / TASKS.length;
  return TASKS.map((name, i) => ({
    name,
    status: t >= (i + 1) * each ? "COMPLETED" : t >= i * each ? "IN_PROGRESS" : "PENDING",
  }));
}

/** Runs one poller over the provisioning timeline; `interval` picks the next wait from what it just saw. */
function simulateProvisioning(
  interval: (tasks: { name: string; status: string }[], now: number) => number,
  totalMs: number,
  random: () => number,
): PollingFigures {
  const each = totalMs / TASKS.length;
  const transitions = TASKS.map((_, i) => (i + 1) * each);
  const seen: number[] = [];
  let calls = 0;
  for (let t = 0; ; ) {
    calls++;
    const tasks = tasksAt(t, totalMs);
    for (const [i, at] of transitions.entries()) if (seen[i] === undefined && t >= at) seen[i] = t - at;
    if (t >= totalMs) break;
    t += jittered(interval(tasks, t), DEFAULT_TIMING.jitter, random);
  }
  return { meanDetectionMs: seen.reduce((a, b) => a + b, 0) / seen.length, calls };
}

export function provisioningFigures(totalMs = 30 * 60_000) {
  const paced = simulateProvisioning(
    (() => {
      const pacer = taskPacer(DEFAULT_TIMING.taskPacing, 0);
      return (tasks, now) => pacer.next(tasks, now);
    })(),
    totalMs,
    seeded(1),
  );
  const fixed10s = simulateProvisioning(() => 10_000, totalMs, seeded(1));
  return { paced, fixed10s };
}

/** A 60 s switchover watched at the switchover pace, from many start phases: the mean delay in noticing its end. */
export function switchoverFigures(switchoverMs = 60_000): PollingFigures {
  const random = seeded(2);
  let delays = 0;
  let calls = 0;
  const runs = 200;
  for (let r = 0; r < runs; r++) {
    // Where the first look falls relative to the start differs from run to run.
    let t = random() * DEFAULT_TIMING.switchoverMs;
    for (;;) {
      calls++;
      if (t >= switchoverMs) {
        delays += t - switchoverMs;
        break;
      }
      t += jittered(DEFAULT_TIMING.switchoverMs, DEFAULT_TIMING.jitter, random);
    }
  }
  return { meanDetectionMs: delays / runs, calls: calls / runs };
}
