/**
 * Ready-to-use sources (with a data plane, pg16-source is a real PostgreSQL 16 server and mariadb-source a real
 * MariaDB server; MySQL and Aurora stay model-only): PostgreSQL 16 with logical replication on (so a 16 → 17
 * blue/green works), MariaDB (the installed build, with sample rows, a row-based binlog kept a week, and a tuned
 * parameter group `mariadb-tuned` for a green), MySQL 8.0 and an Aurora PostgreSQL cluster with one writer; and the
 * DNS names an application would use for them: a private hosted zone `example.internal.` with a CNAME
 * `<source>.db.example.internal` to each source's endpoint address.
 * Idempotent: what already exists is left alone (a CNAME someone repointed stays repointed).
 */
import type { Account } from "./model/account.js";
import { engineVersions, unavailableReason, versionOfMajor } from "./model/catalog.js";
import { changeRecordSets, createHostedZone, fqdn } from "./model/dns.js";
import { REGION } from "./model/ids.js";
import { realBackingOf } from "./model/real-backing.js";
import { createCluster, createInstance, createParameterGroup } from "./model/resources.js";

export const SEED_ZONE = "example.internal.";
/** The seeded CNAME of a source: `pg16-source` → `pg16-source.db.example.internal.`. */
export const seedCname = (sourceId: string) => fqdn(`${sourceId}.db.${SEED_ZONE}`);
/** mariadb-source only where MariaDB is installed (a source not seeded gets no CNAME). */
const SEEDED_SOURCES = ["pg16-source", "mariadb-source", "mysql80-source", "aurora-pg-source"];

export interface SeedResult {
  /** Instances and clusters made by this seed. */
  created: string[];
  existing: string[];
  /** Sources this machine cannot run, with why (MariaDB not installed). */
  skipped: { id: string; reason: string }[];
  dns: { zoneId: string; created: string[]; existing: string[] };
}

/** The private zone and one CNAME per seeded source, each to its endpoint address (which stays production's). */
function seedDns(account: Account): SeedResult["dns"] {
  const zone =
    account.state.hostedZones.find((z) => z.name === SEED_ZONE && z.vpcs) ??
    createHostedZone(account, {
      name: SEED_ZONE,
      callerReference: "bgdb-sandbox-seed",
      vpc: { id: "vpc-sandbox", region: REGION },
    });
  const dns: SeedResult["dns"] = { zoneId: zone.id, created: [], existing: [] };
  for (const id of SEEDED_SOURCES) {
    const source = account.state.instances.find((i) => i.id === id) ?? account.state.clusters.find((c) => c.id === id);
    const name = seedCname(id);
    if (!source) continue;
    if (zone.records.some((r) => r.Name === name && r.Type === "CNAME")) {
      dns.existing.push(name);
      continue;
    }
    changeRecordSets(zone, [
      { action: "CREATE", record: { Name: name, Type: "CNAME", TTL: 60, Values: [source.address] } },
    ]);
    dns.created.push(name);
  }
  return dns;
}

const LOGICAL = { "rds.logical_replication": "1", max_replication_slots: "20", max_wal_senders: "20" };

