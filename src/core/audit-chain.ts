/**
 * The audit log's hash chain: every line carries its position (`seq`, 1 for the file's first line) and the SHA-256
 * of the previous line's exact bytes (`prev`), so editing, inserting, deleting or reordering a line breaks the chain
 * at that point (audit-verify.ts finds where). Pure: the journal reads and writes the file.
 */
import { createHash } from "node:crypto";
import type { AuditEntry } from "../ports/index.js";
import { redactArgv, redactSecrets } from "./redact.js";

/**
 * The `prev` of a file's first line. It has no predecessor, so it names a hash no line can have (64 zeros) rather
 * than the hash of an empty line: a deleted first line can never look like the start of the file.
 */
export const GENESIS = "0".repeat(64);

export const SHA256_HEX = /^[0-9a-f]{64}$/;

export interface ChainLink {
  seq: number;
  prev: string;
}

/** The hash of one line's bytes, without its newline. */
export function lineHash(line: Uint8Array): string {
  return createHash("sha256").update(line).digest("hex");
}

/**
 * An entry as the line written for it (no newline): its link first, then the entry with every secret redacted —
 * the command line with redactArgv (a `--password`'s next argument), everything with redactSecrets.
 */
export function chainedLine(entry: AuditEntry, link: ChainLink): string {
  const commandLine = entry.commandLine && redactArgv(entry.commandLine);
  // Link, time, action and outcome first for a person reading the file; the rest follows in the entry's order.
  const head = { seq: link.seq, prev: link.prev, at: entry.at, action: entry.action, outcome: entry.outcome };
  return JSON.stringify({ ...head, ...redactSecrets({ ...entry, commandLine }) });
}

/** A file's lines (bytes, without their newline); `terminated` is false when the last one has no newline. */
export function splitLines(content: Uint8Array): { lines: Uint8Array[]; terminated: boolean } {
  const lines: Uint8Array[] = [];
  let start = 0;
  for (let i = content.indexOf(0x0a); i !== -1; i = content.indexOf(0x0a, start)) {
    lines.push(content.subarray(start, i));
    start = i + 1;
  }
  if (start < content.length) lines.push(content.subarray(start));
  return { lines, terminated: start === content.length };
}

/** The `seq` a line carries, or undefined for a line without one (older bgdb, or not bgdb's JSON at all). */
export function seqOf(line: Uint8Array): number | undefined {
  try {
    const v: unknown = JSON.parse(new TextDecoder().decode(line));
    if (v && typeof v === "object" && "seq" in v && Number.isSafeInteger(v.seq)) return Number(v.seq);
  } catch {
    // not JSON: no seq
  }
  return undefined;
}

/**
 * The link of the line appended after `last` (the file's last line, undefined when the file is empty). Its number
 * follows the last line's own; a last line without one (written before the chain) needs the file's line count.
 */
export async function nextLink(last: Uint8Array | undefined, lineCount: () => Promise<number>): Promise<ChainLink> {
  if (!last) return { seq: 1, prev: GENESIS };
  const seq = seqOf(last) ?? (await lineCount());
  return { seq: seq + 1, prev: lineHash(last) };
}
