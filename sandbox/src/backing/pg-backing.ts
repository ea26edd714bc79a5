/**
 * Connects the model to the data plane: every PostgreSQL 16/17 instance of the model is a real server (data under
 * `<sandbox-dir>/pg/<DbiResourceId>`, an internal free port on 127.0.0.1, and a DataPlane endpoint proxy on the
 * model's endpoint `<address>:<port>`). MySQL and Aurora stay model-only: no real engine backs them here.
 *
 * The model queues jobs (state.jobs) and holds the events that depend on them (`after`); this class runs the
 * jobs one at a time in the serve process, marks them done or failed, and on failure moves the model itself
 * (INVALID_CONFIGURATION, SWITCHOVER_FAILED, …). Jobs persist with the model, so after a restart:
 * - create-server, create-green, destroy, promote are simply run again (a half-made green is wiped first, with
 *   the slot its dead subscription left on blue);
 * - upgrade is marked failed (its data dir may be half moved; the instance returns to `available` on its old
 *   version — the data plane restores the old cluster when it fails in-process);
 * - switchover: if green still subscribes to blue, the point of no return was not reached: blue's write block
 *   is lifted and the switchover is failed (rolled back); otherwise it is done and the renames apply.
 */
import { existsSync } from "node:fs";
import { chmod, mkdir, readFile, rm, stat } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { DataPlane, freePort, type PgMajor, type PgServerSpec } from "../dataplane/index.js";
import { LOOPBACK } from "../dataplane/loopback.js";
import type { Account } from "../model/account.js";
import { failProvisioning, scheduleSwitchoverFailure } from "../model/deployments.js";
import { rdsArn } from "../model/ids.js";
import type { Deployment, Instance, Job } from "../model/state.js";
import { awaitExitOrKill, pidAlive } from "../process.js";
import { LagHistory } from "./lag-history.js";
import { PgRegistry, sandboxMasterPassword } from "./registry.js";

export interface PgBackingOptions {
  /** The sandbox dir; servers live in `<dir>/pg`. */
  dir: string;
  account: Account;
  /** Saves state.json (after a job changed the model). */
  persist: () => void;
  /** Where a failed real switchover settles. @default "AVAILABLE" (as the switchover-failure fault's default) */
  failedSwitchoverSettlesTo?: "SWITCHOVER_FAILED" | "AVAILABLE";
  /** Switchover guardrail: a transaction open on blue longer than this refuses it. @default 10 */
  longTransactionSeconds?: number;
  /** Progress lines; never a password. */
  log?: (msg: string) => void;
  /** Lag sampling interval. @default 1000 */
  sampleMs?: number;
}

const LIVE_DEPLOYMENT = new Set(["PROVISIONING", "AVAILABLE", "SWITCHOVER_IN_PROGRESS", "INVALID_CONFIGURATION"]);

export class PgBacking {
  readonly plane: DataPlane;
  readonly lag = new LagHistory();
  private readonly registry: PgRegistry;
  private readonly account: Account;
  private readonly log: (msg: string) => void;
  /** Passwords handed over by CreateDBInstance until its job stores them in the registry. Memory only. */
  private readonly passwords = new Map<string, string>();
  private loop: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private sampling = false;
  private closing: Promise<void> | undefined;
  /** Zero-lag moments per blue, for the ReplicaLag estimate when PostgreSQL reports no replay_lag. */
  private readonly lastCaughtUp = new Map<string, number>();

  constructor(private readonly opts: PgBackingOptions) {
    this.account = opts.account;
    this.log = opts.log ?? (() => undefined);
    const pgDir = path.join(opts.dir, "pg");
    this.registry = new PgRegistry(pgDir);
    this.plane = new DataPlane({ rootDir: pgDir, log: this.log });
  }

  /** CreateDBInstance's MasterUserPassword, kept only until the server is made (then in the 0600 registry). */
  rememberPassword(resourceId: string, password: string | undefined): void {
    if (password) this.passwords.set(resourceId, password);
  }

