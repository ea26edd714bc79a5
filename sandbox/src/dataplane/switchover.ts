import type pg from "pg";
import { freezeWrites, terminateClients, unfreezeWrites, waitConfirmed } from "./catch-up.js";
import type { EndpointProxy } from "./endpoint-proxy.js";
import { LOOPBACK } from "./loopback.js";
import { connect, type PgServerSpec } from "./pg-server.js";
import { copySequences, subscriptionName, unsubscribe } from "./replication.js";
import { redact } from "./schema-copy.js";

export interface Endpoint {
  address: string;
  port: number;
}

export interface SwitchoverOptions {
  /** Everything from the write block to the point of no return must fit; past it, all is rolled back. */
  timeoutMs: number;
  /** Production endpoint: answers for blue before, for green after. */
  blueEndpointPort: number;
  /** Green's own endpoint; closed after a successful switchover (green's name moves to production). */
  greenEndpointPort: number;
  /** Opened for old blue after the switchover (`-old1`), read-only. */
  oldBlueEndpointPort: number;
  /** The endpoints' addresses. @default 127.0.0.1 each */
  blueEndpointAddress?: string;
  greenEndpointAddress?: string;
  oldBlueEndpointAddress?: string;
  /** Guardrail: a transaction open on blue longer than this refuses the switchover. @default 10 */
  longTransactionSeconds?: number;
}

export type SwitchoverResult = { ok: true; writeBlockedMs: number; catchUpMs: number } | { ok: false; reason: string };

/** What switchover needs from the DataPlane: the two servers and its endpoint table. */
export interface SwitchoverContext {
  blue: PgServerSpec;
  green: PgServerSpec;
  proxy(endpoint: Endpoint): EndpointProxy | undefined;
  /** Points `endpoint` at `serverId`, opening it if needed. */
  pointEndpoint(endpoint: Endpoint, serverId: string): Promise<void>;
  closeEndpoint(endpoint: Endpoint): Promise<void>;
  log(msg: string): void;
}

/**
 * The switchover of docs/rds-facts.md §5 on two real servers. Until the subscription is dropped nothing on blue has
 * changed but a database-level read-only default, so rollback is: reset it, release held connections.
 */
export async function switchover(ctx: SwitchoverContext, opts: SwitchoverOptions): Promise<SwitchoverResult> {
  const { blue, green } = ctx;
  const blueC = await connect(blue);
  const greenC = await connect(green);
  try {
    // Our control sessions must keep writing (ALTER DATABASE, setval) after the read-only default is set.
    await blueC.query("SET default_transaction_read_only = off");
    const refusal = await guardrails(blueC, greenC, green, opts.longTransactionSeconds ?? 10);
    if (refusal) return { ok: false, reason: refusal };
    return await blockAndSwitch(ctx, opts, blueC, greenC);
  } finally {
    await blueC.end().catch(() => undefined);
    await greenC.end().catch(() => undefined);
  }
}

async function guardrails(
  blueC: pg.Client,
  greenC: pg.Client,
  green: PgServerSpec,
  longTxnS: number,
): Promise<string | undefined> {
  const long = await blueC.query<{ pid: number; age: string }>(
    `SELECT pid, round(extract(epoch FROM now() - xact_start))::text AS age FROM pg_stat_activity
     WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()
       AND xact_start < now() - make_interval(secs => $1) ORDER BY xact_start LIMIT 1`,
    [longTxnS],
  );
  const oldest = long.rows[0];
  if (oldest) return `long-running transaction on blue (pid ${oldest.pid}, open ${oldest.age} s > ${longTxnS} s)`;
  const sub = await greenC.query<{ subenabled: boolean }>("SELECT subenabled FROM pg_subscription WHERE subname = $1", [
    subscriptionName(green.id),
  ]);
  if (sub.rows[0]?.subenabled !== true) return "replication to green is not running (no enabled subscription)";
  return undefined;
}

async function blockAndSwitch(
  ctx: SwitchoverContext,
  opts: SwitchoverOptions,
  blueC: pg.Client,
  greenC: pg.Client,
): Promise<SwitchoverResult> {
  const { blue, green } = ctx;
  const started = Date.now();
  const deadline = started + opts.timeoutMs;
  const production = { address: opts.blueEndpointAddress ?? LOOPBACK, port: opts.blueEndpointPort };
  const greenOwn = { address: opts.greenEndpointAddress ?? LOOPBACK, port: opts.greenEndpointPort };
  const oldBlue = { address: opts.oldBlueEndpointAddress ?? LOOPBACK, port: opts.oldBlueEndpointPort };
  const proxies = [ctx.proxy(production), ctx.proxy(greenOwn)];
  for (const p of proxies) p?.pause();
  const rollback = async (reason: string): Promise<SwitchoverResult> => {
    ctx.log(`switchover rolled back: ${reason}`);
    await unfreezeWrites(blueC, blue.dbName);
    for (const p of proxies) p?.resume();
    return { ok: false, reason };
  };
  let committed = false;
  try {
    for (const p of proxies) p?.endSessions();
    const targetLsn = await freezeWrites(blueC, blue.dbName);
    await terminateClients(greenC);
    const catchUpStart = Date.now();
    if (!(await waitConfirmed(blueC, subscriptionName(green.id), targetLsn, deadline))) {
      return await rollback(`green did not catch up to blue's ${targetLsn} within ${opts.timeoutMs} ms`);
    }
    const catchUpMs = Date.now() - catchUpStart;
    const sequences = await copySequences(blueC, greenC);
    if (Date.now() > deadline) return await rollback(`timeout (${opts.timeoutMs} ms) before endpoint swap`);
    // Point of no return: green stops following blue. A failure past here is not rolled back (blue is
    // behind green by then); the error propagates to the caller instead.
    committed = true;
    await unsubscribe(green);
    await ctx.pointEndpoint(production, green.id);
    await ctx.closeEndpoint(greenOwn);
    await ctx.pointEndpoint(oldBlue, blue.id);
    ctx.proxy(production)?.resume();
    const writeBlockedMs = Date.now() - started;
    ctx.log(`switchover done: writes blocked ${writeBlockedMs} ms, catch-up ${catchUpMs} ms, ${sequences} sequences`);
    return { ok: true, writeBlockedMs, catchUpMs };
  } catch (err) {
    // Past the point of no return production has moved: say so, so the caller does not report a rollback.
    if (committed)
      throw Object.assign(err instanceof Error ? err : new Error(String(err)), { pastPointOfNoReturn: true });
    return await rollback(`error: ${redact(String(err), blue, green)}`);
  }
}
