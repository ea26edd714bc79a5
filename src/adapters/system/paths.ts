import { access } from "node:fs/promises";
import { messageOf } from "../../core/errors.js";
import type { Paths } from "../../ports/paths.js";

/** The errors that mean nothing is there; any other (EACCES, EIO, ELOOP…) leaves the question open. */
const ABSENT = new Set(["ENOENT", "ENOTDIR"]);

export const localPaths: Paths = {
  async state(path) {
    try {
      await access(path);
      return "present";
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== undefined && ABSENT.has(code)) return "absent";
      return { unreadable: code ?? messageOf(e) };
    }
  },
};
