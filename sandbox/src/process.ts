/** Process helpers shared by the sandbox's control CLI and its PostgreSQL and MariaDB backings. */

import { readFile } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";
import { isProcessAlive } from "../../src/common/process.js";

/** Waits up to `graceMs` for `pid` to exit (after whatever asked it to), then kills it. */
export async function awaitExitOrKill(pid: number, graceMs: number): Promise<void> {
  const deadline = Date.now() + graceMs;
  while (isProcessAlive(pid) && Date.now() < deadline) await sleep(50);
  if (isProcessAlive(pid)) process.kill(pid, "SIGKILL");
}

/**
 * A serve process killed hard (SIGKILL) leaves its database servers running, holding their data dirs. Stops the one
 * whose pid is on the first line of `pidFile`, if it is alive and its command line contains every `mustMatch` string
 * (a recycled pid belongs to someone else): `signal`, then SIGKILL after `graceMs`.
 */
export async function reapOrphan(o: {
  pidFile: string;
  mustMatch: string[];
  signal: NodeJS.Signals;
  graceMs: number;
  log: (msg: string) => void;
}): Promise<void> {
  const pid = Number((await readFile(o.pidFile, "utf8").catch(() => "")).split("\n")[0]);
  if (!isProcessAlive(pid)) return;
  const cmd = await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => o.mustMatch.join(" "));
  if (!o.mustMatch.every((m) => cmd.includes(m))) return;
  o.log(`stopping orphaned server ${pid} (${o.pidFile})`);
  process.kill(pid, o.signal);
  await awaitExitOrKill(pid, o.graceMs);
}
