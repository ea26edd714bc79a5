/**
 * Preflight's in-database checks against fakes of the inspection port's facts: each check's verdict by engine and
 * replication (the SEVERITY table), what it names, and its fix.
 */
import { describe, expect, it } from "vitest";
import { checkScope, type DbCheckName, dbChecks, SEVERITY } from "../../src/core/db-checks.js";
import { type Replication, replicationOf } from "../../src/core/engine.js";
import type { PreflightCheck } from "../../src/core/event.js";
import type { MysqlFacts, PgDatabaseFacts, PgFacts } from "../../src/ports/index.js";
import { pgDatabase, pgFacts } from "../support/fake-inspectors.js";

const db = (p: Partial<PgDatabaseFacts> = {}): PgDatabaseFacts => pgDatabase({ name: "app", sequences: 3, ...p });

/** A healthy PostgreSQL 16 blue with logical replication on: one database, nothing to report. */
const pg = (p: Partial<PgFacts> = {}, dbs: Partial<PgDatabaseFacts>[] = [{}]): PgFacts =>
  pgFacts({
    server: "PostgreSQL 16.14",
    settings: { ...pgFacts().settings, shared_preload_libraries: "pg_stat_statements" },
    databases: dbs.map(db),
    ...p,
  });

const mysql = (p: Partial<MysqlFacts> = {}): MysqlFacts => ({
  family: "mysql",
  server: "MySQL 8.0.36",
  variables: { log_bin: "ON", binlog_format: "ROW", event_scheduler: "OFF" },
  binlogRetentionHours: 24,
  keyless: [],
  databases: ["shop"],
  ...p,
});

const named = (checks: PreflightCheck[], name: DbCheckName) => checks.filter((c) => c.name === name);
const verdicts = (checks: PreflightCheck[]) => Object.fromEntries(checks.map((c) => [c.name, c.ok]));

/** Every PostgreSQL check: what logical replication (a major upgrade, Aurora PostgreSQL) runs. */
const PG_LOGICAL: DbCheckName[] = [
  "primary-keys",
  "unlogged-tables",
  "large-objects",
  "materialized-views",
  "extensions",
  "replication-slots",
  "sequences",
  "logical-settings",
];

describe("which checks run: the engine and the replication", () => {
  it.each<[string, string, Replication, DbCheckName[]]>([
    ["PostgreSQL major upgrade (logical)", "postgres", "logical", PG_LOGICAL],
    ["PostgreSQL same major (physical)", "postgres", "physical", ["unlogged-tables", "replication-slots"]],
    ["Aurora PostgreSQL", "aurora-postgresql", "logical", PG_LOGICAL],
  ])("%s", (_what, engine, replication, expected) => {
    expect(dbChecks(pg(), engine, replication).map((c) => c.name)).toEqual(expected);
  });

  it.each<[string, string, DbCheckName[]]>([
    ["RDS for MySQL", "mysql", ["primary-keys", "binlog-format", "binlog-retention", "event-scheduler"]],
    ["RDS for MariaDB", "mariadb", ["primary-keys", "binlog-format", "binlog-retention", "event-scheduler"]],
    [
      "Aurora MySQL",
      "aurora-mysql",
      ["primary-keys", "binlog-format", "binlog-retention", "event-scheduler", "tmp-database"],
    ],
  ])("%s (binlog)", (_what, engine, expected) => {
    const checks = dbChecks(mysql(), engine, "binlog");
    expect(checks.map((c) => c.name)).toEqual(expected);
    expect(checks.every((c) => c.ok === true)).toBe(true);
  });

  it("a healthy logical blue passes every check", () => {
    expect(dbChecks(pg(), "postgres", "logical").every((c) => c.ok === true)).toBe(true);
  });

  it("the replication comes from engine.ts: a PostgreSQL major upgrade is logical, a minor one physical", () => {
    expect(replicationOf("postgres", "16.3", "17.2")).toBe("logical");
    expect(replicationOf("postgres", "16.3", "16.4")).toBe("physical");
    expect(replicationOf("postgres", "16.3")).toBe("physical");
    expect(replicationOf("aurora-postgresql", "16.4")).toBe("logical");
    expect(replicationOf("mysql", "8.0.36", "8.4.3")).toBe("binlog");
    expect(checkScope("aurora-mysql", "binlog")).toBe("aurora-binlog");
    expect(Object.keys(SEVERITY)).toContain("primary-keys");
  });
});

