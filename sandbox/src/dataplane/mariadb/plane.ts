/**
 * The MariaDB data plane: real mariadbd servers behind sandbox RDS instances of engine `mariadb`, with the same
 * endpoint proxies as the PostgreSQL one. Nothing here speaks HTTP or knows about RDS names.
 *
 * - Servers: the system's mariadbd (binaries.ts), one child process per instance on 127.0.0.1.
 * - Green: a consistent copy of blue at a GTID (copy.ts), then GTID replication from there (replication.ts).
 * - Switchover: mariadb/switchover.ts on switchover-core.ts.
 */
import mysql from "mysql2/promise";
import { EndpointTable, ServerPlane } from "../endpoint-table.js";
import type { SwitchoverOptions, SwitchoverResult } from "../switchover-core.js";
import { copyAtGtid } from "./copy.js";
import type { MariaDbServerSpec } from "./option-file.js";
import { followBlue, type ReplicaStatus, replicaStatus, stopFollowing, waitReplicating } from "./replication.js";
import { MariaDbServer } from "./server.js";
import { switchover } from "./switchover.js";

export interface MariaDbPlaneOptions {
  /** Progress lines; never receives a password. @default no logging */
  log?: (msg: string) => void;
}

/** The master account CreateDBInstance asks for, made once on a new (non-green) server. */
export interface MasterAccount {
  user: string;
  password: string;
  dbName?: string;
}

/**
 * What ALL PRIVILEGES gives that RDS's master user does not have. READ ONLY ADMIN matters most: with it, read_only
 * (green, old blue, a switchover's write block) does not stop the master user.
 */
const NOT_FOR_MASTER =
  "SUPER, READ ONLY ADMIN, FILE, SHUTDOWN, BINLOG ADMIN, BINLOG REPLAY, REPLICATION SLAVE ADMIN, REPLICATION MASTER ADMIN, FEDERATED ADMIN";

const NUMERIC_TYPE = /INT|DOUBLE|DECIMAL|FLOAT/;
const VARIABLE_NAME = /^[a-z0-9_]+$/;

export class MariaDbPlane extends ServerPlane<MariaDbServer> {
  protected readonly endpoints = new EndpointTable((serverId) => {
    this.server(serverId);
    return () => this.server(serverId).spec.port;
  });
  private readonly log: (msg: string) => void;

  constructor(opts: MariaDbPlaneOptions = {}) {
    super();
    this.log = opts.log ?? (() => undefined);
  }

  /**
   * mariadb-install-db (if the data dir is new) and start; on a new server, the master account and its database.
   * Idempotent for a running server.
   */
  async createServer(spec: MariaDbServerSpec, master?: MasterAccount): Promise<void> {
    const server = this.servers.get(spec.id) ?? new MariaDbServer(spec, this.log);
    this.servers.set(spec.id, server);
    const fresh = !server.initialized;
    await server.init();
    await server.start();
    if (fresh && master) await createMaster(server, master);
  }

  protected filesOf(server: MariaDbServer): string {
    return server.spec.baseDir;
  }

  /** A read-only green: blue's copy at a GTID (accounts included), then replicating from exactly there. */
  async createGreen(blueId: string, greenSpec: MariaDbServerSpec): Promise<void> {
    const blue = this.server(blueId);
    await this.createServer({ ...greenSpec, readOnly: true });
    const green = this.server(greenSpec.id);
    const gtid = await copyAtGtid(blue, green);
    await followBlue(blue, green, gtid);
    this.log(`green ${greenSpec.id} replicating from ${blueId} since GTID ${gtid || "(empty)"}`);
  }

  /**
   * Makes the server run with `variables` (a parameter group's values): dynamic ones with SET GLOBAL, static ones by
   * a restart (as does `restart`, an instance-class change); my.cnf always, so a restart keeps them. A green that
   * followed blue before follows it again afterwards. Which variables are static is the server's own answer.
   */
  async reconfigure(id: string, variables: Record<string, string>, opts: { restart?: boolean } = {}): Promise<boolean> {
    const server = this.server(id);
    const before = server.spec.variables;
    const changed = [...new Set([...Object.keys(before), ...Object.keys(variables)])].filter(
      (n) => before[n] !== variables[n],
    );
    let restart = opts.restart ?? false;
    if (changed.length) {
      const bad = changed.find((n) => !VARIABLE_NAME.test(n));
      if (bad) throw new Error(`${bad} is not a server variable name`);
      const meta = new Map(
        (
          await server.query(
            "SELECT LOWER(VARIABLE_NAME) AS n, READ_ONLY AS ro, VARIABLE_TYPE AS t FROM information_schema.SYSTEM_VARIABLES WHERE VARIABLE_NAME IN (?)",
            [changed.map((n) => n.toUpperCase())],
          )
        ).map((r) => [String(r.n), { static: r.ro === "YES", type: String(r.t) }]),
      );
      await server.withAdmin(async (c) => {
        for (const name of changed) {
          const m = meta.get(name);
          if (!m) throw new Error(`MariaDB ${id} has no server variable ${name}`);
          if (m.static) restart = true;
          else await c.query(`SET GLOBAL ${name} = ${literal(variables[name], m.type)}`);
        }
      });
    }
    server.spec = { ...server.spec, variables: { ...variables } };
    await server.writeOptionFile();
    if (!restart) return false;
    const replicating = (await replicaStatus(server)) !== undefined;
    this.log(`restart ${id} (${changed.length ? `changed ${changed.join(", ")}` : "instance class"})`);
    await server.restart();
    if (replicating) await waitReplicating(server, 30_000);
    return true;
  }