  /**
   * Every directory above the data dirs must be traversable by the `postgres` user. bgdb's own `.bgdb` (made 0700 by
   * the journal) is opened to traversal only (o+x: no listing, files stay 0600); any other blocking directory is
   * reported, since changing a user's own directories is not the sandbox's call.
   */
  private async openAncestors(): Promise<void> {
    let dir = path.dirname(path.resolve(this.opts.dir));
    for (;;) {
      const st = await stat(dir);
      if ((st.mode & 0o001) === 0) {
        if (path.basename(dir) === ".bgdb" && st.uid === 0) await chmod(dir, (st.mode & 0o777) | 0o011);
        else
          this.log(
            `PostgreSQL runs as user postgres and cannot pass ${dir} (mode ${(st.mode & 0o777).toString(8)}): use a --sandbox-dir whose parents are world-traversable`,
          );
      }
      const up = path.dirname(dir);
      if (up === dir) return;
      dir = up;
    }
  }

  /** Brings back every server (data, port, endpoint) and settles jobs a previous process left unfinished. */
  async start(): Promise<void> {
    await mkdir(this.registry.pgDir, { recursive: true, mode: 0o700 });
    // As root, PostgreSQL runs as the `postgres` OS user, which must be able to reach its data dirs.
    if (process.getuid?.() === 0) {
      await chmod(this.opts.dir, 0o711);
      await chmod(this.registry.pgDir, 0o711);
      await this.openAncestors();
    }
    for (const inst of this.account.state.instances) {
      const spec = this.registry.spec(inst.resourceId);
      if (!spec || !existsSync(path.join(spec.dataDir, "PG_VERSION")) || this.unfinished(inst.resourceId)) continue;
      await reapOrphan(spec.dataDir, this.log);
      await this.plane.createServer(spec);
    }
    await this.recoverInterrupted();
    this.account.advance();
    await this.openEndpoints();
    this.opts.persist();
    this.timer = setInterval(() => void this.sample(), this.opts.sampleMs ?? 1000);
    this.timer.unref();
    this.kick();
  }

  /** Starts working through pending jobs unless already doing so. Called after every request. */
  kick(): void {
    if (this.loop || this.closing) return;
    this.loop = this.drain().finally(() => {
      this.loop = undefined;
    });
  }

