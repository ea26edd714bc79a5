import { expect, it } from "vitest";
import * as bgdb from "../../src/index.js";
import { COMMANDS } from "../cli/helpers.js";

it("the package entry exports every command the CLI has, and the adapters it wires", () => {
  // The CLI's commands, less those that are not core functions (the sandbox, the demo, the CLI's own documents,
  // `audit`, which reads a file: the library has verifyAuditLog for that), and report, whose core part gathers the
  // record's data rather than returning a command's result.
  const notCore = ["sandbox", "demo", "schema", "completion", "audit", "report"];
  for (const name of COMMANDS.filter((c) => !notCore.includes(c))) {
    expect(typeof (bgdb as Record<string, unknown>)[name]).toBe("function");
  }
  expect(typeof bgdb.gatherReport).toBe("function");
  expect(typeof bgdb.renderReport).toBe("function");
  expect(typeof bgdb.createAwsAdapters).toBe("function");
  expect(typeof bgdb.verifyAuditLog).toBe("function");
  expect(typeof bgdb.requestOutcomes).toBe("function");
  expect(new bgdb.UsageError("x").exitCode).toBe(2);
});
