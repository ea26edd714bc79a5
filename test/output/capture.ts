import { Writable } from "node:stream";
import { stripVTControlCharacters } from "node:util";

export type Capture = Writable & { isTTY?: boolean; raw(): string; text(): string; lines(): string[] };

/** A writable that keeps what was written; `text()` without ANSI codes. */
export function capture(isTTY = false): Capture {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      chunks.push(String(chunk));
      cb();
    },
  });
  return Object.assign(stream, {
    isTTY,
    raw: () => chunks.join(""),
    text: () => stripVTControlCharacters(chunks.join("")),
    lines: () =>
      stripVTControlCharacters(chunks.join(""))
        .split("\n")
        .filter((l) => l.length > 0),
  });
}
