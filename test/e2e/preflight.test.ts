/**
 * `bgdb preflight --db-url-env` through the real binary against a private sandbox (real PostgreSQL 16 blue): a table
 * without a primary key fails the check inside blue (exit 3, the table named, the URL never shown); once the key is
 * added the same preflight passes (exit 0). Nothing is created either way.
 */
import { describe, expect, it } from "vitest";
import {
  CREATE_ARGS,
  endpointOf,
  expectExit,
  jsonOf,
  MASTER,
  masterSql,
  SOURCE,
  TEST_TIMEOUT_MS,
  withSandbox,
} from "./helpers.js";

/** create's source and targets, as preflight takes them. */
const PREFLIGHT = ["preflight", ...CREATE_ARGS.slice(1), "--db-url-env", "BLUE_URL"];

describe("e2e: bgdb preflight --db-url-env", () => {
  it(
    "a table without a primary key exits 3 naming it; after the key is added it exits 0",
    () =>
      withSandbox("preflight", 4, async (sb) => {
        const blue = await endpointOf(sb, SOURCE);
        await masterSql(blue, ["CREATE TABLE audit_log (id bigint NOT NULL, what text)"]);
        // Any host: bgdb puts blue's endpoint, as RDS describes it, in its place.
        const env = { BLUE_URL: `postgres://${MASTER.user}:${MASTER.password}@blue.invalid:1/${MASTER.database}` };

        const keyless = await sb.bgdbWithEnv(env, ...PREFLIGHT);
        expectExit(keyless, 3);
        expect(keyless.stdout).toMatch(/✖ 1 table without a primary key or REPLICA IDENTITY FULL: .*public\.audit_log/);
        expect(keyless.stdout).toMatch(/✖ Preflight failed: 1 table without a primary key/);
        const json = await sb.bgdbWithEnv(env, ...PREFLIGHT, "--json");
        expectExit(json, 3);
        expect(jsonOf(json)).toMatchObject({ ok: false, blocked: { code: "PREFLIGHT_FAILED", exitCode: 3 } });
        expect(jsonOf(json).data.checks).toContainEqual(
          expect.objectContaining({
            name: "blue-connection",
            ok: true,
            message: expect.stringContaining("PostgreSQL 16."),
          }),
        );
        for (const out of [keyless.stdout, keyless.stderr, json.stdout, json.stderr]) {
          expect(out).not.toContain(MASTER.password);
        }

        await masterSql(blue, ["ALTER TABLE audit_log ADD PRIMARY KEY (id)"]);
        const keyed = await sb.bgdbWithEnv(env, ...PREFLIGHT, "--json");
        expectExit(keyed, 0);
        expect(jsonOf(keyed).data.checks).toContainEqual(expect.objectContaining({ name: "primary-keys", ok: true }));
        const status = JSON.parse(await sb.control("status", "--json"));
        expect(status.counts.deployments).toBe(0);
      }),
    2 * TEST_TIMEOUT_MS,
  );
});
