import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { localPaths } from "../../../src/adapters/system/paths.js";

const dir = mkdtempSync(join(tmpdir(), "bgdb-paths-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("localPaths.state", () => {
  writeFileSync(join(dir, "hold"), "");
  symlinkSync(join(dir, "loop-b"), join(dir, "loop-a"));
  symlinkSync(join(dir, "loop-a"), join(dir, "loop-b"));

  it.each([
    ["a file that is there", "hold", "present"],
    ["no such file", "gone", "absent"],
    ["a path through a regular file (ENOTDIR)", "hold/inside", "absent"],
    // Errors that say nothing about whether the file is there must not release a hold.
    ["a symlink loop", "loop-a", { unreadable: "ELOOP" }],
    ["a name too long to look up", "x".repeat(300), { unreadable: "ENAMETOOLONG" }],
  ])("%s", async (_what, path, expected) => {
    expect(await localPaths.state(join(dir, path))).toEqual(expected);
  });
});
