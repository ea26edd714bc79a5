import { describe, expect, it } from "vitest";
import { lagChartOf, longestGap, probeChartOf } from "../../src/output/report/chart-data.js";
import { settingsRows } from "../../src/output/report/settings-rows.js";
import { escapeXml, niceStep, scale, ticks } from "../../src/output/report/svg.js";
import { reportData } from "./report-fixture.js";

describe("chart data from the evidence", () => {
  it("the lag series with the gate's limit and the switchover's span", () => {
    const c = lagChartOf(reportData().record.evidence);
    expect(c).toMatchObject({ unit: "Bytes", limit: 1024 * 1024 });
    expect(c?.points.map((p) => p.value)).toEqual([600_000, 400_000, 90_000, 2048]);
    expect(c?.switchover).toEqual({
      from: Date.parse("2026-11-26T12:30:00Z"),
      to: Date.parse("2026-11-26T12:30:15Z"),
    });
    expect(lagChartOf({})).toBeUndefined();
  });

  it("the probe's writes as offsets, the switchover relative to the probe's start, and the longest gap", () => {
    const c = probeChartOf(reportData().record.evidence);
    expect(c?.acknowledged).toEqual([100, 400, 2900, 3000]);
    expect(c?.failed).toEqual([1200, 2000]);
    expect(c?.gap).toEqual({ from: 400, to: 2900 });
    expect(c?.switchover).toEqual({ from: 100, to: 15_100 });
    expect(longestGap([5])).toBeUndefined();
    expect(longestGap([0, 10, 30, 35])).toEqual({ from: 10, to: 30 });
  });
});

describe("svg helpers", () => {
  it("round steps and the ticks on them", () => {
    expect(niceStep(100, 5)).toBe(20);
    expect(niceStep(7, 5)).toBe(2);
    expect(niceStep(0.9, 6)).toBe(0.2);
    expect(ticks(0, 100, 20)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(ticks(-0.5, 1, 0.5)).toEqual([-0.5, 0, 0.5, 1]);
  });

  it("scales, with a zero-width domain in the middle", () => {
    expect(scale(0, 10, 100, 200)(5)).toBe(150);
    expect(scale(3, 3, 100, 200)(3)).toBe(150);
  });

  it("escapes markup", () => {
    expect(escapeXml(`<a href="x">'&'</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  });
});

describe("settings rows", () => {
  it("one row per option of each step, nested keys dotted, durations and sizes as the flags write them", () => {
    expect(
      settingsRows({
        create: { retainMs: 86_400_000, tags: { team: "db" }, args: ["a", "b"] },
        switchover: { maxLag: { seconds: 1, bytes: 65536 } },
        oldBlueArn: "arn:…",
      }),
    ).toEqual([
      ["create", "retainMs", "1d"],
      ["create", "tags.team", "db"],
      ["create", "args", "a b"],
      ["switchover", "maxLag.seconds", "1"],
      ["switchover", "maxLag.bytes", "64 KiB"],
    ]);
  });
});
