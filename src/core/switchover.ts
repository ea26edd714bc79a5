import type { BlueGreenDeployment, DbInstance, Deps, WriteProbe, WriteProbeReport } from "../ports/index.js";
import { type CallOf, mutate } from "./audit.js";
import { type CnameCheck, checkCname, endpointsOf } from "./cname.js";
import { confirmRecorded } from "./confirm.js";
import { type Ctx, makeCtx } from "./context.js";
import {
  decideAfterSwitchoverCall,
  decideSwitchoverWatch,
  describeGateCheck,
  evaluateGate,
  failingChecks,
  type GateCheck,
  type GateObservation,
  switchoverCallFailure,
} from "./decide.js";
import { type Replication, replicationOf } from "./engine.js";
import {
  AwsFailureError,
  ExitCode,
  GateTimeoutError,
  InterruptedError,
  isBgdbError,
  messageOf,
  PreconditionError,
  throwIfAborted,
} from "./errors.js";
import type { MappingEntry, MessagePayload } from "./event.js";
import type { LagEvidence } from "./evidence.js";
import { formatElapsed } from "./format.js";
import { type HookContext, hookContextOf, runHooks, withOutcomeHooks } from "./hooks.js";
import { recordObserved, recordState } from "./journal.js";
import { formatLagValue, maxLagMismatch } from "./lag.js";
import { observeLag } from "./lag-observe.js";
import type { SwitchoverOptions } from "./options.js";
import { phaseOf } from "./phase.js";
import { type Prediction, type PredictionInput, predictSwitchover } from "./predict.js";
import { withDeployment } from "./prologue.js";
import { recentEvents, withEvents } from "./rds-events.js";
import { redactString } from "./redact.js";
import { describeById, describeMembers, type Members, memberViews } from "./resolve.js";
import type { CommandResult, MemberView } from "./result.js";
import { servingStatement } from "./serving.js";
import { deploymentStatus, parseRdsArn } from "./status.js";
import { recordSwitchoverOutcome } from "./switchover-audit.js";
import { checkReadable, DEFAULT_VERIFY, dataDiffers, verifyData } from "./verify-cmd.js";
import { deploymentView, resultFor } from "./view.js";
import { type WaitStep, waitFor } from "./wait.js";

const PHASE = "switchover";

/** The gate: readiness on N consecutive observations and lag on N samples, within --wait-for-lag. */
interface GateOutcome {
  verdict: "pass" | "switched" | "in-progress";
  deployment: BlueGreenDeployment;
  checks: GateCheck[];
  /** The lag series as the gate last read it, for the record. */
  lag?: LagEvidence;
  /** The look that passed, for the prediction. */
  observation?: GateObservation;
}

/** host:port of an instance's endpoint. */
const hostPort = (i: { endpoint?: { address: string; port: number } } | undefined): string | undefined =>
  i?.endpoint ? `${i.endpoint.address}:${i.endpoint.port}` : undefined;

/** The gate's lag reading in words for a hook (`0.4 s`, `12 KiB`). */
function gateLag(checks: GateCheck[]): string | undefined {
  const lag = checks.find((c) => c.name === "lag");
  if (lag?.name !== "lag" || lag.lag.state === "no-data") return undefined;
  return formatLagValue(lag.lag.latest.value, lag.metric?.unit ?? "Seconds");
}

/** The gate's lag reading as evidence: the series it judged, with the metric and where it was read. */
function lagEvidence(obs: GateObservation): LagEvidence | undefined {
  const m = obs.lagMetric;
  if (!m || !obs.lagSeries?.length) return undefined;
  return {
    metric: m.metricName,
    unit: m.unit,
    on: `${m.side} ${m.dimension.value}`,
    samples: obs.lagSeries.map((s) => ({ at: s.timestamp.toISOString(), value: s.value })),
  };
}

export async function observeGate(ctx: Ctx, d: BlueGreenDeployment, o: SwitchoverOptions): Promise<GateObservation> {
  const windowMs = Math.max(o.stableSamples + 5, 10) * ctx.timing.lagPeriodSeconds * 1000;
  const deployment = await describeById(ctx, d);
  const members = await describeMembers(ctx, deployment);
  const lag = await observeLag(ctx, members, o.maxLag, o.stableSamples, windowMs);
  // Once a switchover is under way no threshold is applied: the gate only watches it (deploy's re-runs land here).
  const mismatch = switchoverUnderWay(deployment) ? undefined : maxLagMismatch(o.maxLag, lag.metric, d.name);
  if (mismatch) throw mismatch;
  return {
    deployment,
    greenInstances: members.greenInstances,
    lag: lag.evaluation,
    lagMetric: lag.metric,
    lagSeries: lag.series,
    // Read on every look, like AWS: the gate opens within one poll of the file's removal.
    postpone: o.postponeFile ? { path: o.postponeFile, state: await ctx.paths.state(o.postponeFile) } : undefined,
    members,
  };
}

