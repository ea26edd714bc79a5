/**
 * The switchover a client lives through, on real PostgreSQL (16 → 17, logical replication) and, where MariaDB is
 * installed, on real MariaDB (the installed build, GTID replication), under a steady write load through the
 * production endpoint (one write every BENCH_WRITE_INTERVAL_MS, default 20 ms). Each run builds its own blue and green
 * servers; the engines' runs are interleaved, median of 5 each (BENCH_RUNS). Reported without goals (milliseconds of
 * one machine, not ratios): the longest gap between acknowledged writes, the time writes were blocked, the catch-up
 * time, and lost writes (the maximum over the runs, which must be 0).
 */
import { randomBytes } from "node:crypto";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DataPlane, freePort, MariaDbPlane, mariaDbInstall } from "@bgdb/sandbox";
import { createMysqlWriteProbe } from "../src/adapters/probe/mysql-write-probe.js";
import { createPgWriteProbe } from "../src/adapters/probe/pg-write-probe.js";
import { systemClock } from "../src/adapters/system/clock.js";
import { InternalError } from "../src/core/errors.js";
import type { WriteProbe } from "../src/ports/index.js";
import { median, ms, type Row, rounds, say, valueRow } from "./measure.js";

interface Run {
  gapMs: number;
  blockedMs: number;
  catchUpMs: number;
  acknowledged: number;
  missing: number;
}

const WRITE_INTERVAL_MS = Number(process.env.BENCH_WRITE_INTERVAL_MS ?? 20);

type Ports = { blueEndpointPort: number; greenEndpointPort: number; oldBlueEndpointPort: number };
type Plane = Pick<DataPlane, "switchover" | "close">;

/** What differs between the engines: a run's plane, and how its blue, probe table and green come to be. */
interface Engine {
  /** Row prefix: "PostgreSQL", "MariaDB". */
  name: string;
  /** For the progress lines: "PostgreSQL 16 → 17". */
  title: string;
  /** `build`: blue behind the production endpoint with the probe's table, then green following it behind its own. */
  open(root: string): { plane: Plane; build(ports: Ports): Promise<WriteProbe> };
}

const postgres: Engine = {
  name: "PostgreSQL",
  title: "PostgreSQL 16 → 17",
  open(root) {
    const plane = new DataPlane({ rootDir: root });
    return { plane, build: (ports) => buildPostgres(plane, root, ports) };
  },
};

async function buildPostgres(plane: DataPlane, root: string, ports: Ports): Promise<WriteProbe> {
  const password = randomBytes(12).toString("hex");
  const spec = async (id: string, major: 16 | 17) => ({
    id,
    major,
    dataDir: join(root, id),
    port: await freePort(),
    masterUser: "bench",
    masterPassword: password,
    dbName: "app",
  });
  await plane.createServer(await spec("blue", 16));
  await plane.openEndpoint(ports.blueEndpointPort, "blue");
  const probe = createPgWriteProbe({
    connectionString: `postgres://bench:${password}@127.0.0.1:${ports.blueEndpointPort}/app`,
    clock: systemClock,
    intervalMs: WRITE_INTERVAL_MS,
  });
  await probe.ensureTable(); // before green exists: logical replication does not carry DDL
  await plane.createGreen("blue", await spec("green", 17));
  await plane.openEndpoint(ports.greenEndpointPort, "green");
  return probe;
}

const mariadb: Engine = {
  name: "MariaDB",
  title: "MariaDB (same build)",
  open(root) {
    const plane = new MariaDbPlane();
    return { plane, build: (ports) => buildMariaDb(plane, root, ports) };
  },
};

async function buildMariaDb(plane: MariaDbPlane, root: string, ports: Ports): Promise<WriteProbe> {
  const master = { user: "bench", password: randomBytes(12).toString("hex"), dbName: "app" };
  const spec = async (id: string, serverId: number) => ({
    id,
    baseDir: join(root, id),
    port: await freePort(),
    serverId,
    variables: { binlog_format: "ROW" },
    readOnly: false,
  });
  await plane.createServer(await spec("blue", 1), master);
  await plane.openEndpoint(ports.blueEndpointPort, "blue");
  const probe = createMysqlWriteProbe({
    connectionString: `mysql://bench:${master.password}@127.0.0.1:${ports.blueEndpointPort}/app`,
    clock: systemClock,
    intervalMs: WRITE_INTERVAL_MS,
  });
  await probe.ensureTable(); // replicated too, but created before green like the PostgreSQL run's
  await plane.createGreen("blue", await spec("green", 2));
  await plane.openEndpoint(ports.greenEndpointPort, "green");
  return probe;
}

async function once(engine: Engine, i: number): Promise<Run> {
  const root = mkdtempSync(join(tmpdir(), "bgdb-bench-"));
  // Running as root, PostgreSQL runs as the `postgres` user, which must be able to reach its data directory.
  chmodSync(root, 0o755);
  const { plane, build } = engine.open(root);
  try {
    const ports = {
      blueEndpointPort: await freePort(),
      greenEndpointPort: await freePort(),
      oldBlueEndpointPort: await freePort(),
    };
    const probe = await build(ports);
    await probe.start();
    await systemClock.sleep(1000);
    const result = await plane.switchover("blue", "green", { ...ports, timeoutMs: 30_000 });
    await systemClock.sleep(1000);
    const report = await probe.stop();
    if (!result.ok)
      throw new InternalError(`bench run ${i} (${engine.name}): the switchover was refused: ${result.reason}`);
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

export async function switchover(): Promise<Row[]> {
  const n = rounds(5);
  const install = mariaDbInstall();
  const engines = install.ok ? [postgres, mariadb] : [postgres];
  const runs = new Map<Engine, Run[]>(engines.map((e) => [e, []]));
  process.stdout.write(
    `switchover under a write every ${WRITE_INTERVAL_MS} ms, ${engines.map((e) => e.title).join(" and ")}, ${n} runs each, interleaved\n`,
  );
  for (let i = 1; i <= n; i++) {
    for (const e of engines) {
      const r = await once(e, i);
      runs.get(e)?.push(r);
      process.stdout.write(
        `  ${e.title} run ${i}: gap ${r.gapMs} ms, writes blocked ${r.blockedMs} ms, catch-up ${r.catchUpMs} ms, ${r.acknowledged} acknowledged, ${r.missing} missing\n`,
      );
    }
  }
  const of = `median of ${n} runs`;
  const rows = engines.flatMap((e) => {
    const those = runs.get(e) ?? [];
    const col = (k: keyof Run) => median(those.map((r) => r[k]));
    const missing = Math.max(...those.map((r) => r.missing));
    return [
      valueRow(`${e.name}: longest client write gap`, ms(col("gapMs")), "", undefined, of),
      valueRow(`${e.name}: writes blocked`, ms(col("blockedMs")), "", undefined, of),
      valueRow(`${e.name}: catch-up`, ms(col("catchUpMs")), "", undefined, of),
      valueRow(`${e.name}: missing writes`, String(missing), "0", missing === 0, `max over ${n} runs`),
    ];
  });
  // Without MariaDB the row says so instead of the run failing: PostgreSQL's figures stand on their own.
  if (!install.ok) rows.push(valueRow("MariaDB: not measured", "not installed", "", undefined, install.reason));
  return rows.map(say);
}
