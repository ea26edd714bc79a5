/** Process helpers shared by the sandbox's control CLI and its PostgreSQL backing. */

/** True while `pid` exists (EPERM means it exists but belongs to someone else). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Waits up to `graceMs` for `pid` to exit (after whatever asked it to), then kills it. */
export async function awaitExitOrKill(pid: number, graceMs: number): Promise<void> {
  const deadline = Date.now() + graceMs;
  while (pidAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  if (pidAlive(pid)) process.kill(pid, "SIGKILL");
}
