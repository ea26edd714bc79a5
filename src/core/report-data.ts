/**
 * Gathers the change record of one deployment (`bgdb report`): what the journal kept (settings, evidence, steps),
 * the deployment's audit-log entries, and what AWS still shows (the deployment, its RDS events, the final snapshot,
 * the old blue). Read-only: no lock, no mutating call. It works after cleanup, when the deployment object is gone:
 * the journal is found by name, and AWS is asked only about what may still exist. Each AWS reading that fails is
 * kept as "not read" with the reason, so a record can still be written from the journal alone.
 */
import type { BlueGreenDeployment, DeploymentState, Deps } from "../ports/index.js";
import { type Ctx, makeCtx } from "./context.js";
import { isBgdbError, NotFoundError, PreconditionError } from "./errors.js";
import { evidenceFromJson } from "./evidence.js";
import { keyOf } from "./journal.js";
import { redactSecrets } from "./redact.js";
import { type DeploymentAudit, deploymentAudit } from "./report-audit.js";
import { describeMembers, findDeployment, memberViews } from "./resolve.js";
import type { DeploymentView, MemberView } from "./result.js";
import { parseRdsArn } from "./status.js";
import { deploymentView } from "./view.js";

export interface ReportOptions {
  /** A `bgd-` id or a deployment name. */
  deployment: string;
}

/** One reading of AWS: its value, or why it could not be read (credentials, permissions, network). */
export type AwsReading<T> = { read: true; value: T } | { read: false; message: string };

/** A resource as AWS shows it now: its status, or `gone` when AWS no longer has it. */
export type Presence = { state: "present"; status: string } | { state: "gone" };

export interface ReportAws {
  /** The deployment now; `undefined` once it has been deleted. */
  deployment: AwsReading<{ view: DeploymentView; members: MemberView[] } | undefined>;
  /** The deployment's RDS events (DescribeEvents keeps them for 14 days), oldest first. */
  events: AwsReading<{ at: string; message: string }[]>;
  finalSnapshot?: AwsReading<Presence>;
  oldBlue?: AwsReading<Presence>;
}

export interface ReportData {
  generatedAt: string;
  /** The journal's state of the deployment, its evidence as it was observed. */
  record: DeploymentState;
  audit: DeploymentAudit;
  aws: ReportAws;
}

/** How long RDS keeps events (docs/rds-facts.md §7): asking for more returns nothing more. */
const EVENTS_KEPT_MS = 14 * 86_400_000;

async function reading<T>(read: () => Promise<T>): Promise<AwsReading<T>> {
  try {
    return { read: true, value: await read() };
  } catch (e) {
    if (!isBgdbError(e)) throw e;
    return { read: false, message: e.message };
  }
}

/** NOT_FOUND as `gone`, anything else as the error it is. */
async function presence(describe: () => Promise<{ status: string }[]>): Promise<Presence> {
  try {
    const [found] = await describe();
    return found ? { state: "present", status: found.status } : { state: "gone" };
  } catch (e) {
    if (isBgdbError(e) && e.code === "NOT_FOUND") return { state: "gone" };
    throw e;
  }
}

const isBgdId = (ref: string) => /^bgd-/i.test(ref);

/**
 * The journal's record of `ref`: through AWS while the deployment exists (its ARNs key the record), else by name or
 * id in the run's account and region. AWS failing here is not the end: the journal may still know the deployment.
 */
