import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../src/dataplane/free-port.js";
import type { MariaDbServerSpec } from "../../src/dataplane/mariadb/option-file.js";
import { type MariaDbHarness, mariaDbHarness, mariaDbQuery } from "./mariadb-harness.js";
import { checkAcked, startMariaDbWriteLoop, WRITES_TABLE } from "./mariadb-write-loop.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A switchover that cannot finish in time, on real MariaDB servers driven through the data plane (the RDS API's
 * SwitchoverTimeout is at least 30 s; here it is 1.5 s).
 */
describe("MariaDB switchover past its timeout", () => {
  let h: MariaDbHarness;
  let blue: MariaDbServerSpec;
  let green: MariaDbServerSpec;
  const ports = { blueEndpointPort: 0, greenEndpointPort: 0, oldBlueEndpointPort: 0 };

  beforeAll(async () => {
    h = await mariaDbHarness();
    blue = await h.spec("blue");
    green = await h.spec("green");
    await h.plane.createServer(blue, h.master);
    await mariaDbQuery(blue.port, h.master, WRITES_TABLE);
    await h.plane.createGreen("blue", green);
    ports.blueEndpointPort = await freePort();
    ports.greenEndpointPort = await freePort();
    ports.oldBlueEndpointPort = await freePort();
    await h.plane.openEndpoint(ports.blueEndpointPort, "blue");
    await h.plane.openEndpoint(ports.greenEndpointPort, "green");
  }, 60_000);
  afterAll(async () => {
    await h?.dispose();
    expect(h?.leftovers() ?? []).toEqual([]);
  });

  it("green is a read-only copy that follows blue, and the master user cannot write on it", async () => {
    await mariaDbQuery(blue.port, h.master, "INSERT INTO writes (seq) VALUES (-1)");
    await expect
      .poll(async () => (await mariaDbQuery(green.port, h.master, "SELECT COUNT(*) AS n FROM writes"))[0]?.n)
      .toBe(1);
    await expect(mariaDbQuery(green.port, h.master, "INSERT INTO writes (seq) VALUES (-2)")).rejects.toMatchObject({
      errno: 1290,
    });
    await expect(mariaDbQuery(green.port, h.master, "SET GLOBAL read_only = OFF")).rejects.toMatchObject({
      errno: 1227,
    });
  });

  it("rolls back: blue serves, writable, nothing lost, green still replicating", async () => {
    // Green applies each row 50 ms late (a replica-only trigger), so a burst leaves it seconds behind.
    await h.plane.sql("green", [
      "SET SESSION sql_log_bin = 0",
      "SET GLOBAL slave_run_triggers_for_rbr = YES",
      "CREATE TRIGGER orders.stall BEFORE INSERT ON orders.writes FOR EACH ROW SET @s = SLEEP(0.05)",
    ]);
    const loop = startMariaDbWriteLoop(ports.blueEndpointPort, h.master, 20);
    await sleep(300);
    for (let i = 0; i < 60; i++)
      await mariaDbQuery(blue.port, h.master, `INSERT INTO writes (seq) VALUES (${-100 - i})`);
    const started = Date.now();
    const result = await h.plane.switchover("blue", "green", { ...ports, timeoutMs: 1500 });
    const tookMs = Date.now() - started;
    expect(result).toMatchObject({ ok: false, reason: expect.stringMatching(/did not catch up/) });
    const before = await loop.stop();
    const again = startMariaDbWriteLoop(ports.blueEndpointPort, h.master, 20);
    await sleep(500);
    const report = await again.stop();
    console.log(
      `MariaDB rollback after ${tookMs} ms; writes acknowledged on blue again: ${report.acked.size} in 0.5 s (${before.acked.size} before)`,
    );
    expect(report.acked.size).toBeGreaterThan(5);
    expect((await mariaDbQuery(ports.blueEndpointPort, h.master, "SELECT @@read_only AS ro"))[0]?.ro).toBe(0);
    expect(await h.plane.replicaStatus("green")).toMatchObject({ running: true });
    await h.plane.sql("green", ["SET SESSION sql_log_bin = 0", "DROP TRIGGER orders.stall"]);
    const target = await h.plane.binlogPosition("blue");
    const [caught] = await mariaDbQuery(green.port, h.master, "SELECT MASTER_GTID_WAIT(?, 30) AS r", [target]);
    expect(caught?.r).toBe(0);
    for (const r of [before, report]) {
      expect(await checkAcked(ports.blueEndpointPort, h.master, r)).toMatchObject({ missing: 0, mismatched: 0 });
      expect(await checkAcked(green.port, h.master, r)).toMatchObject({ missing: 0, mismatched: 0 });
    }
  }, 60_000);
});