/** What a run has counted on blue already: the sequences, read once (they do not change while green exists). */
export interface BlueMemo {
  sequences?: number;
}

/** Blue's sessions now (and its sequences, once), through the inspector `--db-url-env` gave; why not, otherwise. */
async function readBlue(
  ctx: Ctx,
  blue: DbInstance | undefined,
  replication: Replication,
  memo: BlueMemo,
): Promise<Pick<PredictionInput, "blue" | "sequences">> {
  const inspectors = ctx.inspectors;
  if (!inspectors || !blue) return {};
  if (!inspectors.supports(blue.engine)) return { blue: { error: `bgdb reads no ${blue.engine} sessions yet` } };
  if (!blue.endpoint) return { blue: { error: `blue ${blue.id} has no endpoint` } };
  try {
    const inspector = await inspectors.open({
      host: blue.endpoint.address,
      port: blue.endpoint.port,
      engine: blue.engine,
    });
    try {
      const activity = await inspector.activity();
      if (replication === "logical" && memo.sequences === undefined) {
        const facts = await inspector.facts();
        if (facts.family === "postgres") memo.sequences = facts.databases.reduce((n, db) => n + db.sequences, 0);
      }
      return { blue: { activity }, ...(memo.sequences === undefined ? {} : { sequences: memo.sequences }) };
    } finally {
      await inspector.close().catch(() => undefined);
    }
  } catch (e) {
    return { blue: { error: redactString(messageOf(e)) } };
  }
}

const READINESS = new Set(["deployment", "members", "green"]);

/**
 * The switchover prediction on one look of the gate: RDS's guardrails as bgdb can see them (every member available,
 * lag against what --timeout allows, blue's long-running writes and DDL) and a recommended --timeout.
 */
export async function predictGate(
  ctx: Ctx,
  obs: GateObservation,
  checks: GateCheck[],
  o: SwitchoverOptions,
  memo: BlueMemo = {},
): Promise<Prediction> {
  const blue = obs.members?.bluePrimary;
  const green = obs.members?.greenPrimary;
  const replication = replicationOf(
    blue?.engine ?? green?.engine ?? "",
    blue?.engineVersion ?? "",
    green?.engineVersion ?? blue?.engineVersion,
  );
  const readiness = checks.filter((c) => READINESS.has(c.name));
  const notReady = readiness.filter((c) => !c.ok);
  return predictSwitchover({
    replication,
    timeoutSeconds: o.timeoutSeconds,
    maxLag: o.maxLag,
    ...(obs.lagMetric && obs.lagSeries
      ? {
          lag: {
            unit: obs.lagMetric.unit,
            points: obs.lagSeries.map((s) => ({ value: s.value, at: s.timestamp })),
          },
        }
      : {}),
    members: {
      ok: readiness.length > 0 && notReady.length === 0,
      reading:
        notReady.length > 0
          ? notReady.map(describeGateCheck).join("; ")
          : "the deployment and every member AVAILABLE, green available",
    },
    ...(await readBlue(ctx, blue, replication, memo)),
  });
}

/** The prediction as the operator reads it: worth a warning when a guardrail would fail or --timeout is short. */
export function sayPrediction(ctx: Ctx, phase: "gate" | "preflight", prediction: Prediction): MessagePayload {
  const payload: MessagePayload = { code: "switchover.prediction", prediction };
  const short = prediction.recommendedTimeoutSeconds > prediction.timeoutSeconds;
  ctx.say(phase, prediction.verdict === "fail" || short ? "warn" : "info", payload);
  return payload;
}

/**
 * The gate on one observation, as if the N-1 looks before it had been ready: whether it passes now. The recheck after
 * confirmation asks this (the streak before it already counted N), and so does a dry run.
 */
export const gateNow = (obs: GateObservation, o: SwitchoverOptions) =>
  evaluateGate(obs, o.stableSamples, o.stableSamples - 1);

/** GATE_NOT_MET (exit 4): what is failing, and that nothing was switched. */
export function gateNotMet(checks: GateCheck[], status: string | undefined, afterMs?: number): GateTimeoutError {
  return new GateTimeoutError(
    "GATE_NOT_MET",
    `Switchover gate not met ${afterMs === undefined ? "now" : `after ${formatElapsed(afterMs)}`}: ${failingChecks(checks) || "no observation"}. Nothing was switched. ${servingStatement(status)}`,
    {
      hint: "Wait for lower write load or a ready green, or raise --wait-for-lag / --max-lag deliberately.",
      details: { checks },
    },
  );
}

