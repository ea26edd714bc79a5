export interface Confirmer {
  /**
   * Asks a person to type `expected` to continue. Resolves true when they did. The CLI's implementation refuses
   * (UsageError, exit 2) when there is no TTY and `--yes` was not given, and returns true at once with `--yes`.
   */
  confirm(request: { prompt: string; expected: string; action: string }): Promise<boolean>;
}
