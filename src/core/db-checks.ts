/**
 * Preflight's in-database checks: blue's catalog and settings (ports/db-inspector.ts) judged against what RDS's
 * replication can carry (docs/rds-facts.md §4). Pure: facts in, checks out. Which checks apply, and how much a
 * finding counts, is one table — SEVERITY — keyed by how green is fed (engine.ts `replicationOf`): a table without a
 * primary key fails a logical upgrade, is worth a warning on binlog replication, and does not matter to a physical
 * one, which copies blocks, not rows.
 */
import type { DbFacts, MysqlFacts, PgDatabaseFacts, PgFacts } from "../ports/index.js";
import { isAurora, type Replication } from "./engine.js";
import type { PreflightCheck } from "./event.js";
import { cappedList, formatCount } from "./format.js";
import { PREDICTION } from "./predict.js";

/** Where a check's severity is looked up: the replication, with Aurora MySQL apart (it has prerequisites of its own). */
export type CheckScope = Replication | "aurora-binlog";

export const checkScope = (engine: string, replication: Replication): CheckScope =>
  replication === "binlog" && isAurora(engine) ? "aurora-binlog" : replication;

type Severity = "fail" | "warn";

/**
 * The rule: for each check, the scopes it applies to and what its main finding counts as there (a minor finding is a
 * warning at most). A check missing for a scope is not run there.
 */
export const SEVERITY = {
  "primary-keys": { logical: "fail", binlog: "warn", "aurora-binlog": "warn" },
  "unlogged-tables": { logical: "warn", physical: "warn" },
  "large-objects": { logical: "warn" },
  "materialized-views": { logical: "warn" },
  extensions: { logical: "fail" },
  "replication-slots": { logical: "fail", physical: "fail" },
  sequences: { logical: "warn" },
  "logical-settings": { logical: "fail" },
  "binlog-format": { binlog: "fail", "aurora-binlog": "fail" },
  "binlog-retention": { binlog: "warn", "aurora-binlog": "warn" },
  "event-scheduler": { binlog: "warn", "aurora-binlog": "warn" },
  "tmp-database": { "aurora-binlog": "fail" },
} as const satisfies Record<string, Partial<Record<CheckScope, Severity>>>;

export type DbCheckName = keyof typeof SEVERITY;

/** Something a check found; `minor` ones count as a warning whatever the table says. */
interface Finding {
  message: string;
  hint: string;
  minor?: boolean;
}

/** A check's result before the table weighs it: what it found, or the line saying it found nothing. */
type Outcome = { ok: string } | { found: Finding[] };

interface Scope {
  scope: CheckScope;
  aurora: boolean;
}

type Rule<F> = (facts: F, s: Scope) => Outcome;

const found = (...findings: Finding[]): Outcome => ({ found: findings });
const plural = (n: number, one: string, many = `${one}s`) => `${formatCount(n)} ${n === 1 ? one : many}`;

/** A PostgreSQL object's name as reported: `app.public.orders` when the server has several databases. */
function pgNames(facts: PgFacts, pick: (db: PgDatabaseFacts) => string[]): string[] {
  const many = facts.databases.length > 1;
  return facts.databases.flatMap((db) => pick(db).map((name) => (many ? `${db.name}.${name}` : name)));
}