/**
 * The gate may have passed long before a person typed the name: look once more right before the irreversible call.
 * Readiness must hold on this observation too (the streak before it already counted N). A switchover that started
 * (or ended) meanwhile is another run's: the deployment as seen, to watch instead of sending a request of our own.
 */
async function recheckGate(
  ctx: Ctx,
  d: BlueGreenDeployment,
  o: SwitchoverOptions,
): Promise<BlueGreenDeployment | undefined> {
  const obs = await observeGate(ctx, d, o);
  const r = gateNow(obs, o);
  if (r.verdict.type === "in-progress" || r.verdict.type === "switched") return obs.deployment;
  // The deployment itself went wrong meanwhile (SWITCHOVER_FAILED, INVALID_CONFIGURATION, DELETING): that error.
  if (r.verdict.type === "fail") throw r.verdict.error;
  if (r.verdict.type !== "pass") {
    throw new GateTimeoutError(
      "GATE_CHANGED",
      `The gate no longer passes after confirmation: ${failingChecks(r.checks) || r.verdict.type}. Nothing was switched. ${servingStatement(obs.deployment.status)}`,
      { hint: "Run the switchover again when the gate passes.", details: { checks: r.checks } },
    );
  }
  return undefined;
}

async function runGate(ctx: Ctx, d: BlueGreenDeployment, o: SwitchoverOptions): Promise<GateOutcome> {
  let readyStreak = 0;
  let lastChecks: GateCheck[] = [];
  let lastStatus: string | undefined;
  const { value } = await waitFor<GateObservation, GateOutcome>(ctx.wait, {
    phase: "gate",
    label: `${d.name} gate`,
    timeoutMs: o.waitForLagMs,
    observe: () => observeGate(ctx, d, o),
    decide: (obs): WaitStep<GateOutcome> => {
      const r = evaluateGate(obs, o.stableSamples, readyStreak);
      readyStreak = r.readyStreak;
      lastStatus = obs.deployment.status;
      lastChecks = r.checks;
      switch (r.verdict.type) {
        case "pass":
          return {
            type: "done",
            value: {
              verdict: "pass",
              deployment: obs.deployment,
              checks: r.checks,
              lag: lagEvidence(obs),
              observation: obs,
            },
          };
        case "switched":
        case "in-progress":
          return { type: "done", value: { verdict: r.verdict.type, deployment: obs.deployment, checks: r.checks } };
        case "fail":
          return { type: "fail", error: r.verdict.error };
        default:
          return {
            type: "continue",
            status: obs.deployment.status,
            detail: { failing: r.checks.filter((c) => !c.ok) },
            pace: "fast",
          };
      }
    },
    onTimeout: (_last, ms) => gateNotMet(lastChecks, lastStatus, ms),
  });
  return value;
}

/**
 * What became of bgdb's request to switch over. `requestedAt`: when the request the outcome rests on was sent (not
 * when the first one was: a refusal and the gate after it may take many minutes), so the watch's "never started"
 * deadline and the recorded durations count from it.
 */
type Requested =
  /**
   * RDS accepted this run's call (or lost its response while starting the switchover). `answerLost`: the answer was
   * lost and RDS still showed AVAILABLE, so the switchover may never start (the watch bounds that).
   */
  | { by: "this-run"; deployment: BlueGreenDeployment; requestedAt: number; answerLost?: boolean }
  /** RDS refused this run's call because a switchover was already under way or done: another run started it. */
  | { by: "another-run"; deployment: BlueGreenDeployment; requestedAt: number };

/**
 * SwitchoverBlueGreenDeployment, never retried blind: after any failure bgdb describes the deployment before doing
 * anything else. In progress or completed → watch it (another run started it if RDS refused ours); AVAILABLE after an
 * InvalidBlueGreenDeploymentState refusal (e.g. a member not really available, docs/rds-facts.md §9) → the whole
 * gate runs again before one more request, a bounded number of times; anything else → fail, saying who serves as the
 * status just read shows it.
 */
