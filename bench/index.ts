/**
 * `npm run bench`: the switchover a client lives through, on real PostgreSQL (16 → 17, logical replication) and on
 * real MariaDB (GTID replication), side by side in the same run, under a steady write load through the production
 * endpoint. Prints the longest gap between acknowledged writes, the time writes were blocked, the catch-up time, and
 * lost writes, as the median of several runs per engine (BENCH_RUNS, default 5), the engines' runs interleaved.
 * Figures, not pass/fail: a busy machine moves them.
 */
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { DataPlane, freePort, MariaDbPlane, type MariaDbServerSpec, type PgServerSpec } from "@bgdb/sandbox";
import { createMysqlWriteProbe } from "../src/adapters/probe/mysql-write-probe.js";
import { createPgWriteProbe } from "../src/adapters/probe/pg-write-probe.js";
import { systemClock } from "../src/adapters/system/clock.js";
import { InternalError } from "../src/core/errors.js";

interface Run {
  gapMs: number;
  blockedMs: number;
  catchUpMs: number;
  acknowledged: number;
  missing: number;
}

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const WRITE_INTERVAL_MS = Number(process.env.BENCH_WRITE_INTERVAL_MS ?? 20);

async function pgOnce(i: number): Promise<Run> {
  const root = mkdtempSync(join(tmpdir(), "bgdb-bench-"));
  // Running as root, the servers run as the `postgres` user, which must be able to reach its data directory.
  chmodSync(root, 0o755);
  const plane = new DataPlane({ rootDir: root });
  const password = randomBytes(12).toString("hex");
  const spec = async (id: string, major: 16 | 17): Promise<PgServerSpec> => ({
    id,
    major,
    dataDir: join(root, id),
    port: await freePort(),
    masterUser: "bench",
    masterPassword: password,
    dbName: "app",
  });
  try {
    const blue = await spec("blue", 16);
    const green = await spec("green", 17);
    await plane.createServer(blue);
    const ports = {
      blueEndpointPort: await freePort(),
      greenEndpointPort: await freePort(),
      oldBlueEndpointPort: await freePort(),
    };
    await plane.openEndpoint(ports.blueEndpointPort, "blue");
    const probe = createPgWriteProbe({
      connectionString: `postgres://bench:${password}@127.0.0.1:${ports.blueEndpointPort}/app`,
      clock: systemClock,
      intervalMs: WRITE_INTERVAL_MS,
    });
    await probe.ensureTable(); // before green exists: logical replication does not carry DDL
    await plane.createGreen("blue", green);
    await plane.openEndpoint(ports.greenEndpointPort, "green");
    await probe.start();
    await systemClock.sleep(1000);
    const result = await plane.switchover("blue", "green", { ...ports, timeoutMs: 30_000 });
    await systemClock.sleep(1000);
    const report = await probe.stop();
    if (!result.ok) throw new InternalError(`bench run ${i}: the switchover was refused: ${result.reason}`);
    return {
      gapMs: report.longestGapMs,
      blockedMs: result.writeBlockedMs,
      catchUpMs: result.catchUpMs,
      acknowledged: report.acknowledged,
      missing: report.missing,
    };
  } finally {
    await plane.close();
    rmSync(root, { recursive: true, force: true });
  }
}

async function mariaDbOnce(i: number): Promise<Run> {
  const root = mkdtempSync(join(tmpdir(), "bgdb-bench-mdb-"));
  const plane = new MariaDbPlane();
  const master = { user: "bench", password: randomBytes(12).toString("hex"), dbName: "app" };
  const spec = async (id: string, serverId: number): Promise<MariaDbServerSpec> => ({
    id,
    baseDir: join(root, id),
    port: await freePort(),
    serverId,
    variables: { binlog_format: "ROW" },
    readOnly: false,
  });
  try {
    await plane.createServer(await spec("blue", 1), master);
    const ports = {
      blueEndpointPort: await freePort(),
      greenEndpointPort: await freePort(),
      oldBlueEndpointPort: await freePort(),
    };
    await plane.openEndpoint(ports.blueEndpointPort, "blue");
    const probe = createMysqlWriteProbe({
      connectionString: `mysql://bench:${master.password}@127.0.0.1:${ports.blueEndpointPort}/app`,
      clock: systemClock,
      intervalMs: WRITE_INTERVAL_MS,
    });
    await probe.ensureTable(); // replicated too, but created before green like the PostgreSQL run's
    await plane.createGreen("blue", await spec("green", 2));
    await plane.openEndpoint(ports.greenEndpointPort, "green");
    await probe.start();
    await systemClock.sleep(1000);
    const result = await plane.switchover("blue", "green", { ...ports, timeoutMs: 30_000 });
    await systemClock.sleep(1000);
    const report = await probe.stop();
    if (!result.ok) throw new InternalError(`bench run ${i} (MariaDB): the switchover was refused: ${result.reason}`);
    return {
      gapMs: report.longestGapMs,
      blockedMs: result.writeBlockedMs,
      catchUpMs: result.catchUpMs,
      acknowledged: report.acknowledged,
      missing: report.missing,
    };
  } finally {
    await plane.close();
    rmSync(root, { recursive: true, force: true });
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
};

/** CLI start-up: commands load their modules lazily, so `--help` and bad input never load the AWS SDK. */
function startupMs(args: string[]): number {
  const bin = fileURLToPath(new URL("../../bin/bgdb.js", import.meta.url));
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    spawnSync(process.execPath, [bin, ...args], { stdio: "ignore" });
    times.push(performance.now() - t);
  }
  return Math.round(median(times));
}
process.stdout.write(
  `cli start-up (median of 5): --help ${startupMs(["--help"])} ms; bad flag ${startupMs(["switchover", "x", "--timeout", "10"])} ms\n`,
);

const engines = [
  { name: "PostgreSQL 16 → 17", once: pgOnce, runs: [] as Run[] },
  { name: "MariaDB (same build)", once: mariaDbOnce, runs: [] as Run[] },
];
process.stdout.write(`switchover under a write every ${WRITE_INTERVAL_MS} ms, ${RUNS} runs per engine, interleaved\n`);
for (let i = 1; i <= RUNS; i++) {
  for (const e of engines) {
    const r = await e.once(i);
    e.runs.push(r);
    process.stdout.write(
      `  ${e.name} run ${i}: gap ${r.gapMs} ms, writes blocked ${r.blockedMs} ms, catch-up ${r.catchUpMs} ms, ${r.acknowledged} acknowledged, ${r.missing} missing\n`,
    );
  }
}
for (const e of engines) {
  const col = (k: keyof Run) => median(e.runs.map((r) => r[k]));
  process.stdout.write(
    `median ${e.name}: longest client write gap ${col("gapMs")} ms; writes blocked ${col("blockedMs")} ms; catch-up ${col("catchUpMs")} ms; missing writes ${Math.max(...e.runs.map((r) => r.missing))} (max)\n`,
  );
}
