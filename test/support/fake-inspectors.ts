/** A fake of the DbInspectors port: blue's facts and sessions as a test sets them, and what was opened. */
import type {
  DbActivity,
  DbFacts,
  DbInspectors,
  InspectTarget,
  PgDatabaseFacts,
  PgFacts,
} from "../../src/ports/index.js";

export const pgDatabase = (p: Partial<PgDatabaseFacts> = {}): PgDatabaseFacts => ({
  name: "orders",
  keyless: [],
  unlogged: [],
  materializedViews: [],
  largeObjects: 0,
  extensions: [],
  sequences: 0,
  publications: [],
  ...p,
});

/** A healthy PostgreSQL 16 blue with logical replication on and one database. */
export const pgFacts = (p: Partial<PgFacts> = {}, db: Partial<PgDatabaseFacts> = {}): PgFacts => ({
  family: "postgres",
  server: "PostgreSQL 16.3",
  settings: {
    wal_level: "logical",
    max_replication_slots: "10",
    max_wal_senders: "10",
    max_logical_replication_workers: "4",
    max_worker_processes: "8",
    "rds.logical_replication": "on",
  },
  slots: [],
  subscriptions: [],
  databases: [pgDatabase(db)],
  unreadable: [],
  ...p,
});

export interface FakeInspectors extends DbInspectors {
  facts: DbFacts;
  activity: DbActivity;
  /** Where each inspector was opened. */
  opened: InspectTarget[];
  /** Make open() fail with this message. */
  refuse?: string;
}

export function fakeInspectors(facts: DbFacts = pgFacts(), activity: DbActivity = { sessions: [] }): FakeInspectors {
  const fake: FakeInspectors = {
    credentials: "the URL in $BLUE_URL",
    facts,
    activity,
    opened: [],
    supports: (engine) => engine === "postgres" || engine === "aurora-postgresql",
    async open(target) {
      if (fake.refuse) throw new Error(fake.refuse);
      fake.opened.push(target);
      return {
        facts: async () => structuredClone(fake.facts),
        activity: async () => structuredClone(fake.activity),
        close: async () => undefined,
      };
    },
  };
  return fake;
}
