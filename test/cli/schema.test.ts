import { describe, expect, it } from "vitest";
import {
  cleanupSchema,
  createSchema,
  deploySchema,
  lagSchema,
  parseInput,
  switchoverSchema,
  testSchema,
} from "../../src/cli/schema.js";
import { UsageError } from "../../src/core/errors.js";

const MiB = 1024 * 1024;

function usageMessage(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return (err as UsageError).message;
  }
  throw new UsageError("expected a UsageError");
}

describe("defaults follow src/core/options.ts", () => {
  it("switchover", () => {
    expect(parseInput(switchoverSchema, { deployment: "orders-to-17" })).toEqual({
      deployment: "orders-to-17",
      timeoutSeconds: 300,
      maxLag: { seconds: 1, bytes: MiB },
      stableSamples: 3,
      waitForLagMs: 15 * 60_000,
      yes: false,
      cname: undefined,
      probe: false,
      probeUrlEnv: undefined,
    });
  });

  it("create", () => {
    const o = parseInput(createSchema, { source: "orders-prod", tag: ["team=db", "env=prod"] });
    expect(o).toMatchObject({ source: "orders-prod", wait: true, timeoutMs: 4 * 3_600_000 });
    expect(o.tags).toEqual({ team: "db", env: "prod" });
  });

  it("cleanup and lag", () => {
    expect(parseInput(cleanupSchema, { deployment: "bgd-abc123" })).toMatchObject({
      retainMs: 86_400_000,
      deleteOldBlue: false,
      timeoutMs: 7_200_000,
    });
    expect(parseInput(lagSchema, { deployment: "x" })).toMatchObject({ periodSeconds: 60, windowMs: 900_000 });
  });

  it("deploy until switched, upgrade only when asked", () => {
    const o = parseInput(deploySchema, { source: "orders-prod" });
    expect(o.until).toBe("switched");
    expect(o.upgrade).toBeUndefined();
    expect(o.test).toBeUndefined();
    const withUpgrade = parseInput(deploySchema, {
      source: "orders-prod",
      engineVersion: "17.2",
      command: ["npm", "test"],
    });
    expect(withUpgrade.upgrade).toMatchObject({ engineVersion: "17.2", allowMajorVersionUpgrade: false });
    expect(withUpgrade.test).toEqual({ command: "npm", args: ["test"], timeoutMs: undefined });
  });
});

describe("accepted values", () => {
  it("switchover --timeout takes seconds or a duration", () => {
    expect(parseInput(switchoverSchema, { deployment: "x", timeout: "600" }).timeoutSeconds).toBe(600);
    expect(parseInput(switchoverSchema, { deployment: "x", timeout: "5m" }).timeoutSeconds).toBe(300);
    expect(parseInput(switchoverSchema, { deployment: "x", timeout: 3600 }).timeoutSeconds).toBe(3600);
  });
  it("--max-lag replaces only its own kind", () => {
    expect(parseInput(switchoverSchema, { deployment: "x", maxLag: "64MiB" }).maxLag).toEqual({
      seconds: 1,
      bytes: 64 * MiB,
      given: "bytes",
    });
  });
  it("--period accepts high resolution and minute multiples", () => {
    for (const p of ["1", "5", "10", "30", "60", "300"]) {
      expect(parseInput(lagSchema, { deployment: "x", period: p }).periodSeconds).toBe(Number(p));
    }
  });
  it("test command splits into program and args", () => {
    expect(parseInput(testSchema, { deployment: "x", command: ["psql", "-c", "select 1"] })).toMatchObject({
      command: "psql",
      args: ["-c", "select 1"],
    });
  });
});

describe("messages name the flag, the allowed values and what was given", () => {
  it("switchover --timeout 10", () => {
    expect(usageMessage(() => parseInput(switchoverSchema, { deployment: "x", timeout: "10" }))).toBe(
      '--timeout must be a whole number of seconds from 30 to 3600 (got "10")',
    );
  });
  it("collects every problem", () => {
    const msg = usageMessage(() =>
      parseInput(switchoverSchema, { deployment: "x", timeout: "1", stableSamples: "99" }),
    );
    expect(msg).toContain("--timeout");
    expect(msg).toContain("--stable-samples must be a whole number from 1 to 20");
  });
  it("--skip-final-snapshot must be told twice", () => {
    expect(usageMessage(() => parseInput(cleanupSchema, { deployment: "x", skipFinalSnapshot: true }))).toContain(
      "--i-understand-data-loss",
    );
    expect(
      parseInput(cleanupSchema, { deployment: "x", skipFinalSnapshot: true, iUnderstandDataLoss: true })
        .skipFinalSnapshot,
    ).toBe(true);
  });
  it("create needs --source", () => {
    expect(usageMessage(() => parseInput(createSchema, {}))).toBe("--source is required");
  });
  it("a config-file value of the wrong type", () => {
    expect(usageMessage(() => parseInput(deploySchema, { source: "a", stableSamples: { x: 1 } }, "in f.yaml"))).toBe(
      "in f.yaml: --stable-samples must be a whole number from 1 to 20 (got [object Object])",
    );
  });
});
