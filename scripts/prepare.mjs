#!/usr/bin/env node
/**
 * npm's `prepare`: build when the build tools are installed (a developer's `npm install`, CI's `npm ci`). A
 * production install in a clone (`npm ci --omit=dev`) has no esbuild or TypeScript: it runs the committed dist/.
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(join(root, "package.json"));
const has = (name) => {
  try {
    require.resolve(name);
    return true;
  } catch {
    return false;
  }
};

if (has("esbuild") && has("typescript")) {
  await import("./build.mjs");
} else if (!existsSync(join(root, "dist/bgdb.js"))) {
  console.error(
    "bgdb: dist/ is missing and the build tools are not installed: run `npm ci` (with dev dependencies) once.",
  );
  process.exit(1);
}
