/**
 * `bgdb demo`: the whole blue/green job against a private local sandbox with real database servers behind it —
 * create → upgrade → test → lag → switchover (with the write probe, and the seeded CNAME checked before and after)
 * → verify → cleanup — with the same progress
 * output a real run shows, then a timeline. On PostgreSQL (the default) green is 16 → 17 and a bigger class; on
 * MariaDB (`--engine mariadb`: only the one installed build runs, so no version change) green gets another parameter
 * group and a bigger class. It uses its own sandbox directory and removes it at the end, so the sandbox you may have
 * running is left as it was.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { DemoDatabase } from "../adapters/probe/demo-data.js";
import { InternalError, PreconditionError } from "../core/errors.js";
import { formatSeconds } from "../core/format.js";
import * as core from "../core/index.js";
import type { CommandResult } from "../core/result.js";
import { type OutputMode, renderResult, reportLines, resultDocument } from "../output/index.js";
import type { Clock, DbInstance, Deps, WriteProbe } from "../ports/index.js";
import { buildDeps } from "./deps.js";
import { publishRun } from "./github.js";
import type { CliIo } from "./io.js";
import { runSandbox } from "./sandbox-program.js";
import type { GlobalOptions } from "./session.js";

export const DEMO_ENGINES = ["postgres", "mariadb"] as const;
export type DemoEngine = (typeof DEMO_ENGINES)[number];

export interface DemoContext {
  io: CliIo;
  globals: GlobalOptions;
  signal: AbortSignal;
  mode: OutputMode;
  /** Where the run's warnings are kept (the session's: a failure's annotations repeat them). */
  warnings?: string[];
  engine: DemoEngine;
}

const ROWS = 1000;
const HOUR = 3_600_000;
/** Green's bigger class: a real restart of green on either engine. */
const GREEN_CLASS = "db.t4g.large";

interface Phase {
  phase: string;
  ms: number;
  note: string;
}

/** What green changes, and how the demo sees that it did. */
interface Target {
  create: { targetEngineVersion?: string; targetParameterGroup: string };
  /** Expectations of the built-in test against green (demo-check.ts reads them). */
  expect: Record<string, string>;
  /** Whether the production endpoint, after the switchover, runs green's change; and what it shows. */
  check(db: DemoDatabase, server: { version: string; server: string }): Promise<{ ok: boolean; note: string }>;
  testNote: string;
}

/** One engine's demo: its seeded source, its data and probe drivers, and green's change. */
interface Profile {
  source: string;
  name: string;
  label: string;
  /** The connection URL's scheme. */
  scheme: "postgres" | "mysql";
  /** The engine's drivers, loaded only for the engine in use. */
  drivers(): Promise<{ database(url: string): DemoDatabase; probe(o: ProbeOptions): DemoProbe }>;
  target(deps: Deps, source: DbInstance): Promise<Target>;
}

type DemoProbe = WriteProbe & { ensureTable(): Promise<void> };
type ProbeOptions = { connectionString: string; clock: Clock };

/** The demo upgrades to this PostgreSQL major; the exact version is what the sandbox offers (its installed 17.x). */
const PG_TARGET_MAJOR = "17";

const postgres: Profile = {
  source: "pg16-source",
  name: "pg16-source-to-17",
  label: "PostgreSQL",
  scheme: "postgres",
  drivers: async () => ({
    database: (await import("../adapters/probe/demo-data.js")).pgDemoDatabase,
    probe: (await import("../adapters/probe/pg-write-probe.js")).createPgWriteProbe,
  }),
  async target(deps, source) {
    const version = await pgTargetVersion(deps, source);
    return {
      create: { targetEngineVersion: version, targetParameterGroup: "pg17-logical" },
      expect: { DEMO_EXPECT_MAJOR: PG_TARGET_MAJOR },
      check: async (_db, s) => ({
        ok: s.version.startsWith(`${PG_TARGET_MAJOR}.`),
        note: `answers as ${s.server}`,
      }),
      testNote: `version ${PG_TARGET_MAJOR}`,
    };
  },
};

/** Green's MariaDB parameter group (seeded by the sandbox) and the static parameter it changes. */
const MARIADB_GROUP = "mariadb-tuned";
const MARIADB_PARAMETER = { name: "innodb_log_buffer_size", value: "33554432" };

