/**
 * The switchover a client lives through, on real PostgreSQL (16 → 17, logical replication) under a steady write load
 * through the production endpoint (one write every BENCH_WRITE_INTERVAL_MS, default 20 ms). Each run builds its own
 * blue and green servers; runs one after another, median of 5 (BENCH_RUNS). Reported without goals (milliseconds of
 * one machine, not ratios): the longest gap between acknowledged writes, the time writes were blocked, the catch-up
 * time, and lost writes (the maximum over the runs, which must be 0).
 */
import { randomBytes } from "node:crypto";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DataPlane, freePort, type PgServerSpec } from "@bgdb/sandbox";
import { createPgWriteProbe } from "../src/adapters/probe/pg-write-probe.js";
import { systemClock } from "../src/adapters/system/clock.js";
import { InternalError } from "../src/core/errors.js";
import { median, ms, type Row, rounds, say, valueRow } from "./measure.js";

interface Run {
  gapMs: number;
  blockedMs: number;
  catchUpMs: number;
  acknowledged: number;
  missing: number;
}

const WRITE_INTERVAL_MS = Number(process.env.BENCH_WRITE_INTERVAL_MS ?? 20);

async function once(i: number): Promise<Run> {
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

export async function switchover(): Promise<Row[]> {
  const n = rounds(5);
  const runs: Run[] = [];
  process.stdout.write(`switchover under a write every ${WRITE_INTERVAL_MS} ms, PostgreSQL 16 → 17, ${n} runs\n`);
  for (let i = 1; i <= n; i++) {
    const r = await once(i);
    runs.push(r);
    process.stdout.write(
      `  run ${i}: gap ${r.gapMs} ms, writes blocked ${r.blockedMs} ms, catch-up ${r.catchUpMs} ms, ${r.acknowledged} acknowledged, ${r.missing} missing\n`,
    );
  }
  const col = (k: keyof Run) => median(runs.map((r) => r[k]));
  const of = `median of ${n} runs`;
  const missing = Math.max(...runs.map((r) => r.missing));
  return [
    valueRow("PostgreSQL: longest client write gap", ms(col("gapMs")), "", undefined, of),
    valueRow("PostgreSQL: writes blocked", ms(col("blockedMs")), "", undefined, of),
    valueRow("PostgreSQL: catch-up", ms(col("catchUpMs")), "", undefined, of),
    valueRow("PostgreSQL: missing writes", String(missing), "0", missing === 0, `max over ${n} runs`),
  ].map(say);
}
