import type { Hooks } from "./hooks.js";

/**
 * Validated options for each core command. The CLI builds these from flags/config with zod; core trusts them.
 * Durations are milliseconds unless the name says otherwise.
 */

export interface CreateOptions {
  /** Instance id, cluster id, or an ARN (`:db:` or `:cluster:`). */
  source: string;
  /** Deployment name. @default `<source-id>-to-<major>` with a target version, else `<source-id>-bgdb` */
  name?: string;
  targetEngineVersion?: string;
  targetParameterGroup?: string;
  targetClusterParameterGroup?: string;
  targetInstanceClass?: string;
  targetStorageType?: "gp2" | "gp3" | "io1" | "io2";
  targetIops?: number;
  targetAllocatedStorage?: number;
  targetStorageThroughput?: number;
  upgradeTargetStorageConfig?: boolean;
  /** Create even when the source already satisfies every target (an identical green on purpose). @default false */
  allowNoChange?: boolean;
  tags: Record<string, string>;
  /** The team's commands at named points (before-create, after-create, on-success, on-failure). */
  hooks?: Hooks;
  /** Wait until AVAILABLE. @default true */
  wait: boolean;
  /** Deadline for the wait. @default 4h */
  timeoutMs: number;
  cname?: string;
}

/** The targets preflight checks a create against. */
export type PreflightTargets = Pick<
  CreateOptions,
  "targetEngineVersion" | "targetParameterGroup" | "targetClusterParameterGroup" | "targetInstanceClass"
>;

/** `bgdb preflight`: the source and create's target options. */
export type PreflightOptions = Pick<
  CreateOptions,
  | "source"
  | "targetEngineVersion"
  | "targetParameterGroup"
  | "targetClusterParameterGroup"
  | "targetInstanceClass"
  | "targetStorageType"
  | "targetIops"
  | "targetAllocatedStorage"
  | "targetStorageThroughput"
  | "upgradeTargetStorageConfig"
> & {
  /** The variable bgdb read blue's connection URL from (named in the create it suggests next). */
  dbUrlEnv?: string;
};

export interface UpgradeOptions {
  deployment: string;
  engineVersion?: string;
  parameterGroup?: string;
  clusterParameterGroup?: string;
  instanceClass?: string;
  allowMajorVersionUpgrade: boolean;
  /** @default 2h */
  timeoutMs: number;
}

export interface TestOptions {
  deployment: string;
  command: string;
  args: string[];
  /** Kill the command after this long. @default none */
  timeoutMs?: number;
}

export interface LagOptions {
  deployment: string;
  watch: boolean;
  /** CloudWatch period in seconds. @default 60 */
  periodSeconds: number;
  /** How far back the trend goes. @default 15 min */
  windowMs: number;
  /** With watch: stop after this long. @default until Ctrl-C */
  watchForMs?: number;
}

/** A lag threshold: seconds for seconds-based metrics, bytes for byte-based ones. */
export interface LagThreshold {
  seconds: number;
  bytes: number;
  /** Which kind the operator gave with --max-lag (the other is the default); checked against the engine's metric. */
  given?: "seconds" | "bytes";
}

export interface SwitchoverOptions {
  deployment: string;
  /** RDS SwitchoverTimeout, 30–3600. @default 300 */
  timeoutSeconds: number;
  /** @default { seconds: 1, bytes: 1 MiB } */
  maxLag: LagThreshold;
  /** Consecutive good observations required by the gate. @default 3 */
  stableSamples: number;
  /** How long the gate may wait for readiness and lag. @default 15 min */
  waitForLagMs: number;
  yes: boolean;
  cname?: string;
  /** Switch over although the CNAME does not point at the production endpoint (told deliberately). @default false */
  allowCnameMismatch?: boolean;
  /** The gate stays closed while this file exists (a person removes it to let the switchover go), gh-ost style. */
  postponeFile?: string;
  /** The team's commands at named points (before-switchover, after-switchover, on-success, on-failure). */
  hooks?: Hooks;
  /** Deadline for watching SWITCHOVER_IN_PROGRESS beyond the RDS timeout. @default timeout + 10 min */
  watchTimeoutMs?: number;
  /**
   * Compare blue and green table by table once the gate passes, before confirmation (every table, the defaults of
   * `bgdb verify`); a difference refuses the switchover. Needs `Deps.tableReaders`. @default false
   */
  verify?: boolean;
}

