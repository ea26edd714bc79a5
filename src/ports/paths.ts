/** The few questions core asks about local files (the switchover's postpone file). */
export interface Paths {
  /** Whether something exists at `path` now. */
  exists(path: string): Promise<boolean>;
}
