/**
 * Typed progress events. Core emits them; src/output renders them (spinner on a TTY, timestamped lines otherwise,
 * nothing on stdout: stdout carries only the command's result).
 */
export type BgdbEvent =
  /** A finished step: one line that stays. `status` picks the mark (✔ ok, ⚠ warn, ✖ fail, · info). */
  | { kind: "step"; phase: string; status: "ok" | "warn" | "fail" | "info"; message: string; detail?: string[] }
  /**
   * Something is being waited on. Emitted on every poll; renderers show the latest (spinner text) and print plain
   * lines only when `status`/`detail` change or a heartbeat interval has passed.
   */
  | { kind: "progress"; phase: string; label: string; status: string; detail?: string; elapsedMs: number }
  /** The current wait is over (success or not); a `step` usually follows. */
  | { kind: "progress-end"; phase: string }
  /** Free text for the operator (e.g. what will happen before a confirmation). */
  | { kind: "note"; phase: string; message: string; level?: "info" | "warn" };

export interface Reporter {
  emit(event: BgdbEvent): void;
}