  /** Resolves when these jobs are no longer pending (done or failed), or after `timeoutMs`. */
  async waitFor(jobIds: string[], timeoutMs = 120_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const pending = () => this.account.state.jobs.some((j) => jobIds.includes(j.id) && j.state === "pending");
    while (pending() && Date.now() < deadline && !this.closing) {
      this.kick();
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Stops sampling and every server and proxy; jobs still running stay pending for the next start. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      clearInterval(this.timer);
      await this.plane.close();
      await this.loop?.catch(() => undefined);
    })();
    return this.closing;
  }

  /** What `sandbox status` says about an instance's backing. */
  describe(inst: Instance): string {
    const major = this.account.realMajor(inst);
    if (!major) return "model-only";
    if (!this.plane.has(inst.resourceId)) return "no server yet";
    const readOnly = this.plane.isReadOnly(inst.resourceId) ? " (read-only standby)" : "";
    return `PostgreSQL ${this.registry.spec(inst.resourceId)?.major} server${readOnly}`;
  }

  private unfinished(resourceId: string): boolean {
    return this.account.state.jobs.some(
      (j) =>
        j.state === "pending" &&
        j.resourceId === resourceId &&
        (j.kind === "create-green" || j.kind === "create-server"),
    );
  }

  private async recoverInterrupted(): Promise<void> {
    for (const job of this.account.state.jobs.filter((j) => j.state === "pending")) {
      if (job.kind === "upgrade") {
        this.finishUpgradeFailure(job, "the sandbox stopped during the upgrade");
      } else if (job.kind === "switchover") {
        await this.recoverSwitchover(job);
      }
    }
  }

  private async recoverSwitchover(job: Job): Promise<void> {
    const d = this.deployment(job);
    const blue = d && this.account.instanceByResource(d.members[0]!.blue);
    const green = d?.members[0]?.green;
    const blueSpec = blue && this.registry.spec(blue.resourceId);
    if (!d || !blueSpec || !green || !this.plane.has(green)) {
      this.fail(job, "deployment gone");
      return;
    }
    const subscribed = await this.withSpec(this.registry.spec(green)!, (c) =>
      c.query("SELECT 1 FROM pg_subscription WHERE subname LIKE 'bgdb_sub_%'"),
    );
    if ((subscribed.rowCount ?? 0) > 0) {
      await this.withSpec(blueSpec, (c) =>
        c.query(`ALTER DATABASE ${pg.escapeIdentifier(blueSpec.dbName)} RESET default_transaction_read_only`),
      );
      this.failSwitchover(job, d, "the sandbox stopped during the switchover; it was rolled back");
    } else {
      // Past the point of no return: finish what the switchover would have done last.
      if (this.plane.has(blue.resourceId)) await this.plane.makeReadOnly(blue.resourceId);
      job.state = "done";
    }
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

  /** Each live real instance's endpoint port serves its server (after a restart, or after renames). */
  private async openEndpoints(): Promise<void> {
    for (const inst of this.account.state.instances) {
      if (inst.status === "deleting" || !this.plane.has(inst.resourceId)) continue;
      await this.openEndpoint(inst);
    }
  }

  /**
   * Opens the instance's endpoint on its model address and port. The model hands out ports from 15432 up without
   * knowing what else listens on this machine (another sandbox, a local PostgreSQL): when the port is taken, the
   * endpoint moves to a free one and the model follows, as RDS would give a new instance whatever endpoint it likes.
   * An address this machine cannot bind (a state.json made where 127.0.0.0/8 is all loopback, now on one where it is
   * not) falls back to 127.0.0.1 the same way.
   */
  private async openEndpoint(inst: { id: string; address: string; port: number; resourceId: string }): Promise<void> {
    for (;;) {
      try {
        await this.plane.openEndpoint(inst.port, inst.resourceId, inst.address);
        return;
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        const was = `${inst.address}:${inst.port}`;
        if (code === "EADDRNOTAVAIL" && inst.address !== LOOPBACK) inst.address = LOOPBACK;
        else if (code === "EADDRINUSE") inst.port = await freePort(inst.address);
        else throw e;
        this.log(
          `${was} is not available on this machine: ${inst.id}'s endpoint moves to ${inst.address}:${inst.port}`,
        );
      }
    }
  }

  private async drain(): Promise<void> {
    for (;;) {
      if (this.closing) return;
      this.prune();
      const job = this.account.state.jobs.find((j) => j.state === "pending");
      if (!job) return;
      try {
        await this.run(job);
        if (this.closing) return;
        if (job.state === "pending") job.state = "done";
      } catch (e) {
        // Closing kills servers under a running job: leave it pending for the next start.
        if (this.closing) return;
        this.onFailure(job, this.registry.redact((e as Error).message ?? String(e)));
      }
      this.account.advance();
      this.opts.persist();
    }
  }

  /** Done or failed jobs no event waits for any more are forgotten (state.json stays small). */
  private prune(): void {
    const wanted = new Set(this.account.state.schedule.map((e) => e.after).filter(Boolean));
    this.account.state.jobs = this.account.state.jobs.filter((j) => j.state === "pending" || wanted.has(j.id));
  }

  private async run(job: Job): Promise<void> {
    const inst = job.resourceId ? this.account.instanceByResource(job.resourceId) : undefined;
    switch (job.kind) {
      case "create-server": {
        if (!inst || !job.major) return;
        const spec = await this.newSpec(inst, job.major, {
          masterUser: inst.masterUsername,
          masterPassword:
            this.passwords.get(inst.resourceId) ??
            this.registry.spec(inst.resourceId)?.masterPassword ??
            sandboxMasterPassword(),
          dbName: inst.dbName ?? "postgres",
        });
        await this.plane.createServer(spec);
        this.passwords.delete(inst.resourceId);
        await this.openEndpoint(inst);
        return;
      }
      case "create-green": {
        const d = this.deployment(job);
        const blueSpec = d && this.registry.spec(d.members[0]!.blue);
        if (!d || !inst || !blueSpec || !job.major) return;
        // A previous process may have died half-way: start from nothing.
        await this.wipe(inst.resourceId);
        await this.plane.dropStaleSlot(blueSpec.id, inst.resourceId);
        const spec = await this.newSpec(inst, job.major, blueSpec);
        await this.plane.createGreen(blueSpec.id, spec);
        await this.openEndpoint(inst);
        return;
      }
      case "upgrade":
        if (!inst || !job.major) return;
        await this.plane.upgradeServer(inst.resourceId, job.major);
        this.registry.setMajor(inst.resourceId, job.major);
        return;
      case "switchover":
        return this.switchover(job);
      case "destroy":
        if (inst && this.plane.has(inst.resourceId)) await this.plane.closeEndpoint(inst.port, inst.address);
        if (job.resourceId) await this.wipe(job.resourceId);
        return;
      case "promote":
        if (inst && this.plane.has(inst.resourceId)) await this.plane.promoteServer(inst.resourceId);
        return;
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

  /** Stops and deletes a server (known to the plane or only on disk) and forgets it. */
  private async wipe(id: string): Promise<void> {
    if (this.plane.has(id)) await this.plane.destroyServer(id);
    await rm(this.registry.dataDir(id), { recursive: true, force: true });
    this.registry.remove(id);
  }

  private async switchover(job: Job): Promise<void> {
    const d = this.deployment(job);
    const m = d?.members[0];
    const blue = m && this.account.instanceByResource(m.blue);
    const green = m?.green ? this.account.instanceByResource(m.green) : undefined;
    if (!d || !blue || !green) throw new Error("the deployment's members are gone");
    // The model's renames give production's endpoint to green and green's endpoint to old blue (`-old1`).
    let result: Awaited<ReturnType<DataPlane["switchover"]>>;
    try {
      result = await this.plane.switchover(blue.resourceId, green.resourceId, {
        timeoutMs: job.timeoutMs ?? 300_000,
        blueEndpointPort: blue.port,
        greenEndpointPort: green.port,
        oldBlueEndpointPort: green.port,
        blueEndpointAddress: blue.address,
        greenEndpointAddress: green.address,
        oldBlueEndpointAddress: green.address,
        ...(this.opts.longTransactionSeconds ? { longTransactionSeconds: this.opts.longTransactionSeconds } : {}),
      });
    } catch (e) {
      // Green no longer follows blue: the switchover happened, even if a later step (an endpoint) failed. Reporting a
      // rollback here would tell the operator blue still serves when it does not.
      if ((e as { pastPointOfNoReturn?: boolean }).pastPointOfNoReturn) {
        this.log(`switchover completed with an error past the point of no return: ${this.registry.redact(String(e))}`);
        return;
      }
      throw e;
    }
    // `in` narrows even where strictNullChecks is off (the control CLI test compiles without it).
    if ("reason" in result) this.failSwitchover(job, d, this.registry.redact(result.reason));
  }

  private onFailure(job: Job, reason: string): void {
    this.log(`${job.kind} ${job.resourceId ?? job.deploymentId} failed: ${reason}`);
    const inst = job.resourceId ? this.account.instanceByResource(job.resourceId) : undefined;
    switch (job.kind) {
      case "create-server":
      case "create-green":
        if (inst) this.setStatus(inst, "failed", `The real PostgreSQL server could not be created: ${reason}`);
        if (job.kind === "create-green") {
          const d = this.deployment(job);
          if (d) failProvisioning(this.account, d, reason);
        }
        this.fail(job, reason);
        return;
      case "upgrade":
        this.finishUpgradeFailure(job, reason);
        return;
      case "switchover": {
        const d = this.deployment(job);
        if (d) this.failSwitchover(job, d, reason);
        else this.fail(job, reason);
        return;
      }
      default:
        this.fail(job, reason);
    }
  }

  private fail(job: Job, reason: string): void {
    job.state = "failed";
    job.reason = reason;
  }

  private failSwitchover(job: Job, d: Deployment, reason: string): void {
    this.fail(job, reason);
    this.account.unschedule((e) => e.kind === "switchover-done" && e.deploymentId === d.id);
    const settles = this.opts.failedSwitchoverSettlesTo ?? "AVAILABLE";
    scheduleSwitchoverFailure(this.account, d, `Switchover was rolled back: ${reason}`, settles, this.account.now());
  }

  /** The upgrade did not happen: back to `available` on the old version, with an event saying why. */
  private finishUpgradeFailure(job: Job, reason: string): void {
    this.fail(job, reason);
    const inst = job.resourceId ? this.account.instanceByResource(job.resourceId) : undefined;
    if (inst) this.setStatus(inst, "available", `Database engine upgrade failed: ${reason}`);
  }

  private setStatus(inst: Instance, status: string, message: string): void {
    this.account.unschedule((e) => "resourceId" in e && e.resourceId === inst.resourceId);
    inst.status = status;
    this.account.emit({
      sourceType: "db-instance",
      sourceId: inst.id,
      sourceArn: rdsArn("db", inst.id),
      message,
      categories: ["failure"],
    });
  }

  private deployment(job: Job): Deployment | undefined {
    return this.account.state.deployments.find((d) => d.id === job.deploymentId);
  }

  /**
   * One sample per live deployment with a real green: OldestReplicationSlotLag (and ReplicationSlotDiskUsage,
   * approximated by the same retained bytes) on blue from its logical slot; ReplicaLag on green in seconds, from
   * the walsender's replay_lag, else 0 when no byte is outstanding, else the time since it last was 0.
   */
  private async sample(): Promise<void> {
    if (this.sampling || this.closing) return;
    this.sampling = true;
    try {
      for (const d of this.account.state.deployments) {
        const m = d.members[0];
        if (!LIVE_DEPLOYMENT.has(d.status) || !m?.green || d.switchoverTime) continue;
        if (!this.plane.has(m.blue) || !this.plane.has(m.green)) continue;
        if (this.account.state.jobs.some((j) => j.resourceId === m.green && j.state === "pending")) continue;
        const at = this.account.now();
        const bytes = await this.plane.replicationLagBytes(m.blue);
        const replay = await this.plane.replicationLagSeconds(m.blue);
        if (bytes === 0) this.lastCaughtUp.set(m.blue, at);
        const since = (at - (this.lastCaughtUp.get(m.blue) ?? d.greenTime ?? at)) / 1000;
        const seconds = bytes === 0 ? 0 : (replay ?? since);
        this.lag.record(m.blue, "OldestReplicationSlotLag", at, bytes);
        this.lag.record(m.blue, "ReplicationSlotDiskUsage", at, bytes);
        this.lag.record(m.green, "ReplicaLag", at, Math.round(seconds * 1000) / 1000);
      }
    } catch (e) {
      this.log(`lag sample failed: ${this.registry.redact((e as Error).message)}`);
    } finally {
      this.sampling = false;
    }
  }
}

/**
 * A serve process killed hard (SIGKILL) leaves its postmasters running, holding their data dirs: stop the one
 * named in `postmaster.pid` (fast shutdown, then SIGKILL) so this process can start the server again.
 */
async function reapOrphan(dataDir: string, log: (msg: string) => void): Promise<void> {
  const pid = Number((await readFile(path.join(dataDir, "postmaster.pid"), "utf8").catch(() => "")).split("\n")[0]);
  if (!pid || !pidAlive(pid)) return;
  const cmd = await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "postgres");
  if (!cmd.includes("postgres")) return;
  log(`stopping orphaned postgres ${pid} of ${path.basename(dataDir)}`);
  process.kill(pid, "SIGINT");
  await awaitExitOrKill(pid, 15_000);
}