export function seed(account: Account): SeedResult {
  const result: Omit<SeedResult, "dns"> = { created: [], existing: [], skipped: [] };
  createParameterGroup(account, "pg16-logical", "instance", "postgres16", { ...LOGICAL });
  createParameterGroup(account, "pg17-logical", "instance", "postgres17", { ...LOGICAL });
  createParameterGroup(account, "aurora-pg16-logical", "cluster", "aurora-postgresql16", {
    ...LOGICAL,
    synchronous_commit: "on",
  });
  createParameterGroup(account, "aurora-pg17-logical", "cluster", "aurora-postgresql17", {
    ...LOGICAL,
    synchronous_commit: "on",
  });
  const has = (id: string, kind: "instance" | "cluster") =>
    (kind === "instance" ? account.state.instances : account.state.clusters).some((r) => r.id === id);
  const make = (id: string, kind: "instance" | "cluster", fn: () => void) => {
    if (has(id, kind)) {
      result.existing.push(id);
      return;
    }
    fn();
    result.created.push(id);
  };
  const common = { backupRetentionPeriod: 7, masterUsername: "bgdb", instanceClass: "db.t4g.medium" };
  make("pg16-source", "instance", () =>
    createInstance(account, {
      ...common,
      id: "pg16-source",
      engine: "postgres",
      // The 16.x the installed server runs (DescribeDBEngineVersions lists it; its upgrade target is the 17.x).
      engineVersion: versionOfMajor("postgres", "16"),
      parameterGroup: "pg16-logical",
      dbName: "app",
    }),
  );
  seedMariaDb(account, make, common, result);
  make("mysql80-source", "instance", () =>
    createInstance(account, {
      ...common,
      id: "mysql80-source",
      engine: "mysql",
      engineVersion: "8.0.36",
      dbName: "app",
    }),
  );
  make("aurora-pg-source", "cluster", () =>
    createCluster(account, {
      id: "aurora-pg-source",
      engine: "aurora-postgresql",
      engineVersion: "16.4",
      backupRetentionPeriod: 7,
      masterUsername: "bgdb",
      parameterGroup: "aurora-pg16-logical",
      databaseName: "app",
    }),
  );
  make("aurora-pg-source-instance-1", "instance", () =>
    createInstance(account, {
      ...common,
      id: "aurora-pg-source-instance-1",
      clusterId: "aurora-pg-source",
      instanceClass: "db.r6g.large",
    }),
  );
  // Seeded sources are ready at once: a demo should not wait for "creating". A real server is ready when it
  // answers, so its `available` waits only for that (the admin route awaits it before replying).
  for (const id of result.created) {
    const inst = account.state.instances.find((i) => i.id === id);
    const cl = account.state.clusters.find((c) => c.id === id);
    const target = inst ?? cl;
    if (!target) continue;
    if (inst && realBackingOf(account, inst)) {
      for (const e of account.state.schedule) if ("resourceId" in e && e.resourceId === inst.resourceId) e.at = 0;
      continue;
    }
    target.status = "available";
    account.unscheduleResource(target.resourceId);
  }
  return { ...result, dns: seedDns(account) };
}

/** Binlog kept a week, so a green (or an external replica) that falls behind can still catch up. */
const BINLOG_RETENTION_SECONDS = String(7 * 24 * 3600);

/** mariadb-source on the installed MariaDB build, or a note saying why not. */
function seedMariaDb(
  account: Account,
  make: (id: string, kind: "instance", fn: () => void) => void,
  common: { backupRetentionPeriod: number; masterUsername: string; instanceClass: string },
  result: Omit<SeedResult, "dns">,
): void {
  const version = engineVersions("mariadb")[0];
  if (!version) {
    result.skipped.push({ id: "mariadb-source", reason: unavailableReason("mariadb") ?? "no MariaDB version" });
    return;
  }
  const binlog = { binlog_format: "ROW", binlog_expire_logs_seconds: BINLOG_RETENTION_SECONDS };
  createParameterGroup(account, "mariadb-binlog", "instance", version.family, { ...binlog });
  // A green to rehearse with (bgdb demo --engine mariadb): the same binlog, a larger redo log buffer (static, so
  // applying it to a running server is a real restart).
  createParameterGroup(account, "mariadb-tuned", "instance", version.family, {
    ...binlog,
    innodb_log_buffer_size: "33554432",
  });
  make("mariadb-source", "instance", () => {
    const inst = createInstance(account, {
      ...common,
      id: "mariadb-source",
      engine: "mariadb",
      engineVersion: version.version,
      parameterGroup: "mariadb-binlog",
      dbName: "app",
    });
    const job = account.state.jobs.find((j) => j.id === `server:${inst.resourceId}`);
    if (job) job.sampleData = true;
  });
}
