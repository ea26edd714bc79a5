/**
 * The edge of bgdb: every flag, config-file key and environment variable is validated here with zod and turned into
 * the option objects of src/core/options.ts, with the defaults that file documents. Failures become a UsageError
 * (exit 2) before any AWS client exists, so bad input can never change anything.
 */
import { z } from "zod";
import { UsageError } from "../core/errors.js";
import type {
  AbortOptions,
  CleanupOptions,
  CreateOptions,
  DeployOptions,
  LagOptions,
  StatusOptions,
  SwitchoverOptions,
  TestOptions,
  UpgradeOptions,
} from "../core/options.js";
import {
  deploymentArg,
  dnsNameFlag,
  durationFlag,
  engineVersionFlag,
  enumFlag,
  envNameFlag,
  flag,
  identifierFlag,
  instanceClassFlag,
  intFlag,
  lagFlag,
  nameFlag,
  periodFlag,
  positiveIntFlag,
  sourceFlag,
  switchFlag,
  switchoverTimeoutFlag,
  tagsFlag,
} from "./flags.js";
import { DEFAULT_MAX_LAG } from "./lag-threshold.js";

const SEC = 1_000;
const MIN = 60 * SEC;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

export const UNTIL = ["created", "upgraded", "tested", "switched", "cleaned"] as const;

/** Turns zod issues into one UsageError; `where` says which input was wrong (e.g. the config file). */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, where?: string): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const messages = result.error.issues.map((issue) => issue.message);
  const prefix = where ? `${where}: ` : "";
  throw new UsageError(prefix + messages.join("; "), { details: { issues: messages } });
}

// ---- shapes shared by a command and by `deploy` (flag names are passed in where deploy renames them) ----

const createShape = (timeoutFlag: string) => ({
  source: sourceFlag("--source"),
  name: nameFlag("--name"),
  targetEngineVersion: engineVersionFlag("--target-engine-version"),
  targetParameterGroup: identifierFlag("--target-parameter-group"),
  targetClusterParameterGroup: identifierFlag("--target-cluster-parameter-group"),
  targetInstanceClass: instanceClassFlag("--target-instance-class"),
  targetStorageType: enumFlag("--target-storage-type", ["gp2", "gp3", "io1", "io2"]),
  targetIops: positiveIntFlag("--target-iops"),
  targetAllocatedStorage: positiveIntFlag("--target-allocated-storage"),
  targetStorageThroughput: positiveIntFlag("--target-storage-throughput"),
  upgradeTargetStorageConfig: switchFlag("--upgrade-target-storage-config"),
  tag: tagsFlag("--tag"),
  wait: switchFlag("--no-wait"),
  [timeoutFlag === "--timeout" ? "timeout" : "createTimeout"]: durationFlag(timeoutFlag, SEC, 7 * DAY),
  cname: dnsNameFlag("--cname"),
});

const upgradeShape = {
  engineVersion: engineVersionFlag("--engine-version"),
  parameterGroup: identifierFlag("--parameter-group"),
  clusterParameterGroup: identifierFlag("--cluster-parameter-group"),
  instanceClass: instanceClassFlag("--instance-class"),
  allowMajorVersionUpgrade: switchFlag("--allow-major-version-upgrade"),
};

const switchoverShape = (timeoutFlag: string) => ({
  [timeoutFlag === "--timeout" ? "timeout" : "switchoverTimeout"]: switchoverTimeoutFlag(timeoutFlag),
  maxLag: lagFlag("--max-lag"),
  stableSamples: intFlag("--stable-samples", 1, 20),
  waitForLag: durationFlag("--wait-for-lag", 0, DAY),
  yes: switchFlag("--yes"),
  cname: dnsNameFlag("--cname"),
  probe: switchFlag("--probe"),
  probeUrlEnv: envNameFlag("--probe-url-env"),
});

const cleanupShape = {
  deleteOldBlue: switchFlag("--delete-old-blue"),
  retain: durationFlag("--retain", 0, 365 * DAY),
  skipFinalSnapshot: switchFlag("--skip-final-snapshot"),
  iUnderstandDataLoss: switchFlag("--i-understand-data-loss"),
  yes: switchFlag("--yes"),
};

/** Skipping the final snapshot loses the old blue's data for good, so the operator must say so twice. */
function requireDataLossAck(v: { skipFinalSnapshot?: boolean; iUnderstandDataLoss?: boolean }, ctx: z.RefinementCtx) {
  if (v.skipFinalSnapshot && !v.iUnderstandDataLoss) {
    ctx.addIssue({
      code: "custom",
      message: "--skip-final-snapshot deletes the old blue with no snapshot: add --i-understand-data-loss to confirm",
    });
  }
}

