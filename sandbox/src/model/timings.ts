/**
 * How long each emulated AWS transition takes, in milliseconds of sandbox time. The defaults make a whole demo take
 * well under a minute; `realisticTimings` is what real RDS roughly does. `speed` divides every duration.
 */
export interface Timings {
  /** CreateDBInstance / CreateDBCluster: creating → available. @default 2000 */
  create: number;
  /** ModifyDBInstance without a version change: modifying → available. @default 1500 */
  modify: number;
  /** Engine version change: upgrading → available. @default 3000 */
  upgrade: number;
  /** CreateDBSnapshot / CreateDBClusterSnapshot: creating → available. @default 1500 */
  snapshot: number;
  /** DeleteDBInstance / DeleteDBCluster: deleting → gone. @default 1000 */
  delete: number;
  /** Each blue/green provisioning task (three or so of them run one after another). @default 2000 */
  provisioningTask: number;
  /** SWITCHOVER_IN_PROGRESS → SWITCHOVER_COMPLETED. @default 3000 */
  switchover: number;
  /** SWITCHOVER_FAILED → AVAILABLE when a failed switchover settles back. @default 2000 */
  switchoverSettle: number;
  /** Replica lag decays linearly to 0 over this long after green exists. @default 4000 */
  lagSettle: number;
  /** DeleteBlueGreenDeployment: DELETING → gone. @default 500 */
  deleteDeployment: number;
}

export const defaultTimings: Timings = {
  create: 2000,
  modify: 1500,
  upgrade: 3000,
  snapshot: 1500,
  delete: 1000,
  provisioningTask: 2000,
  switchover: 3000,
  switchoverSettle: 2000,
  lagSettle: 4000,
  deleteDeployment: 500,
};

const MIN = 60_000;
export const realisticTimings: Timings = {
  create: 10 * MIN,
  modify: 5 * MIN,
  upgrade: 15 * MIN,
  snapshot: 5 * MIN,
  delete: 5 * MIN,
  provisioningTask: 10 * MIN,
  switchover: 40_000,
  switchoverSettle: MIN,
  lagSettle: 10 * MIN,
  deleteDeployment: MIN,
};

export function scaleTimings(base: Timings, speed: number): Timings {
  const s = speed > 0 ? speed : 1;
  return Object.fromEntries(Object.entries(base).map(([k, v]) => [k, Math.round(v / s)])) as unknown as Timings;
}
