import type { DbInstance, Deps } from "../ports/index.js";
import { type Ctx, makeCtx } from "./context.js";
import { engineFamily, isPostgres } from "./engine.js";
import { PreconditionError, TestsFailedError, throwIfAborted } from "./errors.js";
import type { MessagePayload } from "./event.js";
import { formatElapsed } from "./format.js";
import { recordState } from "./journal.js";
import type { TestOptions } from "./options.js";
import { withDeployment } from "./prologue.js";
import { redactArgv } from "./redact.js";
import { describeMembers, type Members, type Side } from "./resolve.js";
import type { CommandResult } from "./result.js";
import { servingStatement } from "./serving.js";
import { shellJoin } from "./shell.js";
import { deploymentStatus } from "./status.js";
import { resultFor } from "./view.js";

/** Where a side's writer answers, and who may log in there (as RDS reports it; never a password). */
export interface WriterConnection {
  host: string;
  port: number;
  engine: string;
  /** The master user RDS reports. */
  user?: string;
  /** The database RDS reports (PostgreSQL falls back to `postgres`). */
  database?: string;
}

/** The green writer's endpoint: the green cluster endpoint for Aurora, else the green primary instance's. */
export const greenEndpoint = (m: Members): WriterConnection | undefined => writerEndpoint(m.green, m.greenPrimary);

/** The blue writer's endpoint, chosen the same way (production's, before a switchover). */
export const blueEndpoint = (m: Members): WriterConnection | undefined => writerEndpoint(m.blue, m.bluePrimary);

function writerEndpoint(sides: Side[], p: DbInstance | undefined): WriterConnection | undefined {
  const cluster = sides.find((s) => s.cluster)?.cluster;
  if (cluster?.endpoint) {
    return {
      host: cluster.endpoint,
      port: cluster.port ?? 0,
      engine: cluster.engine,
      user: cluster.masterUsername,
      database: cluster.databaseName,
    };
  }
  return p?.endpoint
    ? { host: p.endpoint.address, port: p.endpoint.port, engine: p.engine, user: p.masterUsername, database: p.dbName }
    : undefined;
}

export const isMysqlFamily = (engine: string): boolean => {
  const family = engineFamily(engine);
  return family === "mysql" || family === "mariadb" || family === "aurora-mysql";
};

/**
 * What the test command finds in its environment: BGDB_GREEN_* for any script, and what the engine's own clients
 * read — libpq's PGHOST/PGPORT/PGUSER/PGDATABASE (and PGPASSWORD in the sandbox), the MySQL family's
 * MYSQL_HOST/MYSQL_TCP_PORT (and MYSQL_PWD in the sandbox; the user goes in an option file, see RunRequest).
 */
export function testEnvironment(ep: WriterConnection, sandboxPassword?: string): Record<string, string> {
  const env: Record<string, string> = {
    BGDB_GREEN_ENDPOINT: ep.host,
    BGDB_GREEN_PORT: String(ep.port),
    BGDB_ENGINE: ep.engine,
  };
  if (ep.user) env.BGDB_GREEN_USER = ep.user;
  const database = ep.database ?? (isPostgres(ep.engine) ? "postgres" : undefined);
  if (database) env.BGDB_GREEN_DATABASE = database;
  if (isPostgres(ep.engine)) {
    Object.assign(env, { PGHOST: ep.host, PGPORT: String(ep.port) });
    if (ep.user) env.PGUSER = ep.user;
    if (database) env.PGDATABASE = database;
    if (sandboxPassword) env.PGPASSWORD = sandboxPassword;
  }
  if (isMysqlFamily(ep.engine)) {
    Object.assign(env, { MYSQL_HOST: ep.host, MYSQL_TCP_PORT: String(ep.port) });
    if (sandboxPassword) env.MYSQL_PWD = sandboxPassword;
  }
  return env;
}

async function runTests(ctx: Ctx, o: TestOptions, name: string, members: Members) {
  const ep = greenEndpoint(members);
  if (!ep) {
    throw new PreconditionError("GREEN_NOT_READY", `${name} has no green endpoint yet.`, {
      hint: `Wait until it is AVAILABLE: \`bgdb status ${name} --watch\`.`,
    });
  }
  // Shown, journaled and audited the same way: secrets in the command line never leave this process.
  const shown = shellJoin(redactArgv([o.command, ...o.args]));
  ctx.say("test", "info", { code: "test.started", command: shown, host: ep.host, port: ep.port });
  throwIfAborted(ctx.signal);
  const r = await ctx.runner.run({
    command: o.command,
    args: o.args,
    env: testEnvironment(ep, ctx.sandboxPassword),
    mysqlClient: isMysqlFamily(ep.engine) ? { user: ep.user, password: ctx.sandboxPassword } : undefined,
    timeoutMs: o.timeoutMs,
    signal: ctx.signal,
  });
  throwIfAborted(ctx.signal, "Tests interrupted");
  return { ...r, shown, endpoint: ep };
}

export async function test(deps: Deps, o: TestOptions): Promise<CommandResult> {
  const ctx = makeCtx(deps);
  return withDeployment(ctx, o.deployment, "test", async (d) => {
    if (deploymentStatus(d.status) !== "AVAILABLE") {
      throw new PreconditionError(
        "NOT_AVAILABLE",
        `${d.name} is ${d.status}; tests run against green only while the deployment is AVAILABLE.`,
        {
          hint: `Run \`bgdb status ${d.name}\`.`,
        },
      );
    }
    const members = await describeMembers(ctx, d);
    const r = await runTests(ctx, o, d.name, members);
    const outcome = r.timedOut ? "timeout" : r.exitCode === 0 ? "passed" : `exit ${r.exitCode ?? r.signal}`;
    await recordState(ctx, d, {
      step: { step: "test", outcome, durationMs: r.durationMs },
      settings: { test: { command: r.shown } },
      evidence: {
        test: {
          at: new Date(ctx.clock.now()).toISOString(),
          command: r.shown,
          outcome,
          passed: outcome === "passed",
          durationMs: r.durationMs,
        },
      },
    });
    const line = `${r.shown} → ${outcome} (${formatElapsed(r.durationMs)})`;
    const finished: MessagePayload = {
      code: "test.finished",
      command: r.shown,
      outcome,
      passed: outcome === "passed",
      durationMs: r.durationMs,
    };
    if (outcome !== "passed") {
      ctx.say("test", "fail", finished);
      throw new TestsFailedError(
        `Tests against green failed: ${line}. Nothing was switched. ${servingStatement(d.status)}`,
        {
          hint: `Fix and re-run \`bgdb test ${d.name} -- ${r.shown}\`, or \`bgdb abort ${d.name}\`.`,
          details: { exitCode: r.exitCode, timedOut: r.timedOut, nextSteps: [`bgdb abort ${d.name}`] },
        },
      );
    }
    ctx.say("test", "ok", finished);
    return resultFor(ctx, "test", d, {
      durations: { test: r.durationMs },
      report: [finished],
      nextSteps: [`bgdb switchover ${d.name}`],
      data: {
        test: {
          command: r.shown,
          exitCode: r.exitCode,
          timedOut: r.timedOut,
          endpoint: `${r.endpoint.host}:${r.endpoint.port}`,
        },
      },
    });
  });
}