async function requestSwitchover(ctx: Ctx, first: BlueGreenDeployment, o: SwitchoverOptions): Promise<Requested> {
  let d = first;
  for (let attempt = 1; ; attempt++) {
    throwIfAborted(ctx.signal, "Switchover not started");
    const requestedAt = ctx.clock.now();
    try {
      const accepted = await mutate(ctx, d.name, switchoverCall(d, o), (p) =>
        ctx.rds.switchoverBlueGreenDeployment(p.id, p.timeoutSeconds),
      );
      return { by: "this-run", deployment: accepted, requestedAt };
    } catch (e) {
      const failure = switchoverCallFailure(e);
      const now = await describeById(ctx, d).catch(() => undefined);
      const next = decideAfterSwitchoverCall({
        failure,
        status: now?.status,
        attempt,
        attempts: ctx.timing.switchoverAttempts,
      });
      if (next.type === "watch" && now) {
        if (next.answerLost) {
          ctx.say(PHASE, "warn", {
            code: "switchover.answer-lost",
            name: d.name,
            status: now.status,
            message: e instanceof Error ? e.message : String(e),
            timeoutSeconds: o.timeoutSeconds,
          });
        }
        return { by: next.by, deployment: now, requestedAt, answerLost: next.answerLost };
      }
      if (next.type !== "gate-again" || !now || !isBgdbError(e)) throw refusedError(e, now, attempt);
      ctx.say(PHASE, "warn", {
        code: "switchover.refused",
        name: d.name,
        message: e.message,
        attempt,
        retries: ctx.timing.switchoverAttempts - 1,
      });
      const gate = await runGate(ctx, now, o);
      if (gate.verdict !== "pass")
        return { by: "another-run", deployment: gate.deployment, requestedAt: ctx.clock.now() };
      d = gate.deployment;
    }
  }
}

/** SwitchoverBlueGreenDeployment as bgdb sends it. */
export const switchoverCall = (
  d: BlueGreenDeployment,
  o: SwitchoverOptions,
): CallOf<"SwitchoverBlueGreenDeployment"> => ({
  action: "SwitchoverBlueGreenDeployment",
  params: { id: d.id, timeoutSeconds: o.timeoutSeconds },
});

/** How long bgdb watches a switchover it requested: RDS's own timeout plus ten minutes, unless told otherwise. */
export const watchTimeoutMs = (o: SwitchoverOptions): number => o.watchTimeoutMs ?? o.timeoutSeconds * 1000 + 600_000;

/** The last refusal, restated with what AWS showed right after it (never an assumed "blue still serves"). */
function refusedError(e: unknown, now: BlueGreenDeployment | undefined, attempts: number): unknown {
  if (!isBgdbError(e) || e.code !== "INVALID_BGD_STATE") return e;
  return new PreconditionError(
    "SWITCHOVER_REFUSED",
    `RDS refused the switchover${attempts > 1 ? ` ${attempts} times` : ""}: ${e.message}. ${servingStatement(now?.status)}`,
    { hint: e.hint, cause: e, requestId: e.requestId, details: { ...e.details, status: now?.status } },
  );
}

async function watchSwitchover(
  ctx: Ctx,
  d: BlueGreenDeployment,
  o: SwitchoverOptions,
  startedAt: number,
  answerLost: boolean,
  observed: (status: string) => void,
) {
  let sawInProgress = deploymentStatus(d.status) === "SWITCHOVER_IN_PROGRESS";
  const since = new Date(startedAt - 5_000);
  const timeoutMs = watchTimeoutMs(o);
  try {
    return await waitFor(ctx.wait, {
      phase: PHASE,
      label: d.name,
      timeoutMs,
      observe: async () => {
        const deployment = await describeById(ctx, d);
        observed(deployment.status);
        sawInProgress ||= deploymentStatus(deployment.status) === "SWITCHOVER_IN_PROGRESS";
        // Event 0249 tells a cancelled switchover apart from one that has not started yet; only worth a call then.
        const cancelEventSeen =
          deploymentStatus(deployment.status) === "AVAILABLE" &&
          (await recentEvents(ctx, d.id, since)).some((e) => /cancel/i.test(e.message));
        return {
          deployment,
          sawInProgress,
          cancelEventSeen,
          elapsedMs: ctx.clock.now() - startedAt,
          rdsTimeoutMs: o.timeoutSeconds * 1000,
          answerLost,
        };
      },
      decide: decideSwitchoverWatch,
      onTimeout: (last, ms) =>
        new GateTimeoutError(
          "SWITCHOVER_WATCH_TIMEOUT",
          `The switchover of ${d.name} was still ${last?.deployment.status ?? "unknown"} after ${formatElapsed(ms)}; bgdb stopped watching.`,
          { hint: `RDS finishes or rolls it back on its own; run \`bgdb status ${d.name} --watch\`.` },
        ),
    });
  } catch (e) {
    if (e instanceof InterruptedError) {
      throw new InterruptedError(
        "Stopped watching; the switchover continues in AWS (RDS rolls it back if it exceeds its timeout).",
        {
          hint: `Run \`bgdb status ${d.name} --watch\` to follow it.`,
        },
      );
    }
    if (isBgdbError(e) && e.exitCode === ExitCode.AwsFailure) throw await withEvents(ctx, e, d.id, since);
    throw e;
  }
}

