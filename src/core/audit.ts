import type { AuditEntry, CreateDeploymentInput, ModifyClusterInput, ModifyInstanceInput } from "../ports/index.js";
import type { Ctx } from "./context.js";
import { isBgdbError, messageOf } from "./errors.js";
import type { Assert, Listed } from "./listed.js";

/** A mutating call this run made, as its audit line recorded it: what a later outcome line refers back to. */
export interface SentRequest {
  action: string;
  requestId?: string;
  outcome: "ok" | "error";
}

/**
 * The call already happened (or failed) in AWS: a journal that can't be written must not change what bgdb reports
 * about it, so the failure becomes a loud warning instead.
 */
async function appendOrWarn(ctx: Ctx, entry: AuditEntry): Promise<void> {
  try {
    await ctx.journal.appendAudit(entry);
  } catch (e) {
    ctx.say("audit", "warn", {
      code: "audit.append-failed",
      message: messageOf(e),
      action: entry.action,
      outcome: entry.outcome,
      requestId: entry.requestId,
    });
  }
}

/** What every audit line says about who ran what, where: the STS caller, the local user, the CI run, the command line. */
async function auditBase(ctx: Ctx): Promise<Pick<AuditEntry, "actor" | "account" | "region" | "commandLine">> {
  const caller = await ctx.caller();
  const inv = ctx.invocation;
  return {
    actor: { arn: caller?.arn, user: inv?.user, ci: inv?.ci },
    account: caller?.account,
    region: ctx.region,
    commandLine: inv?.commandLine,
  };
}

/** An audit line for something bgdb did that is not an AWS call (a hook, for one): who, when, what, how it went. */
export async function appendAudit(
  ctx: Ctx,
  entry: Omit<AuditEntry, "at" | "actor" | "account" | "region" | "commandLine">,
): Promise<void> {
  await appendOrWarn(ctx, { ...(await auditBase(ctx)), at: new Date(ctx.clock.now()).toISOString(), ...entry });
}

/**
 * Every call bgdb makes that changes something in AWS, as the audit log names it, with the parameters it sends: the
 * real run sends exactly these (mutate hands them to the port) and a dry run shows them, so the two cannot differ.
 */
export type AwsCall =
  | { action: "CreateBlueGreenDeployment"; params: CreateDeploymentInput }
  | { action: "SwitchoverBlueGreenDeployment"; params: { id: string; timeoutSeconds: number } }
  | { action: "DeleteBlueGreenDeployment"; params: { id: string; deleteTarget: boolean } }
  | { action: "ModifyDBInstance"; params: ModifyInstanceInput }
  | { action: "ModifyDBCluster"; params: ModifyClusterInput }
  | { action: "CreateDBSnapshot"; params: SnapshotParams }
  | { action: "CreateDBClusterSnapshot"; params: SnapshotParams }
  | { action: "DeleteDBInstance"; params: { id: string } }
  | { action: "DeleteDBCluster"; params: { id: string } };

interface SnapshotParams {
  snapshotId: string;
  /** The instance or cluster the snapshot is of. */
  source: string;
  tags: Record<string, string>;
}

export type MutatingAction = AwsCall["action"];

/** The calls of one or more actions: `CallOf<"ModifyDBInstance" | "ModifyDBCluster">`. */
export type CallOf<A extends MutatingAction> = Extract<AwsCall, { action: A }>;

/** Every mutating action, for schemas and tests; the compiler checks it lists exactly AwsCall's actions. */
export const MUTATING_ACTIONS = [
  "CreateBlueGreenDeployment",
  "SwitchoverBlueGreenDeployment",
  "DeleteBlueGreenDeployment",
  "ModifyDBInstance",
  "ModifyDBCluster",
  "CreateDBSnapshot",
  "CreateDBClusterSnapshot",
  "DeleteDBInstance",
  "DeleteDBCluster",
] as const satisfies readonly MutatingAction[];

export type EveryActionListed = Assert<Listed<MutatingAction, typeof MUTATING_ACTIONS>>;

/**
 * Every call that changes something in AWS goes through here: it sends the call's parameters through `send` and
 * appends one audit line with who, what, the parameters (the journal redacts secrets), the request id and the outcome.
 */
export async function mutate<C extends AwsCall, T extends { requestId?: string }>(
  ctx: Ctx,
  deployment: string | undefined,
  call: C,
  send: (params: C["params"]) => Promise<T>,
): Promise<T> {
  const { action } = call;
  const base = { ...(await auditBase(ctx)), action, deployment, params: { ...call.params } };
  const started = ctx.clock.now();
  try {
    const result = await send(call.params);
    ctx.requests.push({ action, requestId: result.requestId, outcome: "ok" });
    await appendOrWarn(ctx, {
      ...base,
      at: new Date(started).toISOString(),
      requestId: result.requestId,
      outcome: "ok",
      durationMs: ctx.clock.now() - started,
    });
    return result;
  } catch (e) {
    const requestId = isBgdbError(e) ? e.requestId : undefined;
    ctx.requests.push({ action, requestId, outcome: "error" });
    await appendOrWarn(ctx, {
      ...base,
      at: new Date(started).toISOString(),
      requestId,
      outcome: "error",
      errorCode: isBgdbError(e) ? e.code : "INTERNAL",
      message: messageOf(e),
      durationMs: ctx.clock.now() - started,
    });
    throw e;
  }
}

/**
 * The log is append-only, so when bgdb sees how a request it watched finally ended (a switchover completed, or RDS
 * rolled it back) it appends a line saying so, naming the request id of the call this run sent and AWS accepted.
 * Without one (another run sent it, or the response was lost) the line names the deployment id only, and readers
 * attribute it as core/audit-outcomes.ts does.
 */
export async function recordFinalOutcome(
  ctx: Ctx,
  action: string,
  d: { id: string; name: string; status: string },
  ended: { outcome: "completed" | "failed"; durationMs: number; errorCode?: string; message?: string },
): Promise<void> {
  const accepted = ctx.requests.findLast((r) => r.action === action && r.outcome === "ok");
  await appendAudit(ctx, {
    action,
    deployment: d.name,
    params: { id: d.id },
    outcomeOf: accepted?.requestId,
    status: d.status,
    ...ended,
  });
}
