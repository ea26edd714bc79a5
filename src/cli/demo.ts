/**
 * `bgdb demo`: the whole blue/green job against a private local sandbox with real PostgreSQL behind it —
 * create (16 → 17) → upgrade → test → lag → switchover (with the write probe and the seeded CNAME checked before
 * and after) → cleanup — with the same progress
 * output a real run shows, then a timeline. It uses its own sandbox directory and removes it at the end, so the
 * sandbox you may have running is left as it was.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { InternalError } from "../core/errors.js";
import * as core from "../core/index.js";
import type { CommandResult } from "../core/result.js";
import { type OutputMode, renderResult, reportLines } from "../output/index.js";
import type { Deps } from "../ports/index.js";
import { buildDeps } from "./deps.js";
import type { CliIo } from "./io.js";
import { runSandbox } from "./sandbox-program.js";
import type { GlobalOptions } from "./session.js";

export interface DemoContext {
  io: CliIo;
  globals: GlobalOptions;
  signal: AbortSignal;
  mode: OutputMode;
}

const SOURCE = "pg16-source";
/** The application's way in: the CNAME `sandbox seed` makes for the source, checked before and after the switchover. */
const CNAME = `${SOURCE}.db.example.internal`;
const NAME = "pg16-source-to-17";
/** The demo upgrades to this major; the exact version is what the sandbox offers (its installed 17.x). */
const TARGET_MAJOR = "17";
const ROWS = 1000;
const HOUR = 3_600_000;

interface Phase {
  phase: string;
  ms: number;
  note: string;
}

/** The demo's test script, bundled as dist/<name>.js (this module sits two levels below the package root, in src or dist). */
const scriptPath = (name: string) => fileURLToPath(new URL(`../../dist/${name}.js`, import.meta.url));

async function timed<T>(timeline: Phase[], phase: string, fn: () => Promise<T>, note: (r: T) => string): Promise<T> {
  const started = Date.now();
  const r = await fn();
  timeline.push({ phase, ms: Date.now() - started, note: note(r) });
  return r;
}

async function sandboxOrFail(args: string[], io: CliIo): Promise<void> {
  const { code } = await runSandbox(args, io, true);
  if (code !== 0) throw new InternalError(`The demo sandbox failed: \`sandbox ${args[0]}\` exited ${code}.`);
}

