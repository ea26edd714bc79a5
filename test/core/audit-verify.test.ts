/**
 * The audit log's hash chain, verified from bytes: an untouched log is intact, and each way of tampering with it is
 * named at the first line that is not what bgdb wrote.
 */
import { describe, expect, it } from "vitest";
import { chainedLine, GENESIS, lineHash, nextLink, splitLines } from "../../src/core/audit-chain.js";
import { verifyAuditLog } from "../../src/core/audit-verify.js";
import type { AuditEntry } from "../../src/ports/index.js";

const entry = (n: number): AuditEntry => ({
  at: `2026-11-26T12:00:0${n % 10}.000Z`,
  action: `Action${n}`,
  deployment: "orders-to-17",
  params: { id: "bgd-4tq2x8m1c9kd", n },
  outcome: "ok",
});

/** Lines as the journal writes them, after `before` (lines already in the file, e.g. unchained ones). */
async function chain(count: number, before: string[] = []): Promise<string[]> {
  const lines = [...before];
  for (let n = 1; n <= count; n++) {
    const last = lines.at(-1);
    const link = await nextLink(last === undefined ? undefined : Buffer.from(last), async () => lines.length);
    lines.push(chainedLine(entry(n), link));
  }
  return lines;
}

const file = (lines: string[]): Buffer => Buffer.from(lines.map((l) => `${l}\n`).join(""));
const verify = (lines: string[], anchor?: string) => verifyAuditLog(file(lines), anchor);
/** An old bgdb's line: the same JSON, no seq and no prev. */
const unchained = (n: number): string => JSON.stringify(entry(n));
const edited = (line: string): string => line.replace(/"Action(\d+)"/, '"Action$1-edited"');

describe("an untouched log", () => {
  it("is intact, with its line count and the last line's hash", async () => {
    const lines = await chain(6);
    expect(verify(lines)).toEqual({
      ok: true,
      lines: 6,
      unchained: 0,
      lastHash: lineHash(Buffer.from(lines[5] ?? "")),
    });
  });

  it("the first line names the genesis value and every line its position", async () => {
    const lines = (await chain(3)).map((l) => JSON.parse(l));
    expect(lines.map((l) => l.seq)).toEqual([1, 2, 3]);
    expect(lines[0].prev).toBe(GENESIS);
  });

  it("an empty file is intact with 0 lines", () => {
    expect(verifyAuditLog(Buffer.alloc(0))).toEqual({ ok: true, lines: 0, unchained: 0 });
  });
});