/** The new mapping: who holds the production endpoint now (and under which name it was green), where the old blue went. */
function mappingOf(members: Members, d: BlueGreenDeployment, greenBefore: string[]): MappingEntry[] {
  return [
    ...members.green.map(
      (g, i): MappingEntry => ({
        role: "production",
        id: g.id,
        engine: g.instance?.engine ?? g.cluster?.engine,
        engineVersion: g.instance?.engineVersion ?? g.cluster?.engineVersion,
        was: greenBefore[i] || undefined,
      }),
    ),
    ...members.blue.map((b): MappingEntry => ({ role: "old-blue", id: b.id, deployment: d.name })),
  ];
}

async function stopProbe(ctx: Ctx): Promise<WriteProbeReport | undefined> {
  if (!ctx.probe) return undefined;
  const report = await ctx.probe.stop();
  ctx.say(PHASE, report.verified && report.missing === 0 ? "ok" : "fail", { code: "probe.reported", report });
  return report;
}

/**
 * The operator's CNAME must point at the production endpoint before anything is switched: one naming green's host
 * (or an old blue's, or nothing bgdb recognises) would send the application to the wrong database afterwards.
 */
async function requireCnameAtProduction(ctx: Ctx, o: SwitchoverOptions, d: BlueGreenDeployment): Promise<void> {
  const { check, refusal } = await cnameBeforeSwitchover(ctx, o, d);
  if (!check) return;
  ctx.say("gate", check.ok ? "ok" : o.allowCnameMismatch ? "warn" : "fail", {
    code: "cname.checked",
    when: "before",
    check,
  });
  if (refusal) throw refusal;
}

/** Where --cname points now, and the refusal (CNAME_MISMATCH, exit 3) unless it is production's or told to go on. */
export async function cnameBeforeSwitchover(
  ctx: Ctx,
  o: SwitchoverOptions,
  d: BlueGreenDeployment,
): Promise<{ check?: CnameCheck; refusal?: PreconditionError }> {
  if (!o.cname) return {};
  const check = await checkCname(ctx, o.cname, endpointsOf(await describeMembers(ctx, d)));
  if (check.ok || o.allowCnameMismatch) return { check };
  return {
    check,
    refusal: new PreconditionError(
      "CNAME_MISMATCH",
      `${check.message}. Nothing was switched. ${servingStatement(d.status)}`,
      {
        hint: `Point ${o.cname} at the production endpoint first, or pass --allow-cname-mismatch if you know why it differs.`,
        details: { cname: check },
      },
    ),
  };
}

/** A switchover started or finished already: the probe, the CNAME check and the gate have nothing left to guard. */
export const switchoverUnderWay = (d: BlueGreenDeployment): boolean =>
  ["SWITCHOVER_COMPLETED", "SWITCHOVER_IN_PROGRESS"].includes(deploymentStatus(d.status));

/**
 * The probe writes to its table through the production endpoint; if green lacks the table, logical replication stops
 * applying and the switchover can never catch up (writes blocked until RDS's timeout). Refuse before anything starts.
 */
export async function checkProbeTable(ctx: Ctx, probe: WriteProbe, d: BlueGreenDeployment): Promise<void> {
  const m = await describeMembers(ctx, d);
  const endpoints = [m.bluePrimary?.endpoint, m.greenPrimary?.endpoint].flatMap((e) =>
    e ? [{ host: e.address, port: e.port }] : [],
  );
  const missing = await probe.missingTable(endpoints);
  if (missing.length > 0) {
    throw new PreconditionError(
      "PROBE_TABLE_MISSING",
      `The write probe's table ${probe.table} is missing on ${missing.join(" and ")}; a probed switchover would break replication. Nothing was changed.`,
      {
        hint: `Create it on blue before \`bgdb create\` (DDL is not replicated logically): CREATE TABLE ${probe.table} (id bigserial PRIMARY KEY, run text NOT NULL, seq integer NOT NULL, at timestamptz NOT NULL DEFAULT now()); or switch over without --probe.`,
      },
    );
  }
}

