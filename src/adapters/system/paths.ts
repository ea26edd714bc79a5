import { access } from "node:fs/promises";
import type { Paths } from "../../ports/paths.js";

export const localPaths: Paths = {
  async exists(path) {
    try {
      await access(path);
      return true;
    } catch {
      return false;
    }
  },
};
