import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { errnoCode } from "../../src/common/errno.js";

describe("errnoCode", () => {
  it("is a system error's code", () => {
    let thrown: unknown;
    try {
      readFileSync("/nonexistent/bgdb/file");
    } catch (e) {
      thrown = e;
    }
    expect(errnoCode(thrown)).toBe("ENOENT");
  });

  it.each([new Error("plain"), "ENOENT", null, undefined, { code: 2 }, 42])("is undefined for %s", (thrown) => {
    expect(errnoCode(thrown)).toBeUndefined();
  });
});
