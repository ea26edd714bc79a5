import type { Endpoint } from "../dataplane/endpoint-table.js";
import type { SwitchoverOptions, SwitchoverResult } from "../dataplane/switchover-core.js";
import type { Account } from "../model/account.js";
import type { Deployment, Instance, Job } from "../model/state.js";
import type { LagHistory } from "./lag-history.js";

/** What every engine backing gets from the job runner (backings.ts). */
export interface BackingContext {
  /** The sandbox dir; each engine keeps its servers in a directory of its own below it. */
  dir: string;
  account: Account;
  lag: LagHistory;
  /** Progress lines; never a password. */
  log: (msg: string) => void;
}

/**
 * One engine's real servers (PostgreSQL: pg-backing.ts; MariaDB: mariadb-backing.ts). The job runner decides when
 * and what (jobs, their failures, the model's statuses, endpoints' ports, recovery); an engine backing does it on
 * its servers.
 */
export interface EngineBacking {
  /** Brings back its servers; `pending(resourceId)` names those a pending job will (re)make instead. */
  start(pending: (resourceId: string) => boolean): Promise<void>;
  has(resourceId: string): boolean;
  /** Listens on the instance's endpoint and forwards to its server; the errno (EADDRINUSE…) is the caller's. */
  openEndpoint(endpoint: Endpoint, resourceId: string): Promise<void>;
  closeEndpoint(endpoint: Endpoint): Promise<void>;
  /** A new server for `inst`, with the master password CreateDBInstance gave (if it still is in memory). */
  createServer(inst: Instance, job: Job, password: string | undefined): Promise<void>;
  /** `green`'s server from `blue`'s, replicating. A half-made green from an earlier process is wiped first. */
  createGreen(blue: Instance, green: Instance, job: Job): Promise<void>;
  upgrade(inst: Instance, job: Job): Promise<void>;
  /** Makes the server run its instance's current parameter group and class. */
  modify(inst: Instance, job: Job): Promise<void>;
  /** On success old blue is read-only for good: for every session, the master user's too, across restarts. */
  switchover(blue: Instance, green: Instance, opts: SwitchoverOptions): Promise<SwitchoverResult>;
  /** Green stops following its blue and stands alone. */
  promote(resourceId: string): Promise<void>;
  /** Stops and deletes a server (running or only on disk) and forgets it. */
  destroy(resourceId: string): Promise<void>;
  /**
   * After a crash during a switchover: "rolled back" when green still followed blue (the point of no return was not
   * reached; blue's write block has then been lifted), "done" when the switchover happened (old blue has then been
   * made read-only for good, the switchover's last step).
   */
  recoverSwitchover(blue: Instance, green: Instance): Promise<"rolled back" | "done">;
  /** One lag sample of a live deployment (both servers known here), recorded at `at`. */
  sample(d: Deployment, blue: string, green: string, at: number): Promise<void>;
  /** What `sandbox status` says about a server of this engine. */
  describe(inst: Instance): string;
  /** `text` without any password this engine knows. */
  redact(text: string): string;
  close(): Promise<void>;
}