const PG_RULES: Partial<Record<DbCheckName, Rule<PgFacts>>> = {
  "primary-keys": (f) => {
    const none = pgNames(f, (db) =>
      db.keyless.filter((t) => t.identity === "default" || t.identity === "nothing").map((t) => t.name),
    );
    const other = pgNames(f, (db) =>
      db.keyless.filter((t) => t.identity === "full" || t.identity === "index").map((t) => t.name),
    );
    if (none.length === 0 && other.length === 0) return { ok: "every table has a primary key" };
    const findings: Finding[] = [];
    if (none.length > 0) {
      findings.push({
        message: `${plural(none.length, "table")} without a primary key or REPLICA IDENTITY FULL: ${cappedList(none)}`,
        hint: "Logical replication cannot apply their UPDATEs and DELETEs on green: add a primary key (ALTER TABLE … ADD PRIMARY KEY (…)), or where no key exists ALTER TABLE … REPLICA IDENTITY FULL (slower).",
      });
    }
    if (other.length > 0) {
      findings.push({
        minor: true,
        message: `${plural(other.length, "table")} replicated by REPLICA IDENTITY FULL or a unique index instead of a primary key: ${cappedList(other)}`,
        hint: "They replicate, but FULL costs WAL volume and apply speed and RDS asks for primary keys: add one where you can.",
      });
    }
    return found(...findings);
  },
  "unlogged-tables": (f, s) => {
    const names = pgNames(f, (db) => db.unlogged);
    if (names.length === 0) return { ok: "no unlogged tables" };
    if (s.aurora && f.settings["rds.logically_replicate_unlogged_tables"] === "1") {
      return { ok: `${plural(names.length, "unlogged table")} replicated (rds.logically_replicate_unlogged_tables=1)` };
    }
    return found({
      message: `${plural(names.length, "unlogged table")}, empty on green: ${cappedList(names)}`,
      hint:
        s.scope === "physical"
          ? "Unlogged tables are not WAL-logged, so a replica has them empty and they are empty after the switchover: ALTER TABLE … SET LOGGED, or accept losing their rows."
          : "Logical replication does not carry unlogged tables: ALTER TABLE … SET LOGGED before creating, or accept that green has them empty.",
    });
  },
  "large-objects": (f) => {
    const n = f.databases.reduce((sum, db) => sum + db.largeObjects, 0);
    if (n === 0) return { ok: "no large objects" };
    return found({
      message: `${plural(n, "large object")}: any change to them while green exists breaks replication (Replication degraded)`,
      hint: "Do not create, change or delete large objects (lo_* functions) until the switchover, or move them into bytea columns first.",
    });
  },
  "materialized-views": (f, s) => {
    const names = pgNames(f, (db) => db.materializedViews);
    if (names.length === 0) return { ok: "no materialized views" };
    return found({
      message: `${plural(names.length, "materialized view")}, whose refreshes are not replicated: ${cappedList(names)}`,
      hint: s.aurora
        ? "On Aurora PostgreSQL a REFRESH MATERIALIZED VIEW on blue breaks replication: do not refresh until the switchover, then refresh on green."
        : "Refresh them on green after the switchover (REFRESH MATERIALIZED VIEW); refreshes on blue meanwhile do not reach green.",
    });
  },
  extensions: (f) => {
    const preload = (f.settings.shared_preload_libraries ?? "").split(",").map((x) => x.trim());
    const where = (ext: string) => {
      const dbs = f.databases.filter((db) => db.extensions.some((e) => e.name === ext)).map((db) => db.name);
      const loaded = preload.some((lib) => lib === ext || lib.startsWith(`${ext}_`));
      if (dbs.length === 0 && !loaded) return undefined;
      return [dbs.length > 0 ? `in ${cappedList(dbs)}` : "", loaded ? "in shared_preload_libraries" : ""]
        .filter(Boolean)
        .join(", ");
    };
    const findings: Finding[] = [];
    const partman = where("pg_partman");
    if (partman) {
      findings.push({
        minor: true,
        message: `pg_partman (${partman}): new partitions are DDL, which logical replication does not carry`,
        hint: "Stop pg_partman's maintenance on blue (its background worker and run_maintenance jobs) while green exists; create the partitions you need ahead of time.",
      });
    }
    const cron = where("pg_cron");
    if (cron) {
      findings.push({
        minor: true,
        message: `pg_cron (${cron}): its jobs must not run on green`,
        hint: "Keep pg_cron off on green (leave it out of shared_preload_libraries in --target-parameter-group) until the switchover, then turn it on.",
      });
    }
    for (const ext of ["pglogical", "pgactive"]) {
      const at = where(ext);
      if (!at) continue;
      findings.push({
        message: `${ext} (${at}): blue must not run another logical replication`,
        hint: `Turn ${ext} off on blue (drop its subscriptions and remove it from shared_preload_libraries) before creating; turn it on again after the switchover.`,
      });
    }
    return findings.length > 0
      ? found(...findings)
      : { ok: "no extension with blue/green rules (pg_partman, pg_cron, pglogical, pgactive)" };
  },
  "replication-slots": (f, s) => {
    const slots = f.slots.filter((x) => x.type === "logical");
    if (slots.length === 0 && f.subscriptions.length === 0)
      return { ok: "no logical replication slots or subscriptions" };
    const parts = [
      slots.length > 0
        ? `${plural(slots.length, "logical replication slot")} (${cappedList(slots.map((x) => `${x.name}${x.active ? " active" : ""}`))})`
        : "",
      f.subscriptions.length > 0
        ? `${plural(f.subscriptions.length, "subscription")} (${cappedList(f.subscriptions)})`
        : "",
    ].filter(Boolean);
    return found({
      message: `blue has ${parts.join(" and ")}`,
      hint:
        s.scope === "physical"
          ? "A physical blue/green needs blue to be neither a logical publisher nor a subscriber: drop these slots and subscriptions (in every database) before creating, recreate them after the switchover."
          : "Self-managed logical replication blocks creation and switchover: drop these slots and subscriptions (in every database), switch over, then recreate them.",
    });
  },
  sequences: (f) => {
    const n = f.databases.reduce((sum, db) => sum + db.sequences, 0);
    const seconds = n * PREDICTION.perSequenceSeconds;
    const text = `${plural(n, "sequence")}, synced at switchover (~${Math.ceil(seconds)} s by bgdb's estimate of ${PREDICTION.perSequenceSeconds} s each)`;
    if (seconds <= PREDICTION.sequenceWarnSeconds) return { ok: text };
    return found({
      message: text,
      hint: "The sync counts against the switchover's --timeout: raise it (bgdb preflight recommends one), or drop sequences nothing uses.",
    });
  },
  "logical-settings": (f) => {
    const num = (name: string) => Number.parseInt(f.settings[name] ?? "", 10);
    const dbs = f.databases.length;
    const slots = f.slots.length;
    const activeSlots = f.slots.filter((x) => x.active).length;
    const findings: Finding[] = [];
    const need = (name: string, atLeast: number, why: string, minor = false) => {
      const have = num(name);
      if (Number.isFinite(have) && have >= atLeast) return `${name}=${have}`;
      findings.push({
        minor,
        message: `${name}=${f.settings[name] ?? "?"}, below the ${atLeast} ${why}`,
        hint: `Set ${name} to at least ${atLeast} in blue's parameter group and green's (--target-parameter-group), then reboot blue.`,
      });
      return undefined;
    };
    const wal = f.settings.wal_level;
    if (wal !== "logical") {
      findings.push({
        message: `wal_level=${wal ?? "?"}${f.settings["rds.logical_replication"] ? ` (rds.logical_replication=${f.settings["rds.logical_replication"]})` : ""}: logical replication needs wal_level=logical`,
        hint: "Set rds.logical_replication=1 in blue's parameter group and reboot blue (a group that says 1 takes effect only after the reboot).",
      });
    }
    const ok = [
      wal === "logical" ? "wal_level=logical" : undefined,
      need("max_replication_slots", slots + dbs, `needed: ${slots} existing slot(s) and one per database (${dbs})`),
      need(
        "max_wal_senders",
        activeSlots + dbs,
        `needed: ${activeSlots} active sender(s) and one per database (${dbs})`,
      ),
      need("max_logical_replication_workers", dbs, `needed: one apply worker per database on green (${dbs})`, true),
      need(
        "max_worker_processes",
        num("max_logical_replication_workers") + 1,
        "needed: the replication workers and their launcher",
        true,
      ),
    ].filter(Boolean);
    return findings.length > 0 ? found(...findings) : { ok: `logical replication settings: ${ok.join(", ")}` };
  },
};

