/** state.json: the whole model, written atomically (temp file, fsync, rename) so a crash never leaves half a file. */

import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "../../src/common/atomic-file.js";
import { errnoCode } from "../../src/common/errno.js";
import { emptyState, type SandboxState } from "./model/state.js";

export const DEFAULT_SANDBOX_DIR = ".bgdb/sandbox";
export const stateFile = (dir: string) => join(dir, "state.json");

export function loadState(dir: string): SandboxState {
  try {
    const parsed = JSON.parse(readFileSync(stateFile(dir), "utf8")) as SandboxState;
    return { ...emptyState(), ...parsed };
  } catch (e) {
    if (errnoCode(e) === "ENOENT") return emptyState();
    throw e;
  }
}

export function saveState(dir: string, state: SandboxState): void {
  mkdirSync(dir, { recursive: true });
  writeFileAtomic(stateFile(dir), JSON.stringify(state, null, 1));
}
