import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { RDSClient } from "@aws-sdk/client-rds";
import { ListHostedZonesByNameCommand, ListResourceRecordSetsCommand, Route53Client } from "@aws-sdk/client-route-53";
import { STSClient } from "@aws-sdk/client-sts";
import { installedPgVersion } from "../src/dataplane/binaries.js";
import { mariaDbInstall } from "../src/dataplane/mariadb/binaries.js";
import { type SandboxServer, type SandboxServerOptions, startSandboxServer } from "../src/server.js";

/** The PostgreSQL versions the installed binaries run, which are the only ones the sandbox offers. */
export const PG16 = installedPgVersion(16);
export const PG17 = installedPgVersion(17);

const mariadb = mariaDbInstall();
/**
 * The MariaDB build installed here, the one version the sandbox offers for engine mariadb; undefined without MariaDB
 * (then `seed` makes no mariadb-source: see mariadb-missing.test.ts).
 */
export const MARIADB = mariadb.ok ? mariadb.version : undefined;
/** The instances `seed` makes, of which every one but the Aurora member is a source with a CNAME. */
export const SEEDED_INSTANCES = [
  "pg16-source",
  ...(MARIADB ? ["mariadb-source"] : []),
  "mysql80-source",
  "aurora-pg-source-instance-1",
];

/** What every SDK client of these tests talks to the sandbox with (any credentials do). */
export const sdkConfig = (endpoint: string) => ({
  endpoint,
  region: "us-east-1",
  credentials: { accessKeyId: "x", secretAccessKey: "y" },
});

/**
 * The sandbox of the real-PostgreSQL and real-MariaDB tests: real servers, on the real clock with timings sped up
 * tenfold, a 1 s long-transaction guardrail. A failed switchover stays SWITCHOVER_FAILED 2 s (20 s / 10) before it
 * settles: the default 200 ms is shorter than one of their status polls, which then never see the failure.
 */
export function startRealSandbox(dir: string): Promise<SandboxServer> {
  return startSandboxServer({
    dir,
    realPostgres: true,
    speed: 10,
    longTransactionSeconds: 1,
    timings: { switchoverSettle: 20_000 },
  });
}

/** `sandbox seed` as the control CLI sends it: the admin API, with the token the server issued. */
export function seedThroughAdminApi(server: SandboxServer): Promise<Response> {
  return fetch(`${server.url}/_sandbox/seed`, {
    method: "POST",
    headers: { authorization: `Bearer ${server.adminToken}` },
  });
}

/** The target of the CNAME `name` in the seeded zone, read through Route 53 as an application's DNS would. */
export async function zoneCnameTarget(route53: Route53Client, name: string): Promise<string | undefined> {
  const zone = (await route53.send(new ListHostedZonesByNameCommand({ DNSName: "example.internal" }))).HostedZones![0]!;
  const sets = await route53.send(
    new ListResourceRecordSetsCommand({ HostedZoneId: zone.Id!, StartRecordName: name, StartRecordType: "CNAME" }),
  );
  return sets.ResourceRecordSets!.find((r) => r.Name === `${name}.` && r.Type === "CNAME")?.ResourceRecords?.[0]?.Value;
}

/** A controllable clock: tests move sandbox time instead of sleeping. */
export class FakeClock {
  t = Date.parse("2026-11-26T12:00:00Z");
  now = () => this.t;
  advance(ms: number): void {
    this.t += ms;
  }
}

export interface Harness {
  server: SandboxServer;
  clock: FakeClock;
  dir: string;
  rds: RDSClient;
  cloudwatch: CloudWatchClient;
  route53: Route53Client;
  sts: STSClient;
  close(): Promise<void>;
}

export async function startHarness(
  opts: Partial<SandboxServerOptions> & { maxAttempts?: number; keepDir?: string } = {},
): Promise<Harness> {
  const dir = opts.keepDir ?? mkdtempSync(join(tmpdir(), "bgdb-sandbox-"));
  const clock = new FakeClock();
  const server = await startSandboxServer({ now: clock.now, ...opts, dir });
  const config = { ...sdkConfig(server.url), maxAttempts: opts.maxAttempts ?? 1 };
  const clients = {
    rds: new RDSClient(config),
    cloudwatch: new CloudWatchClient(config),
    route53: new Route53Client(config),
    sts: new STSClient(config),
  };
  return {
    server,
    clock,
    dir,
    ...clients,
    async close() {
      for (const c of Object.values(clients)) c.destroy();
      await server.close();
      if (!opts.keepDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
