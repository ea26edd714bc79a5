/** The option tables: defaults are core's named constants, values parse as the flags promise, messages name the flag. */
import { describe, expect, it } from "vitest";
import { cleanupTable, requireDataLossAck } from "../../src/cli/commands/cleanup.js";
import { createTable } from "../../src/cli/commands/create.js";
import { deployTable } from "../../src/cli/commands/deploy.js";
import { command as lagCommand } from "../../src/cli/commands/lag.js";
import { switchoverTable } from "../../src/cli/commands/switchover.js";
import { testTable } from "../../src/cli/commands/test.js";
import { verifyTable } from "../../src/cli/commands/verify.js";
import { parameterGroupName } from "../../src/cli/options/kinds.js";
import { parseOptions } from "../../src/cli/options/parse.js";
import { UsageError } from "../../src/core/errors.js";
import { DEFAULTS } from "../../src/core/options.js";

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

describe("defaults are core's named constants", () => {
  it("switchover", () => {
    expect(parseOptions(switchoverTable, { deployment: "orders-to-17" })).toEqual({
      deployment: "orders-to-17",
      timeoutSeconds: DEFAULTS.switchoverTimeoutSeconds,
      maxLag: { seconds: 1, bytes: MiB },
      stableSamples: DEFAULTS.stableSamples,
      waitForLagMs: DEFAULTS.waitForLagMs,
      yes: false,
      allowCnameMismatch: false,
      probe: false,
      verify: false,
      dryRun: false,
    });
  });

  it("verify", () => {
    expect(parseOptions(verifyTable, { deployment: "orders-to-17" })).toEqual({
      deployment: "orders-to-17",
      chunkSize: DEFAULTS.verifyChunkSize,
      rechecks: DEFAULTS.verifyRechecks,
      recheckWaitMs: DEFAULTS.verifyRecheckWaitMs,
    });
    expect(parseOptions(verifyTable, { deployment: "x", tables: "orders, audit.events,orders" }).tables).toEqual([
      "orders",
      "audit.events",
    ]);
    expect(usageMessage(() => parseOptions(verifyTable, { deployment: "x", tables: "orders,,x" }))).toMatch(
      /--tables must be table names separated by commas/,
    );
    expect(usageMessage(() => parseOptions(verifyTable, { deployment: "x", chunkSize: "10" }))).toMatch(/--chunk-size/);
  });

  it("create", () => {
    const o = parseOptions(createTable, { source: "orders-prod", tags: ["team=db", "env=prod"] });
    expect(o).toMatchObject({ source: "orders-prod", wait: true, timeoutMs: DEFAULTS.createTimeoutMs });
    expect(o.tags).toEqual({ team: "db", env: "prod" });
  });

  it("cleanup and lag", () => {
    expect(parseOptions(cleanupTable, { deployment: "bgd-abc123" })).toMatchObject({
      retainMs: DEFAULTS.retainMs,
      deleteOldBlue: false,
      timeoutMs: DEFAULTS.cleanupTimeoutMs,
    });
    expect(parseOptions(lagCommand.table, { deployment: "x" })).toMatchObject({
      periodSeconds: DEFAULTS.lagPeriodSeconds,
      windowMs: DEFAULTS.lagWindowMs,
    });
  });

  it("deploy until switched", () => {
    expect(parseOptions(deployTable, { source: "orders-prod" }).until).toBe("switched");
  });
});

describe("accepted values", () => {
  it("switchover --timeout takes seconds or a duration", () => {
    expect(parseOptions(switchoverTable, { deployment: "x", timeoutSeconds: "600" }).timeoutSeconds).toBe(600);
    expect(parseOptions(switchoverTable, { deployment: "x", timeoutSeconds: "5m" }).timeoutSeconds).toBe(300);
    expect(parseOptions(switchoverTable, { deployment: "x", timeoutSeconds: 3600 }).timeoutSeconds).toBe(3600);
  });
  it("--max-lag replaces only its own kind", () => {
    expect(parseOptions(switchoverTable, { deployment: "x", maxLag: "64MiB" }).maxLag).toEqual({
      seconds: 1,
      bytes: 64 * MiB,
      given: "bytes",
    });
  });
  it("--period accepts high resolution and minute multiples", () => {
    for (const p of ["1", "5", "10", "30", "60", "300"]) {
      expect(parseOptions(lagCommand.table, { deployment: "x", periodSeconds: p }).periodSeconds).toBe(Number(p));
    }
  });
  it("the test command stays a list", () => {
    expect(parseOptions(testTable, { deployment: "x", command: ["psql", "-c", "select 1"] }).command).toEqual([
      "psql",
      "-c",
      "select 1",
    ]);
  });
  it.each([
    "default.postgres17",
    "default.mysql8.0",
    "default.aurora-postgresql16",
    "default.mariadb10.11",
    "orders-pg17",
    "a",
  ])("parameter group %s is RDS-valid", (name) => {
    expect(parameterGroupName.parse(name)).toBe(name);
  });
  it.each(["1abc", "abc-", "a--b", "default.", "default..x", "custom.dots", "x".repeat(256), "with space"])(
    "parameter group %s is refused",
    (name) => {
      expect(parameterGroupName.parse(name)).toBeUndefined();
    },
  );
});

describe("messages name the flag, the allowed values and what was given", () => {
  it("switchover --timeout 10", () => {
    expect(usageMessage(() => parseOptions(switchoverTable, { deployment: "x", timeoutSeconds: "10" }))).toBe(
      '--timeout must be a whole number of seconds from 30 to 3600, or a duration such as 5m (got "10")',
    );
  });
  it("collects every problem", () => {
    const msg = usageMessage(() =>
      parseOptions(switchoverTable, { deployment: "x", timeoutSeconds: "1", stableSamples: "99" }),
    );
    expect(msg).toContain("--timeout");
    expect(msg).toContain("--stable-samples must be a whole number from 1 to 20");
  });
  it("--skip-final-snapshot must be told twice", () => {
    expect(
      usageMessage(() => requireDataLossAck(parseOptions(cleanupTable, { deployment: "x", skipFinalSnapshot: true }))),
    ).toContain("--i-understand-data-loss");
  });
  it("create needs --source", () => {
    expect(usageMessage(() => parseOptions(createTable, {}))).toBe("--source is required");
  });
  it("a config-file value of the wrong type names the flag and where it came from", () => {
    expect(
      usageMessage(() => parseOptions(deployTable, { source: "a", stableSamples: { x: 1 } }, { where: "in f.yaml" })),
    ).toBe("in f.yaml: --stable-samples must be a whole number from 1 to 20 (got [object Object])");
  });
  it.each([
    [{ x: { nested: 1 } }, "map"],
    [{ x: ["a", "b"] }, "list"],
    [{ x: true }, "boolean"],
    [{ x: null }, "null"],
  ])("a tag value that is not text (%j, a %s) is refused", (tags, _what) => {
    expect(usageMessage(() => parseOptions(createTable, { source: "a", tags }))).toContain("--tag must be key=value");
  });
});
