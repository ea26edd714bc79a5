/**
 * PostgreSQL 16/17 instances as real servers (data under `<sandbox-dir>/pg/<DbiResourceId>`, an internal free port on
 * 127.0.0.1, and a DataPlane endpoint proxy on the model's endpoint `<address>:<port>`). The job runner (backings.ts)
 * says what to do; this does it. After a restart an interrupted upgrade is failed by the runner (its data dir may be
 * half moved; the data plane restores the old cluster when it fails in-process), and a switchover is rolled back when
 * green still subscribes to blue, or else finished (old blue made a read-only standby).
 */
import { existsSync } from "node:fs";
import { chmod, mkdir, stat } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { DataPlane, freePort, type PgMajor, type PgServerSpec } from "../dataplane/index.js";
import type { SwitchoverOptions } from "../dataplane/switchover-core.js";
import type { Deployment, Instance, Job } from "../model/state.js";
import { reapOrphan } from "../process.js";
import type { BackingContext, EngineBacking } from "./engine-backing.js";
import { PlaneBacking } from "./plane-backing.js";
import { PgRegistry, sandboxMasterPassword } from "./registry.js";

export class PgBacking extends PlaneBacking<DataPlane, PgRegistry> implements EngineBacking {
  readonly plane: DataPlane;
  protected readonly registry: PgRegistry;
  /** Zero-lag moments per blue, for the ReplicaLag estimate when PostgreSQL reports no replay_lag. */
  private readonly lastCaughtUp = new Map<string, number>();

  constructor(private readonly ctx: BackingContext) {
    super();
    const pgDir = path.join(ctx.dir, "pg");
    this.registry = new PgRegistry(pgDir);
    this.plane = new DataPlane({ rootDir: pgDir, log: ctx.log });
  }

  /**
   * Every directory above the data dirs must be traversable by the `postgres` user. bgdb's own `.bgdb` (made 0700 by
   * the journal) is opened to traversal only (o+x: no listing, files stay 0600); any other blocking directory is
   * reported, since changing a user's own directories is not the sandbox's call.
   */
  private async openAncestors(): Promise<void> {
    let dir = path.dirname(path.resolve(this.ctx.dir));
    for (;;) {
      const st = await stat(dir);
      if ((st.mode & 0o001) === 0) {
        if (path.basename(dir) === ".bgdb" && st.uid === 0) await chmod(dir, (st.mode & 0o777) | 0o011);
        else
          this.ctx.log(
            `PostgreSQL runs as user postgres and cannot pass ${dir} (mode ${(st.mode & 0o777).toString(8)}): use a --sandbox-dir whose parents are world-traversable`,
          );
      }
      const up = path.dirname(dir);
      if (up === dir) return;
      dir = up;
    }
  }

  async start(pending: (resourceId: string) => boolean): Promise<void> {
    await mkdir(this.registry.dir, { recursive: true, mode: 0o700 });
    // As root, PostgreSQL runs as the `postgres` OS user, which must be able to reach its data dirs.
    if (process.getuid?.() === 0) {
      await chmod(this.ctx.dir, 0o711);
      await chmod(this.registry.dir, 0o711);
      await this.openAncestors();
    }
    for (const inst of this.ctx.account.state.instances) {
      const spec = this.registry.spec(inst.resourceId);
      if (!spec || !existsSync(path.join(spec.dataDir, "PG_VERSION")) || pending(inst.resourceId)) continue;
      await reapOrphan({
        pidFile: path.join(spec.dataDir, "postmaster.pid"),
        mustMatch: ["postgres"],
        signal: "SIGINT",
        graceMs: 15_000,
        log: this.ctx.log,
      });
      await this.plane.createServer(spec);
    }
  }

  async createServer(inst: Instance, job: Job, password: string | undefined): Promise<void> {
    if (!job.major) return;
    const spec = await this.newSpec(inst, job.major, {
      masterUser: inst.masterUsername,
      masterPassword: password ?? this.registry.spec(inst.resourceId)?.masterPassword ?? sandboxMasterPassword(),
      dbName: inst.dbName ?? "postgres",
    });
    await this.plane.createServer(spec);
  }

