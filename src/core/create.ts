import type { BlueGreenDeployment, Deps } from "../ports/index.js";
import { type CallOf, mutate } from "./audit.js";
import { type CnameCheck, checkCname } from "./cname.js";
import { type Ctx, makeCtx } from "./context.js";
import { answerLost, decideProvisioning } from "./decide.js";
import {
  type Desired,
  decideAttach,
  decideCreate,
  describeDifferences,
  describeSatisfied,
  type SourceNow,
  sourceNowOfCluster,
  sourceNowOfInstance,
} from "./desired.js";
import { majorVersion } from "./engine.js";
import { aboutDeployment, ExitCode, isBgdbError, PreconditionError, throwIfAborted } from "./errors.js";
import type { MessagePayload } from "./event.js";
import { type HookContext, hookContextOf, runHooks, withOutcomeHooks } from "./hooks.js";
import { recordObserved, recordState, scopeOf, withLock } from "./journal.js";
import type { CreateOptions } from "./options.js";
import { taskPacer } from "./pacing.js";
import { phaseOf } from "./phase.js";
import { checkedMessage, checksLevel, preflightFailure, runPreflight, sourceFacts } from "./preflight.js";
import { withEvents } from "./rds-events.js";
import { describeById, describeMembers, findDeployment, resolveSource, type Source } from "./resolve.js";
import type { CommandResult } from "./result.js";
import { servingStatement } from "./serving.js";
import { deploymentStatus } from "./status.js";
import { resultFor } from "./view.js";
import { timeoutError, waitFor } from "./wait.js";

const PHASE = "create";

export function defaultDeploymentName(sourceId: string, targetEngineVersion?: string, engine = "postgres"): string {
  const suffix = targetEngineVersion ? `to-${majorVersion(engine, targetEngineVersion).replace(/\./g, "-")}` : "bgdb";
  const base = sourceId.replace(/[^a-zA-Z0-9-]/g, "-").replace(/-+/g, "-");
  return `${base.slice(0, 60 - suffix.length - 1).replace(/-$/, "")}-${suffix}`;
}

/** Waits until the deployment is AVAILABLE, showing each task; INVALID_CONFIGURATION or a FAILED task → exit 5. */
export async function waitUntilAvailable(ctx: Ctx, d: BlueGreenDeployment, timeoutMs: number) {
  const since = new Date(ctx.clock.now() - 60_000);
  const pacer = taskPacer(ctx.timing.taskPacing);
  try {
    return await waitFor(ctx.wait, {
      phase: PHASE,
      label: d.name,
      timeoutMs,
      observe: () => describeById(ctx, d),
      decide: decideProvisioning,
      // Slow while early tasks run, quick around the end RDS's own task timings predict.
      paceMs: (obs, now) => pacer.next(obs.tasks, now),
      interrupted: (last) => servingStatement(last?.status),
      onTimeout: (last, ms) =>
        timeoutError(
          `${d.name} to become AVAILABLE`,
          ms,
          `It keeps provisioning in AWS; run \`bgdb status ${d.name} --watch\` or the same create again to attach. ${servingStatement(last?.status)}`,
        ),
    });
  } catch (e) {
    if (isBgdbError(e) && e.exitCode === ExitCode.AwsFailure) throw await withEvents(ctx, e, d.id, since);
    throw e;
  }
}

/** The targets a create asks for, in desired-state terms. */
export const desiredOfCreate = (o: CreateOptions): Desired => ({
  engineVersion: o.targetEngineVersion,
  parameterGroup: o.targetParameterGroup,
  clusterParameterGroup: o.targetClusterParameterGroup,
  instanceClass: o.targetInstanceClass,
  storageType: o.targetStorageType,
  iops: o.targetIops,
  allocatedStorage: o.targetAllocatedStorage,
  storageThroughput: o.targetStorageThroughput,
});

async function sourceNow(ctx: Ctx, source: Source): Promise<SourceNow> {
  if (source.kind === "instance") return sourceNowOfInstance(source.instance);
  return sourceNowOfCluster(source.cluster, await ctx.rds.describeDbInstances({ clusterId: source.cluster.id }));
}