/** The deployment's status read now, for a statement about who serves; undefined when it cannot be read ("cannot tell"). */
const statusNow = (ctx: Ctx, d: BlueGreenDeployment): Promise<string | undefined> =>
  describeById(ctx, d).then(
    (now) => now.status,
    () => undefined,
  );

/** `--verify`: blue and green compared table by table once the gate has passed; a difference refuses (exit 5). */
async function requireSameData(ctx: Ctx, d: BlueGreenDeployment): Promise<void> {
  const report = await verifyData(ctx, d, DEFAULT_VERIFY);
  if (report.match) return;
  throw dataDiffers(report, d.name, `Nothing was switched. ${servingStatement(await statusNow(ctx, d))}`);
}

export async function switchover(deps: Deps, o: SwitchoverOptions): Promise<CommandResult> {
  const ctx = makeCtx(deps);
  const seen: { hook: HookContext } = { hook: { deploymentName: o.deployment } };
  return withOutcomeHooks(
    ctx,
    o.hooks,
    () => seen.hook,
    () => withDeployment(ctx, o.deployment, "switchover", (first) => switchoverLocked(ctx, o, first, seen)),
  );
}

async function switchoverLocked(
  ctx: Ctx,
  o: SwitchoverOptions,
  first: BlueGreenDeployment,
  seen: { hook: HookContext },
): Promise<CommandResult> {
  seen.hook = {
    ...seen.hook,
    deploymentId: first.id,
    deploymentName: first.name,
    status: first.status,
    phase: phaseOf(first.status),
  };
  if (ctx.probe && !switchoverUnderWay(first)) await checkProbeTable(ctx, ctx.probe, first);
  if (o.cname && !switchoverUnderWay(first)) await requireCnameAtProduction(ctx, o, first);
  // Credentials and endpoints that do not work must fail now, not after a gate that may wait many minutes.
  if (o.verify && !switchoverUnderWay(first)) await checkReadable(ctx, first);
  const gate = await runGate(ctx, first, o);
  let d = gate.deployment;
  if (gate.verdict === "switched") {
    await recordObserved(ctx, d);
    return resultFor(ctx, "switchover", d, {
      report: [{ code: "switchover.already-completed", name: d.name, status: d.status }],
    });
  }
  const greenBefore = d.switchoverDetails.map((m) => (m.targetMember ? parseRdsArn(m.targetMember).id : ""));
  const productionEndpoint = (await describeMembers(ctx, d)).bluePrimary?.endpoint?.address;
  let startedAt = ctx.clock.now();
  let by: Requested["by"] = "another-run";
  let answerLost = false;
  let gatePassedAt = ctx.clock.now();
  /** Set when another run's switchover started between the gate and this run's request. */
  let startedElsewhere: BlueGreenDeployment | undefined;
  let prediction: Prediction | undefined;
  if (gate.verdict === "pass") {
    ctx.say("gate", "ok", { code: "gate.passed", checks: gate.checks });
    gatePassedAt = ctx.clock.now();
    if (gate.observation) {
      prediction = await predictGate(ctx, gate.observation, gate.checks, o);
      sayPrediction(ctx, "gate", prediction);
    }
    if (o.verify) await requireSameData(ctx, d);
    const before = await describeMembers(ctx, d);
    seen.hook = {
      ...seen.hook,
      status: d.status,
      phase: phaseOf(d.status),
      engine: before.bluePrimary?.engine,
      blueVersion: before.bluePrimary?.engineVersion,
      greenVersion: before.greenPrimary?.engineVersion,
      productionEndpoint: hostPort(before.bluePrimary),
      blueEndpoint: hostPort(before.bluePrimary),
      greenEndpoint: hostPort(before.greenPrimary),
      lag: gateLag(gate.checks),
    };
    // Before the person confirms: a failing hook stops here, nothing asked, nothing sent.
    await runHooks(ctx, o.hooks, "before-switchover", seen.hook, { statusNow: () => statusNow(ctx, d) });
    ctx.say(PHASE, "info", { code: "switchover.confirm", timeoutSeconds: o.timeoutSeconds });
    const confirmed = await confirmRecorded(ctx, d.name, {
      prompt: "Type the deployment name to continue",
      expected: d.name,
      action: "switchover",
    });
    if (!confirmed) {
      // A person may have taken minutes to answer: who serves is read now, not taken from the gate.
      const status = await statusNow(ctx, d);
      throw new InterruptedError(`Switchover declined; nothing was sent to AWS. ${servingStatement(status)}`, {
        hint: `Run \`bgdb switchover ${d.name}\` again when you are ready.`,
      });
    }
    throwIfAborted(ctx.signal, "Switchover not started");
    startedElsewhere = await recheckGate(ctx, d, o);
  } else {
    ctx.say(PHASE, "info", { code: "switchover.already-in-progress", name: d.name });
  }
  /** BGDB_STATUS and BGDB_PHASE for the hooks from here on: the status bgdb read last. */
  const observed = (status: string) => {
    seen.hook = { ...seen.hook, status, phase: phaseOf(status) };
  };
  let watched: Awaited<ReturnType<typeof watchSwitchover>>;
  let probe: WriteProbeReport | undefined;
  try {
    if (gate.verdict === "pass") {
      if (ctx.probe) {
        await ctx.probe.start();
        ctx.say(PHASE, "info", { code: "probe.started", intervalMs: ctx.probe.intervalMs });
      }
      const requested: Requested = startedElsewhere
        ? { by: "another-run", deployment: startedElsewhere, requestedAt: ctx.clock.now() }
        : await requestSwitchover(ctx, d, o);
      d = requested.deployment;
      by = requested.by;
      startedAt = requested.requestedAt;
      observed(d.status);
      answerLost = requested.by === "this-run" && requested.answerLost === true;
      if (by === "another-run") {
        ctx.say(PHASE, "info", {
          code: "switchover.by-another-run",
          name: d.name,
          status: d.status,
          refused: !startedElsewhere,
        });
      }
      await recordState(ctx, d, {
        settings: { switchover: o },
        step: { step: "switchover", outcome: by === "this-run" ? "requested" : "started by another run" },
        evidence: {
          // The gate of the request the switchover rests on: never credited to another run's switchover.
          ...(by === "this-run"
            ? {
                gate: {
                  at: new Date(gatePassedAt).toISOString(),
                  checks: gate.checks,
                  ...(prediction ? { prediction } : {}),
                },
              }
            : {}),
          ...(gate.lag ? { lag: gate.lag } : {}),
          switchover: {
            requestedAt: new Date(startedAt).toISOString(),
            timeoutSeconds: o.timeoutSeconds,
            by,
            outcome: "requested",
          },
        },
      }).catch((e) => followUpFailed(ctx, "accepted")("Writing the journal", e));
    }
    watched = await watchSwitchover(ctx, d, o, startedAt, answerLost, observed);
  } catch (e) {
    // Stop the probe on every outcome: a rolled-back switchover is exactly when its numbers matter.
    probe = await stopProbe(ctx).catch(() => undefined);
    if (isBgdbError(e) && e.code === "SWITCHOVER_FAILED") {
      await recordSwitchoverOutcome(ctx, d, ctx.clock.now() - startedAt, e);
    }
    // A rollback only when the status says one (SWITCHOVER_FAILED, back to AVAILABLE): the report words it "blue
    // still serves". INVALID_CONFIGURATION mid-watch stays "requested" — bgdb did not see how it ended.
    if (
      isBgdbError(e) &&
      e.code === "SWITCHOVER_FAILED" &&
      deploymentStatus(String(e.details?.status)) !== "INVALID_CONFIGURATION"
    ) {
      await recordState(ctx, d, {
        step: { step: "switchover", outcome: "rolled back" },
        evidence: {
          switchover: {
            requestedAt: new Date(startedAt).toISOString(),
            durationMs: ctx.clock.now() - startedAt,
            timeoutSeconds: o.timeoutSeconds,
            by,
            outcome: "rolled-back",
          },
          ...(probe ? { probe } : {}),
        },
      }).catch(() => undefined);
    }
    throw e;
  }
  probe = await stopProbe(ctx).catch(() => undefined);
  const { value, elapsedMs } = watched;
  await recordSwitchoverOutcome(ctx, value, elapsedMs);
  const result = await reportCompleted(ctx, value, elapsedMs, {
    greenBefore,
    productionEndpoint,
    cname: o.cname,
    probe,
    by,
    timeoutSeconds: o.timeoutSeconds,
    gate:
      gate.verdict === "pass" && by === "this-run"
        ? { passedAt: new Date(gatePassedAt).toISOString(), checks: gate.checks }
        : undefined,
  });
  seen.hook = { ...seen.hook, ...hookContextOf(result), productionEndpoint: seen.hook.productionEndpoint };
  if (probe?.verified && probe.missing > 0) {
    const oldBlue = parseRdsArn(value.source).id;
    throw new AwsFailureError(
      "WRITES_LOST",
      `The switchover completed, but ${probe.missing} of ${probe.acknowledged} writes the database acknowledged are missing on the new primary. ${servingStatement(value.status)}`,
      {
        hint: `Keep the old blue ${oldBlue}: it may hold them. Do not run cleanup until you have compared ${ctx.probe?.table ?? "bgdb_probe"} on both.`,
        details: { probe, nextSteps: [`bgdb status ${value.name}`] },
      },
    );
  }
  await runHooks(ctx, o.hooks, "after-switchover", seen.hook).catch((e) => {
    throw e instanceof InterruptedError ? interruptedAfterCompletion(e, value) : e;
  });
  return result;
}

