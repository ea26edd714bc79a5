/**
 * The README's exit-code table is src/core/errors.ts's: one row per exit code bgdb has, and the error codes a pipeline
 * most often meets are described on the row of the exit code they really carry.
 */
import { describe, expect, it } from "vitest";
import { ERROR_CODES, type ErrorCode, ExitCode } from "../../src/core/errors.js";
import { readCommitted } from "./committed.js";

/** `| <exit> | <meaning> |` rows of the README's "## Exit codes" section. */
function exitRows(): Map<number, string> {
  const readme = readCommitted("README.md");
  const section = readme.slice(readme.indexOf("\n## Exit codes\n"));
  const body = section.slice(0, section.indexOf("\n## ", 1));
  const rows = new Map<number, string>();
  for (const m of body.matchAll(/^\| (\d+) \| (.+) \|$/gm)) rows.set(Number(m[1]), m[2]!);
  return rows;
}

describe("README exit codes", () => {
  it("has one row per exit code, and no other", () => {
    expect([...exitRows().keys()].sort((a, b) => a - b)).toEqual(
      Object.values(ExitCode).sort((a: number, b: number) => a - b),
    );
  });

  it.each<[ErrorCode, RegExp]>([
    ["BAD_USAGE", /malformed region or endpoint URL/],
    ["STATE_DIR_UNUSABLE", /state dir is not a writable directory/],
    ["PROBE_UNREACHABLE", /probe cannot connect or authenticate/],
    ["CREDENTIALS", /credentials/],
    ["LOCK_HELD", /lock held/],
    ["SWITCHOVER_REFUSED", /RDS kept refusing the switchover/],
    ["GATE_NOT_MET", /gate or wait did not pass in time/],
    ["SWITCHOVER_WATCH_TIMEOUT", /a switchover bgdb stopped watching/],
    ["SWITCHOVER_FAILED", /SWITCHOVER_FAILED/],
    ["NETWORK", /AWS unreachable/],
    ["WRITES_LOST", /acknowledged writes missing/],
    ["TESTS_FAILED", /tests against green failed/],
    ["INTERRUPTED", /interrupted/],
  ])("%s is described on the row of its exit code", (code, words) => {
    expect(exitRows().get(ERROR_CODES[code])).toMatch(words);
  });

  it("exit 0 covers 'already at target' and a switchover another run started", () => {
    expect(exitRows().get(ExitCode.Ok)).toMatch(/already at target: nothing to do.*another run started/);
  });
});
