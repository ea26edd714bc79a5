/** Help text shared by the program and its commands: exit codes from one table, examples, the typical upgrade. */
import { ExitCode } from "../core/errors.js";

/** Exit 4 after RDS accepted a switchover (SWITCHOVER_WATCH_TIMEOUT): blue may no longer serve, so no command says it does. */
export const WATCH_TIMEOUT_MEANING =
  "a switchover bgdb stopped watching is RDS's to finish, and the message says which status it last saw";

/** What each exit code means, for every command; a command may say it more precisely for itself. */
export const EXIT_MEANINGS: Record<ExitCode, string> = {
  [ExitCode.Ok]: "done",
  [ExitCode.Internal]: "internal error (a bug in bgdb)",
  [ExitCode.Usage]: "bad usage or input — nothing was changed",
  [ExitCode.Precondition]:
    "precondition not met (preflight, not found, unsupported, credentials or permission, unreachable probe, state dir, lock held)",
  [ExitCode.GateTimeout]: `a gate or wait did not pass in time — before a switchover, blue still serves; ${WATCH_TIMEOUT_MEANING}`,
  [ExitCode.AwsFailure]:
    "AWS reported a failure — blue still serves (or, after a completed switchover, the write probe found acknowledged writes missing — green serves; keep the old blue)",
  [ExitCode.TestsFailed]: "tests against green failed",
  [ExitCode.Interrupted]: "interrupted or declined — state saved, safe to re-run",
};

const ALL_CODES = Object.values(ExitCode);

/** `Exit codes:` block: every code for the program, or a command's own list with its own wording. */
export function exitCodesHelp(codes: readonly (ExitCode | [ExitCode, string])[] = ALL_CODES): string {
  const lines = codes.map((c) => {
    const [code, text] = Array.isArray(c) ? c : [c, EXIT_MEANINGS[c]];
    return `  ${String(code).padEnd(4)} ${text}`;
  });
  return `\nExit codes:\n${lines.join("\n")}\n`;
}

/** `Examples:` block for a command's help. */
export const examplesHelp = (lines: readonly string[]): string =>
  `\nExamples:\n${lines.map((l) => `  $ ${l}`).join("\n")}\n`;

/** The top-level help's example: the whole job, step by step, as the README tells it. */
export const TYPICAL_UPGRADE = [
  "bgdb create --source orders-prod --target-engine-version 17.2 --target-parameter-group orders-pg17",
  "bgdb test orders-prod-to-17 -- npm run test:integration",
  "bgdb switchover orders-prod-to-17 --probe",
  "bgdb cleanup orders-prod-to-17 --delete-old-blue   # after the retention window (24h)",
  "bgdb --sandbox …   # the same against the local sandbox; bgdb demo runs it all",
];
