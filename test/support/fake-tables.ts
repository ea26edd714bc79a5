/**
 * An in-memory database behind the TableReader port: tables of rows keyed by their primary key, read the way the
 * real adapters read (keyset boundaries, checksums over key ranges), with every call recorded. A test changes rows
 * between reads (replication catching up) through `beforeRead`.
 */
import type {
  DbTarget,
  KeyRange,
  KeyValue,
  RangeSum,
  TableInfo,
  TableReader,
  TableReaders,
} from "../../src/ports/index.js";

export type Row = Record<string, string | null>;

export interface FakeTable {
  columns: string[];
  primaryKey: string[];
  rows: Row[];
  schema?: string;
}

export class FakeDb {
  readonly tables = new Map<string, FakeTable>();
  readonly calls: string[] = [];
  /** Called before every read: the place to apply a change that was "still replicating". */
  beforeRead?: (call: string) => void;
  closed = 0;

  constructor(
    readonly server = "PostgreSQL 16.14",
    tables: Record<string, FakeTable> = {},
  ) {
    for (const [name, t] of Object.entries(tables)) this.tables.set(name, t);
  }

  /** A deep copy (another side starting out identical). */
  clone(server = this.server): FakeDb {
    const copy = new FakeDb(server);
    for (const [name, t] of this.tables)
      copy.tables.set(name, { ...t, columns: [...t.columns], rows: t.rows.map((r) => ({ ...r })) });
    return copy;
  }

  table(name: string): FakeTable {
    const t = this.tables.get(name);
    if (!t) throw new Error(`no table ${name}`);
    return t;
  }

  reader(): TableReader {
    const read = (call: string) => {
      this.calls.push(call);
      this.beforeRead?.(call);
    };
    return {
      server: this.server,
      listTables: async () => {
        read("listTables");
        return [...this.tables].map(([name, t]) => info(name, t));
      },
      countRows: async (t) => {
        read(`count ${t.name}`);
        return this.table(t.name).rows.length;
      },
      keyAfter: async (t, from, skip) => {
        read(`keyAfter ${t.name} ${from?.join(",") ?? "-"} ${skip}`);
        const keys = sorted(this.table(t.name)).map((r) => keyOf(t.primaryKey, r));
        const start = from ? keys.findIndex((k) => compareKeys(k, from) >= 0) : 0;
        return start < 0 ? undefined : keys[start + skip];
      },
      checksum: async (t, columns, range) => {
        read(`checksum ${t.name} ${range.from?.join(",") ?? "-"}..${range.to?.join(",") ?? "-"}`);
        return sumOf(this.table(t.name), columns, range);
      },
      close: async () => {
        this.closed++;
      },
    };
  }
}

function info(name: string, t: FakeTable): TableInfo {
  const [schema, table] = name.includes(".") ? (name.split(".") as [string, string]) : [t.schema ?? "public", name];
  return { name, schema, table, columns: [...t.columns], primaryKey: [...t.primaryKey] };
}

const keyOf = (pk: readonly string[], r: Row): KeyValue => pk.map((c) => String(r[c]));

/** Numbers by value, anything else as text: what ORDER BY does for the keys these tests use. */
function compareKeys(a: KeyValue, b: KeyValue): number {
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? "";
    const y = b[i] ?? "";
    const d = /^\d+$/.test(x) && /^\d+$/.test(y) ? Number(x) - Number(y) : x.localeCompare(y);
    if (d !== 0) return d;
  }
  return 0;
}

const sorted = (t: FakeTable) =>
  [...t.rows].sort((a, b) => compareKeys(keyOf(t.primaryKey, a), keyOf(t.primaryKey, b)));

function sumOf(t: FakeTable, columns: readonly string[], range: KeyRange): RangeSum {
  const inRange = sorted(t).filter((r) => {
    const k = keyOf(t.primaryKey, r);
    return (!range.from || compareKeys(k, range.from) >= 0) && (!range.to || compareKeys(k, range.to) < 0);
  });
  return { rows: inRange.length, digest: JSON.stringify(inRange.map((r) => columns.map((c) => r[c]))) };
}

/** `n` rows `{ id, name }` with ids 1..n. */
export function rows(n: number, name = (i: number) => `row-${i}`): Row[] {
  return Array.from({ length: n }, (_, i) => ({ id: String(i + 1), name: name(i + 1) }));
}

/** A TableReaders opening `blue` or `green` by side, recording what it was asked to open. */
export function fakeReaders(blue: FakeDb, green: FakeDb): TableReaders & { opened: DbTarget[] } {
  const opened: DbTarget[] = [];
  return {
    opened,
    open: async (target) => {
      opened.push(target);
      return (target.side === "blue" ? blue : green).reader();
    },
  };
}