/** How `bgdb verify` compares blue and green (core/verify.ts). */
export interface VerifySettings {
  /** Only these tables (`orders`, `audit.events`); every user table when absent. */
  tables?: string[];
  /** Rows per chunk: each chunk is one short read on each side. @default 10000 */
  chunkSize: number;
  /** Times a differing chunk is read again before it counts as a difference. @default 3 */
  rechecks: number;
  /** Pause before each re-check, for rows still replicating. @default 5 s */
  recheckWaitMs: number;
}

export interface VerifyOptions extends VerifySettings {
  deployment: string;
}

export interface CleanupOptions {
  deployment: string;
  deleteOldBlue: boolean;
  /** @default 24h */
  retainMs: number;
  /** Needs `iUnderstandDataLoss` too: told twice. */
  skipFinalSnapshot: boolean;
  iUnderstandDataLoss: boolean;
  yes: boolean;
  /** @default 2h */
  timeoutMs: number;
}

export interface AbortOptions {
  deployment: string;
  yes: boolean;
  /** @default 1h */
  timeoutMs: number;
}

export interface StatusOptions {
  deployment?: string;
  watch: boolean;
  cname?: string;
  /** With watch: stop after this long. @default until Ctrl-C or a terminal status */
  watchForMs?: number;
}

export type DeployUntil = "created" | "upgraded" | "tested" | "switched" | "cleaned";

export interface DeployOptions {
  create: CreateOptions;
  /** Present when any upgrade option was given. */
  upgrade?: Omit<UpgradeOptions, "deployment">;
  /** Present when a test command was given. */
  test?: Omit<TestOptions, "deployment">;
  switchover: Omit<SwitchoverOptions, "deployment">;
  cleanup: Omit<CleanupOptions, "deployment">;
  /** @default "switched" */
  until: DeployUntil;
}

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * Every default core works with, named once: the option tables show them in --help and apply them, and messages
 * quote them from here.
 */
export const DEFAULTS = {
  createTimeoutMs: 4 * HOUR,
  upgradeTimeoutMs: 2 * HOUR,
  switchoverTimeoutSeconds: 300,
  maxLag: { seconds: 1, bytes: 1024 * 1024 },
  stableSamples: 3,
  waitForLagMs: 15 * MINUTE,
  retainMs: DAY,
  cleanupTimeoutMs: 2 * HOUR,
  abortTimeoutMs: HOUR,
  lagPeriodSeconds: 60,
  lagWindowMs: 15 * MINUTE,
  until: "switched",
  verifyChunkSize: 10_000,
  verifyRechecks: 3,
  verifyRecheckWaitMs: 5 * SECOND,
} as const satisfies Record<string, unknown>;

/** Bounds the option tables enforce (inclusive). */
export const LIMITS = {
  /** Wait deadlines start at 1 s: the sandbox compresses minutes into seconds. */
  waitMinMs: SECOND,
  createTimeoutMaxMs: 7 * DAY,
  waitMaxMs: DAY,
  retainMaxMs: 365 * DAY,
  lagWindowMinMs: MINUTE,
  lagWindowMaxMs: 14 * DAY,
  watchForMaxMs: 7 * DAY,
  stableSamples: { min: 1, max: 20 },
  verifyChunkSize: { min: 100, max: 1_000_000 },
  verifyRechecks: { min: 0, max: 10 },
  verifyRecheckWaitMaxMs: 10 * MINUTE,
} as const;

export const DEPLOY_UNTIL = [
  "created",
  "upgraded",
  "tested",
  "switched",
  "cleaned",
] as const satisfies readonly DeployUntil[];
