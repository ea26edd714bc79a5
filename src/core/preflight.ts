/**
 * Preflight: the prerequisites of docs/rds-facts.md §4 that bgdb can see before asking RDS to do anything — RDS's
 * view of the source and the targets, and, with a connection to blue (`--db-url-env`), blue's catalog and settings.
 * One function serves `bgdb preflight`, `create` and `deploy` (and their dry runs).
 */
import type { DbActivity, DbFacts, Deps, InspectTarget } from "../ports/index.js";
import { type Ctx, makeCtx } from "./context.js";
import { dbChecks } from "./db-checks.js";
import { isAurora, type Replication, replicationOf } from "./engine.js";
import { messageOf, PreconditionError, throwIfAborted, UsageError } from "./errors.js";
import type { MessagePayload, PreflightCheck } from "./event.js";
import { DEFAULTS, type PreflightOptions, type PreflightTargets } from "./options.js";
import { type Prediction, predictSwitchover } from "./predict.js";
import { redactString } from "./redact.js";
import { resolveSource, type Source } from "./resolve.js";
import type { CommandResult } from "./result.js";
import { shellJoin } from "./shell.js";
import { sayPrediction } from "./switchover.js";

type Check = PreflightCheck;

/** What preflight and create need to know of a source, instance or Aurora cluster alike. */
export const sourceFacts = (s: Source) =>
  s.kind === "instance"
    ? {
        arn: s.instance.arn,
        id: s.instance.id,
        engine: s.instance.engine,
        version: s.instance.engineVersion,
        status: s.instance.status,
        backups: s.instance.backupRetentionPeriod ?? 0,
        managedPassword: s.instance.managedMasterPassword,
        parameterGroup: s.instance.parameterGroups[0],
        endpoint: s.instance.endpoint && { host: s.instance.endpoint.address, port: s.instance.endpoint.port },
        describe: `${s.instance.engine} ${s.instance.engineVersion}, ${s.instance.instanceClass ?? "?"}`,
      }
    : {
        arn: s.cluster.arn,
        id: s.cluster.id,
        engine: s.cluster.engine,
        version: s.cluster.engineVersion,
        status: s.cluster.status,
        backups: s.cluster.backupRetentionPeriod ?? 0,
        managedPassword: s.cluster.managedMasterPassword,
        parameterGroup: s.cluster.parameterGroup
          ? { name: s.cluster.parameterGroup, applyStatus: "in-sync" }
          : undefined,
        endpoint: s.cluster.endpoint ? { host: s.cluster.endpoint, port: s.cluster.port ?? 0 } : undefined,
        describe: `${s.cluster.engine} ${s.cluster.engineVersion}, ${s.cluster.members.length} instance(s)`,
      };

type SourceFacts = ReturnType<typeof sourceFacts>;

/** What preflight read inside blue, for the prediction (`bgdb preflight`) and the record. */
export interface BlueReading {
  facts?: DbFacts;
  activity?: DbActivity;
  /** Why the sessions could not be read, when the catalog could. */
  activityError?: string;
}

export interface PreflightOutcome {
  checks: Check[];
  replication: Replication;
  /** Present when bgdb had a connection to blue and could read it. */
  blue?: BlueReading;
}