/** AWS is the truth: the source as it runs now decides whether there is anything to do (never a local record). */
export async function createDecision(ctx: Ctx, source: Source, o: CreateOptions, extra: CreateExtra) {
  const want = wantedOf(o, extra);
  const now = await sourceNow(ctx, source);
  return { now, want, decision: decideCreate(now, want, o.allowNoChange === true) };
}

const wantedOf = (o: CreateOptions, extra: CreateExtra): Desired => extra.desired ?? desiredOfCreate(o);

/** An existing deployment's green in desired-state terms, as DescribeDBInstances / DescribeDBClusters report it. */
async function greenNow(ctx: Ctx, d: BlueGreenDeployment): Promise<SourceNow | undefined> {
  const m = await describeMembers(ctx, d);
  const aurora = m.green.find((s) => s.cluster);
  if (aurora?.cluster) return sourceNowOfCluster(aurora.cluster, aurora.clusterInstances);
  return m.greenPrimary && sourceNowOfInstance(m.greenPrimary);
}

/**
 * Attaching is for the deployment this run would have created: once green is AVAILABLE (before that RDS is still
 * building it to the request), it must run what the run asks for, or what the run's own later steps make it (deploy's
 * upgrade). Another green is refused (exit 3) before anything acts on it. Returns whether green was compared.
 */
export async function refuseOtherGreen(
  ctx: Ctx,
  d: BlueGreenDeployment,
  o: CreateOptions,
  extra: CreateExtra,
): Promise<boolean> {
  if (deploymentStatus(d.status) !== "AVAILABLE") return false;
  const green = await greenNow(ctx, d);
  if (!green) return false;
  const decision = decideAttach(green, wantedOf(o, extra), extra.appliedLater);
  if (decision.action === "attach") return true;
  throw new PreconditionError(
    "ALREADY_EXISTS",
    `A deployment named ${d.name} already exists and its green ${green.id} is not what this run asks for: ${describeDifferences(decision.differences)}. Blue still serves; nothing was changed.`,
    {
      hint: `Give this run another --name, or remove the old deployment first (\`bgdb abort ${d.name}\` deletes its green; blue is untouched), then run again.`,
      details: { differences: decision.differences },
    },
  );
}

/** The deployment name a create uses: --name, else one derived from the source and the target version. */
export function deploymentNameOf(o: CreateOptions, source: Source): string {
  const f = sourceFacts(source);
  return o.name ?? defaultDeploymentName(f.id, o.targetEngineVersion, f.engine);
}

/** A deployment of that name must be of this source to attach to; another source's is refused (exit 3). */
export function refuseOtherSource(d: BlueGreenDeployment, source: Source, name: string): void {
  const f = sourceFacts(source);
  if (d.source !== f.arn && d.target !== f.arn) {
    throw new PreconditionError(
      "ALREADY_EXISTS",
      `A deployment named ${name} already exists for another source (${d.source}).`,
      { hint: "Choose another --name, or clean the old deployment up." },
    );
  }
}

/** after-create is for a green this run created or saw become ready, not one attached to long after. */
export const attachedReady = (d: BlueGreenDeployment | undefined): boolean =>
  d !== undefined && deploymentStatus(d.status) !== "PROVISIONING";

/** The operator's CNAME before creating: it should point at blue's writer (a warning otherwise, never a refusal). */
export function cnameBeforeCreate(ctx: Ctx, cname: string, source: Source): Promise<CnameCheck> {
  return checkCname(ctx, cname, {
    production: source.kind === "instance" ? source.instance.endpoint?.address : source.cluster.endpoint,
    green: [],
    oldBlue: [],
  });
}

/** CreateBlueGreenDeployment as bgdb sends it: the targets asked for, tagged managed-by=bgdb. */
export function createCall(name: string, source: Source, o: CreateOptions): CallOf<"CreateBlueGreenDeployment"> {
  return {
    action: "CreateBlueGreenDeployment",
    params: {
      name,
      sourceArn: sourceFacts(source).arn,
      targetEngineVersion: o.targetEngineVersion,
      targetDbParameterGroupName: o.targetParameterGroup,
      targetDbClusterParameterGroupName: o.targetClusterParameterGroup,
      targetDbInstanceClass: o.targetInstanceClass,
      upgradeTargetStorageConfig: o.upgradeTargetStorageConfig,
      targetIops: o.targetIops,
      targetStorageType: o.targetStorageType,
      targetAllocatedStorage: o.targetAllocatedStorage,
      targetStorageThroughput: o.targetStorageThroughput,
      tags: { ...o.tags, "managed-by": "bgdb" },
    },
  };
}

