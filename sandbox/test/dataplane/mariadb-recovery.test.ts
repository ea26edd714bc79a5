import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LagHistory } from "../../src/backing/lag-history.js";
import { MariaDbBacking } from "../../src/backing/mariadb-backing.js";
import { createInstance } from "../../src/model/resources.js";
import type { Instance, Job } from "../../src/model/state.js";
import { type Harness, MARIADB, startHarness } from "../helpers.js";
import { mariaDbQuery } from "./mariadb-harness.js";

/**
 * A sandbox that died during a MariaDB switchover, brought back: the backing (what the job runner calls after a
 * restart) either rolls the switchover back or finishes it, and what it decides about the servers' roles holds across
 * the next restart too.
 */
describe("MariaDB switchover recovery after the sandbox died", () => {
  let h: Harness;
  let backing: MariaDbBacking;
  let blue: Instance;
  let green: Instance;
  const master = { user: "bgdb", password: "recovery-pw", dbName: "app" };

  /** A new backing on the same sandbox dir and model, as a restarted serve process makes it. */
  const restart = async () => {
    await backing?.close();
    backing = new MariaDbBacking({
      dir: h.dir,
      account: h.server.account,
      lag: new LagHistory(),
      log: () => undefined,
    });
    await backing.start(() => false);
  };
  /** The server's own answer, through its internal port as the master user. */
  const readOnly = async (inst: Instance) =>
    (await mariaDbQuery(backing.plane.spec(inst.resourceId).port, master, "SELECT @@read_only AS ro"))[0]?.ro;
  const write = (inst: Instance) =>
    mariaDbQuery(backing.plane.spec(inst.resourceId).port, master, "INSERT INTO t (note) VALUES ('x')");

  beforeAll(async () => {
    h = await startHarness();
    const make = (id: string) =>
      createInstance(h.server.account, {
        id,
        engine: "mariadb",
        engineVersion: MARIADB,
        instanceClass: "db.t4g.micro",
        masterUsername: master.user,
        dbName: master.dbName,
      });
    blue = make("blue");
    green = make("green");
    await restart();
    const job: Job = { id: "server", kind: "create-server", resourceId: blue.resourceId, state: "pending" };
    await backing.createServer(blue, job, master.password);
    await mariaDbQuery(backing.plane.spec(blue.resourceId).port, master, "CREATE TABLE t (note TEXT)");
    await backing.createGreen(blue, green);
  }, 60_000);
  afterAll(async () => {
    await backing?.close();
    await h?.close();
    const left = execFileSync("ps", ["-eo", "args"], { encoding: "utf8" }).split("\n");
    expect(left.filter((l) => l.includes(h.dir))).toEqual([]);
  }, 60_000);

  it("before the point of no return (green still follows): lifts blue's write block", async () => {
    // The switchover had blocked writes on blue when the process died; the server kept that setting.
    await backing.plane.sql(blue.resourceId, ["SET GLOBAL read_only = ON"]);
    await expect(write(blue)).rejects.toMatchObject({ errno: 1290 });
    expect(await backing.recoverSwitchover(blue, green)).toBe("rolled back");
    expect(await readOnly(blue)).toBe(0);
    await write(blue);
    expect(await readOnly(green)).toBe(1);
  }, 30_000);

  it("past it (green follows nobody) but before the roles were saved: old blue read-only, green writable, for good", async () => {
    // The point of no return: green stopped following blue. Then the process died, so servers.json still holds the
    // roles from before, and the restarted servers run with them: green read-only, blue writable.
    await backing.plane.promoteServer(green.resourceId);
    await restart();
    expect(await readOnly(green)).toBe(1);
    expect(await readOnly(blue)).toBe(0);

    expect(await backing.recoverSwitchover(blue, green)).toBe("done");
    expect(await readOnly(blue)).toBe(1);
    await expect(write(blue)).rejects.toMatchObject({ errno: 1290 });
    await write(green);
    expect(backing.describe(blue)).toBe(`MariaDB ${MARIADB} server (read-only)`);
    expect(backing.describe(green)).toBe(`MariaDB ${MARIADB} server`);

    // The roles were saved: the next start keeps them.
    await restart();
    expect(await readOnly(blue)).toBe(1);
    expect(await readOnly(green)).toBe(0);
    await write(green);
  }, 60_000);
});
