/**
 * The audit log on disk: `audit.log`, one chained JSON line per entry (core/audit-chain.ts).
 *
 * Each line carries the hash of the line before it, so reading the last line and appending after it must be one
 * step across every process writing the file: two CI jobs on one runner, or `deploy`'s steps. An exclusive lock
 * file next to the log (`audit.log.lock`, the journal's lock files: created complete by a hard link, taken over
 * from a dead pid on this host) serialises that step. O_APPEND alone keeps lines whole but not the chain: two
 * writers that read the same last line would both name it as `prev`, and an append-only log cannot take the second
 * line back. A lock is held for one read and one write, so a lock older than STALE_AFTER_MS is a crashed writer's
 * even on another host sharing the directory, and is taken over too.
 */

import { type FileHandle, open, readFile } from "node:fs/promises";
import { dirname } from "node:path";
import { FILE_MODE, fsyncDir } from "../../common/atomic-file.js";
import { errnoCode } from "../../common/errno.js";
import { chainedLine, nextLink, splitLines } from "../../core/audit-chain.js";
import { LockHeldError, PreconditionError } from "../../core/errors.js";
import type { AuditEntry } from "../../ports/journal.js";
import { acquireFileLock, type LockContext } from "./file-lock.js";

/** Far longer than any append (one small read, one write, one fsync) takes, even on a slow shared disk. */
const STALE_AFTER_MS = 30_000;
/** How long an append waits for the other writers before giving up (the caller warns; the AWS call stands). */
const WAIT_FOR_LOCK_MS = 20_000;
/** Bytes read from the end at a time while looking for the start of the last line. */
const TAIL_CHUNK = 64 * 1024;

/** The file's last line (bytes, without its newline) and whether the file ends with a newline. */
async function readTail(fh: FileHandle): Promise<{ last?: Uint8Array; terminated: boolean }> {
  const { size } = await fh.stat();
  if (size === 0) return { terminated: true };
  const end = Buffer.alloc(1);
  await fh.read(end, 0, 1, size - 1);
  const terminated = end[0] === 0x0a;
  const chunks: Buffer[] = [];
  for (let pos = terminated ? size - 1 : size; pos > 0; ) {
    const start = Math.max(0, pos - TAIL_CHUNK);
    const chunk = Buffer.alloc(pos - start);
    await fh.read(chunk, 0, chunk.length, start);
    const nl = chunk.lastIndexOf(0x0a);
    chunks.unshift(nl === -1 ? chunk : chunk.subarray(nl + 1));
    if (nl !== -1) break;
    pos = start;
  }
  return { last: Buffer.concat(chunks), terminated };
}

async function lineCount(path: string): Promise<number> {
  return splitLines(await readFile(path)).lines.length;
}

/** Waits for the audit lock: other writers hold it for milliseconds. */
async function lockAuditLog(path: string, ctx: LockContext): Promise<{ release(): Promise<void> }> {
  // The wall clock, not an injected one: staleness compares times written by different processes.
  const lockCtx = { ...ctx, now: () => new Date(), staleAfterMs: STALE_AFTER_MS };
  const deadline = Date.now() + WAIT_FOR_LOCK_MS;
  for (;;) {
    try {
      return await acquireFileLock("audit.log", `${path}.lock`, "append to audit.log", lockCtx);
    } catch (err) {
      if (!(err instanceof LockHeldError) || Date.now() > deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20));
    }
  }
}

/**
 * Appends one entry as a chained line, durably (fsync before the lock is released). A last line left without its
 * newline by a writer that crashed mid-write is ended first, so the new line stays whole; verify then names the
 * cut line instead of every line after it.
 */
export async function appendChained(path: string, entry: AuditEntry, ctx: LockContext): Promise<void> {
  const lock = await lockAuditLog(path, ctx);
  try {
    let created = false;
    const fh = await open(path, "a+", FILE_MODE);
    try {
      const tail = await readTail(fh);
      created = tail.last === undefined;
      const link = await nextLink(tail.last, () => lineCount(path));
      await fh.write(`${tail.terminated ? "" : "\n"}${chainedLine(entry, link)}\n`);
      await fh.datasync();
    } finally {
      await fh.close();
    }
    if (created) fsyncDir(dirname(path));
  } finally {
    await lock.release();
  }
}

/** The whole log for `bgdb audit verify`: exit 3 when there is none or it cannot be read. */
export async function readAuditLog(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (err) {
    const code = errnoCode(err);
    if (code === "ENOENT") {
      throw new PreconditionError("AUDIT_LOG_MISSING", `There is no audit log at ${path}.`, {
        hint: "It lives in the state directory the runs used: point --state-dir (or BGDB_STATE_DIR) at that one.",
        details: { path },
      });
    }
    throw new PreconditionError("AUDIT_LOG_UNREADABLE", `The audit log ${path} cannot be read (${code ?? err}).`, {
      hint: "Check the file's permissions, or run as the user that wrote it.",
      cause: err,
      details: { path },
    });
  }
}