/** An old blue RDS left from an earlier switchover of this source (`<id>-old1`): reported, never deleted here. */
async function leftoverOldBlue(ctx: Ctx, source: Source): Promise<string | undefined> {
  const id = `${source.kind === "instance" ? source.instance.id : source.cluster.id}-old1`;
  try {
    const found =
      source.kind === "instance" ? await ctx.rds.describeDbInstances({ id }) : await ctx.rds.describeDbClusters({ id });
    return found[0]?.id;
  } catch (e) {
    if (isBgdbError(e) && e.code === "NOT_FOUND") return undefined;
    throw e;
  }
}

async function atTarget(ctx: Ctx, source: Source, now: SourceNow, want: Desired): Promise<CommandResult> {
  const oldBlue = await leftoverOldBlue(ctx, source);
  const atTargetMsg: MessagePayload = {
    code: "create.at-target",
    source: now.id,
    satisfied: describeSatisfied(now, want),
  };
  ctx.say(PHASE, "ok", atTargetMsg);
  const oldBlueMsg: MessagePayload | undefined = oldBlue ? { code: "create.old-blue-left", oldBlue } : undefined;
  if (oldBlueMsg) ctx.say(PHASE, "warn", oldBlueMsg);
  return {
    command: "create",
    phase: "at-target",
    members: [],
    durations: {},
    report: [atTargetMsg, ...(oldBlueMsg ? [oldBlueMsg] : [])],
    nextSteps: oldBlue
      ? [
          `aws rds delete-db-${source.kind === "instance" ? "instance --db-instance-identifier" : "cluster --db-cluster-identifier"} ${oldBlue} --final-db-snapshot-identifier ${oldBlue}-final  (after its retention window)`,
        ]
      : [],
    data: { atTarget: true, source: now.id, oldBlue: oldBlue ?? null },
  };
}

export interface CreateExtra {
  /** The run's whole desired state when later steps change green too (deploy's upgrade options). @default create's targets */
  desired?: Desired;
  /** The targets a later step of the run sets on green itself (deploy's upgrade): an attached green may differ there. */
  appliedLater?: Desired;
}

export async function create(deps: Deps, o: CreateOptions, extra: CreateExtra = {}): Promise<CommandResult> {
  const ctx = makeCtx(deps);
  throwIfAborted(ctx.signal);
  const source = await resolveSource(ctx, o.source);
  const f = sourceFacts(source);
  const name = deploymentNameOf(o, source);
  const seen = { hook: { deploymentName: name, engine: f.engine, blueVersion: f.version } satisfies HookContext };
  return withOutcomeHooks(
    ctx,
    o.hooks,
    () => seen.hook,
    () => withLock(ctx, scopeOf(ctx, f.arn), name, "create", () => createLocked(ctx, { source, name, o, extra, seen })),
  );
}

interface CreateRun {
  source: Source;
  name: string;
  o: CreateOptions;
  extra: CreateExtra;
  /** What hooks are told, updated as the run learns it. */
  seen: { hook: HookContext };
  /**
   * This run's CreateBlueGreenDeployment already failed in a way that says the deployment may exist (the name taken,
   * or the answer lost): look it up by name and attach; if it is not there, this error stands — never a second request.
   */
  createFailed?: unknown;
}

/** CreateBlueGreenDeployment refused because the name is taken (another runner, an earlier request), or its answer lost. */
const mayHaveBeenCreated = (e: unknown): boolean => (isBgdbError(e) && e.code === "ALREADY_EXISTS") || answerLost(e);

