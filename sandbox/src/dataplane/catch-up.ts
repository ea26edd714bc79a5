import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";

/**
 * Blocks the publisher's database for writes and ends its client sessions, so its WAL position afterwards
 * bounds everything any client ever saw committed. `pg_terminate_backend(pid, timeout)` waits for the
 * backend to be gone: a backend still mid-commit would otherwise write after we read the LSN.
 * `control` must have `default_transaction_read_only = off` set for itself.
 */
export async function freezeWrites(control: pg.Client, dbName: string): Promise<string> {
  await control.query(`ALTER DATABASE ${pg.escapeIdentifier(dbName)} SET default_transaction_read_only = on`);
  await terminateClients(control);
  const { rows } = await control.query<{ lsn: string }>("SELECT pg_current_wal_lsn()::text AS lsn");
  return rows[0]?.lsn ?? "0/0";
}

export async function unfreezeWrites(control: pg.Client, dbName: string): Promise<void> {
  await control.query(`ALTER DATABASE ${pg.escapeIdentifier(dbName)} RESET default_transaction_read_only`);
}

/** Ends every client session but the caller's own; replication walsenders and workers are untouched. */
export async function terminateClients(control: pg.Client): Promise<void> {
  await control.query(
    `SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity
     WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()`,
  );
}

/**
 * Waits until the subscriber confirmed (applied and flushed) everything up to `targetLsn`, read from the
 * slot on the publisher. Returns false at the deadline. Confirmation arrives with subscriber feedback,
 * about once per wal_receiver_status_interval (1 s on our servers).
 */
export async function waitConfirmed(
  publisher: pg.Client,
  slot: string,
  targetLsn: string,
  deadline: number,
): Promise<boolean> {
  const sql = `SELECT confirmed_flush_lsn >= $2::pg_lsn AS done FROM pg_replication_slots WHERE slot_name = $1`;
  for (;;) {
    const { rows } = await publisher.query<{ done: boolean }>(sql, [slot, targetLsn]);
    if (rows[0]?.done === true) return true;
    if (Date.now() >= deadline) return false;
    await sleep(50);
  }
}
