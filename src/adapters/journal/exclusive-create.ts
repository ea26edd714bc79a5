import { linkSync } from "node:fs";
import { dirname } from "node:path";
import { fsyncDir, removeQuietly, tempPathFor, writeDurable } from "../../common/atomic-file.js";
import { errnoCode } from "../../common/errno.js";

/**
 * Creates `path` with `data` only if it does not exist; false when it does. The content is complete the moment the
 * name appears (hard link of a synced temp file), so a competing reader never sees an empty lock file. Filesystems
 * without hard links fall back to an exclusive create.
 */
export function createFileExclusive(path: string, data: string): boolean {
  const tmp = tempPathFor(path);
  writeDurable(tmp, data);
  try {
    linkSync(tmp, path);
    fsyncDir(dirname(path));
    return true;
  } catch (err) {
    const code = errnoCode(err);
    if (code === "EEXIST") return false;
    if (code !== "EPERM" && code !== "ENOTSUP" && code !== "ENOSYS" && code !== "EXDEV") throw err;
    return createWithFlag(path, data);
  } finally {
    removeQuietly(tmp);
  }
}

function createWithFlag(path: string, data: string): boolean {
  try {
    writeDurable(path, data);
    return true;
  } catch (err) {
    if (errnoCode(err) === "EEXIST") return false;
    throw err;
  }
}
