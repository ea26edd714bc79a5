/**
 * The write probe against a real PostgreSQL server behind an endpoint proxy: it measures the gap a client sees when
 * the endpoint stops answering, and it notices acknowledged writes that are not there afterwards.
 */

import { freePort, type PgServerSpec } from "@bgdb/sandbox";
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type Harness, harness } from "../../../sandbox/test/dataplane/harness.js";
import { createPgWriteProbe } from "../../../src/adapters/probe/pg-write-probe.js";
import { systemClock } from "../../../src/adapters/system/clock.js";
import { PreconditionError } from "../../../src/core/errors.js";

let h: Harness;
let spec: PgServerSpec;
let endpoint: number;
const url = () =>
  `postgres://${spec.masterUser}:${encodeURIComponent(spec.masterPassword)}@127.0.0.1:${endpoint}/${spec.dbName}`;

beforeAll(async () => {
  h = await harness();
  spec = await h.spec("probe", 16);
  await h.plane.createServer(spec);
  endpoint = await freePort();
  await h.plane.openEndpoint(endpoint, "probe");
}, 60_000);
afterAll(async () => h?.dispose());

it("finds where its table is missing, and never creates it itself", async () => {
  const probe = createPgWriteProbe({ connectionString: url(), clock: systemClock, intervalMs: 20 });
  expect(await probe.missingTable([{ host: "127.0.0.1", port: endpoint }])).toEqual([`127.0.0.1:${endpoint}`]);
  await probe.start();
  await systemClock.sleep(100);
  const r = await probe.stop();
  expect(r.acknowledged).toBe(0);
  expect(r.failed).toBeGreaterThan(0);
  await probe.ensureTable();
  expect(await probe.missingTable([{ host: "127.0.0.1", port: endpoint }])).toEqual([]);
}, 30_000);

it("checks the endpoints it is given, not the URL's host", async () => {
  // The URL names a port where nothing answers: only the endpoint passed in can answer.
  const elsewhere = `postgres://${spec.masterUser}:${encodeURIComponent(spec.masterPassword)}@127.0.0.1:1/${spec.dbName}`;
  const probe = createPgWriteProbe({ connectionString: elsewhere, clock: systemClock, table: "bgdb_probe_other" });
  expect(await probe.missingTable([{ host: "127.0.0.1", port: endpoint }])).toEqual([`127.0.0.1:${endpoint}`]);
}, 30_000);

it("measures the longest gap between acknowledged writes across an outage, and loses nothing", async () => {
  const probe = createPgWriteProbe({ connectionString: url(), clock: systemClock, intervalMs: 20 });
  await probe.start();
  await systemClock.sleep(400);
  await h.plane.closeEndpoint(endpoint); // the production endpoint stops answering…
  await systemClock.sleep(700);
  await h.plane.openEndpoint(endpoint, "probe"); // …and comes back
  await systemClock.sleep(400);
  const r = await probe.stop();
  expect(r.verified).toBe(true);
  expect(r.missing).toBe(0);
  expect(r.failed).toBeGreaterThan(0);
  expect(r.longestGapMs).toBeGreaterThanOrEqual(600);
  expect(r.acknowledged).toBeGreaterThan(10);
  expect(r.lastServerVersion).toMatch(/^PostgreSQL 16\./);
  // The timeline holds every write, offsets from the start, in order: the outage is the longest gap between acks.
  const t = r.timeline;
  expect(t?.acknowledgedMs).toHaveLength(r.acknowledged);
  expect(t?.failedMs).toHaveLength(r.failed);
  const acks = t?.acknowledgedMs ?? [];
  expect(acks).toEqual([...acks].sort((a, b) => a - b));
  expect(acks[0]).toBeGreaterThanOrEqual(0);
  const gaps = acks.slice(1).map((at, i) => at - (acks[i] ?? 0));
  expect(Math.max(...gaps)).toBe(r.longestGapMs);
  const gapStart = Date.parse(t?.startedAt ?? "") + (acks[gaps.indexOf(r.longestGapMs)] ?? 0);
  expect(new Date(gapStart).toISOString()).toBe(r.longestGapStartedAt);
  // The failed writes fall inside that gap.
  for (const f of t?.failedMs ?? []) expect(f).toBeGreaterThan(acks[gaps.indexOf(r.longestGapMs)] ?? 0);
}, 30_000);

it("reports acknowledged writes that are missing afterwards", async () => {
  const probe = createPgWriteProbe({ connectionString: url(), clock: systemClock, intervalMs: 20 });
  await probe.start();
  await systemClock.sleep(300);
  // Something behind the client's back loses rows it was told were committed.
  const c = new pg.Client({ connectionString: url() });
  await c.connect();
  const deleted = await c.query("DELETE FROM bgdb_probe WHERE id IN (SELECT id FROM bgdb_probe ORDER BY id LIMIT 3)");
  await c.end();
  const r = await probe.stop();
  expect(deleted.rowCount).toBe(3);
  expect(r.missing).toBe(3);
}, 30_000);

it("maps refused credentials to PROBE_UNREACHABLE with the fix, never quoting the password", async () => {
  const wrong = `postgres://${spec.masterUser}:not-the-password@127.0.0.1:${endpoint}/${spec.dbName}`;
  const probe = createPgWriteProbe({ connectionString: wrong, clock: systemClock });
  const e = await probe.missingTable([{ host: "127.0.0.1", port: endpoint }]).catch((x) => x);
  expect(e).toBeInstanceOf(PreconditionError);
  expect(e).toMatchObject({ code: "PROBE_UNREACHABLE", exitCode: 3, hint: expect.stringMatching(/user and password/) });
  expect(`${e.message} ${e.hint}`).not.toContain("not-the-password");
}, 30_000);
