import { describe, expect, it } from "vitest";
import {
  cappedList,
  dayTime,
  formatBytes,
  formatCount,
  formatElapsed,
  formatFlagDuration,
  formatSeconds,
  isoSeconds,
} from "../../src/core/format.js";

describe("formatElapsed", () => {
  it.each([
    [0, "0m00s"],
    [999, "0m00s"],
    [7_000, "0m07s"],
    [724_000, "12m04s"],
    [1_872_000, "31m12s"],
    [3_600_000, "1h00m00s"],
    [7_509_000, "2h05m09s"],
    [90_061_000, "1d01h01m"],
    [-5, "0m00s"],
    [Number.NaN, "0m00s"],
  ])("%d ms → %s", (ms, text) => {
    expect(formatElapsed(ms)).toBe(text);
  });
});

describe("formatFlagDuration: as the flags take it", () => {
  it.each([
    [36 * 3_600_000, "36h"],
    [48 * 3_600_000, "2d"],
    [90 * 60_000, "90m"],
    [45_000, "45s"],
    [1500, "1500ms"],
    [0, "0"],
    [4 * 3_600_000, "4h"],
  ])("%d ms → %s", (ms, text) => {
    expect(formatFlagDuration(ms)).toBe(text);
  });
});

describe("formatBytes", () => {
  it.each([
    [0, "0 B"],
    [512, "512 B"],
    [1023, "1023 B"],
    [1024, "1 KiB"],
    [1536, "1.5 KiB"],
    [1_048_576, "1 MiB"],
    [48 * 1_048_576 + 300_000, "48 MiB"],
    [3.25 * 1024 ** 3, "3.3 GiB"],
    [5000 * 1024 ** 3, "4.9 TiB"],
    [-2048, "-2 KiB"],
  ])("%d → %s", (n, text) => {
    expect(formatBytes(n)).toBe(text);
  });
});

describe("isoSeconds", () => {
  it("is UTC to the second", () => {
    expect(isoSeconds(new Date("2026-11-26T12:00:01.789Z"))).toBe("2026-11-26T12:00:01Z");
  });
});

describe("formatSeconds and dayTime: a probe's gap, a chart's axis", () => {
  it("seconds with the digits asked for", () => {
    expect(formatSeconds(310)).toBe("0.31 s");
    expect(formatSeconds(2500)).toBe("2.50 s");
    expect(formatSeconds(12_000, 0)).toBe("12 s");
    expect(formatSeconds(1500, 1)).toBe("1.5 s");
  });

  it("day and time in UTC", () => {
    expect(dayTime(new Date("2026-11-26T12:04:59Z"))).toBe("11-26 12:04");
  });
});

describe("cappedList and formatCount", () => {
  it.each([
    [[], ""],
    [["a"], "a"],
    [["a", "b", "c", "d", "e"], "a, b, c, d, e"],
    [["a", "b", "c", "d", "e", "f", "g"], "a, b, c, d, e and 2 more"],
    [Array.from({ length: 1205 }, (_, i) => `t${i}`), "t0, t1, t2, t3, t4 and 1,200 more"],
  ])("%j → %s", (items, text) => {
    expect(cappedList(items)).toBe(text);
  });

  it("groups thousands", () => {
    expect([0, 999, 3800, 1_234_567].map(formatCount)).toEqual(["0", "999", "3,800", "1,234,567"]);
  });
});
