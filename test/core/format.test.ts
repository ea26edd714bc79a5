import { describe, expect, it } from "vitest";
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
});
