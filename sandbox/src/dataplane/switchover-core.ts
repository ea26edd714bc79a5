/**
 * A switchover on two real servers in RDS's order (docs/rds-facts.md §5), the same for every engine: guardrails →
 * writes blocked on blue → client sessions ended → wait until green applied blue's last write → point of no return:
 * green promoted, endpoints swapped. If the timeout passes (or anything fails) before the point of no return, all is
 * rolled back: blue's write block lifted, held connections released to blue, green untouched and still replicating.
 * What each step means for PostgreSQL or MariaDB is the engine's (switchover.ts, mariadb/switchover.ts).
 */
import type { Endpoint, EndpointTable } from "./endpoint-table.js";
import { LOOPBACK } from "./loopback.js";

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

/** The endpoint table a switchover moves. */
export interface EndpointMoves {
  /** `open` points an endpoint at a server, opening it if needed. */
  endpoints: Pick<EndpointTable, "get" | "open" | "close">;
  log(msg: string): void;
}

/** One engine's steps, on connections the engine holds open for the whole switchover. */
export interface SwitchoverEngine {
  blueId: string;
  greenId: string;
  /** Why the switchover must not start (nothing has been touched yet), or undefined. */
  guardrails(longTransactionSeconds: number): Promise<string | undefined>;
  /** Blocks writes on blue and ends its client sessions; returns blue's position after the last write anyone saw. */
  freeze(deadline: number): Promise<string>;
  /** Ends client sessions on green. */
  endGreenSessions(deadline: number): Promise<void>;
  /** True once green applied everything up to `target`; false at `deadline`. */
  caughtUp(target: string, deadline: number): Promise<boolean>;
  /** Undoable work just before the point of no return (PostgreSQL: sequences); returns a note for the log. */
  prepare(): Promise<string>;
  /** The point of no return: green stops following blue and takes writes. */
  promote(): Promise<void>;
  /** Rollback: blue takes writes again. */
  unfreeze(): Promise<void>;
  /** Error text without passwords. */
  redact(text: string): string;
}

export async function runSwitchover(
  ctx: EndpointMoves,
  opts: SwitchoverOptions,
  engine: SwitchoverEngine,
): Promise<SwitchoverResult> {
  const refusal = await engine.guardrails(opts.longTransactionSeconds ?? 10);
  if (refusal) return { ok: false, reason: refusal };
  const started = Date.now();
  const deadline = started + opts.timeoutMs;
  const production: Endpoint = { address: opts.blueEndpointAddress ?? LOOPBACK, port: opts.blueEndpointPort };
  const greenOwn: Endpoint = { address: opts.greenEndpointAddress ?? LOOPBACK, port: opts.greenEndpointPort };
  const oldBlue: Endpoint = { address: opts.oldBlueEndpointAddress ?? LOOPBACK, port: opts.oldBlueEndpointPort };
  const { endpoints } = ctx;
  // New connections are held, not refused: clients see a stall, like RDS's write block.
  const proxies = [endpoints.get(production), endpoints.get(greenOwn)];
  for (const p of proxies) p?.pause();
  const rollback = async (reason: string): Promise<SwitchoverResult> => {
    ctx.log(`switchover rolled back: ${reason}`);
    await engine.unfreeze();
    for (const p of proxies) p?.resume();
    return { ok: false, reason };
  };
  let committed = false;
  try {
    for (const p of proxies) p?.endSessions();
    const target = await engine.freeze(deadline);
    await engine.endGreenSessions(deadline);
    const catchUpStart = Date.now();
    if (!(await engine.caughtUp(target, deadline))) {
      return await rollback(`green did not catch up to blue's ${target} within ${opts.timeoutMs} ms`);
    }
    const catchUpMs = Date.now() - catchUpStart;
    const note = await engine.prepare();
    if (Date.now() > deadline) return await rollback(`timeout (${opts.timeoutMs} ms) before endpoint swap`);
    // Point of no return: green stops following blue. A failure past here is not rolled back (blue is behind green
    // by then); the error propagates to the caller instead.
    committed = true;
    await engine.promote();
    await endpoints.open(production, engine.greenId);
    await endpoints.close(greenOwn);
    await endpoints.open(oldBlue, engine.blueId);
    endpoints.get(production)?.resume();
    const writeBlockedMs = Date.now() - started;
    ctx.log(`switchover done: writes blocked ${writeBlockedMs} ms, catch-up ${catchUpMs} ms${note ? `, ${note}` : ""}`);
    return { ok: true, writeBlockedMs, catchUpMs };
  } catch (err) {
    if (committed) throw pastPointOfNoReturn(err);
    return await rollback(`error: ${engine.redact(String(err))}`);
  }
}

/**
 * `err`, marked as having happened past the point of no return: production has moved, so the caller must not report
 * a rollback (the job runner reads `pastPointOfNoReturn`).
 */
export function pastPointOfNoReturn(err: unknown): Error & { pastPointOfNoReturn: true } {
  return Object.assign(err instanceof Error ? err : new Error(String(err)), { pastPointOfNoReturn: true as const });
}
