/**
 * A command as data: its option table, examples and exit codes (help, the README and shell completion read them)
 * and its action. Each lives in src/cli/commands/<name>.ts and is loaded only when that command runs.
 */
import type { ExitCode } from "../core/errors.js";
import type { OptionTable, OptionValues } from "./options/parse.js";
import type { Session } from "./session.js";

export interface CommandSpec<T extends OptionTable = OptionTable> {
  readonly name: string;
  /** Shown after `bgdb <name>` in the usage line, when commander's own would mislead. */
  readonly usage?: string;
  readonly table: T;
  /** Command lines shown under "Examples:" (two or more). */
  readonly examples: readonly string[];
  /** The exit codes this command can return, each with the command's own meaning where it differs. */
  readonly exits: readonly (ExitCode | [ExitCode, string])[];
  /** Takes `--config FILE` (options from YAML or JSON; flags override it). */
  readonly configFile?: boolean;
  /** Passes unknown options through to `action` (the sandbox's own program). */
  readonly passThrough?: boolean;
  /** Runs the command with validated values; sets `session.exitCode`. */
  action(session: Session, values: OptionValues<T>, raw: Record<string, unknown>): Promise<void>;
}

/** Keeps a spec's table type for its action while the registry holds specs of every table. */
export function defineCommand<T extends OptionTable>(spec: CommandSpec<T>): CommandSpec<T> {
  return spec;
}
