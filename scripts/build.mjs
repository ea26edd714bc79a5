#!/usr/bin/env node
/**
 * Builds what ships. The CLI is bundled by esbuild into `dist/` (ESM, Node 20): one small entry that knows every
 * command's name, and a chunk per command and per AWS SDK client loaded only when used. Bundling is what makes
 * `bgdb --version` cost about a bare `node`, keeps `bgdb status` within the memory of the RDS client alone, and lets
 * the package install with no dependencies at all — the third-party code it carries (AWS SDK v3, commander, zod,
 * ora, yaml, pg, mysql2) is taken from package-lock.json at build time and its licences are listed in
 * dist/THIRD-PARTY-LICENSES.txt. `dist/` is committed so that `npm ci --omit=dev` in a clone and the GitHub Action
 * run without building; CI rebuilds it and fails when the committed copy differs.
 *
 * Also: the sandbox package (tsc, it is not shipped with the CLI; it compiles in src/common) and the CLI's type
 * declarations (dist/types, not committed).
 *
 *   node scripts/build.mjs            everything
 *   node scripts/build.mjs --cli      only the CLI bundle
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const only = process.argv.includes("--cli") ? "cli" : "all";

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const tsc = join(root, "node_modules/typescript/bin/tsc");

async function bundleCli() {
  const { build } = await import("esbuild");
  const out = join(root, "dist");
  // Only what this build writes: dist/types is tsc's, rebuilt below.
  for (const entry of existsSync(out) ? readdirSync(out) : []) {
    if (entry !== "types") rmSync(join(out, entry), { recursive: true, force: true });
  }
  const result = await build({
    absWorkingDir: root,
    // demo-check is the demo's test command, a program of its own that `bgdb test` runs against green.
    entryPoints: { bgdb: "src/cli/main.ts", index: "src/index.ts", "demo-check": "src/adapters/probe/demo-check.ts" },
    outdir: out,
    entryNames: "[name]",
    chunkNames: "chunks/[name]-[hash]",
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    // The ESM builds (the AWS SDK's dist-es): tree-shaken, and dynamic import() gives their named exports.
    mainFields: ["module", "main"],
    target: "node20",
    // Identifiers are kept so that a stack trace (--verbose) still names bgdb's functions.
    minifyWhitespace: true,
    minifySyntax: true,
    legalComments: "none",
    metafile: true,
    logLevel: "warning",
    // pg's optional native binding, and the sandbox: a separate package bgdb finds at run time.
    external: ["pg-native", "@bgdb/sandbox", "@bgdb/sandbox/*"],
    // CommonJS dependencies bundled into ESM still call require() for Node's built-ins.
    banner: {
      js: 'import { createRequire as __bgdbRequire } from "node:module"; const require = __bgdbRequire(import.meta.url);',
    },
  });
  writeFileSync(join(out, "THIRD-PARTY-LICENSES.txt"), licences(result.metafile));
}

/**
 * Every bundled package with its version and licence, and each distinct licence text once (the AWS SDK's hundred
 * packages share one Apache-2.0 text): what redistributing their code requires.
 */
function licences(metafile) {
  const dirs = new Map();
  for (const input of Object.keys(metafile.inputs)) {
    const at = input.lastIndexOf("node_modules/");
    if (at < 0) continue;
    const rest = input.slice(at + "node_modules/".length).split("/");
    const name = rest[0]?.startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0];
    if (!dirs.has(name)) dirs.set(name, join(root, input.slice(0, at), "node_modules", name));
  }
  const texts = new Map();
  const lines = [];
  for (const [name, dir] of [...dirs].sort(([a], [b]) => a.localeCompare(b))) {
    const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
    const file = readdirSync(dir).find((f) => /^(licen[cs]e|copying)(\.|$)/i.test(f));
    const text = file ? readFileSync(join(dir, file), "utf8").trim() : undefined;
    let ref = "";
    if (text) {
      if (!texts.has(text)) texts.set(text, { n: texts.size + 1, names: [] });
      const entry = texts.get(text);
      entry.names.push(name);
      ref = ` — text [${entry.n}]`;
    }
    lines.push(`${name}@${pkg.version}  ${pkg.license ?? "see package"}${ref}`);
  }
  const bodies = [...texts].map(([text, { n, names }]) => `[${n}] ${names.join(", ")}\n${"-".repeat(72)}\n${text}\n`);
  return `bgdb's bundle (dist/) contains code from these packages, under their licences:\n\n${lines.join("\n")}\n\n${bodies.join("\n")}`;
}

if (only === "all") {
  // Its output mirrors the repository (dist/sandbox/src, dist/src/common: the CLI's code it compiles in too), so
  // a copy laid out otherwise must not linger beside it.
  rmSync(join(root, "sandbox/dist"), { recursive: true, force: true });
  run(process.execPath, [tsc, "-p", "sandbox/tsconfig.build.json"]);
}
await bundleCli();
if (only === "all") run(process.execPath, [tsc, "-p", "tsconfig.build.json", "--emitDeclarationOnly"]);
console.log(`built ${relative(process.cwd(), join(root, "dist"))}/`);
