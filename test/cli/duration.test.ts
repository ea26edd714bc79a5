import { describe, expect, it } from "vitest";
import { parseDuration } from "../../src/cli/duration.js";
import { parseLag, parseSize } from "../../src/cli/lag-threshold.js";
import { formatFlagDuration } from "../../src/core/format.js";

const MiB = 1024 * 1024;

describe("parseDuration", () => {
  it.each([
    ["90s", 90_000],
    ["15m", 900_000],
    ["4h", 14_400_000],
    ["1h30m", 5_400_000],
    ["2d", 172_800_000],
    ["500ms", 500],
    ["1m30s", 90_000],
    ["1d2h3m4s", 93_784_000],
    [" 10M ", 600_000],
    ["0", 0],
  ])("%s → %d ms", (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(["", "10", "abc", "10x", "30m1h", "1h1h", "-5m", "1.5", "h", "5 m"])("rejects %j", (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });

  it("formats back", () => {
    expect(formatFlagDuration(5_400_000)).toBe("90m");
    expect(formatFlagDuration(0)).toBe("0");
    expect(formatFlagDuration(7 * 86_400_000)).toBe("7d");
    for (const ms of [5_400_000, 0, 7 * 86_400_000, 36 * 3_600_000])
      expect(parseDuration(formatFlagDuration(ms))).toBe(ms);
  });
});

describe("parseSize", () => {
  it.each([
    ["64MiB", 64 * MiB],
    ["1GB", 1e9],
    ["500KiB", 512_000],
    ["0B", 0],
    ["2gib", 2 * 1024 ** 3],
  ])("%s → %d bytes", (text, bytes) => {
    expect(parseSize(text)).toBe(bytes);
  });
  it.each(["64", "64XB", "MiB", "-1MB"])("rejects %j", (text) => expect(parseSize(text)).toBeUndefined());
});

describe("parseLag", () => {
  it("a duration replaces only the seconds default", () => {
    expect(parseLag("2s")).toEqual({ seconds: 2, bytes: MiB, given: "seconds" });
    expect(parseLag("500ms")).toEqual({ seconds: 0.5, bytes: MiB, given: "seconds" });
  });
  it("a bare number is seconds", () => {
    expect(parseLag("5")).toEqual({ seconds: 5, bytes: MiB, given: "seconds" });
  });
  it("a size replaces only the bytes default", () => {
    expect(parseLag("64MiB")).toEqual({ seconds: 1, bytes: 64 * MiB, given: "bytes" });
    expect(parseLag("1GB")).toEqual({ seconds: 1, bytes: 1e9, given: "bytes" });
  });
  it.each(["fast", "", "2 parsecs", "-1"])("rejects %j", (text) => expect(parseLag(text)).toBeUndefined());
});