/** Every check, in order: RDS's view of the source, the target version and groups, then blue's insides. */
export async function runPreflight(ctx: Ctx, source: Source, o: PreflightTargets): Promise<PreflightOutcome> {
  const f = sourceFacts(source);
  const checks: Check[] = [];
  checks.push({
    name: "source-status",
    ok: f.status === "available",
    message: `source status ${f.status}`,
    hint: "Wait until it is available.",
  });
  checks.push({
    name: "backups",
    ok: f.backups > 0,
    message: `automated backups ${f.backups > 0 ? `${f.backups} days` : "off"}`,
    hint: "Blue/green needs automated backups: set a backup retention period above 0.",
  });
  checks.push({
    name: "managed-password",
    ok: !f.managedPassword,
    message: f.managedPassword
      ? "master password managed by Secrets Manager"
      : "master password not Secrets-Manager-managed",
    hint: "Blue/green does not support a Secrets-Manager-managed master password.",
  });
  if (source.kind === "instance" && source.instance.readReplicaSourceId) {
    checks.push({
      name: "read-replica",
      ok: false,
      message: `source is a read replica of ${source.instance.readReplicaSourceId}`,
      hint: "Create the deployment from the primary: cascading replicas are unsupported.",
    });
  }
  if (source.kind === "cluster" && !isAurora(source.cluster.engine)) {
    checks.push({
      name: "multi-az-cluster",
      ok: false,
      message: "Multi-AZ DB clusters are not supported by blue/green",
      hint: "Use an instance or an Aurora cluster.",
    });
  }
  if (o.targetInstanceClass && source.kind === "cluster") {
    throw new UsageError(
      "--target-instance-class is not allowed for an Aurora cluster source (RDS does not accept it).",
      {
        hint: "Create, then `bgdb upgrade <deployment> --instance-class C`.",
      },
    );
  }
  const replication = replicationOf(f.engine, f.version, o.targetEngineVersion);
  if (o.targetEngineVersion && o.targetEngineVersion !== f.version) {
    const [current] = await ctx.rds.describeDbEngineVersions({ engine: f.engine, engineVersion: f.version });
    const targets = current?.validUpgradeTargets ?? [];
    const valid = targets.some((t) => t.engineVersion === o.targetEngineVersion);
    checks.push({
      name: "upgrade-target",
      ok: valid,
      message: `${f.engine} ${f.version} → ${o.targetEngineVersion} ${valid ? "is a valid upgrade" : "is not a valid upgrade target"}`,
      hint: `Valid targets: ${
        targets
          .map((t) => t.engineVersion)
          .slice(-10)
          .join(", ") || "none reported"
      }.`,
    });
    if (valid && replication === "logical") {
      checks.push(...(await logicalReplicationChecks(ctx, source, f.parameterGroup, o)));
    }
  }
  checks.push(...(await targetGroupChecks(ctx, f, o)));
  const inside = await blueChecks(ctx, f, replication);
  checks.push(...inside.checks);
  return { checks, replication, ...(inside.blue ? { blue: inside.blue } : {}) };
}

async function logicalReplicationChecks(
  ctx: Ctx,
  source: Source,
  group: { name: string; applyStatus: string } | undefined,
  o: PreflightTargets,
): Promise<Check[]> {
  const checks: Check[] = [];
  if (!o.targetParameterGroup && !o.targetClusterParameterGroup) {
    checks.push({
      name: "target-parameter-group",
      ok: "warn",
      message:
        "major upgrade without --target-parameter-group: green inherits blue's group, whose family may not match",
    });
  }
  if (!group) return checks;
  const params =
    source.kind === "cluster"
      ? await ctx.rds.describeDbClusterParameters(group.name)
      : await ctx.rds.describeDbParameters(group.name);
  const logical = params.find((p) => p.name === "rds.logical_replication")?.value === "1";
  checks.push({
    name: "rds.logical_replication",
    ok: logical,
    message: `parameter group ${group.name}: rds.logical_replication ${logical ? "= 1" : "is not 1"}`,
    hint: `A PostgreSQL major upgrade replicates logically: set rds.logical_replication=1 in ${group.name} and reboot.`,
  });
  checks.push({
    name: "parameter-group-in-sync",
    ok: group.applyStatus === "in-sync",
    message: `parameter group ${group.name} ${group.applyStatus}`,
    hint: "Reboot the source so it is in sync with its parameter group.",
  });
  return checks;
}

/**
 * A parameter group applies only to the engine versions of its family (docs/rds-facts.md §4, §9.3): each target
 * group must exist and be of the target version's family, which DescribeDBEngineVersions names.
 */
