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

  it("ties ok to a dry run's blocking reason, and knows every plan step's shape", () => {
    const doc = {
      schemaVersion: 1,
      ok: true,
      command: "abort",
      phase: "green-ready",
      deployment: null,
      members: [],
      durations: {},
      nextSteps: [],
      summary: [],
      report: [],
      data: {},
      plan: [{ kind: "call", action: "DeleteBlueGreenDeployment", params: { id: "bgd-1", deleteTarget: true } }],
      blocked: null,
    };
    expectValidResult(doc);
    const blocked = { code: "ALREADY_SWITCHED", message: "m", hint: null, exitCode: 3 };
    expect(() => expectValidResult({ ...doc, blocked })).toThrow();
    expectValidResult({ ...doc, ok: false, blocked });
    expect(() => expectValidResult({ ...doc, ok: false })).toThrow();
    expect(() =>
      expectValidResult({ ...doc, plan: [{ kind: "call", action: "RebootDBInstance", params: {} }] }),
    ).toThrow();
    expect(() => expectValidResult({ ...doc, plan: [{ kind: "wait", for: "AVAILABLE", subject: "x" }] })).toThrow();
  });
});