type Raw = Record<string, unknown>;
const num = (v: unknown) => v as number | undefined;
const str = (v: unknown) => v as string | undefined;

function toCreate(v: Raw, timeoutKey: string): CreateOptions {
  return {
    source: v.source as string,
    name: str(v.name),
    targetEngineVersion: str(v.targetEngineVersion),
    targetParameterGroup: str(v.targetParameterGroup),
    targetClusterParameterGroup: str(v.targetClusterParameterGroup),
    targetInstanceClass: str(v.targetInstanceClass),
    targetStorageType: v.targetStorageType as CreateOptions["targetStorageType"],
    targetIops: num(v.targetIops),
    targetAllocatedStorage: num(v.targetAllocatedStorage),
    targetStorageThroughput: num(v.targetStorageThroughput),
    upgradeTargetStorageConfig: v.upgradeTargetStorageConfig as boolean | undefined,
    tags: (v.tag as Record<string, string>) ?? {},
    wait: v.wait !== false,
    timeoutMs: num(v[timeoutKey]) ?? 4 * HOUR,
    cname: str(v.cname),
  };
}

function toUpgrade(v: Raw, timeoutMs: number): Omit<UpgradeOptions, "deployment"> {
  return {
    engineVersion: str(v.engineVersion),
    parameterGroup: str(v.parameterGroup),
    clusterParameterGroup: str(v.clusterParameterGroup),
    instanceClass: str(v.instanceClass),
    allowMajorVersionUpgrade: v.allowMajorVersionUpgrade === true,
    timeoutMs,
  };
}

/** Flags the core may act on beyond SwitchoverOptions (the probe is the core's decision). */
export type SwitchoverCliOptions = SwitchoverOptions & { probe: boolean; probeUrlEnv?: string };

function toSwitchover(v: Raw, timeoutKey: string): Omit<SwitchoverCliOptions, "deployment"> {
  return {
    timeoutSeconds: num(v[timeoutKey]) ?? 300,
    maxLag: (v.maxLag as SwitchoverOptions["maxLag"]) ?? { ...DEFAULT_MAX_LAG },
    stableSamples: num(v.stableSamples) ?? 3,
    waitForLagMs: num(v.waitForLag) ?? 15 * MIN,
    yes: v.yes === true,
    cname: str(v.cname),
    probe: v.probe === true,
    probeUrlEnv: str(v.probeUrlEnv),
  };
}

function toCleanup(v: Raw, timeoutMs: number): Omit<CleanupOptions, "deployment"> {
  return {
    deleteOldBlue: v.deleteOldBlue === true,
    retainMs: num(v.retain) ?? DAY,
    skipFinalSnapshot: v.skipFinalSnapshot === true,
    iUnderstandDataLoss: v.iUnderstandDataLoss === true,
    yes: v.yes === true,
    timeoutMs,
  };
}

const required = (name: string) => (v: Raw, ctx: z.RefinementCtx) => {
  if (v.source === undefined) ctx.addIssue({ code: "custom", message: `${name} is required` });
};

// ---- one schema per command ----

export const createSchema = z
  .object(createShape("--timeout"))
  .superRefine(required("--source"))
  .transform((v) => toCreate(v, "timeout"));

export const upgradeSchema = z
  .object({ deployment: deploymentArg(), ...upgradeShape, timeout: durationFlag("--timeout", SEC, DAY) })
  .transform((v): UpgradeOptions => ({ deployment: v.deployment!, ...toUpgrade(v, v.timeout ?? 2 * HOUR) }));

/** `bgdb test` needs a program after `--`; a config file may give a list or one string split on spaces. */
const commandList = z
  .unknown()
  .transform((raw, ctx): string[] | undefined => {
    if (raw === undefined) return undefined;
    const list = typeof raw === "string" ? raw.trim().split(/\s+/).filter(Boolean) : raw;
    if (Array.isArray(list) && list.length > 0 && list.every((a) => typeof a === "string" && a !== "")) return list;
    ctx.addIssue({
      code: "custom",
      message: "the test command must follow --, e.g. bgdb test my-deployment -- npm test",
    });
    return z.NEVER;
  })
  .optional();

export const testSchema = z
  .object({ deployment: deploymentArg(), command: commandList, timeout: durationFlag("--timeout", 1000, DAY) })
  .transform(
    (v): TestOptions => ({
      deployment: v.deployment!,
      command: v.command![0]!,
      args: v.command!.slice(1),
      timeoutMs: v.timeout,
    }),
  );

export const lagSchema = z
  .object({
    deployment: deploymentArg(),
    watch: switchFlag("--watch"),
    period: periodFlag("--period"),
    window: durationFlag("--window", MIN, 14 * DAY),
    for: durationFlag("--for", 1000, 7 * DAY),
  })
  .transform(
    (v): LagOptions => ({
      deployment: v.deployment!,
      watch: v.watch === true,
      periodSeconds: v.period ?? 60,
      windowMs: v.window ?? 15 * MIN,
      watchForMs: v.for,
    }),
  );

