/**
 * The MySQL-family write probe against a real MariaDB server behind an endpoint proxy: it measures the gap a client
 * sees when the endpoint stops answering, notices acknowledged writes that are not there afterwards, and says how to
 * fix a URL that cannot connect.
 */

import { freePort } from "@bgdb/sandbox";
import mysql from "mysql2/promise";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type MariaDbHarness, mariaDbHarness } from "../../../sandbox/test/dataplane/mariadb-harness.js";
import { createMysqlWriteProbe, MYSQL_PROBE_TABLE_DDL } from "../../../src/adapters/probe/mysql-write-probe.js";
import { serverName } from "../../../src/adapters/probe/server-name.js";
import { systemClock } from "../../../src/adapters/system/clock.js";
import { PreconditionError } from "../../../src/core/errors.js";

let h: MariaDbHarness;
let endpoint: number;
const url = (password = h.master.password) =>
  `mysql://${h.master.user}:${encodeURIComponent(password)}@127.0.0.1:${endpoint}/${h.master.dbName}`;

beforeAll(async () => {
  h = await mariaDbHarness();
  await h.plane.createServer(await h.spec("probe"), h.master);
  endpoint = await freePort();
  await h.plane.openEndpoint(endpoint, "probe");
}, 60_000);
afterAll(async () => {
  await h?.dispose();
  expect(h?.leftovers() ?? []).toEqual([]);
});

it("says how often it writes (WriteProbe.intervalMs): as asked, else every 100 ms", () => {
  expect(createMysqlWriteProbe({ connectionString: url(), clock: systemClock, intervalMs: 20 }).intervalMs).toBe(20);
  expect(createMysqlWriteProbe({ connectionString: url(), clock: systemClock }).intervalMs).toBe(100);
});

it("finds where its table is missing, and never creates it itself", async () => {
  const probe = createMysqlWriteProbe({ connectionString: url(), clock: systemClock, intervalMs: 20 });
  expect(await probe.missingTable([{ host: "127.0.0.1", port: endpoint }])).toEqual([`127.0.0.1:${endpoint}`]);
  await probe.start();
  await systemClock.sleep(100);
  const r = await probe.stop();
  expect(r.acknowledged).toBe(0);
  expect(r.failed).toBeGreaterThan(0);
  await probe.ensureTable();
  expect(await probe.missingTable([{ host: "127.0.0.1", port: endpoint }])).toEqual([]);
}, 30_000);

it("measures the longest gap between acknowledged writes across an outage, and loses nothing", async () => {
  const probe = createMysqlWriteProbe({ connectionString: url(), clock: systemClock, intervalMs: 20 });
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
  expect(r.lastServerVersion).toMatch(/^MariaDB \d+\.\d+\.\d+$/);
}, 30_000);

it("reports acknowledged writes that are missing afterwards", async () => {
  const probe = createMysqlWriteProbe({ connectionString: url(), clock: systemClock, intervalMs: 20 });
  await probe.start();
  await systemClock.sleep(300);
  // Something behind the client's back loses rows it was told were committed.
  const c = await mysql.createConnection(url());
  const [deleted] = await c.query<mysql.ResultSetHeader>("DELETE FROM bgdb_probe ORDER BY id LIMIT 3");
  await c.end();
  const r = await probe.stop();
  expect(deleted.affectedRows).toBe(3);
  expect(r.missing).toBe(3);
}, 30_000);

it("maps refused credentials and a dead endpoint to PROBE_UNREACHABLE with the fix", async () => {
  const wrong = createMysqlWriteProbe({ connectionString: url("not-the-password"), clock: systemClock });
  const denied = await wrong.missingTable([{ host: "127.0.0.1", port: endpoint }]).catch((e) => e);
  expect(denied).toBeInstanceOf(PreconditionError);
  expect(denied).toMatchObject({
    code: "PROBE_UNREACHABLE",
    exitCode: 3,
    hint: expect.stringMatching(/user and password/),
  });
  expect(`${denied.message} ${denied.hint}`).not.toContain("not-the-password");
  const dead = await freePort();
  const nobody = await createMysqlWriteProbe({ connectionString: url(), clock: systemClock })
    .missingTable([{ host: "127.0.0.1", port: dead }])
    .catch((e) => e);
  expect(nobody).toMatchObject({
    code: "PROBE_UNREACHABLE",
    hint: expect.stringMatching(/nothing answers at 127\.0\.0\.1:/),
  });
});

it("names the server as MySQL or MariaDB", () => {
  expect(serverName("10.11.19-MariaDB-0+deb12u1-log")).toBe("MariaDB 10.11.19");
  expect(serverName("8.0.36")).toBe("MySQL 8.0.36");
  expect(MYSQL_PROBE_TABLE_DDL("bgdb_probe")).toMatch(/^CREATE TABLE IF NOT EXISTS bgdb_probe /);
});
