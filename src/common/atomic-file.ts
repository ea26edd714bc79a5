/**
 * Files written so that a reader sees the old content or the new, never half of it: the CLI's journal and locks and
 * the sandbox's state, registry, server and token files. Synchronous, because the sandbox persists its model from
 * synchronous code; the files are small, so the CLI's awaits lose nothing.
 */
import { randomBytes } from "node:crypto";
import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";

export const FILE_MODE = 0o600;
export const DIR_MODE = 0o700;

/** A unique sibling path: same directory, so rename() is atomic (never crosses a filesystem). */
export function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
}

/** Creates `path` (it must not exist) with `data`, flushed to disk before anyone can see it under its final name. */
export function writeDurable(path: string, data: string): void {
  const fd = openSync(path, "wx", FILE_MODE);
  try {
    writeFileSync(fd, data, "utf8");
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Makes a rename durable. Some platforms (Windows) and filesystems can't open or fsync a directory: best effort. */
export function fsyncDir(dir: string): void {
  try {
    const fd = openSync(dir, "r");
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Durability of the rename is a bonus; the content itself is already synced.
  }
}

/** Temp file (mode 0600), fsync, rename, fsync dir; the temp file is removed when any step fails. */
export function writeFileAtomic(path: string, data: string): void {
  const tmp = tempPathFor(path);
  try {
    writeDurable(tmp, data);
    renameSync(tmp, path);
  } catch (err) {
    removeQuietly(tmp);
    throw err;
  }
  fsyncDir(dirname(path));
}

/** Removes a temp file that may never have been created, or was already renamed. */
export function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // nothing to remove
  }
}
