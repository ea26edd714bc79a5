/**
 * Connects the model to the real servers. The model queues jobs (state.jobs) and holds the events that depend on them
 * (`after`); this runs the jobs one at a time in the serve process, each on the backing of its instance's engine
 * (model/real-backing.ts decides which), marks them done or failed, and on failure moves the model itself
 * (INVALID_CONFIGURATION, SWITCHOVER_FAILED, …). It also opens each instance's endpoint on its model address and port
 * and samples lag once a second. Jobs persist with the model, so after a restart:
 * - create-server, create-green, modify, destroy, promote are simply run again (create-green wipes a half-made green);
 * - upgrade is marked failed (the instance returns to `available` on its old version);
 * - switchover: if green still follows blue, the point of no return was not reached: blue's write block is lifted
 *   and the switchover is failed (rolled back); otherwise old blue is made read-only, it is done and the renames
 *   apply.
 */

import { setTimeout as sleep } from "node:timers/promises";
import { errnoCode } from "../../../src/common/errno.js";
import { freePort } from "../dataplane/free-port.js";
import { LOOPBACK } from "../dataplane/loopback.js";
import type { Account } from "../model/account.js";
import { failProvisioning, scheduleSwitchoverFailure } from "../model/deployments.js";
import { rdsArn } from "../model/ids.js";
import { type RealBackingKind, realBackingOf } from "../model/real-backing.js";
import type { Deployment, Instance, Job } from "../model/state.js";
import type { EngineBacking } from "./engine-backing.js";
import { LagHistory } from "./lag-history.js";
import { MariaDbBacking } from "./mariadb-backing.js";
import { PgBacking } from "./pg-backing.js";

export interface BackingsOptions {
  /** The sandbox dir; servers live in `<dir>/pg` and `<dir>/mariadb`. */
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

const ENGINE_NAMES: Record<RealBackingKind, string> = { postgres: "PostgreSQL", mariadb: "MariaDB" };

export class Backings {
  readonly lag = new LagHistory();
  readonly engines: Record<RealBackingKind, EngineBacking>;
  private readonly account: Account;
  private readonly log: (msg: string) => void;
  /** Passwords handed over by CreateDBInstance until its job made the server. Memory only. */
  private readonly passwords = new Map<string, string>();
  private loop: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private sampling = false;
  private closing: Promise<void> | undefined;

  constructor(private readonly opts: BackingsOptions) {
    this.account = opts.account;
    this.log = opts.log ?? (() => undefined);
    const ctx = { dir: opts.dir, account: opts.account, lag: this.lag, log: this.log };
    this.engines = { postgres: new PgBacking(ctx), mariadb: new MariaDbBacking(ctx) };
  }

  /** CreateDBInstance's MasterUserPassword, kept only until the server is made. */
  rememberPassword(resourceId: string, password: string | undefined): void {
    if (password) this.passwords.set(resourceId, password);
  }

  /** Brings back every server (data, port, endpoint) and settles jobs a previous process left unfinished. */
  async start(): Promise<void> {
    const pending = (id: string) => this.unfinished(id);
    for (const engine of Object.values(this.engines)) await engine.start(pending);
    await this.recoverInterrupted();
    this.account.advance();
    for (const inst of this.account.state.instances) {
      const engine = this.engineOf(inst);
      if (inst.status !== "deleting" && engine?.has(inst.resourceId)) await this.openEndpoint(engine, inst);
    }
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
      await sleep(50);
    }
  }

  /** Stops sampling and every server and proxy; jobs still running stay pending for the next start. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      clearInterval(this.timer);
      await Promise.all(Object.values(this.engines).map((e) => e.close()));
      await this.loop?.catch(() => undefined);
    })();
    return this.closing;
  }

  /** What `sandbox status` says about an instance's backing. */
  describe(inst: Instance): string {
    return this.engineOf(inst)?.describe(inst) ?? "model-only";
  }

  private engineOf(inst: Pick<Instance, "engine" | "engineVersion" | "clusterResourceId">): EngineBacking | undefined {
    const kind = realBackingOf(this.account, inst);
    return kind ? this.engines[kind] : undefined;
  }

  private redact(text: string): string {
    return Object.values(this.engines).reduce((t, e) => e.redact(t), text);
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
    const m = d?.members[0];
    const blue = m && this.account.instanceByResource(m.blue);
    const green = m?.green ? this.account.instanceByResource(m.green) : undefined;
    const engine = blue && this.engineOf(blue);
    if (!d || !blue || !green || !engine?.has(blue.resourceId) || !engine.has(green.resourceId)) {
      this.fail(job, "deployment gone");
      return;
    }
    if ((await engine.recoverSwitchover(blue, green)) === "rolled back") {
      this.failSwitchover(job, d, "the sandbox stopped during the switchover; it was rolled back");
    } else {
      job.state = "done";
    }
  }

