import type { Deps } from "../ports/index.js";
import type { GlobalOptions } from "./session.js";

/** Everything the CLI touches outside itself, so tests run it with fake streams and fake ports. */
export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream;
  env: NodeJS.ProcessEnv;
  /** True when both stderr and stdin are terminals: spinners, and a person who can answer a confirmation. */
  isTTY: boolean;
  cwd: string;
  /** Tests replace ports here (a fake rds, a FakeClock…); whatever is returned wins over the real adapters. */
  makeDeps?: (ctx: DepsContext) => Partial<Deps>;
  /** When given, used instead of installing a SIGINT handler (tests abort it themselves). */
  signal?: AbortSignal;
}

export interface DepsContext {
  command: string;
  globals: GlobalOptions;
  io: CliIo;
  /** The command line after `bgdb`, for the audit log. @default [command] */
  argv?: readonly string[];
}

export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    isTTY: Boolean(process.stderr.isTTY && process.stdin.isTTY),
    cwd: process.cwd(),
  };
}

/** The real process, as opposed to a test's fake streams: only then may bgdb inherit stdio or exit on a 2nd Ctrl-C. */
export const isProcessIo = (io: CliIo): boolean => io.stdout === process.stdout && io.stderr === process.stderr;
