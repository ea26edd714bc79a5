import type { Deps } from "../ports/index.js";
import { cleanup } from "./cleanup.js";
import { type Ctx, makeCtx } from "./context.js";
import { type CreateExtra, create, deploymentNameOf, desiredOfCreate } from "./create.js";
import { type Desired, mergeDesired } from "./desired.js";
import { PreconditionError } from "./errors.js";
import { type Hooks, hookContextOf, withOutcomeHooks } from "./hooks.js";
import { maxLagMismatch, plannedLagMetric } from "./lag.js";
import type { CleanupOptions, DeployOptions, DeployUntil } from "./options.js";
import { sourceFacts } from "./preflight.js";
import { findDeployment, resolveSource } from "./resolve.js";
import type { CommandResult } from "./result.js";
import { switchover, switchoverUnderWay } from "./switchover.js";
import { test } from "./test-green.js";
import { upgrade } from "./upgrade.js";

const ORDER: DeployUntil[] = ["created", "upgraded", "tested", "switched", "cleaned"];

/** Whether deploy's chain goes as far as `step` (--until). */
export const deployWants = (o: DeployOptions, step: DeployUntil): boolean =>
  ORDER.indexOf(step) <= ORDER.indexOf(o.until);

/** What deploy's upgrade step sets on green. */
const desiredOfUpgrade = (o: DeployOptions): Desired => ({
  engineVersion: o.upgrade?.engineVersion,
  parameterGroup: o.upgrade?.parameterGroup,
  clusterParameterGroup: o.upgrade?.clusterParameterGroup,
  instanceClass: o.upgrade?.instanceClass,
});

/**
 * What deploy asks of its create step: the run's whole desired state (create's targets, and what upgrade would change
 * on top of them), and, for a green it attaches to, the targets its upgrade step will set on green itself.
 */
export const createExtraOfDeploy = (o: DeployOptions): CreateExtra => ({
  desired: mergeDesired(desiredOfCreate(o.create), desiredOfUpgrade(o)),
  appliedLater: desiredOfUpgrade(o),
});

/**
 * A --max-lag of the other kind than the lag metric the target will be gated on (e.g. a duration where a PostgreSQL
 * major upgrade replicates logically and is gated in bytes) is bad input, exit 2 before deploy creates or changes
 * anything; the switchover step checks again against the metric it reads. Nothing to check once a switchover is under
 * way (no gate left) or when deploy stops before it.
 */
export async function refuseMaxLagKind(ctx: Ctx, o: DeployOptions): Promise<void> {
  if (!o.switchover.maxLag.given || !deployWants(o, "switched")) return;
  const source = await resolveSource(ctx, o.create.source);
  const name = deploymentNameOf(o.create, source);
  const existing = await findDeployment(ctx, name);
  if (existing && switchoverUnderWay(existing)) return;
  const f = sourceFacts(source);
  const greenVersion = createExtraOfDeploy(o).desired?.engineVersion ?? f.version;
  const mismatch = maxLagMismatch(o.switchover.maxLag, plannedLagMetric(f.engine, f.version, greenVersion), name);
  if (mismatch) throw mismatch;
}

/**
 * Upgrade and tests run only against a ready green; never switch over having silently skipped them. A switchover
 * already running (another run's, or this job's before it died) is past them: deploy's switchover step watches it
 * to the end; a deploy that stops before that step says so and who can follow it.
 */
export function refuseUnreadyGreen(o: DeployOptions, name: string, phase: string, status: string | undefined): void {
  if (!(o.upgrade || o.test) || phase === "green-ready" || phase === "switched") return;
  if (phase === "switching-over" && deployWants(o, "switched")) return;
  const what = o.upgrade ? "upgrade" : "tests";
  if (phase === "switching-over") {
    throw new PreconditionError(
      "SWITCHOVER_IN_PROGRESS",
      `${name} is switching over right now (${status ?? phase}): the requested ${what} can't run against green, and this deploy stops before its switchover step (--until ${o.until}).`,
      {
        hint: `Follow it with \`bgdb status ${name} --watch\`, or run deploy with --until switched to watch it to the end.`,
      },
    );
  }
  throw new PreconditionError(
    "NOT_AVAILABLE",
    `${name} is ${status ?? phase}: the requested ${what} can't run against green now, so deploy stops before switchover.`,
    { hint: `Run \`bgdb status ${name}\`; re-run deploy when it is AVAILABLE, or \`bgdb abort ${name}\`.` },
  );
}