const MYSQL_RULES: Partial<Record<DbCheckName, Rule<MysqlFacts>>> = {
  "primary-keys": (f) => {
    if (f.keyless.length === 0) return { ok: "every table has a primary key" };
    return found({
      message: `${plural(f.keyless.length, "table")} without a primary key: ${cappedList(f.keyless)}`,
      hint: "Not a blue/green prerequisite for the MySQL family, but without a key green may scan the whole table for each replicated row change and fall behind: add primary keys.",
    });
  },
  "binlog-format": (f, s) => {
    const on = /^(on|1)$/i.test(f.variables.log_bin ?? "");
    const format = (f.variables.binlog_format ?? "?").toUpperCase();
    if (!on) {
      return found({
        message: "binary logging is off: there is nothing to replicate green from",
        hint: s.aurora
          ? "Set binlog_format (ROW) in the cluster parameter group and reboot the writer."
          : "Binary logging is on exactly when automated backups are: set a backup retention period above 0.",
      });
    }
    if (format === "ROW") return { ok: "binlog_format=ROW" };
    return found({
      minor: true,
      message: `binlog_format=${format}: ROW is the format a replica applies without surprises`,
      hint: `Set binlog_format=ROW in blue's ${s.aurora ? "cluster " : ""}parameter group (statement-based events can apply differently on green).`,
    });
  },
  "binlog-retention": (f, s) => {
    if (f.binlogRetentionHours === undefined)
      return { ok: "binlog retention: not readable here (no mysql.rds_configuration)" };
    if (f.binlogRetentionHours !== null) return { ok: `binlog retention ${f.binlogRetentionHours} h` };
    return found({
      message: "binlog retention hours is NULL: binlogs are purged as soon as RDS can",
      hint: `CALL mysql.rds_set_configuration('binlog retention hours', 24); so a green that falls behind can still catch up (up to ${s.aurora ? "2160" : "168"} h).`,
    });
  },
  "event-scheduler": (f) => {
    const value = (f.variables.event_scheduler ?? "OFF").toUpperCase();
    if (value !== "ON") return { ok: `event_scheduler=${value}` };
    return found({
      message: "event_scheduler=ON on blue: it must be off on green, or events run on both",
      hint: "Set event_scheduler=OFF in green's parameter group (--target-parameter-group); turn it on after the switchover.",
    });
  },
  "tmp-database": (f) => {
    if (!f.databases.some((d) => d.toLowerCase() === "tmp")) return { ok: "no database named tmp" };
    return found({
      message: "a database named tmp: Aurora MySQL does not copy it to green",
      hint: "Move its tables to a database with another name before creating.",
    });
  },
};