  /**
   * Opens the instance's endpoint on its model address and port. The model hands out ports from 15432 up without
   * knowing what else listens on this machine (another sandbox, a local PostgreSQL or MariaDB): when the port is
   * taken, the endpoint moves to a free one and the model follows, as RDS would give a new instance whatever endpoint
   * it likes. An address this machine cannot bind (a state.json made where 127.0.0.0/8 is all loopback, now on one
   * where it is not) falls back to 127.0.0.1 the same way.
   */
  private async openEndpoint(engine: EngineBacking, inst: Instance): Promise<void> {
    for (;;) {
      try {
        await engine.openEndpoint(inst, inst.resourceId);
        return;
      } catch (e) {
        const code = errnoCode(e);
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
        this.onFailure(job, this.redact((e as Error).message ?? String(e)));
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
    if (job.kind === "switchover") return this.switchover(job);
    const inst = job.resourceId ? this.account.instanceByResource(job.resourceId) : undefined;
    const engine = inst && this.engineOf(inst);
    if (!inst || !engine) return;
    switch (job.kind) {
      case "create-server":
        await engine.createServer(inst, job, this.passwords.get(inst.resourceId));
        this.passwords.delete(inst.resourceId);
        await this.openEndpoint(engine, inst);
        return;
      case "create-green": {
        const d = this.deployment(job);
        const blue = d && this.account.instanceByResource(d.members[0]!.blue);
        if (!blue || !engine.has(blue.resourceId)) return;
        await engine.createGreen(blue, inst, job);
        await this.openEndpoint(engine, inst);
        return;
      }
      case "upgrade":
        return engine.upgrade(inst, job);
      case "modify":
        return engine.modify(inst, job);
      case "destroy":
        if (engine.has(inst.resourceId)) await engine.closeEndpoint(inst);
        return engine.destroy(inst.resourceId);
      case "promote":
        return engine.promote(inst.resourceId);
    }
  }

  private async switchover(job: Job): Promise<void> {
    const d = this.deployment(job);
    const m = d?.members[0];
    const blue = m && this.account.instanceByResource(m.blue);
    const green = m?.green ? this.account.instanceByResource(m.green) : undefined;
    const engine = blue && this.engineOf(blue);
    if (!d || !blue || !green || !engine) throw new Error("the deployment's members are gone");
    // The model's renames give production's endpoint to green and green's endpoint to old blue (`-old1`).
    let result: Awaited<ReturnType<EngineBacking["switchover"]>>;
    try {
      result = await engine.switchover(blue, green, {
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
        this.log(`switchover completed with an error past the point of no return: ${this.redact(String(e))}`);
        return;
      }
      throw e;
    }
    // `in` narrows even where strictNullChecks is off (the control CLI test compiles without it).
    if ("reason" in result) this.failSwitchover(job, d, this.redact(result.reason));
  }

  private onFailure(job: Job, reason: string): void {
    this.log(`${job.kind} ${job.resourceId ?? job.deploymentId} failed: ${reason}`);
    const inst = job.resourceId ? this.account.instanceByResource(job.resourceId) : undefined;
    switch (job.kind) {
      case "create-server":
      case "create-green": {
        const kind = inst && realBackingOf(this.account, inst);
        const what = kind ? `The real ${ENGINE_NAMES[kind]} server` : "The real server";
        if (inst) this.setStatus(inst, "failed", `${what} could not be created: ${reason}`);
        if (job.kind === "create-green") {
          const d = this.deployment(job);
          if (d) failProvisioning(this.account, d, reason);
        }
        this.fail(job, reason);
        return;
      }
      case "upgrade":
        this.finishUpgradeFailure(job, reason);
        return;
      case "modify":
        // The server keeps running what it had: back to `available`, with an event saying why.
        this.fail(job, reason);
        if (inst) this.setStatus(inst, "available", `The DB instance modification failed: ${reason}`);
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
    this.account.unscheduleResource(inst.resourceId);
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

  /** One sample per live deployment with a real green, by the engine of its blue. */
  private async sample(): Promise<void> {
    if (this.sampling || this.closing) return;
    this.sampling = true;
    try {
      for (const d of this.account.state.deployments) {
        const m = d.members[0];
        if (!LIVE_DEPLOYMENT.has(d.status) || !m?.green || d.switchoverTime) continue;
        const blue = this.account.instanceByResource(m.blue);
        const engine = blue && this.engineOf(blue);
        if (!engine?.has(m.blue) || !engine.has(m.green)) continue;
        if (this.account.state.jobs.some((j) => j.resourceId === m.green && j.state === "pending")) continue;
        await engine.sample(d, m.blue, m.green, this.account.now());
      }
    } catch (e) {
      this.log(`lag sample failed: ${this.redact((e as Error).message)}`);
    } finally {
      this.sampling = false;
    }
  }
}
