/**
 * `bgdb verify` through the real binary against a private sandbox: real PostgreSQL 16 blue, logically replicated 17
 * green. In sync it exits 0; after rows are changed on green behind replication's back (as the master user, straight
 * at green's endpoint) it exits 5 naming the table and key range, and `switchover --verify` refuses the same way.
 */
import { describe, expect, it } from "vitest";
import {
  CREATE_ARGS,
  DEPLOYMENT,
  endpointOf,
  expectExit,
  jsonOf,
  masterSql,
  SOURCE,
  TEST_TIMEOUT_MS,
  withSandbox,
} from "./helpers.js";

const ROWS = 100_000;

describe("e2e: bgdb verify", () => {
  it(
    "exits 0 in sync, then 5 naming the table and key range after green's rows are changed behind replication's back",
    () =>
      withSandbox("verify", 4, async (sb) => {
        await masterSql(await endpointOf(sb, SOURCE), [
          "CREATE TABLE orders (id bigserial PRIMARY KEY, customer int NOT NULL, total numeric(10,2), note text, created_at timestamptz NOT NULL DEFAULT now())",
          `INSERT INTO orders (customer, total, note) SELECT g % 977, g / 100.0, CASE WHEN g % 7 = 0 THEN NULL ELSE 'order ' || g END FROM generate_series(1, ${ROWS}) g`,
          "CREATE TABLE audit_log (at timestamptz NOT NULL DEFAULT now(), what text)",
          "INSERT INTO audit_log (what) SELECT 'event ' || g FROM generate_series(1, 500) g",
        ]);
        expectExit(await sb.bgdb(...CREATE_ARGS), 0);

        // No --db-url-env: on the sandbox bgdb logs in as the master user with the sandbox's password.
        const inSync = await sb.bgdb("verify", DEPLOYMENT, "--json");
        expectExit(inSync, 0);
        const doc = jsonOf(inSync);
        expect(doc).toMatchObject({ ok: true, command: "verify" });
        expect(doc.data.verify.tables).toEqual([
          expect.objectContaining({
            table: "audit_log",
            match: true,
            compared: "count",
            blueRows: 500,
            greenRows: 500,
          }),
          expect.objectContaining({
            table: "orders",
            match: true,
            compared: "checksum",
            chunks: 10,
            blueRows: ROWS,
            greenRows: ROWS,
          }),
        ]);
        expect(inSync.stderr).toMatch(
          /Comparing 2 tables on blue 127\.0\.\d+\.\d+:\d+ \(PostgreSQL 16\.\d+\) and green .* \(PostgreSQL 17\.\d+\)/,
        );
        expect(inSync.stderr).toMatch(/verify +Blue and green match: 2 tables, 100500 rows, 11 chunks in/);

        // Green is writable to the master user who asks for it; replication never hears of these changes.
        const green = await endpointOf(sb, /^pg16-source-green-/);
        await masterSql(green, [
          "SET default_transaction_read_only = off",
          "BEGIN READ WRITE",
          "UPDATE orders SET note = 'changed on green' WHERE id = 43210",
          "COMMIT",
        ]);
        const differs = await sb.bgdb("verify", DEPLOYMENT, "--recheck", "1", "--recheck-wait", "1s");
        expectExit(differs, 5);
        expect(differs.stderr).toMatch(
          /orders DIFFERS: 100000 rows on both sides; 1 of 10 chunks still differs after the re-checks/,
        );
        expect(differs.stderr).toMatch(/id >= 40001 AND id < 50001: blue 10000 rows, green 10000 rows/);
        expect(differs.stderr).toMatch(
          /Blue and green differ in 1 table: orders \(key range id >= 40001 AND id < 50001\)\. Production is unchanged: blue still serves \(deployment AVAILABLE\)\./,
        );

        const refused = await sb.bgdb("switchover", DEPLOYMENT, "--verify", "--yes", "--json");
        expectExit(refused, 5);
        expect(jsonOf(refused).error).toMatchObject({
          code: "DATA_DIFFERS",
          message: expect.stringMatching(
            /orders \(key range id >= 40001 AND id < 50001\)\. Nothing was switched\. Production is unchanged: blue still serves/,
          ),
        });
        await sb.expectBlueServes("AVAILABLE");
      }),
    3 * TEST_TIMEOUT_MS,
  );
});
