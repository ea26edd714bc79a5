import { expect, it } from "vitest";
import * as bgdb from "../../src/index.js";

it("the package entry exports every command the CLI has, and the adapters it wires", () => {
  for (const name of [
    "create",
    "upgrade",
    "test",
    "lag",
    "switchover",
    "cleanup",
    "abort",
    "status",
    "list",
    "deploy",
  ]) {
    expect(typeof (bgdb as Record<string, unknown>)[name]).toBe("function");
  }
  expect(typeof bgdb.createAwsAdapters).toBe("function");
  expect(new bgdb.UsageError("x").exitCode).toBe(2);
});
