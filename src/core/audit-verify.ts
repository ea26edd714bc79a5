/**
 * `bgdb audit verify`: walks the hash chain of audit-chain.ts and names the first line that is not what bgdb
 * wrote — edited, inserted, deleted, reordered or cut short — or says the log is intact. Pure: it gets the bytes.
 *
 * Lines written before bgdb chained its log carry no `seq` or `prev`. A run of them at the start of the file is
 * reported as predating the chain (not as tampering: an upgrade must not look like an attack); the first chained
 * line's `prev` still covers the last of them. A line without a hash after a chained one is tampering.
 */
import { GENESIS, lineHash, SHA256_HEX, splitLines } from "./audit-chain.js";

export interface AuditVerdict {
  /** No line is broken (and, with an anchor, the anchored line is in the log). */
  ok: boolean;
  /** Lines in the file, a last one cut short included. */
  lines: number;
  /** Lines at the start of the file written before the chain: their content cannot be verified. */
  unchained: number;
  firstBrokenLine?: number;
  /** What is wrong, for a person: the line, and what its hashes and numbers say happened. */
  reason?: string;
  /** SHA-256 of the last line: anchor it outside the file (CI log, step summary) to detect a rewritten file. */
  lastHash?: string;
  /** With an anchor: the line whose hash it is. */
  anchorLine?: number;
}

type Parsed = { kind: "chained"; seq: number; prev: string } | { kind: "unchained" } | { kind: "bad"; why: string };

const UTF8 = new TextDecoder("utf-8", { fatal: true });

function parse(line: Uint8Array): Parsed {
  if (line.length === 0) return { kind: "bad", why: "is empty" };
  let v: unknown;
  try {
    v = JSON.parse(UTF8.decode(line));
  } catch {
    return { kind: "bad", why: "is not valid JSON" };
  }
  if (!v || typeof v !== "object" || Array.isArray(v)) return { kind: "bad", why: "is not a JSON object" };
  if (!("seq" in v) && !("prev" in v)) return { kind: "unchained" };
  const seq = "seq" in v ? v.seq : undefined;
  const prev = "prev" in v ? v.prev : undefined;
  if (
    typeof seq !== "number" ||
    !Number.isSafeInteger(seq) ||
    seq < 1 ||
    typeof prev !== "string" ||
    !SHA256_HEX.test(prev)
  ) {
    return { kind: "bad", why: "has a malformed seq or prev" };
  }
  return { kind: "chained", seq, prev };
}

type Broken = { line?: number; reason: string };

/** `line 3` or `lines 3–5`, and the verb that goes with it. */
const lines = (from: number, to: number): string => (from === to ? `line ${from} was` : `lines ${from}–${to} were`);

/** Verifies a whole audit log; `anchor` is a line hash recorded elsewhere earlier, which must still be in it. */
export function verifyAuditLog(content: Uint8Array, anchor?: string): AuditVerdict {
  const split = splitLines(content);
  const { terminated } = split;
  const hashes = split.lines.map(lineHash);
  const parsed = split.lines.map(parse);
  const lastHash = hashes.at(-1);
  let unchained = 0;
  const verdict = (broken?: Broken): AuditVerdict => ({
    ok: !broken,
    lines: parsed.length,
    unchained,
    ...(broken ? { firstBrokenLine: broken.line, reason: broken.reason } : {}),
    ...(lastHash ? { lastHash } : {}),
  });
  for (let i = 0; i < parsed.length; i++) {
    const broken = brokenAt(i, { parsed, hashes, unchained, terminated });
    if (broken) return verdict(broken);
    if (parsed[i]?.kind === "unchained") unchained++;
  }
  if (!anchor) return verdict();
  const at = hashes.indexOf(anchor.toLowerCase());
  if (at === -1) {
    return verdict({
      reason: `no line has the anchored hash ${anchor}: the log was rewritten or cut after it was anchored`,
    });
  }
  return { ...verdict(), anchorLine: at + 1 };
}

/** Everything the checks of one line need: the parsed lines, their hashes, and how many predate the chain. */
interface Walk {
  parsed: Parsed[];
  hashes: string[];
  unchained: number;
  terminated: boolean;
}

/** What is wrong with line i+1, given that every line before it is fine; undefined when it is fine too. */
function brokenAt(i: number, w: Walk): Broken | undefined {
  const no = i + 1;
  const p = w.parsed[i];
  if (!p) return undefined;
  if (i === w.parsed.length - 1 && !w.terminated) {
    return {
      line: no,
      reason: `line ${no} ends without a newline: cut short (an interrupted write or a truncated file)`,
    };
  }
  if (p.kind === "bad") return { line: no, reason: `line ${no} ${p.why}: edited or inserted` };
  if (p.kind === "unchained") {
    // Only the start of a file may predate the chain.
    if (w.unchained === i) return undefined;
    return { line: no, reason: `line ${no} has no hash though line ${i} has one: inserted or edited` };
  }
  const follows = p.prev === (i === 0 ? GENESIS : w.hashes[i - 1]);
  if (p.seq > no) return numberedAhead(i, p.seq, follows, w);
  if (p.seq < no) return numberedBehind(i, p.seq, w);
  if (follows) return undefined;
  if (i === 0)
    return { line: 1, reason: "line 1 does not start the chain (its prev is not the genesis value): edited" };
  return {
    line: i,
    reason: `line ${i} was edited: its SHA-256 is not the one line ${no} recorded (or line ${no}'s prev was edited)`,
  };
}

/** Line i+1 carries a later number than its place: lines before it were deleted, it was moved up, or edited. */
function numberedAhead(i: number, seq: number, follows: boolean, w: Walk): Broken {
  const no = i + 1;
  if (follows && w.unchained === i && i > 0) {
    // The first chained line still covers the last line before the chain: an earlier one went.
    const n = seq - no;
    return {
      line: no,
      reason: `${n} line${n === 1 ? " written before the chain was" : "s written before the chain were"} deleted: line ${no} is numbered ${seq}`,
    };
  }
  if (follows) return { line: no, reason: `line ${no} is numbered ${seq} though it follows line ${i}: edited` };
  const home = w.parsed.findIndex((q, k) => k > i && q.kind === "chained" && q.seq === no);
  if (home !== -1) {
    return {
      line: no,
      reason: `lines are out of order: line ${no} is entry ${seq}, and entry ${no} is line ${home + 1}`,
    };
  }
  return { line: no, reason: `${lines(no, seq - 1)} deleted: the line now at ${no} is numbered ${seq}` };
}

/**
 * Line i+1 carries an earlier number than its place, and every line before it checked out: either it is a copy of
 * that line, or the lines from that number on were inserted before it (with numbers and hashes made to fit).
 */
function numberedBehind(i: number, seq: number, w: Walk): Broken {
  const no = i + 1;
  if (w.hashes[seq - 1] === w.hashes[i]) return { line: no, reason: `line ${no} is a copy of line ${seq}: inserted` };
  return { line: seq, reason: `${lines(seq, no - 1)} inserted: line ${no} is numbered ${seq}` };
}