export const switchoverSchema = z
  .object({ deployment: deploymentArg(), ...switchoverShape("--timeout") })
  .transform((v): SwitchoverCliOptions => ({ deployment: v.deployment as string, ...toSwitchover(v, "timeout") }));

export const cleanupSchema = z
  .object({ deployment: deploymentArg(), ...cleanupShape, timeout: durationFlag("--timeout", SEC, DAY) })
  .superRefine(requireDataLossAck)
  .transform((v): CleanupOptions => ({ deployment: v.deployment!, ...toCleanup(v, v.timeout ?? 2 * HOUR) }));

export const abortSchema = z
  .object({ deployment: deploymentArg(), yes: switchFlag("--yes"), timeout: durationFlag("--timeout", SEC, DAY) })
  .transform((v): AbortOptions => ({ deployment: v.deployment!, yes: v.yes === true, timeoutMs: v.timeout ?? HOUR }));

export const statusSchema = z
  .object({
    deployment: deploymentArg(),
    watch: switchFlag("--watch"),
    cname: dnsNameFlag("--cname"),
    for: durationFlag("--for", 1000, 7 * DAY),
  })
  .transform(
    (v): StatusOptions => ({ deployment: v.deployment, watch: v.watch === true, cname: v.cname, watchForMs: v.for }),
  );

/** Every key `deploy` accepts, from flags or from its config file. */
export const deployShape = {
  ...createShape("--timeout"),
  ...upgradeShape,
  upgradeTimeout: durationFlag("--upgrade-timeout", SEC, DAY),
  command: commandList,
  testTimeout: durationFlag("--test-timeout", 1000, DAY),
  ...switchoverShape("--switchover-timeout"),
  ...cleanupShape,
  until: enumFlag("--until", UNTIL),
};

const UPGRADE_KEYS = ["engineVersion", "parameterGroup", "clusterParameterGroup", "instanceClass"] as const;

/** DeployOptions whose switchover part also carries the probe flags. */
export type DeployCliOptions = DeployOptions & { switchover: Omit<SwitchoverCliOptions, "deployment"> };

export const deploySchema = z
  .object(deployShape)
  .superRefine(required("--source"))
  .superRefine(requireDataLossAck)
  .transform((v): DeployCliOptions => {
    const command = v.command as string[] | undefined;
    return {
      create: toCreate(v, "timeout"),
      upgrade: UPGRADE_KEYS.some((k) => v[k] !== undefined) ? toUpgrade(v, v.upgradeTimeout ?? 2 * HOUR) : undefined,
      test: command ? { command: command[0]!, args: command.slice(1), timeoutMs: v.testTimeout } : undefined,
      switchover: toSwitchover(v, "switchoverTimeout"),
      cleanup: toCleanup(v, 2 * HOUR),
      until: v.until ?? "switched",
    };
  });

// ---- global options and environment ----

const REGION = /^[a-z]{2,}(?:-[a-z0-9]+)+$/;
const PATH_TEXT = /^[^\0]+$/;

export const globalSchema = z.object({
  region: flag("--region", "an AWS region such as eu-west-1", (raw) =>
    typeof raw === "string" && REGION.test(raw) ? raw : undefined,
  ),
  profile: flag("--profile", "a profile name from your AWS config", (raw) =>
    typeof raw === "string" && /^[\w.+@=,:/-]+$/.test(raw) ? raw : undefined,
  ),
  endpointUrl: flag("--endpoint-url", "an http:// or https:// URL", (raw) =>
    typeof raw === "string" && /^https?:\/\/[^\s/]+/.test(raw) && URL.canParse(raw) ? raw : undefined,
  ),
  sandbox: switchFlag("--sandbox"),
  sandboxDir: flag("--sandbox-dir", "a directory path", (raw) =>
    typeof raw === "string" && PATH_TEXT.test(raw) ? raw : undefined,
  ),
  stateDir: flag("--state-dir", "a directory path", (raw) =>
    typeof raw === "string" && PATH_TEXT.test(raw) ? raw : undefined,
  ),
  json: switchFlag("--json"),
  quiet: switchFlag("--quiet"),
  verbose: switchFlag("--verbose"),
  color: switchFlag("--no-color"),
});
export type GlobalOptions = z.output<typeof globalSchema>;

export const envSchema = z.object({
  BGDB_STATE_DIR: flag("BGDB_STATE_DIR", "a non-empty directory path", (raw) =>
    typeof raw === "string" && PATH_TEXT.test(raw) ? raw : undefined,
  ),
});