describe("tables without a primary key", () => {
  const keyless = pg({}, [
    {
      keyless: [
        { name: "public.events", identity: "default" },
        { name: "public.audit", identity: "nothing" },
        { name: "public.wide", identity: "full" },
        { name: "public.by_index", identity: "index" },
      ],
    },
  ]);

  it.each<[Replication, string, (boolean | "warn")[]]>([
    ["logical", "postgres", [false, "warn"]],
    ["physical", "postgres", []],
  ])("%s replication: %s", (replication, engine, expected) => {
    expect(named(dbChecks(keyless, engine, replication), "primary-keys").map((c) => c.ok)).toEqual(expected);
  });

  it("names the tables and says how to fix them", () => {
    const [fail, minor] = named(dbChecks(keyless, "postgres", "logical"), "primary-keys");
    expect(fail?.message).toBe("2 tables without a primary key or REPLICA IDENTITY FULL: public.events, public.audit");
    expect(fail?.hint).toMatch(/ADD PRIMARY KEY .*REPLICA IDENTITY FULL/);
    expect(minor?.message).toContain("public.wide, public.by_index");
  });

  it("caps a long list with 'and N more', and names the database when there are several", () => {
    const many = Array.from({ length: 12 }, (_, i) => ({ name: `public.t${i}`, identity: "default" as const }));
    const [check] = named(
      dbChecks(pg({}, [{ keyless: many }, { name: "postgres" }]), "postgres", "logical"),
      "primary-keys",
    );
    expect(check?.message).toBe(
      "12 tables without a primary key or REPLICA IDENTITY FULL: app.public.t0, app.public.t1, app.public.t2, app.public.t3, app.public.t4 and 7 more",
    );
  });

  it("MySQL: a warning (not an AWS prerequisite), with the tables", () => {
    const [check] = named(dbChecks(mysql({ keyless: ["shop.log"] }), "mysql", "binlog"), "primary-keys");
    expect(check).toMatchObject({ ok: "warn", message: "1 table without a primary key: shop.log" });
  });
});

