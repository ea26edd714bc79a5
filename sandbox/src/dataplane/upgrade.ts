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
 * Logical major upgrade (pg_upgrade is not shipped). The old cluster is stopped and its data dir moved
 * aside to `<dataDir>.pg<old>-old`; a fresh cluster of the new major is initialised in the original data
 * dir and started on the original port (so the id, port, data dir and endpoints stay valid), then filled:
 *  - a green (subscriber of a blue): its subscription is dropped first; the new cluster gets the schema
 *    from blue and a new subscription with copy_data: a complete, consistent, replicating green.
 *  - any other server: the old cluster is restarted on a spare port and the new one subscribes to it
 *    (schema via migra, data via copy_data); then the old one's writes are frozen, the new one catches up,
 *    sequences are copied and the temporary subscription dropped. Clients see an outage, like RDS's.
 * On failure the old cluster is put back (a green then needs recreating: its subscription is gone).
 * Not supported: upgrading a blue that feeds a green (RDS forbids upgrading blue above green anyway).
 */
export async function upgrade(server: PgServer, toMajor: PgMajor, ctx: UpgradeContext): Promise<void> {
  const old = server.spec;
  if (old.major === toMajor) return;
  if (toMajor < old.major) throw new Error(`cannot downgrade ${old.id} from ${old.major} to ${toMajor}`);
  const publisher = await publisherOf(old, ctx.others);
  ctx.log(
    `upgrade ${old.id}: ${old.major} -> ${toMajor} (${publisher ? `re-subscribing to ${publisher.id}` : "logical copy"})`,
  );
  if (publisher) await unsubscribe(old);
  await server.stop();
  const oldDir = `${old.dataDir}.pg${old.major}-old`;
  await rm(oldDir, { recursive: true, force: true });
  await rename(old.dataDir, oldDir);
  const source = publisher
    ? undefined
    : new PgServer({ ...old, dataDir: oldDir, port: await freePort() }, ctx.secretsDir, ctx.log);
  try {
    await source?.start();
    server.spec = { ...old, major: toMajor };
    await server.init();
    if (publisher) {
      await copySchema(publisher, server.spec, ctx.log);
      await subscribe(publisher, server.spec);
    } else if (source) {
      await copyStandalone(source.spec, server.spec, ctx.log);
    }
  } catch (err) {
    await source?.stop();
    await server.stop();
    await rm(old.dataDir, { recursive: true, force: true });
    await rename(oldDir, old.dataDir);
    server.spec = old;
    await server.start();
    throw err;
  }
  await source?.stop();
  await rm(oldDir, { recursive: true, force: true });
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
