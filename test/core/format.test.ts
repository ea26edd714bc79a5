import { describe, expect, it } from "vitest";
import { retainFlag } from "../../src/core/cleanup.js";
import { shellJoin } from "../../src/core/shell.js";

describe("commands bgdb prints can be pasted back", () => {
  it.each([
    [["npm", "run", "test:integration"], "npm run test:integration"],
    [["sh", "-c", "echo out; exit 3"], "sh -c 'echo out; exit 3'"],
    [["echo", "it's"], "echo 'it'\\''s'"],
    [["printf", ""], "printf ''"],
  ])("%j → %s", (args, shown) => {
    expect(shellJoin(args)).toBe(shown);
  });

  it.each([
    [36 * 3_600_000, "36h"],
    [48 * 3_600_000, "2d"],
    [90 * 60_000, "90m"],
    [45_000, "45s"],
  ])("--retain %d ms → %s", (ms, flag) => {
    expect(retainFlag(ms)).toBe(flag);
  });
});