const mariadb: Profile = {
  source: "mariadb-source",
  name: "mariadb-source-tuned",
  label: "MariaDB",
  scheme: "mysql",
  drivers: async () => ({
    database: (await import("../adapters/probe/demo-data.js")).mysqlDemoDatabase,
    probe: (await import("../adapters/probe/mysql-write-probe.js")).createMysqlWriteProbe,
  }),
  async target(_deps, source) {
    const { name, value } = MARIADB_PARAMETER;
    return {
      create: { targetParameterGroup: MARIADB_GROUP },
      expect: { DEMO_EXPECT_VARIABLE: `${name}=${value}` },
      async check(db, s) {
        const now = await db.variable(name);
        return {
          // No version change: production runs the same build, now with green's parameter group.
          ok: s.server.startsWith("MariaDB ") && s.version.startsWith(source.engineVersion) && now === value,
          note: `answers as ${s.server} (${s.version}), ${name} = ${now ?? "unset"} (${MARIADB_GROUP})`,
        };
      },
      testNote: `${name} = ${value}`,
    };
  },
};

const PROFILES: Record<DemoEngine, Profile> = { postgres, mariadb };

/** The demo's test script, bundled as dist/<name>.js (this module sits two levels below the package root, in src or dist). */
const scriptPath = (name: string) => fileURLToPath(new URL(`../../dist/${name}.js`, import.meta.url));

async function timed<T>(timeline: Phase[], phase: string, fn: () => Promise<T>, note: (r: T) => string): Promise<T> {
  const started = Date.now();
  const r = await fn();
  timeline.push({ phase, ms: Date.now() - started, note: note(r) });
  return r;
}

async function sandboxOrFail(args: string[], io: CliIo): Promise<string> {
  const { code, stdout } = await runSandbox(args, io, true);
  if (code !== 0) throw new InternalError(`The demo sandbox failed: \`sandbox ${args[0]}\` exited ${code}.`);
  return stdout;
}

/** Seeds the demo's sandbox; a source this machine cannot run (MariaDB not installed) is exit 3, with how to fix it. */
async function seedFor(profile: Profile, dir: string, io: CliIo): Promise<void> {
  const seeded = JSON.parse(await sandboxOrFail(["seed", "--json", "--sandbox-dir", dir], io)) as {
    skipped?: { id: string; reason: string }[];
  };
  const skipped = seeded.skipped?.find((s) => s.id === profile.source);
  if (skipped) {
    throw new PreconditionError(
      "ENGINE_NOT_INSTALLED",
      `The ${profile.label} demo cannot run here: ${skipped.reason}.`,
      {
        hint: "`bgdb demo` without --engine runs on PostgreSQL, which the sandbox brings along.",
      },
    );
  }
}

