/** Help text shared by the program and its commands. */

export const EXIT_CODES_HELP = `
Exit codes:
  0    done
  1    internal error (a bug in bgdb)
  2    bad usage or input — nothing was changed
  3    precondition not met (preflight, not found, unsupported, credentials or permission, lock held)
  4    a gate or wait did not pass in time — blue still serves
  5    AWS reported a failure — blue still serves (or, after a completed switchover, the write probe
       found acknowledged writes missing — green serves; keep the old blue)
  6    tests against green failed
  130  interrupted or declined — state saved, safe to re-run`;

/** `Examples:` block for a command's help. */
export const examples = (...lines: string[]): string => `\nExamples:\n${lines.map((l) => `  $ ${l}`).join("\n")}\n`;

export const DURATION_NOTE = "durations: 90s, 15m, 4h, 1h30m, 2d";
