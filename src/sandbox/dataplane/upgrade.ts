import { rename, rm } from "node:fs/promises";
import type { PgMajor } from "./binaries.js";
import { freezeWrites, unfreezeWrites, waitConfirmed } from "./catch-up.js";
import { freePort } from "./free-port.js";
import { connect, PgServer, type PgServerSpec, withClient } from "./pg-server.js";
import { copySequences, subscribe, subscriptionName, unsubscribe } from "./replication.js";
import { copySchema } from "./schema-copy.js";

export interface UpgradeContext {
  /** The other known servers: a green's publisher is found among them by port. */
  others: PgServerSpec[];
  secretsDir: string;
  workDir: string;
  log: (msg: string) => void;
}

/**
 * Logical major upgrade (pg_upgrade is not shipped): a fresh cluster of the new major is initialised in
 * `<dataDir>.pg<major>` on a spare port and filled, then the old cluster is stopped and deleted and the new
 * one takes over its data dir and port.
 *  - A green (subscriber of a blue): its subscription is dropped and recreated on the new cluster with
 *    copy_data, schema copied from blue: the new cluster is a complete, consistent, replicating green.
 *  - Any other server: the new cluster subscribes to the old one (schema via migra, data via copy_data),
 *    then the old one's writes are frozen, the new one catches up, sequences are copied, the temporary
 *    subscription is dropped. Writes made during the upgrade block briefly at the end, like RDS's outage.
 * Not supported: upgrading a blue that feeds a green (RDS forbids upgrading blue above green anyway).
 */
export async function upgrade(server: PgServer, toMajor: PgMajor, ctx: UpgradeContext): Promise<void> {
  const old = server.spec;
  if (old.major === toMajor) return;
  if (toMajor < old.major) throw new Error(`cannot downgrade ${old.id} from ${old.major} to ${toMajor}`);
  const publisher = await publisherOf(old, ctx.others);
  const nextSpec: PgServerSpec = {
    ...old,
    major: toMajor,
    dataDir: `${old.dataDir}.pg${toMajor}`,
    port: await freePort(),
  };
  await rm(nextSpec.dataDir, { recursive: true, force: true });
  const next = new PgServer(nextSpec, ctx.secretsDir, ctx.log);
  ctx.log(
    `upgrade ${old.id}: ${old.major} -> ${toMajor} (${publisher ? `re-subscribing to ${publisher.id}` : "logical copy"})`,
  );
  try {
    await next.init();
    if (publisher) {
      await unsubscribe(old);
      await copySchema(publisher, nextSpec, ctx.log);
      await subscribe(publisher, nextSpec);
    } else {
      await copyStandalone(old, nextSpec, ctx.log);
    }
    await next.stop();
  } catch (err) {
    await next.stop();
    await rm(nextSpec.dataDir, { recursive: true, force: true });
    throw err;
  }
  await server.stop();
  await rm(old.dataDir, { recursive: true, force: true });
  await rename(nextSpec.dataDir, old.dataDir);
  server.spec = { ...old, major: toMajor };
  await server.start();
}

async function copyStandalone(old: PgServerSpec, next: PgServerSpec, log: (msg: string) => void): Promise<void> {
  await copySchema(old, next, log);
  await subscribe(old, next);
  const control = await connect(old);
  try {
    await control.query("SET default_transaction_read_only = off");
    const target = await freezeWrites(control, old.dbName);
    try {
      if (!(await waitConfirmed(control, subscriptionName(next.id), target, Date.now() + 60_000))) {
        throw new Error(`upgrade copy of ${old.id} did not catch up`);
      }
      await withClient(next, (nextC) => copySequences(control, nextC));
      await unsubscribe(next);
      await control.query("DROP PUBLICATION IF EXISTS bgdb_pub");
    } finally {
      await unfreezeWrites(control, old.dbName);
    }
  } finally {
    await control.end().catch(() => undefined);
  }
}

/** The blue a green subscribes to, found by the port in its subscription's connection string. */
async function publisherOf(spec: PgServerSpec, others: PgServerSpec[]): Promise<PgServerSpec | undefined> {
  const rows = await withClient(spec, async (c) => {
    const sql = "SELECT subconninfo FROM pg_subscription WHERE subname = $1";
    return (await c.query<{ subconninfo: string }>(sql, [subscriptionName(spec.id)])).rows;
  });
  const conninfo = rows[0]?.subconninfo;
  if (!conninfo) return undefined;
  const port = Number(/port=(\d+)/.exec(conninfo)?.[1]);
  const found = others.find((o) => o.port === port);
  if (!found) throw new Error(`publisher of ${spec.id} (port ${port}) is not a known server`);
  return found;
}