/** Ctrl-C in the after-switchover hooks: production has moved, and the message says so (never a bare "stopped"). */
function interruptedAfterCompletion(e: InterruptedError, value: BlueGreenDeployment): InterruptedError {
  const notRun = Array.isArray(e.details?.notRun) ? e.details.notRun.map(String) : [];
  return new InterruptedError(
    `Stopped during the after-switchover hooks; the switchover completed. ${servingStatement(value.status)}`,
    {
      cause: e,
      hint: `${notRun.length ? `Not run: ${notRun.join(", ")}; run them by hand. ` : ""}Running the switchover again reports it switched and runs no after-switchover hook.`,
      details: e.details,
    },
  );
}

/**
 * A follow-up that failed once RDS had the switchover (accepted, or completed): a warning, never the command's outcome,
 * since stopping there would leave the switchover unwatched (or a done switchover reported as failed).
 */
const followUpFailed =
  (ctx: Ctx, after: "accepted" | "completed") =>
  (what: string, e: unknown): void =>
    ctx.say(PHASE, "warn", {
      code: "switchover.follow-up-failed",
      what,
      after,
      message: messageOf(e),
    });

/**
 * Production has moved: from here on nothing may turn the outcome into a failure. Every follow-up read (mapping,
 * journal, CNAME) degrades to a warning.
 */
