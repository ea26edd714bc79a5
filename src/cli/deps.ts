/**
 * Builds the Deps core runs with, from validated global options. The AWS adapter is imported only when a command
 * really needs AWS (and creates its SDK clients lazily itself), so `--help` and bad input never load the SDK.
 */
import { resolve } from "node:path";
import { createFileJournal } from "../adapters/journal/index.js";
import { systemClock } from "../adapters/system/clock.js";
import { createProcessRunner } from "../adapters/system/process-runner.js";
import type { PollTiming } from "../core/timing.js";
import { createReporter, type OutputMode } from "../output/index.js";
import type { Deps } from "../ports/index.js";
import { createConfirmer } from "./confirm.js";
import type { DepsContext } from "./io.js";
import { ensureSandbox } from "./sandbox-program.js";

export interface BuiltDeps {
  deps: Deps;
  /** Stops the spinner and flushes the reporter. */
  close(): void;
  /** Messages the terminal already shows (the result printed at the end leaves them out). */
  shown(): ReadonlySet<string>;
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
};

export function stateDir(ctx: DepsContext): string {
  return resolve(ctx.io.cwd, ctx.globals.stateDir ?? ctx.io.env.BGDB_STATE_DIR ?? ".bgdb");
}

export async function buildDeps(
  ctx: DepsContext,
  mode: OutputMode,
  extra: { yes: boolean; signal: AbortSignal },
): Promise<BuiltDeps> {
  const { io, globals } = ctx;
  const overrides = io.makeDeps?.(ctx) ?? {};
  const clock = overrides.clock ?? systemClock;
  // Timestamps follow the injected clock, so a run on a FakeClock (tests, the demo) prints its virtual time.
  const reporter = await createReporter(mode, {
    stderr: io.stderr,
    color: globals.color !== false && !io.env.NO_COLOR,
    now: () => new Date(clock.now()),
  });
  // Throttling retries sleep on the same clock as every wait, so Ctrl-C interrupts them too.
  const sleep = (ms: number) => clock.sleep(ms, extra.signal);
  const aws = AWS_PORTS.every((port) => overrides[port]) ? undefined : await awsPorts(ctx, sleep);
  const region = overrides.region ?? (await aws?.region());
  const deps: Deps = {
    ...aws,
    journal: createFileJournal(stateDir(ctx)),
    clock,
    reporter,
    runner: createProcessRunner({ stderr: io.stderr }),
    confirmer: createConfirmer({ yes: extra.yes, isTTY: io.isTTY, stdin: io.stdin, stderr: io.stderr }),
    signal: extra.signal,
    timing: globals.sandbox ? SANDBOX_TIMING : undefined,
    ...overrides,
    region,
  } as Deps;
  return { deps, close: () => reporter.close(), shown: () => reporter.shown() };
}

async function awsPorts(ctx: DepsContext, sleep: (ms: number) => Promise<void>) {
  const { createAwsAdapters } = await import("../adapters/aws/index.js");
  const { region, profile, endpointUrl, sandbox, sandboxDir } = ctx.globals;
  if (!sandbox) return createAwsAdapters({ region, profile, endpointUrl }, { sleep });
  const endpoint = await ensureSandbox(ctx.io, sandboxDir);
  return createAwsAdapters(
    { region: region ?? endpoint.region, endpointUrl: endpoint.url, credentials: SANDBOX_CREDENTIALS },
    { sleep },
  );
}
