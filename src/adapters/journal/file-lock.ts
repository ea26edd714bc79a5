import { randomBytes } from "node:crypto";
import { renameSync } from "node:fs";
import { readFile, unlink } from "node:fs/promises";
import { dirname } from "node:path";
import { fsyncDir, removeQuietly, tempPathFor, writeFileAtomic } from "../../common/atomic-file.js";
import { errnoCode } from "../../common/errno.js";
import { LockHeldError } from "../../core/errors.js";
import type { Lock, LockInfo } from "../../ports/journal.js";
import { createFileExclusive } from "./exclusive-create.js";

/** LockInfo plus a per-acquisition nonce: one process may hold locks for several names, or race itself for one. */
interface LockFileContent extends LockInfo {
  nonce: string;
}

export interface LockContext {
  hostname: string;
  pid: number;
  isAlive: (pid: number) => boolean;
  now: () => Date;
  /**
   * A lock older than this is stale whoever holds it, on any host: for locks held for milliseconds (the audit log's).
   * Deployment locks, held for a whole run, leave it unset.
   */
  staleAfterMs?: number;
}

type Holder = { kind: "valid"; info: LockFileContent; raw: string } | { kind: "corrupt" } | { kind: "gone" };

async function readHolder(path: string): Promise<Holder> {
  let raw: string;
  try {
    raw = await readFile(path, "utf8");
  } catch (err) {
    if (errnoCode(err) === "ENOENT") return { kind: "gone" };
    throw err;
  }
  try {
    const info = JSON.parse(raw) as Partial<LockFileContent>;
    // A pid that names no single process (0, negative, fractional) is as unreadable as bad JSON: never taken over.
    if (Number.isSafeInteger(info.pid) && (info.pid ?? 0) > 0 && typeof info.hostname === "string") {
      return { kind: "valid", info: info as LockFileContent, raw };
    }
  } catch {
    // fall through: unreadable content is reported as corrupt
  }
  return { kind: "corrupt" };
}

export async function acquireFileLock(name: string, path: string, command: string, ctx: LockContext): Promise<Lock> {
  const mine: LockFileContent = {
    pid: ctx.pid,
    hostname: ctx.hostname,
    command,
    startedAt: ctx.now().toISOString(),
    nonce: randomBytes(8).toString("hex"),
  };
  const content = `${JSON.stringify(mine, null, 2)}\n`;
  // Two rounds: the holder may release between our failed create and our read ("gone"), then we simply try again.
  for (let attempt = 0; attempt < 3; attempt++) {
    if (createFileExclusive(path, content)) return lockHandle(path, mine);
    const holder = await readHolder(path);
    if (holder.kind === "gone") continue;
    if (holder.kind === "corrupt") {
      throw new LockHeldError(`${name} is locked, but its lock file ${path} is unreadable.`, {
        hint: `If no other bgdb run is driving ${name}, delete ${path} and retry.`,
        details: { lockPath: path },
      });
    }
    const stale =
      (holder.info.hostname === ctx.hostname && !ctx.isAlive(holder.info.pid)) ||
      (ctx.staleAfterMs !== undefined && ctx.now().getTime() - Date.parse(holder.info.startedAt) > ctx.staleAfterMs);
    if (!stale) throw heldError(name, path, holder.info);
    if (await takeOver(path, holder.raw, content)) return lockHandle(path, mine);
  }
  throw new LockHeldError(`${name} is locked: another run keeps taking the lock file ${path}.`, {
    hint: "Wait for the other run to finish, then retry.",
    details: { lockPath: path },
  });
}

/**
 * Replaces a dead holder's lock. Re-reads just before the rename so a lock that changed hands meanwhile is left
 * alone, then reads back so that when two runs took over at once only the one whose content survived proceeds.
 */
async function takeOver(path: string, staleRaw: string, content: string): Promise<boolean> {
  const tmp = tempPathFor(path);
  writeFileAtomic(tmp, content);
  try {
    const again = await readHolder(path);
    if (again.kind !== "valid" || again.raw !== staleRaw) return false;
    renameSync(tmp, path);
    fsyncDir(dirname(path));
  } finally {
    removeQuietly(tmp);
  }
  const after = await readHolder(path);
  return after.kind === "valid" && after.raw === content;
}

function heldError(name: string, path: string, holder: LockInfo): LockHeldError {
  return new LockHeldError(
    `${name} is locked by pid ${holder.pid} on host ${holder.hostname} running \`${holder.command}\` since ${holder.startedAt}.`,
    {
      hint: `Wait for that run to finish. If you are sure it is gone, delete ${path} and retry.`,
      details: {
        lockPath: path,
        holder: { pid: holder.pid, hostname: holder.hostname, command: holder.command, startedAt: holder.startedAt },
      },
    },
  );
}

function lockHandle(path: string, mine: LockFileContent): Lock {
  return {
    // Only delete what is still ours: after a takeover by someone else, the file is theirs.
    async release() {
      const holder = await readHolder(path);
      if (holder.kind === "valid" && holder.info.pid === mine.pid && holder.info.nonce === mine.nonce) {
        await unlink(path).catch((err: unknown) => {
          if (errnoCode(err) !== "ENOENT") throw err;
        });
      }
    },
  };
}