async function findRecord(ctx: Ctx, ref: string): Promise<{ state: DeploymentState; live?: BlueGreenDeployment }> {
  let live: BlueGreenDeployment | undefined;
  let awsError: unknown;
  try {
    live = await findDeployment(ctx, ref);
  } catch (e) {
    if (!isBgdbError(e)) throw e;
    awsError = e;
  }
  if (live) {
    const state = await ctx.journal.readState(keyOf(ctx, live));
    if (state) return { state, live };
    throw new PreconditionError(
      "RECORD_NOT_FOUND",
      `${live.name} (${live.id}) exists in AWS, but this state directory has no record of it: bgdb did not drive it from here.`,
      {
        hint: "Point --state-dir (or BGDB_STATE_DIR) at the journal of the runs that drove it (in CI, the job's saved .bgdb directory).",
      },
    );
  }
  const region = ctx.region ?? "unknown-region";
  const account = (await ctx.caller())?.account;
  const state = isBgdId(ref)
    ? account
      ? await ctx.journal.readState({ account, region, id: ref })
      : undefined
    : await ctx.journal.findStateByName({ region, account }, ref);
  if (state) return { state };
  if (awsError) throw awsError;
  throw new NotFoundError(
    `No blue/green deployment "${ref}" in AWS, and no record of one in this state directory (region ${region}).`,
    { hint: "Check the name or bgd- id, --region, and --state-dir (the journal of the runs that drove it)." },
  );
}

/**
 * The old blue, as cleanup remembered it (its ARN) or as the switchover's mapping named it, and whether it is an
 * Aurora cluster (the ARN says, or the deployment's blue member while it exists): the final snapshot is of the same kind.
 */
function oldBlueOf(state: DeploymentState, members: MemberView[] | undefined): { ref?: string; cluster: boolean } {
  const arn = (state.settings as { oldBlueArn?: unknown }).oldBlueArn;
  const mapped = state.evidence?.switchover?.mapping?.find((m) => m.role === "old-blue")?.id;
  const ref = typeof arn === "string" ? arn : mapped;
  const cluster =
    typeof arn === "string"
      ? parseRdsArn(arn).kind === "cluster"
      : members?.some((m) => m.role === "blue" && m.kind === "cluster") === true;
  return { ref, cluster };
}

async function readAws(ctx: Ctx, state: DeploymentState, live: BlueGreenDeployment | undefined): Promise<ReportAws> {
  const deployment = await reading(async () => {
    const d = live?.id === state.id ? live : await findDeployment(ctx, state.id);
    return d ? { view: deploymentView(d), members: memberViews(await describeMembers(ctx, d)) } : undefined;
  });
  const since = Math.max(Date.parse(state.createdAt) - 60_000, ctx.clock.now() - EVENTS_KEPT_MS);
  const events = await reading(async () =>
    (
      await ctx.rds.describeEvents({
        sourceType: "blue-green-deployment",
        sourceId: state.id,
        startTime: new Date(since),
      })
    )
      .sort((a, b) => a.date.getTime() - b.date.getTime())
      .map((e) => ({ at: e.date.toISOString(), message: e.message })),
  );
  const old = oldBlueOf(state, deployment.read ? deployment.value?.members : undefined);
  const snapshot = state.evidence?.cleanup?.snapshot;
  const finalSnapshot = snapshot
    ? await reading(() =>
        presence(() =>
          old.cluster ? ctx.rds.describeDbClusterSnapshots(snapshot) : ctx.rds.describeDbSnapshots(snapshot),
        ),
      )
    : undefined;
  const ref = old.ref;
  const oldBlue =
    ref && !state.evidence?.cleanup?.deletedOldBlue
      ? await reading(() =>
          presence(() =>
            old.cluster ? ctx.rds.describeDbClusters({ id: ref }) : ctx.rds.describeDbInstances({ id: ref }),
          ),
        )
      : undefined;
  return { deployment, events, finalSnapshot, oldBlue };
}

/** The change record's facts, secrets removed, ready for a renderer (Markdown, HTML) or `--json`. */
export async function gatherReport(deps: Deps, o: ReportOptions): Promise<ReportData> {
  const ctx = makeCtx(deps);
  const { state, live } = await findRecord(ctx, o.deployment);
  const record: DeploymentState = { ...state, evidence: evidenceFromJson(state.evidence) };
  const data: ReportData = {
    generatedAt: new Date(ctx.clock.now()).toISOString(),
    record,
    audit: deploymentAudit(await ctx.journal.readAudit(), state),
    aws: await readAws(ctx, state, live),
  };
  return redactSecrets(data);
}
