/** Fake streams and fake AWS ports for driving `run(argv, io)` in tests. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterAll } from "vitest";
import { FakeClock } from "../../src/adapters/system/fake-clock.js";
import { type CliIo, run } from "../../src/cli/main.js";
import type { BlueGreenDeployment, DbInstance, Deps, Rds } from "../../src/ports/index.js";

/** Every command `bgdb --help` must list. */
export const COMMANDS = [
  "create",
  "upgrade",
  "test",
  "verify",
  "lag",
  "switchover",
  "cleanup",
  "abort",
  "status",
  "list",
  "report",
  "deploy",
  "sandbox",
  "demo",
  "audit",
  "schema",
  "completion",
];

export const MUTATING = /^(create|switchover|delete|modify)/;

export interface Recorder {
  calls: { method: string; args: unknown[] }[];
  mutating(): string[];
}

const ARN = "arn:aws:rds:eu-west-1:123456789012:db:";

export function deployment(overrides: Partial<BlueGreenDeployment> = {}): BlueGreenDeployment {
  return {
    id: "bgd-abc123",
    name: "orders-to-17",
    source: `${ARN}orders`,
    target: `${ARN}orders-green-abc`,
    status: "AVAILABLE",
    tasks: [{ name: "CREATING_READ_REPLICA_OF_SOURCE", status: "COMPLETED" }],
    switchoverDetails: [{ sourceMember: `${ARN}orders`, targetMember: `${ARN}orders-green-abc`, status: "AVAILABLE" }],
    tags: {},
    createTime: new Date("2026-11-26T11:00:00Z"),
    ...overrides,
  };
}

function instance(id: string, engineVersion: string): DbInstance {
  return {
    id,
    arn: `${ARN}${id}`,
    status: "available",
    engine: "postgres",
    engineVersion,
    instanceClass: "db.r6g.large",
    endpoint: { address: `${id}.c9.eu-west-1.rds.amazonaws.com`, port: 5432 },
    backupRetentionPeriod: 7,
    parameterGroups: [{ name: "default.postgres16", applyStatus: "in-sync" }],
    deletionProtection: false,
    readReplicaIds: [],
    managedMasterPassword: false,
  };
}

/**
 * An RDS fake that answers reads with one healthy AVAILABLE deployment and records every call, so a test can assert
 * that no mutating call was made.
 */
export function fakeRds(): Rds & Recorder {
  const calls: Recorder["calls"] = [];
  const instances = [instance("orders", "16.3"), instance("orders-green-abc", "17.2")];
  const answers: Partial<Record<keyof Rds, (...args: never[]) => unknown>> = {
    describeBlueGreenDeployments: () => [deployment()],
    describeDbInstances: (filter?: { id?: string }) =>
      instances.filter((i) => !filter?.id || filter.id === i.id || filter.id === i.arn),
    describeDbClusters: () => [],
    describeEvents: () => [],
    describeDbEngineVersions: () => [],
    describeDbParameters: () => [],
    describeDbClusterParameters: () => [],
    describeDbSnapshots: () => [],
    describeDbClusterSnapshots: () => [],
  };
  const target = { calls, mutating: () => calls.map((c) => c.method).filter((m) => MUTATING.test(m)) };
  return new Proxy(target, {
    get(obj, prop: string) {
      if (prop in obj) return obj[prop as keyof typeof obj];
      return async (...args: unknown[]) => {
        calls.push({ method: prop, args });
        const answer = answers[prop as keyof Rds] as ((...a: unknown[]) => unknown) | undefined;
        return answer ? answer(...args) : deployment();
      };
    },
  }) as unknown as Rds & Recorder;
}

export interface Harness {
  rds: Rds & Recorder;
  clock: FakeClock;
  stateDir: string;
  makeDepsCalls: number;
  out: () => string;
  err: () => string;
  run: (argv: string[], io?: Partial<CliIo>) => Promise<number>;
}

/** Collects what is written to a stream; the returned function reads it so far. */
export function collect(stream: PassThrough): () => string {
  let text = "";
  stream.on("data", (c: Buffer) => {
    text += c.toString();
  });
  return () => text;
}

/** A fresh fake world per test: streams, a recording rds, metrics reporting zero lag, a FakeClock, a temp journal. */
const stateDirs: string[] = [];
// Registered in each test file that imports this module: no temp journal outlives its file.
afterAll(() => {
  for (const d of stateDirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

export function harness(): Harness {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const stdin = new PassThrough();
  const rds = fakeRds();
  const clock = new FakeClock();
  const stateDir = mkdtempSync(join(tmpdir(), "bgdb-cli-"));
  stateDirs.push(stateDir);
  const h: Harness = {
    rds,
    clock,
    stateDir,
    makeDepsCalls: 0,
    out: collect(stdout),
    err: collect(stderr),
    run: (argv, io = {}) =>
      run(argv, {
        stdout,
        stderr,
        stdin,
        env: { BGDB_STATE_DIR: stateDir },
        isTTY: false,
        cwd: stateDir,
        signal: new AbortController().signal,
        makeDeps: (): Partial<Deps> => {
          h.makeDepsCalls++;
          return {
            rds,
            clock,
            random: () => 0.5,
            region: "eu-west-1",
            metrics: {
              getSeries: async (q) =>
                [0, 1, 2, 3, 4].map((i) => ({ timestamp: new Date(q.end.getTime() - i * 60_000), value: 0 })).reverse(),
            },
            dns: { lookup: async () => undefined },
            identity: {
              whoAmI: async () => ({
                account: "123456789012",
                arn: "arn:aws:iam::123456789012:user/ci",
                userId: "AIDA",
              }),
            },
          };
        },
        ...io,
      }),
  };
  return h;
}
