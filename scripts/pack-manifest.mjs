#!/usr/bin/env node
/**
 * npm's `prepack` / `postpack`: the packed package.json leaves out `prepare`. In a clone, `prepare` builds dist/ and
 * the sandbox after `npm install`; in an installed package there is nothing to build (dist/ ships), and npm would
 * list `prepare` as an install script of a tarball or git install and warn about it.
 *
 *   node scripts/pack-manifest.mjs strip     before packing (keeps the original in package.json.packing)
 *   node scripts/pack-manifest.mjs restore   after packing
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const manifest = join(root, "package.json");
const kept = join(root, "package.json.packing");

if (process.argv[2] === "strip") {
  // A pack that failed half-way left the original aside: put it back before stripping again.
  if (existsSync(kept)) renameSync(kept, manifest);
  const text = readFileSync(manifest, "utf8");
  const pkg = JSON.parse(text);
  writeFileSync(kept, text);
  delete pkg.scripts.prepare;
  writeFileSync(manifest, `${JSON.stringify(pkg, null, 2)}\n`);
} else if (process.argv[2] === "restore") {
  if (existsSync(kept)) renameSync(kept, manifest);
} else {
  console.error("usage: node scripts/pack-manifest.mjs strip|restore");
  process.exit(2);
}