  async createGreen(blue: Instance, green: Instance, job: Job): Promise<void> {
    const blueSpec = this.registry.spec(blue.resourceId);
    if (!blueSpec || !job.major) return;
    // A previous process may have died half-way: start from nothing, with the slot its subscription left on blue.
    await this.destroy(green.resourceId);
    await this.plane.dropStaleSlot(blueSpec.id, green.resourceId);
    const spec = await this.newSpec(green, job.major, blueSpec);
    await this.plane.createGreen(blueSpec.id, spec);
  }

  async upgrade(inst: Instance, job: Job): Promise<void> {
    if (!job.major) return;
    await this.plane.upgradeServer(inst.resourceId, job.major);
    this.registry.setMajor(inst.resourceId, job.major);
  }

  /** PostgreSQL parameter groups and classes stay model-only. */
  async modify(): Promise<void> {}

  switchover(blue: Instance, green: Instance, opts: SwitchoverOptions) {
    return this.plane.switchover(blue.resourceId, green.resourceId, opts);
  }

  async promote(resourceId: string): Promise<void> {
    if (this.plane.has(resourceId)) await this.plane.promoteServer(resourceId);
  }

  async recoverSwitchover(blue: Instance, green: Instance): Promise<"rolled back" | "done"> {
    const blueSpec = this.registry.spec(blue.resourceId)!;
    const subscribed = await this.withSpec(this.registry.spec(green.resourceId)!, (c) =>
      c.query("SELECT 1 FROM pg_subscription WHERE subname LIKE 'bgdb_sub_%'"),
    );
    if ((subscribed.rowCount ?? 0) === 0) {
      // Past the point of no return: finish what the switchover would have done last.
      await this.plane.makeReadOnly(blue.resourceId);
      return "done";
    }
    await this.withSpec(blueSpec, (c) =>
      c.query(`ALTER DATABASE ${pg.escapeIdentifier(blueSpec.dbName)} RESET default_transaction_read_only`),
    );
    return "rolled back";
  }

  /**
   * OldestReplicationSlotLag (and ReplicationSlotDiskUsage, approximated by the same retained bytes) on blue from its
   * logical slot; ReplicaLag on green in seconds, from the walsender's replay_lag, else 0 when no byte is
   * outstanding, else the time since it last was 0.
   */
  async sample(d: Deployment, blue: string, green: string, at: number): Promise<void> {
    const bytes = await this.plane.replicationLagBytes(blue);
    const replay = await this.plane.replicationLagSeconds(blue);
    if (bytes === 0) this.lastCaughtUp.set(blue, at);
    const since = (at - (this.lastCaughtUp.get(blue) ?? d.greenTime ?? at)) / 1000;
    const seconds = bytes === 0 ? 0 : (replay ?? since);
    this.ctx.lag.record(blue, "OldestReplicationSlotLag", at, bytes);
    this.ctx.lag.record(blue, "ReplicationSlotDiskUsage", at, bytes);
    this.ctx.lag.record(green, "ReplicaLag", at, Math.round(seconds * 1000) / 1000);
  }

  describe(inst: Instance): string {
    if (!this.plane.has(inst.resourceId)) return "no server yet";
    const readOnly = this.plane.isReadOnly(inst.resourceId) ? " (read-only standby)" : "";
    return `PostgreSQL ${this.registry.spec(inst.resourceId)?.major} server${readOnly}`;
  }

  private async withSpec<T>(spec: PgServerSpec, fn: (c: pg.Client) => Promise<T>): Promise<T> {
    const c = new pg.Client({
      host: "127.0.0.1",
      port: spec.port,
      user: spec.masterUser,
      password: spec.masterPassword,
      database: spec.dbName,
    });
    c.on("error", () => undefined);
    await c.connect();
    try {
      return await fn(c);
    } finally {
      await c.end().catch(() => undefined);
    }
  }

  private async newSpec(
    inst: Instance,
    major: PgMajor,
    creds: Pick<PgServerSpec, "masterUser" | "masterPassword" | "dbName">,
  ): Promise<PgServerSpec> {
    const spec: PgServerSpec = {
      id: inst.resourceId,
      major,
      dataDir: this.registry.dataDir(inst.resourceId),
      port: this.registry.spec(inst.resourceId)?.port ?? (await freePort()),
      masterUser: creds.masterUser,
      masterPassword: creds.masterPassword,
      dbName: creds.dbName,
    };
    this.registry.set(spec);
    return spec;
  }
}
