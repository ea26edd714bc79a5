/**
 * Generated documents that are committed (docs/config.schema.json, the README's option lists) and the one way to
 * bring them up to date: `npm run docs` runs these tests with BGDB_UPDATE_DOCS=1, which rewrites each file instead
 * of comparing it.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { expect } from "vitest";

export const ROOT = join(import.meta.dirname, "..", "..");

export const updating = process.env.BGDB_UPDATE_DOCS === "1";

export const readCommitted = (path: string): string => readFileSync(join(ROOT, path), "utf8");

/** The committed `path` must be `generated`; while updating, it becomes so. */
export function expectCommitted(path: string, generated: string, what: string): void {
  const file = join(ROOT, path);
  if (updating) {
    writeFileSync(file, generated);
    return;
  }
  expect(readFileSync(file, "utf8"), `${relative(ROOT, file)}: ${what} — run \`npm run docs\` to regenerate it`).toBe(
    generated,
  );
}
