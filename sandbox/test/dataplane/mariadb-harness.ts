import { execFileSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import mysql from "mysql2/promise";
import { freePort } from "../../src/dataplane/free-port.js";
import type { MariaDbServerSpec } from "../../src/dataplane/mariadb/option-file.js";
import { MariaDbPlane, type MasterAccount } from "../../src/dataplane/mariadb/plane.js";

/** One MariaDbPlane in a temp dir; `dispose` must run in afterAll so no mariadbd outlives a test. */
export interface MariaDbHarness {
  plane: MariaDbPlane;
  root: string;
  master: Required<MasterAccount>;
  spec(id: string): Promise<MariaDbServerSpec>;
  /** The command lines of processes still running on this harness's files. */
  leftovers(): string[];
  dispose(): Promise<void>;
}

export async function mariaDbHarness(): Promise<MariaDbHarness> {
  const root = await mkdtemp(path.join(os.tmpdir(), "bgdb-mdb-"));
  const plane = new MariaDbPlane({
    log: (m) => process.env.BGDB_DP_LOG && console.log(`${new Date().toISOString().slice(17, 23)} ${m}`),
  });
  let serverId = 0;
  return {
    plane,
    root,
    master: { user: "master", password: "s3cret'pw\\x", dbName: "orders" },
    spec: async (id) => ({
      id,
      baseDir: path.join(root, id),
      port: await freePort(),
      serverId: ++serverId,
      variables: { binlog_format: "ROW" },
      readOnly: false,
    }),
    leftovers: () =>
      execFileSync("ps", ["-eo", "args"], { encoding: "utf8" })
        .split("\n")
        .filter((l) => l.includes(root)),
    dispose: async () => {
      await plane.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}

/** Where a client connects: a port on 127.0.0.1 (an endpoint or a server), or an RDS Endpoint (Address, Port). */
export type MariaDbAt = number | { Address?: string; Port?: number };

/** A client connection as the master user through `at`. */
export async function mariaDbClient(at: MariaDbAt, master: MasterAccount): Promise<mysql.Connection> {
  const c = await mysql.createConnection({
    host: typeof at === "number" ? "127.0.0.1" : at.Address!,
    port: typeof at === "number" ? at : at.Port!,
    user: master.user,
    password: master.password,
    ...(master.dbName ? { database: master.dbName } : {}),
    connectTimeout: 10_000,
  });
  c.on("error", () => undefined);
  return c;
}

export async function mariaDbQuery(at: MariaDbAt, master: MasterAccount, sql: string, values: unknown[] = []) {
  const c = await mariaDbClient(at, master);
  try {
    return (await c.query<mysql.RowDataPacket[]>(sql, values))[0];
  } finally {
    await c.end().catch(() => c.destroy());
  }
}
