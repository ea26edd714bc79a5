/**
 * How a confirmation was given: `typed` (a person typed on the terminal), `yes` (`--yes` on the command line), or
 * `no-answer` (the input ended or Ctrl-C came before a line was typed).
 */
export type ConfirmHow = "typed" | "yes" | "no-answer";

export interface Confirmation {
  confirmed: boolean;
  how: ConfirmHow;
}

export interface Confirmer {
  /**
   * Asks a person to type `expected` to continue, and says whether they did and how. The CLI's implementation
   * refuses (UsageError, exit 2) when there is no TTY and `--yes` was not given, and confirms at once with `--yes`.
   */
  confirm(request: { prompt: string; expected: string; action: string }): Promise<Confirmation>;
}
