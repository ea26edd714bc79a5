/**
 * MariaDB instances as real servers: the installed mariadbd, files under `<sandbox-dir>/mariadb/<DbiResourceId>`, an
 * internal free port on 127.0.0.1 and an endpoint proxy on the model's endpoint `<address>:<port>`. The job runner
 * (backings.ts) says what to do; this does it. The control plane needs no password (socket and unix_socket
 * authentication as the OS user); the master password is kept (0600 registry) only to keep it out of error messages.
 */
import { mkdir } from "node:fs/promises";
import { freePort } from "../dataplane/free-port.js";
import { GtidLagClock } from "../dataplane/mariadb/lag-clock.js";
import type { MariaDbServerSpec } from "../dataplane/mariadb/option-file.js";
import { MariaDbPlane } from "../dataplane/mariadb/plane.js";
import type { SwitchoverOptions, SwitchoverResult } from "../dataplane/switchover-core.js";
import type { Deployment, Instance, Job } from "../model/state.js";
import type { BackingContext, EngineBacking } from "./engine-backing.js";
import { serverVariables } from "./mariadb-variables.js";
import { PlaneBacking } from "./plane-backing.js";
import { ServerRegistry, sandboxMasterPassword } from "./registry.js";
import { SAMPLE_ROWS, sampleData } from "./sample-data.js";

interface Entry {
  port: number;
  serverId: number;
  /** Green while it follows blue, old blue after a switchover (survives restarts). */
  readOnly: boolean;
  masterUser: string;
  masterPassword: string;
}

export class MariaDbBacking extends PlaneBacking<MariaDbPlane, ServerRegistry<Entry>> implements EngineBacking {
  readonly plane: MariaDbPlane;
  protected readonly registry: ServerRegistry<Entry>;
  /** Blue's GTID positions over time, per blue, for its green's ReplicaLag. */
  private readonly clocks = new Map<string, GtidLagClock>();

  constructor(private readonly ctx: BackingContext) {
    super();
    this.registry = new ServerRegistry<Entry>(`${ctx.dir}/mariadb`);
    this.plane = new MariaDbPlane({ log: ctx.log });
  }

  async start(pending: (resourceId: string) => boolean): Promise<void> {
    for (const inst of this.ctx.account.state.instances) {
      const entry = this.registry.get(inst.resourceId);
      if (!entry || pending(inst.resourceId) || inst.engine !== "mariadb") continue;
      // Reaps a server orphaned by a killed sandbox (by its pid file) before starting it again.
      await this.plane.createServer(this.spec(inst, entry));
    }
  }

  async createServer(inst: Instance, job: Job, password: string | undefined): Promise<void> {
    // Nobody could use it yet (the instance is `creating`): a half-made server from an earlier process goes.
    await this.destroy(inst.resourceId);
    await mkdir(this.registry.dir, { recursive: true, mode: 0o700 });
    const entry: Entry = {
      port: await freePort(),
      serverId: this.nextServerId(),
      readOnly: false,
      masterUser: inst.masterUsername,
      masterPassword: password ?? sandboxMasterPassword(),
    };
    this.registry.put(inst.resourceId, entry);
    await this.plane.createServer(this.spec(inst, entry), {
      user: entry.masterUser,
      password: entry.masterPassword,
      ...(inst.dbName ? { dbName: inst.dbName } : {}),
    });
    if (job.sampleData && inst.dbName) {
      await this.plane.sql(inst.resourceId, sampleData(inst.dbName));
      this.ctx.log(`${inst.id}: ${SAMPLE_ROWS} sample rows in ${inst.dbName}.items`);
    }
  }

  async createGreen(blue: Instance, green: Instance): Promise<void> {
    const blueEntry = this.registry.get(blue.resourceId);
    if (!blueEntry) return;
    await this.destroy(green.resourceId);
    const entry: Entry = { ...blueEntry, port: await freePort(), serverId: this.nextServerId(), readOnly: true };
    this.registry.put(green.resourceId, entry);
    await this.plane.createGreen(blue.resourceId, this.spec(green, entry));
  }