/**
 * The in-database checks for one source: every rule the table runs for this engine and replication, in the table's
 * order, each as ok / warn / fail with what it found and the fix.
 */
export function dbChecks(facts: DbFacts, engine: string, replication: Replication): PreflightCheck[] {
  const s: Scope = { scope: checkScope(engine, replication), aurora: isAurora(engine) };
  const checks: PreflightCheck[] = [];
  for (const name of Object.keys(SEVERITY) as DbCheckName[]) {
    const severity: Severity | undefined = (SEVERITY[name] as Partial<Record<CheckScope, Severity>>)[s.scope];
    if (!severity) continue;
    const outcome = facts.family === "postgres" ? PG_RULES[name]?.(facts, s) : MYSQL_RULES[name]?.(facts, s);
    if (!outcome) continue;
    if ("ok" in outcome) {
      checks.push({ name, ok: true, message: outcome.ok });
      continue;
    }
    for (const f of outcome.found) {
      checks.push({ name, ok: f.minor || severity === "warn" ? "warn" : false, message: f.message, hint: f.hint });
    }
  }
  if (facts.family === "postgres") {
    for (const u of facts.unreadable) {
      checks.push({
        name: "unreadable-database",
        ok: "warn",
        message: `could not read database ${u.database}: ${u.message}`,
        hint: "Grant the URL's user CONNECT on it, or check it yourself: its tables were not checked.",
      });
    }
  }
  return checks;
}
