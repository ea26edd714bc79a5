/**
 * Builds the Deps core runs with, from validated global options. The AWS adapter is imported only when a command
 * really needs AWS (and creates its SDK clients lazily itself), so `--help` and bad input never load the SDK.
 */
import { resolve } from "node:path";
import { createFileJournal } from "../adapters/journal/index.js";
import { systemClock } from "../adapters/system/clock.js";
import { localPaths } from "../adapters/system/paths.js";
import { createProcessRunner } from "../adapters/system/process-runner.js";
import type { SandboxEndpoint } from "../common/sandbox-endpoint.js";
import type { PollTiming } from "../core/timing.js";
import { createReporter, type OutputMode } from "../output/index.js";
import type { Deps, Reporter } from "../ports/index.js";
import { createConfirmer } from "./confirm.js";
import { keepingWarnings } from "./github.js";
import { invocationFrom } from "./invocation.js";
import { type DepsContext, isProcessIo } from "./io.js";
import { commandPrefix } from "./routing.js";
import { ensureSandbox } from "./sandbox-program.js";
import { withheldEnv } from "./withheld-env.js";

export interface BuiltDeps {
  deps: Deps;
  /** Stops the spinner and flushes the reporter. */
  close(): void;
  /** Messages the terminal already shows (the result printed at the end leaves them out). */
  shown(): ReadonlySet<string>;
  /** The warnings reported so far, as words (for GitHub's annotations and step summary). */
  warnings(): readonly string[];
}

const AWS_PORTS = ["rds", "metrics", "dns", "identity"] as const;
const SANDBOX_CREDENTIALS = { accessKeyId: "sandbox", secretAccessKey: "sandbox" };

/** The sandbox compresses minutes into seconds, so bgdb polls it (and reads its lag metrics) at that scale too. */
export const SANDBOX_TIMING: Partial<PollTiming> = {
  fastMs: 500,
  slowMs: 1_000,
  maxBackoffMs: 5_000,
  lagPeriodSeconds: 1,
  switchoverRetryMs: 1_000,
  switchoverMs: 300,
  taskPacing: { nearMs: 250, farMs: 1_000, unknownMs: 600, windowMs: 500 },
};

export function stateDir(ctx: DepsContext): string {
  return resolve(ctx.io.cwd, ctx.globals.stateDir ?? ctx.io.env.BGDB_STATE_DIR ?? ".bgdb");
}

export async function buildDeps(
  ctx: DepsContext,
  mode: OutputMode,
  extra: {
    yes: boolean;
    signal: AbortSignal;
    warnings?: string[];
    urlEnv?: { dbUrlEnv?: string; probeUrlEnv?: string };
  },
): Promise<BuiltDeps> {
  const { io, globals } = ctx;
  const overrides = io.makeDeps?.(ctx) ?? {};
  const clock = overrides.clock ?? systemClock;
  // Timestamps follow the injected clock, so a run on a FakeClock (tests, the demo) prints its virtual time.
  const warnings = extra.warnings ?? [];
  const reporter = keepingWarnings(
    await createReporter(mode, {
      stderr: io.stderr,
      color: globals.color !== false && !io.env.NO_COLOR,
      now: () => new Date(clock.now()),
      prefix: commandPrefix(globals),
    }),
    warnings,
    commandPrefix(globals),
  );
  // Throttling retries sleep on the same clock as every wait, so Ctrl-C interrupts them too.
  const sleep = (ms: number) => clock.sleep(ms, extra.signal);
  const needsAws = !AWS_PORTS.every((port) => overrides[port]);
  const sandbox = needsAws && globals.sandbox ? await startSandbox(ctx, reporter) : undefined;
  const aws = needsAws ? await awsPorts(ctx, sleep, sandbox) : undefined;
  const region = overrides.region ?? (await aws?.region());
  const deps: Deps = {
    ...aws,
    journal: createFileJournal(stateDir(ctx)),
    clock,
    reporter,
    runner: createProcessRunner({
      stderr: io.stderr,
      interactive: io.isTTY && isProcessIo(io),
      withheldEnv: withheldEnv(extra.urlEnv),
    }),
    confirmer: createConfirmer({ yes: extra.yes, isTTY: io.isTTY, stdin: io.stdin, stderr: io.stderr }),
    paths: localPaths,
    signal: extra.signal,
    timing: globals.sandbox ? SANDBOX_TIMING : undefined,
    invocation: invocationFrom(io.env, ctx.argv ?? [ctx.command]),
    sandboxPassword: sandbox?.masterPassword,
    ...overrides,
    region,
  } as Deps;
  return { deps, close: () => reporter.close(), shown: () => reporter.shown(), warnings: () => warnings };
}

/**
 * `--sandbox`: make sure it runs. A running one is found at once; starting one takes seconds, and the spinner says so
 * from the instant it begins.
 */
async function startSandbox(ctx: DepsContext, reporter: Reporter): Promise<SandboxEndpoint> {
  let starting = false;
  try {
    return await ensureSandbox(ctx.io, ctx.globals.sandboxDir, () => {
      starting = true;
      reporter.emit({ kind: "progress", phase: "sandbox", label: "sandbox", status: "STARTING", elapsedMs: 0 });
    });
  } finally {
    if (starting) reporter.emit({ kind: "progress-end", phase: "sandbox" });
  }
}

async function awsPorts(ctx: DepsContext, sleep: (ms: number) => Promise<void>, sandbox?: SandboxEndpoint) {
  const { createAwsAdapters } = await import("../adapters/aws/index.js");
  const { region, profile, endpointUrl } = ctx.globals;
  if (!sandbox) return createAwsAdapters({ region, profile, endpointUrl }, { sleep });
  return createAwsAdapters(
    { region: region ?? sandbox.region, endpointUrl: sandbox.url, credentials: SANDBOX_CREDENTIALS },
    { sleep },
  );
}
