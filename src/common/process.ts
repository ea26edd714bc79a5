import { errnoCode } from "./errno.js";

/**
 * Whether a process still runs on this host: the lock's stale-holder check and the sandbox's live-server check.
 * Signal 0 checks existence only. EPERM means the pid exists but belongs to someone else: still alive. A pid that is
 * not a positive whole number names no single process (0 and negatives address process groups): not alive.
 */
export function isProcessAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return errnoCode(err) !== "ESRCH";
  }
}