/**
 * deploy's cleanup: the old blue is kept for its retention window, so right after a switchover deploy deletes only
 * the deployment object and leaves the old blue's deletion as a next step, instead of failing on the window it just
 * opened.
 */
export function cleanupOfDeploy(o: DeployOptions, name: string): { options: CleanupOptions; deferOldBlue: boolean } {
  const deferOldBlue = o.cleanup.deleteOldBlue && o.cleanup.retainMs > 0;
  return {
    options: { ...o.cleanup, deleteOldBlue: o.cleanup.deleteOldBlue && !deferOldBlue, deployment: name },
    deferOldBlue,
  };
}

/** on-success / on-failure belong to the whole chain: the hooks deploy runs around it. */
export const chainHooks = (o: DeployOptions): Hooks | undefined => o.create.hooks ?? o.switchover.hooks;

/**
 * The whole chain in order. Each step is idempotent against what AWS shows (create attaches, upgrade skips members
 * already at the target, switchover's gate sees a finished switchover), so re-running after a crash continues.
 */
export async function deploy(deps: Deps, o: DeployOptions): Promise<CommandResult> {
  // on-success / on-failure belong to the whole chain; each step runs only its own before-/after- hooks.
  const hooks = chainHooks(o);
  const ctx = makeCtx(deps);
  await refuseMaxLagKind(ctx, o);
  let last: CommandResult | undefined;
  return withOutcomeHooks(
    ctx,
    hooks,
    () => (last ? hookContextOf(last) : { deploymentName: o.create.name }),
    async () => {
      last = await deployChain(deps, {
        ...o,
        create: { ...o.create, hooks: stepHooks(hooks) },
        switchover: { ...o.switchover, hooks: stepHooks(hooks) },
      });
      return last;
    },
  );
}

export const stepHooks = (hooks: Hooks | undefined): Hooks | undefined =>
  hooks && { ...hooks, "on-success": undefined, "on-failure": undefined };

async function deployChain(deps: Deps, o: DeployOptions): Promise<CommandResult> {
  const wants = (step: DeployUntil) => deployWants(o, step);
  const steps: CommandResult[] = [];
  const finish = (): CommandResult => {
    const last = steps[steps.length - 1] as CommandResult;
    const durations = Object.fromEntries(
      steps.flatMap((s) => Object.entries(s.durations).map(([k, v]) => [`${s.command}.${k}`, v])),
    );
    return {
      ...last,
      command: "deploy",
      durations,
      report: steps.flatMap((s) => s.report),
      data: { ...last.data, until: o.until, steps: steps.map((s) => ({ command: s.command, phase: s.phase })) },
    };
  };
  const created = await create(deps, { ...o.create, wait: true }, createExtraOfDeploy(o));
  steps.push(created);
  // Nothing differs from what the source runs now: a finished job run again (on any runner) ends here.
  if (created.phase === "at-target") return finish();
  const name = created.deployment?.name ?? o.create.name ?? o.create.source;
  const greenReady = created.phase === "green-ready";
  if (o.until === "created") return finish();
  refuseUnreadyGreen(o, name, created.phase, created.deployment?.status);
  if (o.upgrade && greenReady) steps.push(await upgrade(deps, { ...o.upgrade, deployment: name }));
  if (o.until === "upgraded") return finish();
  if (o.test && greenReady) steps.push(await test(deps, { ...o.test, deployment: name }));
  if (o.until === "tested") return finish();
  if (wants("switched")) steps.push(await switchover(deps, { ...o.switchover, deployment: name }));
  if (wants("cleaned")) {
    const { options, deferOldBlue } = cleanupOfDeploy(o, name);
    const cleaned = await cleanup(deps, options);
    steps.push(
      deferOldBlue
        ? { ...cleaned, nextSteps: [`bgdb cleanup ${name} --delete-old-blue  (after the --retain window)`] }
        : cleaned,
    );
  }
  return finish();
}