describe("the first broken line", () => {
  type Case = [string, (l: string[]) => string[], number, RegExp];
  const cases: Case[] = [
    ["a line edited", (l) => l.map((x, i) => (i === 2 ? edited(x) : x)), 3, /line 3 was edited/],
    ["the first line edited", (l) => l.map((x, i) => (i === 0 ? edited(x) : x)), 1, /line 1 was edited/],
    ["a line deleted", (l) => l.filter((_, i) => i !== 2), 3, /line 3 was deleted: the line now at 3 is numbered 4/],
    ["two lines deleted", (l) => l.filter((_, i) => i !== 2 && i !== 3), 3, /lines 3–4 were deleted/],
    ["the first line deleted", (l) => l.slice(1), 1, /line 1 was deleted/],
    [
      "a copy of an earlier line inserted",
      (l) => [...l.slice(0, 3), l[1] ?? "", ...l.slice(3)],
      4,
      /line 4 is a copy of line 2/,
    ],
    ["a line without a hash inserted", (l) => [...l.slice(0, 3), unchained(9), ...l.slice(3)], 4, /line 4 has no hash/],
    ["an empty line inserted", (l) => [...l.slice(0, 3), "", ...l.slice(3)], 4, /line 4 is empty/],
    [
      "a line that is not JSON inserted",
      (l) => [...l.slice(0, 3), "{oops", ...l.slice(3)],
      4,
      /line 4 is not valid JSON/,
    ],
    [
      "two lines swapped",
      (l) => [l[0], l[1], l[3], l[2], l[4], l[5]].map(String),
      3,
      /out of order: line 3 is entry 4, and entry 3 is line 4/,
    ],
    ["a line moved to the end", (l) => [l[0], l[2], l[3], l[4], l[5], l[1]].map(String), 2, /out of order/],
    [
      "a line's number edited",
      (l) => l.map((x, i) => (i === 2 ? x.replace('"seq":3', '"seq":7') : x)),
      3,
      /numbered 7 though it follows line 2: edited/,
    ],
    [
      "a line's prev made malformed",
      (l) => l.map((x, i) => (i === 3 ? x.replace(/"prev":"[0-9a-f]/, '"prev":"x') : x)),
      4,
      /malformed seq or prev/,
    ],
    [
      // A hash alone cannot say which of the two changed: the reason names both.
      "a line's prev replaced by another hash",
      (l) => l.map((x, i) => (i === 3 ? x.replace(/"prev":"[0-9a-f]{64}"/, `"prev":"${"ab".repeat(32)}"`) : x)),
      3,
      /line 3 was edited: .*\(or line 4's prev was edited\)/,
    ],
  ];
  it.each(cases)("%s", async (_what, tamper, line, reason) => {
    const v = verify(tamper(await chain(6)));
    expect(v).toMatchObject({ ok: false, firstBrokenLine: line });
    expect(v.reason).toMatch(reason);
  });

  it("a line inserted with a number and hash made to fit its place: named where the insertion starts", async () => {
    const lines = await chain(6);
    const forged = chainedLine(entry(99), { seq: 4, prev: lineHash(Buffer.from(lines[2] ?? "")) });
    const v = verify([...lines.slice(0, 3), forged, ...lines.slice(3)]);
    expect(v).toMatchObject({ ok: false, firstBrokenLine: 4 });
    expect(v.reason).toMatch(/line 4 was inserted: line 5 is numbered 4/);
  });

  it("a truncated last line: cut short", async () => {
    const lines = await chain(4);
    const cut = Buffer.from(file(lines).toString("utf8").slice(0, -20));
    const v = verifyAuditLog(cut);
    expect(v).toMatchObject({ ok: false, lines: 4, firstBrokenLine: 4 });
    expect(v.reason).toMatch(/line 4 ends without a newline: cut short/);
  });

  it("a complete last line without its newline is still reported as cut", async () => {
    const lines = await chain(3);
    expect(verifyAuditLog(Buffer.from(lines.join("\n")))).toMatchObject({ ok: false, firstBrokenLine: 3 });
  });

  it("names the first of two broken lines", async () => {
    const lines = await chain(6);
    const v = verify(lines.map((x, i) => (i === 1 || i === 4 ? edited(x) : x)));
    expect(v.firstBrokenLine).toBe(2);
  });

  it("a line that is not valid UTF-8 is broken, not decoded into something that might match", async () => {
    const lines = await chain(3);
    const bytes = Buffer.concat([file(lines.slice(0, 1)), Buffer.from([0xff, 0xfe, 0x0a]), file(lines.slice(1))]);
    expect(verifyAuditLog(bytes)).toMatchObject({ ok: false, firstBrokenLine: 2 });
  });
});

describe("lines written before the chain", () => {
  const old = [unchained(1), unchained(2), unchained(3)];

  it("a log that starts with them is intact, and says how many it could not verify", async () => {
    const lines = await chain(3, old);
    expect(JSON.parse(lines[3] ?? "").seq).toBe(4);
    expect(verify(lines)).toMatchObject({ ok: true, lines: 6, unchained: 3 });
  });

  it("a log made only of them is intact with nothing verified", () => {
    expect(verify(old)).toMatchObject({ ok: true, lines: 3, unchained: 3 });
  });

  it("the last of them is covered by the first chained line", async () => {
    const lines = await chain(3, old);
    expect(verify(lines.map((x, i) => (i === 2 ? edited(x) : x)))).toMatchObject({ ok: false, firstBrokenLine: 3 });
  });

  it("an earlier one edited goes unnoticed: the chain cannot vouch for them", async () => {
    const lines = await chain(3, old);
    expect(verify(lines.map((x, i) => (i === 0 ? edited(x) : x)))).toMatchObject({ ok: true, unchained: 3 });
  });

  it("one of them deleted: the first chained line's number says so", async () => {
    const v = verify((await chain(3, old)).filter((_, i) => i !== 1));
    expect(v).toMatchObject({ ok: false, firstBrokenLine: 3 });
    expect(v.reason).toMatch(/1 line written before the chain was deleted/);
  });
});

describe("what only an anchor catches", () => {
  it("the last line edited or deleted, or the whole file rewritten: intact on its own, broken against the anchor", async () => {
    const lines = await chain(5);
    const anchor = lineHash(Buffer.from(lines[4] ?? ""));
    expect(verify(lines, anchor)).toMatchObject({ ok: true, anchorLine: 5 });
    const rewritten = (await chain(5)).map((x, i) => (i === 4 ? edited(x) : x));
    const tampered = [lines.slice(0, 4), [...lines.slice(0, 4), rewritten[4] ?? ""]];
    for (const t of tampered) {
      expect(verify(t).ok).toBe(true);
      const v = verify(t, anchor);
      expect(v).toMatchObject({ ok: false });
      expect(v.firstBrokenLine).toBeUndefined();
      expect(v.reason).toMatch(/no line has the anchored hash/);
    }
  });

  it("an anchor from earlier still matches after more lines were appended", async () => {
    const lines = await chain(5);
    const anchor = lineHash(Buffer.from(lines[2] ?? "")).toUpperCase();
    expect(verify(lines, anchor)).toMatchObject({ ok: true, anchorLine: 3 });
  });
});

describe("splitLines", () => {
  it.each([
    ["", [], true],
    ["a\n", ["a"], true],
    ["a\nb", ["a", "b"], false],
    ["a\n\nb\n", ["a", "", "b"], true],
  ])("%j", (text, expected, terminated) => {
    const split = splitLines(Buffer.from(text));
    expect(split.lines.map((l) => Buffer.from(l).toString())).toEqual(expected);
    expect(split.terminated).toBe(terminated);
  });
});