  /** Green leaves its blue (DeleteBlueGreenDeployment without DeleteTarget): writable on its own. */
  async promoteServer(id: string): Promise<void> {
    const server = this.server(id);
    if (await replicaStatus(server)) await stopFollowing(server);
  }

  async switchover(blueId: string, greenId: string, opts: SwitchoverOptions): Promise<SwitchoverResult> {
    return switchover(
      {
        blue: this.server(blueId),
        green: this.server(greenId),
        endpoints: this.endpoints,
        log: this.log,
      },
      opts,
    );
  }

  /** Crash recovery: before the point of no return, blue's write block is all there is to undo. */
  async liftWriteBlock(id: string): Promise<void> {
    await this.server(id).query("SET GLOBAL read_only = OFF");
  }

  /** The server's read-only role (green while it follows, old blue), now and across restarts. */
  setReadOnly(id: string, readOnly: boolean): Promise<void> {
    return this.server(id).setReadOnly(readOnly);
  }

  /** Replication into this server: undefined when it follows nobody. */
  replicaStatus(id: string): Promise<ReplicaStatus | undefined> {
    return replicaStatus(this.server(id));
  }

  /** @@gtid_binlog_pos: what this server has written (a blue's commits). */
  async binlogPosition(id: string): Promise<string> {
    return String((await this.server(id).query("SELECT @@gtid_binlog_pos AS p"))[0]?.p ?? "");
  }

  /** @@gtid_slave_pos: what this replica has applied. */
  async appliedPosition(id: string): Promise<string> {
    return String((await this.server(id).query("SELECT @@gtid_slave_pos AS p"))[0]?.p ?? "");
  }

  spec(id: string): MariaDbServerSpec {
    return this.server(id).spec;
  }

  /** Runs statements on the server as the control user, in order, on one connection. */
  async sql(id: string, statements: string[]): Promise<void> {
    await this.server(id).withAdmin(async (c) => {
      for (const s of statements) await c.query(s);
    });
  }

  /** The socket a control client (mariadb --socket=…) reaches this server on, as the OS user. */
  socket(id: string): string {
    return this.server(id).files.socket;
  }

  async status(id: string): Promise<{ running: boolean; version: string }> {
    const server = this.server(id);
    if (!server.running) return { running: false, version: "" };
    return { running: true, version: String((await server.query("SELECT VERSION() AS v"))[0]?.v ?? "") };
  }
}

/** Not binlogged: greens get the account (with its password hash) from blue's copy, never from replication. */
async function createMaster(server: MariaDbServer, m: MasterAccount): Promise<void> {
  await server.withAdmin(async (c) => {
    await c.query("SET SESSION sql_log_bin = 0");
    await c.query("CREATE USER ?@'%' IDENTIFIED BY ?", [m.user, m.password]);
    await c.query("GRANT ALL PRIVILEGES ON *.* TO ?@'%' WITH GRANT OPTION", [m.user]);
    await c.query(`REVOKE ${NOT_FOR_MASTER} ON *.* FROM ?@'%'`, [m.user]);
    if (m.dbName) await c.query(`CREATE DATABASE IF NOT EXISTS ${mysql.escapeId(m.dbName)}`);
  });
}

/** A SET GLOBAL value: numbers and booleans bare (MariaDB refuses '250' for an integer), anything else quoted. */
function literal(value: string | undefined, type: string): string {
  if (value === undefined) return "DEFAULT";
  if (NUMERIC_TYPE.test(type)) {
    if (!/^-?\d+(\.\d+)?$/.test(value)) throw new Error(`${value} is not a number`);
    return value;
  }
  if (type === "BOOLEAN") {
    const on = ["1", "ON", "TRUE"].includes(value.toUpperCase());
    const off = ["0", "OFF", "FALSE"].includes(value.toUpperCase());
    if (!on && !off) throw new Error(`${value} is not a boolean`);
    return on ? "ON" : "OFF";
  }
  return mysql.escape(value);
}