async function targetGroupChecks(ctx: Ctx, f: SourceFacts, o: PreflightTargets): Promise<Check[]> {
  const wanted = [
    ...(o.targetParameterGroup ? [{ kind: "instance" as const, name: o.targetParameterGroup }] : []),
    ...(o.targetClusterParameterGroup ? [{ kind: "cluster" as const, name: o.targetClusterParameterGroup }] : []),
  ];
  if (wanted.length === 0) return [];
  const version = o.targetEngineVersion ?? f.version;
  const [target] = await ctx.rds.describeDbEngineVersions({ engine: f.engine, engineVersion: version });
  const family = target?.parameterGroupFamily;
  const checks: Check[] = [];
  for (const { kind, name } of wanted) {
    const label = `target ${kind === "cluster" ? "cluster " : ""}parameter group ${name}`;
    const create = `aws rds create-db-${kind === "cluster" ? "cluster-" : ""}parameter-group --db-${kind === "cluster" ? "cluster-" : ""}parameter-group-name ${name} --db-parameter-group-family ${family ?? "<family>"} --description …`;
    const group =
      kind === "cluster"
        ? await ctx.rds.describeDbClusterParameterGroup(name)
        : await ctx.rds.describeDbParameterGroup(name);
    const checkName = `target-${kind === "cluster" ? "cluster-" : ""}parameter-group-family`;
    if (!group) {
      checks.push({ name: checkName, ok: false, message: `${label} does not exist`, hint: `Create it: ${create}` });
    } else if (!family) {
      checks.push({
        name: checkName,
        ok: "warn",
        message: `${label} is family ${group.family}; RDS names no family for ${f.engine} ${version} to compare it with`,
      });
    } else {
      checks.push({
        name: checkName,
        ok: group.family === family,
        message: `${label} is family ${group.family}${group.family === family ? `, as ${f.engine} ${version} needs` : `, but ${f.engine} ${version} needs ${family}`}`,
        hint: `Give a group of family ${family}, or create one: ${create}`,
      });
    }
  }
  return checks;
}

/** Where blue answers, or a failed check saying why bgdb can't look inside. */
async function blueChecks(
  ctx: Ctx,
  f: SourceFacts,
  replication: Replication,
): Promise<{ checks: Check[]; blue?: BlueReading }> {
  const inspectors = ctx.inspectors;
  if (!inspectors) return { checks: [] };
  const fail = (message: string, hint: string): { checks: Check[] } => ({
    checks: [{ name: "blue-connection", ok: false, message: redactString(message), hint }],
  });
  if (!inspectors.supports(f.engine)) {
    return {
      checks: [
        {
          name: "blue-connection",
          ok: "warn",
          message: `in-database checks for ${f.engine} are not available in this bgdb: only RDS's view was checked`,
        },
      ],
    };
  }
  if (!f.endpoint) return fail(`blue ${f.id} has no endpoint yet`, "Wait until it is available.");
  const target: InspectTarget = { ...f.endpoint, engine: f.engine };
  const where = `${target.host}:${target.port}`;
  let inspector: Awaited<ReturnType<typeof inspectors.open>>;
  try {
    inspector = await inspectors.open(target);
  } catch (e) {
    return fail(
      `could not connect to blue at ${where} with ${inspectors.credentials}: ${messageOf(e)}`,
      `Check the user, password and database in ${inspectors.credentials}, and that bgdb can reach ${where}.`,
    );
  }
  try {
    throwIfAborted(ctx.signal);
    const facts = await inspector.facts();
    const activity = await inspector.activity().then(
      (a) => ({ activity: a }),
      (e: unknown) => ({ activityError: redactString(messageOf(e)) }),
    );
    const databases = facts.databases.length;
    return {
      checks: [
        {
          name: "blue-connection",
          ok: true,
          message: `read blue ${where} (${facts.server}, ${databases} database${databases === 1 ? "" : "s"}) with ${inspectors.credentials}`,
        },
        ...dbChecks(facts, f.engine, replication),
      ],
      blue: { facts, ...activity },
    };
  } catch (e) {
    return fail(
      `could not read blue's catalog at ${where}: ${messageOf(e)}`,
      `The user in ${inspectors.credentials} needs to read the catalog of every database (rds_superuser on RDS).`,
    );
  } finally {
    await inspector.close().catch(() => undefined);
  }
}