/** Inside the lock: attach to the deployment of that name, or decide from the source whether to create one. */
async function createLocked(ctx: Ctx, run: CreateRun): Promise<CommandResult> {
  const { source, name, o, extra, seen } = run;
  let d = await findDeployment(ctx, name);
  const found = d;
  const attached = attachedReady(d);
  let compared = false;
  if (d) {
    refuseOtherSource(d, source, name);
    ctx.say(PHASE, "info", { code: "create.attached", name, id: d.id, status: d.status });
    compared = await refuseOtherGreen(ctx, d, o, extra);
  } else {
    if (run.createFailed !== undefined) throw run.createFailed;
    const { now, want, decision } = await createDecision(ctx, source, o, extra);
    if (decision.action === "nothing-to-do") return atTarget(ctx, source, now, want);
    const pending = decision.differences.flatMap((x) => (x.pending ? [x.pending] : []));
    if (pending.length > 0) ctx.say(PHASE, "info", { code: "create.not-in-effect", source: now.id, pending });
    try {
      d = await requestCreate(ctx, run);
    } catch (e) {
      // Look it up by name, through the attach path above: whoever created it, it is not created twice.
      if (mayHaveBeenCreated(e)) return createLocked(ctx, { ...run, createFailed: e });
      throw e;
    }
  }
  const created = d;
  seen.hook = { ...seen.hook, deploymentId: d.id, status: d.status, phase: phaseOf(d.status) };
  try {
    const result = await waitAndReport(ctx, created, o);
    // Attached while RDS was still building green: compare once it is ready.
    if (found && !compared && result.phase === "green-ready") {
      await refuseOtherGreen(ctx, await describeById(ctx, found), o, extra);
    }
    seen.hook = { ...seen.hook, ...hookContextOf(result) };
    if (!attached) await runHooks(ctx, o.hooks, "after-create", seen.hook);
    return result;
  } catch (e) {
    throw aboutDeployment(e, created);
  }
}

/** Preflight, the CNAME check and the before-create hook, then CreateBlueGreenDeployment. */
async function requestCreate(ctx: Ctx, { source, name, o, seen }: CreateRun): Promise<BlueGreenDeployment> {
  const f = sourceFacts(source);
  const { checks } = await runPreflight(ctx, source, o);
  const checkedAt = new Date(ctx.clock.now()).toISOString();
  ctx.say("preflight", checksLevel(checks), checkedMessage(checks, source));
  const failure = preflightFailure(checks);
  if (failure) throw failure;
  if (o.cname) {
    const check = await cnameBeforeCreate(ctx, o.cname, source);
    ctx.say("preflight", check.ok ? "ok" : "warn", { code: "cname.checked", when: "before", check });
  }
  await runHooks(ctx, o.hooks, "before-create", { ...seen.hook, blueEndpoint: endpointOfSource(source) });
  throwIfAborted(ctx.signal);
  const d = await mutate(ctx, name, createCall(name, source, o), (input) => ctx.rds.createBlueGreenDeployment(input));
  await recordState(ctx, d, {
    settings: { create: o },
    step: { step: "create", outcome: "requested" },
    evidence: { preflight: { at: checkedAt, source: f.id, engine: f.engine, engineVersion: f.version, checks } },
  });
  ctx.say(PHASE, "ok", { code: "create.created", name, id: d.id });
  return d;
}

/** The writer endpoint of a source, host:port. */
function endpointOfSource(s: Source): string | undefined {
  if (s.kind === "cluster") return s.cluster.endpoint ? `${s.cluster.endpoint}:${s.cluster.port ?? ""}` : undefined;
  return s.instance.endpoint ? `${s.instance.endpoint.address}:${s.instance.endpoint.port}` : undefined;
}

/** After create (or attach): wait until AVAILABLE unless --no-wait, and say what green is. */
async function waitAndReport(ctx: Ctx, d: BlueGreenDeployment, o: CreateOptions): Promise<CommandResult> {
  if (!o.wait) {
    await recordObserved(ctx, d);
    return resultFor(ctx, "create", d, {
      report: [{ code: "create.not-waiting", name: d.name, id: d.id, status: d.status }],
    });
  }
  const { value, elapsedMs } = await waitUntilAvailable(ctx, d, o.timeoutMs);
  await recordObserved(ctx, value);
  await recordState(ctx, value, { step: { step: "create", outcome: value.status, durationMs: elapsedMs } });
  const result = await resultFor(ctx, "create", value, { durations: { wait: elapsedMs } });
  const available: MessagePayload = {
    code: "create.available",
    status: value.status,
    elapsedMs,
    green: result.members
      .filter((m) => m.role === "green")
      .map((g) => ({ id: g.id, engine: g.engine, engineVersion: g.engineVersion, status: g.status })),
  };
  ctx.say(PHASE, "ok", available);
  return { ...result, report: [available] };
}
