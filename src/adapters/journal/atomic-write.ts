import { randomBytes } from "node:crypto";
import { link, open, rename, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

export const FILE_MODE = 0o600;
export const DIR_MODE = 0o700;

/** A unique sibling path: same directory, so rename() is atomic (never crosses a filesystem). */
export function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
}

/** Writes `data` to a new file and flushes it to disk before anyone can see it under its final name. */
async function writeDurable(path: string, data: string): Promise<void> {
  const fh = await open(path, "wx", FILE_MODE);
  try {
    await fh.writeFile(data, "utf8");
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** Makes a rename durable. Some platforms (Windows) and filesystems can't open or fsync a directory: best effort. */
export async function fsyncDir(dir: string): Promise<void> {
  try {
    const fh = await open(dir, "r");
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  } catch {
    // Durability of the rename is a bonus; the content itself is already synced.
  }
}

/** Readers see the old file or the new one, never a partial one: temp file, fsync, rename, fsync dir. */
export async function writeFileAtomic(path: string, data: string): Promise<void> {
  const tmp = tempPathFor(path);
  try {
    await writeDurable(tmp, data);
    await rename(tmp, path);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
  await fsyncDir(dirname(path));
}

/**
 * Creates `path` with `data` only if it does not exist; false when it does. The content is complete the moment the
 * name appears (hard link of a synced temp file), so a competing reader never sees an empty lock file. Filesystems
 * without hard links fall back to an exclusive create.
 */
export async function createFileExclusive(path: string, data: string): Promise<boolean> {
  const tmp = tempPathFor(path);
  await writeDurable(tmp, data);
  try {
    await link(tmp, path);
    await fsyncDir(dirname(path));
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "EEXIST") return false;
    if (code !== "EPERM" && code !== "ENOTSUP" && code !== "ENOSYS" && code !== "EXDEV") throw err;
    return createWithFlag(path, data);
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
}

async function createWithFlag(path: string, data: string): Promise<boolean> {
  try {
    await writeDurable(path, data);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw err;
  }
}
