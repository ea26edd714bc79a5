import { expect, it } from "vitest";
import * as bgdb from "../../src/index.js";
import { COMMANDS } from "../cli/helpers.js";

it("the package entry exports every command the CLI has, and the adapters it wires", () => {
  // The CLI's commands, less the two that are not core functions.
  for (const name of COMMANDS.filter((c) => c !== "sandbox" && c !== "demo")) {
    expect(typeof (bgdb as Record<string, unknown>)[name]).toBe("function");
  }
  expect(typeof bgdb.createAwsAdapters).toBe("function");
  expect(new bgdb.UsageError("x").exitCode).toBe(2);
});
