import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createFileJournal } from "../../src/adapters/journal/index.js";
import { FakeClock } from "../../src/adapters/system/fake-clock.js";
import type { MessagePayload } from "../../src/core/event.js";
import { reportLines } from "../../src/output/render-message.js";
import type { BgdbEvent, Deps, RunRequest, RunResult } from "../../src/ports/index.js";
import { FakeAws, type FakeAwsOptions } from "./fake-aws.js";

/** A command's report as the lines a person reads. */
export const summaryOf = (r: { report: MessagePayload[] }): string[] => reportLines(r.report);

/** Everything a core test needs: fake AWS on a fake clock, a real journal in a temp dir, recorded events. */
export function harness(opts: FakeAwsOptions & { confirm?: boolean; runResult?: Partial<RunResult> } = {}) {
  const clock = new FakeClock();
  const aws = new FakeAws(clock, opts);
  const dir = mkdtempSync(join(tmpdir(), "bgdb-core-"));
  const events: BgdbEvent[] = [];
  const runs: RunRequest[] = [];
  const confirms: string[] = [];
  const controller = new AbortController();
  const journal = createFileJournal(dir);
  /** Files that "exist" for the code under test (the postpone file); a test adds and removes them. */
  const files = new Set<string>();
  const deps: Deps = {
    rds: aws.rds,
    metrics: aws.metrics,
    dns: aws.dns,
    identity: aws.identity,
    journal,
    clock,
    reporter: { emit: (e) => events.push(e) },
    runner: {
      run: async (r) => {
        runs.push(r);
        return { exitCode: 0, timedOut: false, durationMs: 1500, ...opts.runResult };
      },
    },
    confirmer: {
      confirm: async (r) => {
        confirms.push(r.expected);
        return { confirmed: opts.confirm ?? true, how: "typed" };
      },
    },
    paths: { state: async (path) => (files.has(path) ? "present" : "absent") },
    signal: controller.signal,
    region: "us-east-1",
    random: () => 0.5,
  };
  return {
    clock,
    aws,
    deps,
    dir,
    events,
    runs,
    confirms,
    controller,
    journal,
    files,
    /** Every message event as the operator reads it (headline and detail lines). */
    messages: () => events.flatMap((e) => (e.kind === "message" ? reportLines([e]) : [])),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