/** PREFLIGHT_FAILED naming every failed check, or undefined when none failed. */
export function preflightFailure(checks: Check[]): PreconditionError | undefined {
  const failed = checks.filter((c) => c.ok === false);
  if (failed.length === 0) return undefined;
  return new PreconditionError("PREFLIGHT_FAILED", `Preflight failed: ${failed.map((c) => c.message).join("; ")}.`, {
    hint: failed
      .map((c) => c.hint)
      .filter(Boolean)
      .join(" "),
    details: { failed: failed.map((c) => c.message) },
  });
}

/** The checks as one message: headline the source, a line per check. */
export function checkedMessage(checks: Check[], source: Source): MessagePayload {
  const f = sourceFacts(source);
  return { code: "preflight.checked", source: { id: f.id, describe: f.describe }, checks };
}

/** The level the checks read at: a failure, else a warning, else ok. */
export const checksLevel = (checks: Check[]) =>
  checks.some((c) => c.ok === false) ? "fail" : checks.some((c) => c.ok === "warn") ? "warn" : "ok";

/**
 * The prediction a preflight can make: no green yet, so blue's sessions and sequences and the default timeout;
 * green's members and lag are listed as not judged (the switchover's gate judges them).
 */
export function preflightPrediction(outcome: PreflightOutcome): Prediction {
  const facts = outcome.blue?.facts;
  const blue = outcome.blue;
  return predictSwitchover({
    replication: outcome.replication,
    timeoutSeconds: DEFAULTS.switchoverTimeoutSeconds,
    maxLag: DEFAULTS.maxLag,
    beforeGreen: true,
    sequences: facts?.family === "postgres" ? facts.databases.reduce((n, db) => n + db.sequences, 0) : undefined,
    blue: blue?.activity
      ? { activity: blue.activity }
      : blue?.activityError
        ? { error: blue.activityError }
        : undefined,
  });
}

/**
 * `bgdb preflight`: every check create would run (and the in-database ones with a connection), and the switchover
 * prediction. Changes nothing; exit 3 when a check fails.
 */
export async function preflight(deps: Deps, o: PreflightOptions): Promise<CommandResult> {
  const ctx = makeCtx(deps);
  throwIfAborted(ctx.signal);
  const source = await resolveSource(ctx, o.source);
  const outcome = await runPreflight(ctx, source, o);
  const checked = checkedMessage(outcome.checks, source);
  ctx.say("preflight", checksLevel(outcome.checks), checked);
  const prediction = preflightPrediction(outcome);
  const predicted = sayPrediction(ctx, "preflight", prediction);
  const failure = preflightFailure(outcome.checks);
  const f = sourceFacts(source);
  return {
    command: "preflight",
    phase: "preflight",
    members: [],
    durations: {},
    report: [checked, predicted],
    nextSteps: failure ? [] : [createCommandOf(o)],
    data: { source: f.id, replication: outcome.replication, checks: outcome.checks, prediction },
    ...(failure
      ? {
          blocked: {
            code: failure.code,
            message: failure.message,
            ...(failure.hint ? { hint: failure.hint } : {}),
            exitCode: failure.exitCode,
          },
        }
      : {}),
  };
}

/** The create these checks were for, as a command to paste. */
function createCommandOf(o: PreflightOptions): string {
  const flags: [string, string | number | boolean | undefined][] = [
    ["--source", o.source],
    ["--target-engine-version", o.targetEngineVersion],
    ["--target-parameter-group", o.targetParameterGroup],
    ["--target-cluster-parameter-group", o.targetClusterParameterGroup],
    ["--target-instance-class", o.targetInstanceClass],
    ["--target-storage-type", o.targetStorageType],
    ["--target-iops", o.targetIops],
    ["--target-allocated-storage", o.targetAllocatedStorage],
    ["--target-storage-throughput", o.targetStorageThroughput],
    ["--upgrade-target-storage-config", o.upgradeTargetStorageConfig],
    ["--db-url-env", o.dbUrlEnv],
  ];
  const words = flags.flatMap(([flag, v]) =>
    v === undefined || v === false ? [] : v === true ? [flag] : [flag, String(v)],
  );
  return shellJoin(["bgdb", "create", ...words]);
}
