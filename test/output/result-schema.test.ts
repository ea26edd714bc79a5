import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { resultSchema } from "../../src/output/result-schema.js";
import { expectValidResult } from "../support/result-schema.js";

const FILE = join(import.meta.dirname, "../../docs/result.schema.json");
const generated = `${JSON.stringify(resultSchema(), null, 2)}\n`;

describe("docs/result.schema.json", () => {
  it("is what the code generates (regenerate: BGDB_UPDATE_DOCS=1 npx vitest run test/output/result-schema.test.ts)", () => {
    if (process.env.BGDB_UPDATE_DOCS === "1") writeFileSync(FILE, generated);
    expect(readFileSync(FILE, "utf8")).toBe(generated);
  });

  it("rejects a document that breaks the contract", () => {
    expect(() => expectValidResult({ ok: true, command: "create" })).toThrow();
    expect(() =>
      expectValidResult({
        schemaVersion: 1,
        ok: false,
        command: "create",
        error: { code: "NO_SUCH_CODE", message: "x", hint: null, exitCode: 3, requestId: null, details: {} },
        nextSteps: [],
      }),
    ).toThrow();
  });
});
