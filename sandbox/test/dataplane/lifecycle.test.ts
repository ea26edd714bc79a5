import { existsSync } from "node:fs";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DataPlane, type PgServerSpec } from "../../src/dataplane/index.js";
import { type Harness, harness, query } from "./harness.js";

describe("server lifecycle", () => {
  let h: Harness;
  let db: PgServerSpec;
  const logs: string[] = [];
  let plane: DataPlane;

  beforeAll(async () => {
    h = await harness();
    // A second plane over the same root, so we can look at everything it logs.
    plane = new DataPlane({ rootDir: h.root, log: (m) => logs.push(m) });
    db = await h.spec("solo", 16);
    await plane.createServer(db);
    await query(db.port, db, "CREATE TABLE t (id serial PRIMARY KEY, v text); INSERT INTO t (v) VALUES ('a'), ('b')");
  }, 60_000);
  afterAll(async () => {
    await plane?.close();
    await h?.dispose();
  });

  it("keeps data across stop and start", async () => {
    await plane.stopServer("solo");
    expect((await plane.status("solo")).running).toBe(false);
    await expect(query(db.port, db, "SELECT 1")).rejects.toThrow();
    await plane.startServer("solo");
    expect(await query(db.port, db, "SELECT v FROM t ORDER BY id")).toEqual([{ v: "a" }, { v: "b" }]);
  });

  it("upgrades a standalone server logically, sequences included", async () => {
    await plane.upgradeServer("solo", 17);
    expect((await plane.status("solo")).version).toMatch(/^PostgreSQL 17\./);
    expect(await query(db.port, db, "INSERT INTO t (v) VALUES ('c') RETURNING id")).toEqual([{ id: 3 }]);
    expect(existsSync(path.join(db.dataDir, "PG_VERSION"))).toBe(true);
    expect(existsSync(`${db.dataDir}.pg16-old`)).toBe(false);
  }, 40_000);

  it("never logs the password and leaves no password file behind", async () => {
    expect(logs.length).toBeGreaterThan(0);
    expect(logs.join("\n")).not.toContain(db.masterPassword);
    const secrets = path.join(h.root, "secrets");
    expect(existsSync(secrets) ? await readdir(secrets) : []).toEqual([]);
  });

  it("close stops every server it started", async () => {
    await plane.close();
    await expect(query(db.port, db, "SELECT 1")).rejects.toThrow();
    expect(existsSync(path.join(h.root, "secrets"))).toBe(false);
  });
});