describe("each PostgreSQL check and its verdict", () => {
  it.each<[string, PgFacts, string, Replication, DbCheckName, (boolean | "warn")[], RegExp]>([
    [
      "unlogged tables, logical",
      pg({}, [{ unlogged: ["public.cache"] }]),
      "postgres",
      "logical",
      "unlogged-tables",
      ["warn"],
      /public\.cache/,
    ],
    [
      "unlogged tables, physical",
      pg({}, [{ unlogged: ["public.cache"] }]),
      "postgres",
      "physical",
      "unlogged-tables",
      ["warn"],
      /empty on green/,
    ],
    [
      "unlogged tables, Aurora replicating them",
      pg({ settings: { ...pg().settings, "rds.logically_replicate_unlogged_tables": "1" } }, [
        { unlogged: ["public.cache"] },
      ]),
      "aurora-postgresql",
      "logical",
      "unlogged-tables",
      [true],
      /replicated/,
    ],
    [
      "large objects",
      pg({}, [{ largeObjects: 1500 }]),
      "postgres",
      "logical",
      "large-objects",
      ["warn"],
      /1,500 large objects/,
    ],
    [
      "materialized views",
      pg({}, [{ materializedViews: ["public.daily"] }]),
      "postgres",
      "logical",
      "materialized-views",
      ["warn"],
      /public\.daily/,
    ],
    [
      "pg_partman and pg_cron: warnings",
      pg({}, [
        {
          extensions: [
            { name: "pg_partman", version: "5.1" },
            { name: "pg_cron", version: "1.6" },
          ],
        },
      ]),
      "postgres",
      "logical",
      "extensions",
      ["warn", "warn"],
      /pg_partman \(in app\)/,
    ],
    [
      "pglogical loaded: a failure",
      pg({ settings: { ...pg().settings, shared_preload_libraries: "pglogical,pg_stat_statements" } }),
      "postgres",
      "logical",
      "extensions",
      [false],
      /pglogical \(in shared_preload_libraries\)/,
    ],
    [
      "pgactive installed: a failure",
      pg({}, [{ extensions: [{ name: "pgactive", version: "2.1" }] }]),
      "postgres",
      "logical",
      "extensions",
      [false],
      /pgactive/,
    ],
    [
      "a logical slot and a subscription: a failure",
      pg({
        slots: [{ name: "debezium", type: "logical", plugin: "pgoutput", active: true }],
        subscriptions: ["from_legacy"],
      }),
      "postgres",
      "logical",
      "replication-slots",
      [false],
      /1 logical replication slot \(debezium active\) and 1 subscription \(from_legacy\)/,
    ],
    [
      "a logical slot blocks a physical deployment too",
      pg({ slots: [{ name: "cdc", type: "logical", active: false }] }),
      "postgres",
      "physical",
      "replication-slots",
      [false],
      /cdc/,
    ],
    [
      "a physical slot is not external logical replication",
      pg({ slots: [{ name: "replica", type: "physical", active: true }] }),
      "postgres",
      "logical",
      "replication-slots",
      [true],
      /no logical replication slots/,
    ],
    [
      "a few sequences: ok, with the estimate",
      pg(),
      "postgres",
      "logical",
      "sequences",
      [true],
      /3 sequences, synced at switchover \(~1 s/,
    ],
    [
      "thousands of sequences: a warning",
      pg({}, [{ sequences: 3800 }]),
      "postgres",
      "logical",
      "sequences",
      ["warn"],
      /3,800 sequences.*~190 s/,
    ],
    [
      "wal_level replica: a failure",
      pg({ settings: { ...pg().settings, wal_level: "replica", "rds.logical_replication": "off" } }),
      "postgres",
      "logical",
      "logical-settings",
      [false],
      /wal_level=replica \(rds\.logical_replication=off\)/,
    ],
    [
      "too few slots for the databases: a failure",
      pg({ settings: { ...pg().settings, max_replication_slots: "1" } }, [{}, { name: "postgres" }]),
      "postgres",
      "logical",
      "logical-settings",
      [false],
      /max_replication_slots=1, below the 2/,
    ],
    [
      "too few workers: a warning",
      pg({ settings: { ...pg().settings, max_logical_replication_workers: "1", max_worker_processes: "1" } }, [
        {},
        { name: "postgres" },
      ]),
      "postgres",
      "logical",
      "logical-settings",
      ["warn", "warn"],
      /max_logical_replication_workers=1, below the 2/,
    ],
  ])("%s", (_what, facts, engine, replication, name, expected, message) => {
    const checks = named(dbChecks(facts, engine, replication), name);
    expect(checks.map((c) => c.ok)).toEqual(expected);
    expect(checks.map((c) => c.message).join("\n")).toMatch(message);
    for (const c of checks) if (c.ok !== true) expect(c.hint).toBeTruthy();
  });

  it("a database the credentials cannot read is a warning naming it", () => {
    const checks = dbChecks(
      pg({ unreadable: [{ database: "billing", message: "permission denied" }] }),
      "postgres",
      "logical",
    );
    expect(checks.at(-1)).toMatchObject({
      name: "unreadable-database",
      ok: "warn",
      message: expect.stringContaining("billing"),
    });
  });
});

describe("each MySQL-family check and its verdict", () => {
  it.each<[string, MysqlFacts, string, DbCheckName, boolean | "warn", RegExp]>([
    [
      "binlog off",
      mysql({ variables: { log_bin: "OFF", binlog_format: "ROW" } }),
      "mysql",
      "binlog-format",
      false,
      /binary logging is off/,
    ],
    [
      "binlog off on Aurora",
      mysql({ variables: { log_bin: "OFF" } }),
      "aurora-mysql",
      "binlog-format",
      false,
      /nothing to replicate/,
    ],
    [
      "MIXED format: a warning",
      mysql({ variables: { log_bin: "ON", binlog_format: "MIXED" } }),
      "mariadb",
      "binlog-format",
      "warn",
      /binlog_format=MIXED/,
    ],
    ["retention NULL", mysql({ binlogRetentionHours: null }), "aurora-mysql", "binlog-retention", "warn", /NULL/],
    ["retention set", mysql({ binlogRetentionHours: 48 }), "mysql", "binlog-retention", true, /48 h/],
    [
      "retention unreadable",
      mysql({ binlogRetentionHours: undefined }),
      "mysql",
      "binlog-retention",
      true,
      /not readable/,
    ],
    [
      "event_scheduler ON",
      mysql({ variables: { log_bin: "ON", binlog_format: "ROW", event_scheduler: "ON" } }),
      "mysql",
      "event-scheduler",
      "warn",
      /off on green/,
    ],
    [
      "a database named tmp (Aurora MySQL)",
      mysql({ databases: ["shop", "tmp"] }),
      "aurora-mysql",
      "tmp-database",
      false,
      /tmp/,
    ],
  ])("%s", (_what, facts, engine, name, expected, message) => {
    const [check] = named(dbChecks(facts, engine, "binlog"), name);
    expect(check?.ok).toBe(expected);
    expect(check?.message).toMatch(message);
  });

  it("a database named tmp is only Aurora MySQL's rule", () => {
    expect(verdicts(dbChecks(mysql({ databases: ["tmp"] }), "mysql", "binlog"))).not.toHaveProperty("tmp-database");
  });
});