  async upgrade(inst: Instance): Promise<void> {
    // The model offers no other MariaDB version (only the installed build runs), so no upgrade job is ever queued.
    throw new Error(`${inst.id}: MariaDB runs only the installed build; there is nothing to upgrade to`);
  }

  async modify(inst: Instance, job: Job): Promise<void> {
    const restarted = await this.plane.reconfigure(inst.resourceId, serverVariables(this.ctx.account, inst), {
      restart: job.classChanged ?? false,
    });
    this.ctx.log(
      `${inst.id}: parameter group ${inst.parameterGroup}, class ${inst.instanceClass} applied${restarted ? " (restarted)" : ""}`,
    );
  }

  async switchover(blue: Instance, green: Instance, opts: SwitchoverOptions): Promise<SwitchoverResult> {
    try {
      return await this.plane.switchover(blue.resourceId, green.resourceId, opts);
    } finally {
      this.syncRoles(blue.resourceId, green.resourceId);
    }
  }

  async promote(resourceId: string): Promise<void> {
    if (!this.plane.has(resourceId)) return;
    await this.plane.promoteServer(resourceId);
    this.syncRoles(resourceId);
  }

  override async destroy(id: string): Promise<void> {
    await super.destroy(id);
    this.clocks.delete(id);
  }

  async recoverSwitchover(blue: Instance, green: Instance): Promise<"rolled back" | "done"> {
    // Green still has a replication configuration: the point of no return (RESET SLAVE ALL) was not reached.
    if (await this.plane.replicaStatus(green.resourceId)) {
      await this.plane.liftWriteBlock(blue.resourceId);
      return "rolled back";
    }
    // Past it, the process may have died before the roles were saved: the servers started with the old ones.
    await this.plane.setReadOnly(green.resourceId, false);
    await this.plane.setReadOnly(blue.resourceId, true);
    this.syncRoles(blue.resourceId, green.resourceId);
    return "done";
  }

  /** ReplicaLag on green from the replica's own applied GTID position (lag-clock.ts); -1 while it does not replicate. */
  async sample(_d: Deployment, blue: string, green: string, at: number): Promise<void> {
    let clock = this.clocks.get(blue);
    if (!clock) {
      clock = new GtidLagClock();
      this.clocks.set(blue, clock);
    }
    clock.observe(at, await this.plane.binlogPosition(blue));
    const status = await this.plane.replicaStatus(green);
    // What RDS reports when replication is not running (docs/rds-facts.md §6).
    const lag = status?.running ? clock.lagSeconds(at, await this.plane.appliedPosition(green)) : -1;
    if (lag !== undefined) this.ctx.lag.record(green, "ReplicaLag", at, Math.round(lag * 1000) / 1000);
  }

  describe(inst: Instance): string {
    if (!this.plane.has(inst.resourceId)) return "no server yet";
    const readOnly = this.plane.spec(inst.resourceId).readOnly ? " (read-only)" : "";
    return `MariaDB ${inst.engineVersion} server${readOnly}`;
  }

  private spec(inst: Instance, entry: Entry): MariaDbServerSpec {
    return {
      id: inst.resourceId,
      baseDir: this.registry.dataDir(inst.resourceId),
      port: entry.port,
      serverId: entry.serverId,
      variables: serverVariables(this.ctx.account, inst),
      readOnly: entry.readOnly,
    };
  }

  /** Distinct among this sandbox's servers, never reused while one lives. */
  private nextServerId(): number {
    return Math.max(0, ...this.registry.ids().map((id) => this.registry.get(id)?.serverId ?? 0)) + 1;
  }

  /** The plane moved a role (switchover, promotion): the registry remembers it for the next start. */
  private syncRoles(...ids: string[]): void {
    for (const id of ids) {
      const entry = this.registry.get(id);
      const readOnly = this.plane.has(id) ? this.plane.spec(id).readOnly : undefined;
      if (entry && readOnly !== undefined && entry.readOnly !== readOnly) this.registry.put(id, { ...entry, readOnly });
    }
  }
}
