import { run as migra } from "@pgkit/migra";
import { type PgServerSpec, withClient } from "./pg-server.js";

/**
 * Schema copy without pg_dump (the embedded packages ship none): @pgkit/migra — a maintained TypeScript
 * port of djrobstep's migra — diffs the target database against the source and emits the DDL that makes
 * the target look like the source: tables, sequences (with OWNED BY), indexes, constraints, views, enums,
 * functions, extensions. Run against a freshly created database this is "copy the schema".
 */
export async function copySchema(from: PgServerSpec, to: PgServerSpec, log: (msg: string) => void): Promise<void> {
  const migration = await migra(url(to), url(from), { unsafe: true }).catch((err: unknown) => {
    throw new Error(`schema diff failed: ${redact(String(err), from, to)}`);
  });
  try {
    const sql = migration.sql;
    log(`schema copy ${from.id} -> ${to.id}: ${migration.statements.length} statements`);
    if (sql.trim()) await withClient(to, (c) => c.query(sql));
  } finally {
    // migra opened one pool per URL; close them or they keep sockets to both servers open.
    for (const side of [migration.s_from, migration.s_target]) {
      await (side as { end?: () => Promise<void> }).end?.().catch(() => undefined);
    }
  }
}

function url(spec: PgServerSpec): string {
  const user = encodeURIComponent(spec.masterUser);
  const password = encodeURIComponent(spec.masterPassword);
  return `postgresql://${user}:${password}@127.0.0.1:${spec.port}/${encodeURIComponent(spec.dbName)}`;
}

/** Error text from a driver may echo the connection string: strip the passwords before it goes anywhere. */
export function redact(text: string, ...specs: PgServerSpec[]): string {
  let out = text;
  for (const s of specs) {
    for (const secret of [s.masterPassword, encodeURIComponent(s.masterPassword)]) {
      if (secret) out = out.split(secret).join("***");
    }
  }
  return out;
}
