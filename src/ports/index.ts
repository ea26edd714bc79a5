export type * from "./clock.js";
export type * from "./confirm.js";
export type * from "./db-inspector.js";
export type * from "./dns.js";
export type * from "./identity.js";
export type * from "./invocation.js";
export type * from "./journal.js";
export type * from "./metrics.js";
export type * from "./paths.js";
export type * from "./process-runner.js";
export type * from "./rds.js";
export type * from "./reporter.js";
export type * from "./table-reader.js";
export type * from "./write-probe.js";

import type { Clock } from "./clock.js";
import type { Confirmer } from "./confirm.js";
import type { DbInspectors } from "./db-inspector.js";
import type { Dns } from "./dns.js";
import type { Identity } from "./identity.js";
import type { Invocation } from "./invocation.js";
import type { Journal } from "./journal.js";
import type { Metrics } from "./metrics.js";
import type { Paths } from "./paths.js";
import type { ProcessRunner } from "./process-runner.js";
import type { Rds } from "./rds.js";
import type { Reporter } from "./reporter.js";
import type { TableReaders } from "./table-reader.js";
import type { WriteProbe } from "./write-probe.js";

/** Everything core needs, injected by the CLI (or a test). */
export interface Deps {
  rds: Rds;
  metrics: Metrics;
  dns: Dns;
  identity: Identity;
  journal: Journal;
  clock: Clock;
  reporter: Reporter;
  runner: ProcessRunner;
  confirmer: Confirmer;
  paths: Paths;
  /** Aborted on Ctrl-C. */
  signal: AbortSignal;
  /** Region the clients talk to, for the audit log and messages. */
  region?: string;
  /** Who runs bgdb and how (command line, CI run), for every audit line; the CLI reads it at the edge. */
  invocation?: Invocation;
  /** Jitter source; tests pass a fixed one. @default Math.random */
  random?: () => number;
  /** Set with `switchover --probe`: writes through the production endpoint during the switchover. */
  probe?: WriteProbe;
  /** Set with `bgdb verify` and `switchover --verify`: reads blue and green to compare them table by table. */
  tableReaders?: TableReaders;
  /** Set with `--db-url-env`: reads blue's catalog and sessions (preflight's in-database checks, the prediction). */
  inspectors?: DbInspectors;
  /**
   * The sandbox's master password, which is not a secret (`bgdb --sandbox` only): `bgdb test` hands it to the test
   * command so a client connects without a prompt. Against AWS bgdb never knows a password.
   */
  sandboxPassword?: string;
  /** Poll intervals and retry pacing (see core/timing.ts); the sandbox and tests compress them. */
  timing?: Partial<import("../core/timing.js").PollTiming>;
}