/** Runs the demo; returns the exit code. */
export async function runDemo(ctx: DemoContext): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), "bgdb-demo-"));
  // A throwaway password for the demo's own sandbox: handed to the sandbox in its environment, never printed.
  const password = randomBytes(12).toString("hex");
  const io: CliIo = { ...ctx.io, env: { ...ctx.io.env, BGDB_SANDBOX_MASTER_PASSWORD: password } };
  const globals: GlobalOptions = { ...ctx.globals, sandbox: true, sandboxDir: dir, stateDir: join(dir, "state") };
  const timeline: Phase[] = [];
  const started = Date.now();
  const built = await buildDeps({ command: "demo", globals, io }, ctx.mode, { yes: true, signal: ctx.signal });
  try {
    await timed(
      timeline,
      "sandbox",
      () => sandboxOrFail(["seed", "--sandbox-dir", dir], io),
      () => `started, seeded ${SOURCE}`,
    );
    const { result, targetVersion } = await demoFlow(built.deps, password, timeline);
    built.close();
    const total = Date.now() - started;
    renderResult(
      {
        ...result,
        command: "demo",
        durations: Object.fromEntries(timeline.map((p) => [p.phase, p.ms])),
        report: [{ code: "demo.timeline", steps: timeline, totalMs: total }],
        nextSteps: [
          "bgdb sandbox start && bgdb sandbox seed   (a sandbox of your own to rehearse with)",
          `bgdb --sandbox create --source pg16-source --target-engine-version ${targetVersion} --target-parameter-group pg17-logical`,
        ],
      },
      ctx.mode,
      ctx.io.stdout,
    );
    return 0;
  } finally {
    built.close();
    await runSandbox(["reset", "--sandbox-dir", dir], io, true).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The 17.x the source can be upgraded to, as DescribeDBEngineVersions lists it (no version is assumed). */
async function targetVersionOf(deps: Deps, source: { engine: string; engineVersion: string }): Promise<string> {
  const [current] = await deps.rds.describeDbEngineVersions({
    engine: source.engine,
    engineVersion: source.engineVersion,
  });
  const target = current?.validUpgradeTargets
    .filter((t) => t.isMajorVersionUpgrade && t.engineVersion.split(".")[0] === TARGET_MAJOR)
    .at(-1)?.engineVersion;
  if (!target) {
    throw new InternalError(
      `The demo sandbox offers no PostgreSQL ${TARGET_MAJOR} upgrade from ${source.engine} ${source.engineVersion}.`,
    );
  }
  return target;
}

async function demoFlow(
  deps: Deps,
  password: string,
  timeline: Phase[],
): Promise<{ result: CommandResult; targetVersion: string }> {
  const { createPgWriteProbe } = await import("../adapters/probe/pg-write-probe.js");
  const { readDemoData, writeDemoRows } = await import("../adapters/probe/demo-data.js");
  const [source] = await deps.rds.describeDbInstances({ id: SOURCE });
  const port = source?.endpoint?.port;
  if (!port) throw new InternalError(`The demo sandbox has no endpoint for ${SOURCE}.`);
  const targetVersion = await targetVersionOf(deps, source);
  // The production endpoint: before the switchover it reaches blue, after it green.
  const production = `postgres://${source.masterUsername ?? "bgdb"}:${password}@${source.endpoint?.address}:${port}/${source.dbName ?? "app"}`;
  const probe = createPgWriteProbe({ connectionString: production, clock: deps.clock });
  await timed(
    timeline,
    "data",
    async () => {
      await writeDemoRows(production, ROWS);
      await probe.ensureTable(); // before create: logical replication does not carry DDL to green
      return readDemoData(production);
    },
    (d) => `${d.rows} rows written to blue (PostgreSQL ${d.version})`,
  );
  const created = await timed(
    timeline,
    "create",
    () =>
      core.create(deps, {
        source: SOURCE,
        name: NAME,
        targetEngineVersion: targetVersion,
        targetParameterGroup: "pg17-logical",
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
        deployment: NAME,
        instanceClass: "db.t4g.large",
        allowMajorVersionUpgrade: false,
        timeoutMs: HOUR,
      }),
    (r) => reportLines(r.report)[0] ?? "",
  );
  const runner = deps.runner;
  const testDeps: Deps = {
    ...deps,
    runner: {
      run: (r) =>
        runner.run({
          ...r,
          env: {
            ...r.env,
            PGUSER: source.masterUsername ?? "bgdb",
            PGPASSWORD: password,
            PGDATABASE: source.dbName ?? "app",
            DEMO_EXPECT_MAJOR: TARGET_MAJOR,
            DEMO_EXPECT_ROWS: String(ROWS),
          },
        }),
    },
  };
  await timed(
    timeline,
    "test",
    () =>
      core.test(testDeps, {
        deployment: NAME,
        command: process.execPath,
        args: [scriptPath("demo-check")],
        timeoutMs: 60_000,
      }),
    () => `built-in check against green ${green?.id ?? ""}: version ${TARGET_MAJOR} and ${ROWS} rows`,
  );
  await timed(
    timeline,
    "lag",
    () => core.lag(deps, { deployment: NAME, watch: false, periodSeconds: 1, windowMs: 30_000 }),
    (r) => reportLines(r.report)[0] ?? "",
  );
  const switched = await timed(
    timeline,
    "switchover",
    () =>
      core.switchover(
        { ...deps, probe },
        {
          deployment: NAME,
          timeoutSeconds: 300,
          maxLag: { seconds: 1, bytes: 1024 * 1024 },
          stableSamples: 3,
          waitForLagMs: 5 * 60_000,
          yes: true,
          cname: CNAME,
        },
      ),
    (r) => reportLines(r.report)[0] ?? "",
  );
  const after = await readDemoData(production);
  const report = switched.data?.probe as { missing: number; acknowledged: number; longestGapMs: number } | undefined;
  const ok = after.version.startsWith(`${TARGET_MAJOR}.`) && after.rows === ROWS && report?.missing === 0;
  timeline.push({
    phase: "verify",
    ms: 0,
    note: `production endpoint answers as PostgreSQL ${after.version}; ${after.rows}/${ROWS} rows; probe: ${report?.acknowledged ?? 0} acknowledged writes, ${report?.missing ?? "?"} missing, longest gap ${((report?.longestGapMs ?? 0) / 1000).toFixed(2)} s`,
  });
  if (!ok) {
    throw new InternalError(`The demo's data check failed: ${timeline[timeline.length - 1]?.note}`);
  }
  const result = await timed(
    timeline,
    "cleanup",
    () =>
      core.cleanup(deps, {
        deployment: NAME,
        deleteOldBlue: true,
        retainMs: 0,
        skipFinalSnapshot: false,
        iUnderstandDataLoss: false,
        yes: true,
        timeoutMs: HOUR,
      }),
    (r) => reportLines(r.report).join("; "),
  );
  return { result, targetVersion };
}
