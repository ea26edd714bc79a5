/** The few questions core asks about local files (the switchover's postpone file). */
export interface Paths {
  /** What is at `path` now. */
  state(path: string): Promise<PathState>;
}

/**
 * Something is there, nothing is (the path or a directory on it does not exist), or the system would not say: the
 * error's code (EACCES, EIO, ELOOP…). A gate held by the file must not open on "would not say".
 */
export type PathState = "present" | "absent" | { unreadable: string };