async function reportCompleted(
  ctx: Ctx,
  value: BlueGreenDeployment,
  elapsedMs: number,
  o: {
    greenBefore: string[];
    productionEndpoint?: string;
    cname?: string;
    probe?: WriteProbeReport;
    by: Requested["by"];
    timeoutSeconds: number;
    /** The gate as it let this run's switchover through (none when another run had started it). */
    gate?: { passedAt: string; checks: GateCheck[] };
  },
): Promise<CommandResult> {
  const switchedAt = new Date(ctx.clock.now()).toISOString();
  const warn = followUpFailed(ctx, "completed");
  let mapping: MappingEntry[] = [];
  let members: MemberView[] = [];
  try {
    const described = await describeMembers(ctx, value);
    mapping = mappingOf(described, value, o.greenBefore);
    members = memberViews(described);
  } catch (e) {
    warn("Describing the new mapping", e);
  }
  await recordState(ctx, value, {
    phase: "switched",
    switchedOverAt: switchedAt,
    evidence: {
      switchover: {
        requestedAt: new Date(Date.parse(switchedAt) - elapsedMs).toISOString(),
        completedAt: switchedAt,
        durationMs: elapsedMs,
        timeoutSeconds: o.timeoutSeconds,
        by: o.by,
        outcome: "completed",
        mapping,
      },
      ...(o.probe ? { probe: o.probe } : {}),
    },
    step: { step: "switchover", outcome: "SWITCHOVER_COMPLETED", durationMs: elapsedMs },
  }).catch((e) => warn("Writing the journal", e));
  const completed: MessagePayload = { code: "switchover.completed", elapsedMs, by: o.by, mapping };
  ctx.say(PHASE, "ok", completed);
  if (o.cname) {
    try {
      // The production endpoint kept its name and now answers for green: that is where the record must point.
      const oldBlue = members.filter((m) => m.role === "blue").flatMap((m) => (m.endpoint ? [m.endpoint] : []));
      const check = await checkCname(ctx, o.cname, { production: o.productionEndpoint, green: [], oldBlue });
      ctx.say(PHASE, check.ok ? "ok" : "warn", { code: "cname.checked", when: "after", check });
    } catch (e) {
      warn("The Route 53 check", e);
    }
  }
  return {
    command: "switchover",
    phase: "switched",
    deployment: deploymentView(value),
    members,
    durations: { switchover: elapsedMs },
    report: [completed, ...(o.probe ? [{ code: "probe.reported" as const, report: o.probe }] : [])],
    // The default --retain is 24h; the date makes the step schedulable.
    nextSteps: [
      `bgdb cleanup ${value.name} --delete-old-blue  (after ${new Date(Date.parse(switchedAt) + 86_400_000).toISOString().replace(/\.\d+Z$/, "Z")})`,
    ],
    data: { switchedOverAt: switchedAt, probe: o.probe, gate: o.gate },
  };
}