/** Runs the demo; returns the exit code. */
export async function runDemo(ctx: DemoContext): Promise<number> {
  const profile = PROFILES[ctx.engine];
  const dir = mkdtempSync(join(tmpdir(), "bgdb-demo-"));
  // A throwaway password for the demo's own sandbox: handed to the sandbox in its environment, never printed.
  const password = randomBytes(12).toString("hex");
  const io: CliIo = { ...ctx.io, env: { ...ctx.io.env, BGDB_SANDBOX_MASTER_PASSWORD: password } };
  const globals: GlobalOptions = { ...ctx.globals, sandbox: true, sandboxDir: dir, stateDir: join(dir, "state") };
  const timeline: Phase[] = [];
  const started = Date.now();
  const built = await buildDeps({ command: "demo", globals, io }, ctx.mode, {
    yes: true,
    signal: ctx.signal,
    warnings: ctx.warnings,
  });
  try {
    await timed(
      timeline,
      "sandbox",
      () => seedFor(profile, dir, io),
      () => `started, seeded ${profile.source}`,
    );
    const { result, create } = await demoFlow(
      profile,
      { ...built.deps, sandboxPassword: password },
      password,
      timeline,
    );
    built.close();
    const total = Date.now() - started;
    const targets = Object.entries({
      "--target-engine-version": create.targetEngineVersion,
      "--target-parameter-group": create.targetParameterGroup,
    }).flatMap(([flag, value]) => (value ? [flag, value] : []));
    const shown: CommandResult = {
      ...result,
      command: "demo",
      durations: Object.fromEntries(timeline.map((p) => [p.phase, p.ms])),
      report: [{ code: "demo.timeline", steps: timeline, totalMs: total }],
      nextSteps: [
        "bgdb sandbox start && bgdb sandbox seed   (a sandbox of your own to rehearse with)",
        ["bgdb --sandbox create --source", profile.source, ...targets].join(" "),
      ],
    };
    renderResult(shown, ctx.mode, ctx.io.stdout);
    publishRun(ctx.io, resultDocument(shown), built.warnings());
    return 0;
  } finally {
    built.close();
    await runSandbox(["reset", "--sandbox-dir", dir], io, true).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The 17.x the source can be upgraded to, as DescribeDBEngineVersions lists it (no version is assumed). */
async function pgTargetVersion(deps: Deps, source: { engine: string; engineVersion: string }): Promise<string> {
  const [current] = await deps.rds.describeDbEngineVersions({
    engine: source.engine,
    engineVersion: source.engineVersion,
  });
  const target = current?.validUpgradeTargets
    .filter((t) => t.isMajorVersionUpgrade && t.engineVersion.split(".")[0] === PG_TARGET_MAJOR)
    .at(-1)?.engineVersion;
  if (!target) {
    throw new InternalError(
      `The demo sandbox offers no PostgreSQL ${PG_TARGET_MAJOR} upgrade from ${source.engine} ${source.engineVersion}.`,
    );
  }
  return target;
}

async function demoFlow(
  profile: Profile,
  deps: Deps,
  password: string,
  timeline: Phase[],
): Promise<{ result: CommandResult; create: Target["create"] }> {
  const [source] = await deps.rds.describeDbInstances({ id: profile.source });
  if (!source?.endpoint?.port) throw new InternalError(`The demo sandbox has no endpoint for ${profile.source}.`);
  const target = await profile.target(deps, source);
  // The production endpoint: before the switchover it reaches blue, after it green.
  const production = `${profile.scheme}://${source.masterUsername ?? "bgdb"}:${password}@${source.endpoint.address}:${source.endpoint.port}/${source.dbName ?? "app"}`;
  const drivers = await profile.drivers();
  const db = drivers.database(production);
  const probe = drivers.probe({ connectionString: production, clock: deps.clock });
  await timed(
    timeline,
    "data",
    async () => {
      await db.writeRows(ROWS);
      await probe.ensureTable(); // before create: logical replication does not carry DDL to green
      return db.read();
    },
    (d) => `${d.rows} rows written to blue (${d.server})`,
  );
  const created = await timed(
    timeline,
    "create",
    () =>
      core.create(deps, {
        source: profile.source,
        name: profile.name,
        ...target.create,
        tags: { purpose: "bgdb-demo" },
        wait: true,
        timeoutMs: HOUR,
      }),
    (r) => reportLines(r.report)[0] ?? "",
  );
  const green = created.members.find((m) => m.role === "green");
  await timed(
    timeline,
    "upgrade",
    () =>
      core.upgrade(deps, {
        deployment: profile.name,
        instanceClass: GREEN_CLASS,
        allowMajorVersionUpgrade: false,
        timeoutMs: HOUR,
      }),
    (r) => reportLines(r.report)[0] ?? "",
  );
  // bgdb test hands green's endpoint, user, database and (in the sandbox) password to the check; these are its goals.
  const runner = deps.runner;
  const expectations = { ...target.expect, DEMO_EXPECT_ROWS: String(ROWS) };
  const testDeps: Deps = { ...deps, runner: { run: (r) => runner.run({ ...r, env: { ...r.env, ...expectations } }) } };
  await timed(
    timeline,
    "test",
    () =>
      core.test(testDeps, {
        deployment: profile.name,
        command: process.execPath,
        args: [scriptPath("demo-check")],
        timeoutMs: 60_000,
      }),
    () => `built-in check against green ${green?.id ?? ""}: ${target.testNote} and ${ROWS} rows`,
  );
  await timed(
    timeline,
    "lag",
    () => core.lag(deps, { deployment: profile.name, watch: false, periodSeconds: 1, windowMs: 30_000 }),
    (r) => reportLines(r.report)[0] ?? "",
  );
  const switched = await timed(
    timeline,
    "switchover",
    () =>
      core.switchover(
        { ...deps, probe },
        {
          deployment: profile.name,
          timeoutSeconds: 300,
          maxLag: { seconds: 1, bytes: 1024 * 1024 },
          stableSamples: 3,
          waitForLagMs: 5 * 60_000,
          yes: true,
          // The application's way in: the CNAME `sandbox seed` makes for the source, checked before and after.
          cname: `${profile.source}.db.example.internal`,
        },
      ),
    (r) => reportLines(r.report)[0] ?? "",
  );
  const after = await db.read();
  const changed = await target.check(db, after);
  const report = switched.data?.probe as { missing: number; acknowledged: number; longestGapMs: number } | undefined;
  const ok = changed.ok && after.rows === ROWS && report?.missing === 0;
  timeline.push({
    phase: "verify",
    ms: 0,
    note: `production endpoint ${changed.note}; ${after.rows}/${ROWS} rows; probe: ${report?.acknowledged ?? 0} acknowledged writes, ${report?.missing ?? "?"} missing, longest gap ${formatSeconds(report?.longestGapMs ?? 0)}`,
  });
  if (!ok) {
    throw new InternalError(`The demo's data check failed: ${timeline[timeline.length - 1]?.note}`);
  }
  const result = await timed(
    timeline,
    "cleanup",
    () =>
      core.cleanup(deps, {
        deployment: profile.name,
        deleteOldBlue: true,
        retainMs: 0,
        skipFinalSnapshot: false,
        iUnderstandDataLoss: false,
        yes: true,
        timeoutMs: HOUR,
      }),
    (r) => reportLines(r.report).join("; "),
  );
  return { result, create: target.create };
}
