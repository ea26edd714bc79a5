/**
 * `bgdb verify` and `switchover --verify` in core, against the fake AWS and in-memory databases on a fake clock: who
 * is read, what is said and recorded, and what a difference does.
 */
import { afterEach, describe, expect, it } from "vitest";
import { create, switchover, verify } from "../../src/core/index.js";
import type { SwitchoverOptions, VerifyOptions } from "../../src/core/options.js";
import { FakeDb, fakeReaders, rows } from "../support/fake-tables.js";
import { harness, summaryOf } from "../support/harness.js";
import { swOpts as baseSwOpts } from "../support/options.js";

const HOUR = 3_600_000;
const verifyOpts = (p: Partial<VerifyOptions> = {}): VerifyOptions => ({
  deployment: "orders-to-17",
  chunkSize: 1000,
  rechecks: 2,
  recheckWaitMs: 5_000,
  ...p,
});
const swOpts = (p: Partial<SwitchoverOptions> = {}): SwitchoverOptions => baseSwOpts({ verify: true, ...p });

let h: ReturnType<typeof harness>;
afterEach(() => h?.cleanup());

async function ready() {
  h = harness();
  h.aws.addInstance("orders-prod");
  await create(h.deps, {
    source: "orders-prod",
    name: "orders-to-17",
    targetEngineVersion: "17.2",
    tags: {},
    wait: true,
    timeoutMs: 4 * HOUR,
  });
  const blue = new FakeDb("PostgreSQL 16.3", {
    orders: { columns: ["id", "name"], primaryKey: ["id"], rows: rows(2500) },
  });
  const green = blue.clone("PostgreSQL 17.2");
  const readers = fakeReaders(blue, green);
  return { blue, green, readers, deps: { ...h.deps, tableReaders: readers } };
}

const journalState = async (id: string) =>
  h.deps.journal.readState({ account: "111122223333", region: "us-east-1", id });

describe("bgdb verify", () => {
  it("reads blue's and green's writers as RDS describes them, says each table's verdict, records it (exit 0)", async () => {
    const w = await ready();
    const r = await verify(w.deps, verifyOpts());
    expect(w.readers.opened).toEqual([
      expect.objectContaining({
        side: "blue",
        host: "orders-prod.c9abc.us-east-1.rds.amazonaws.com",
        port: 5432,
        engine: "postgres",
      }),
      expect.objectContaining({ side: "green", host: expect.stringMatching(/^orders-prod-green-/), port: 5432 }),
    ]);
    expect(w.blue.closed).toBe(1);
    expect(w.green.closed).toBe(1);
    expect(r.command).toBe("verify");
    expect(r.nextSteps).toEqual(["bgdb switchover orders-to-17"]);
    expect(summaryOf(r)).toEqual([
      "orders: 2500 rows on both sides, all 3 chunks match",
      expect.stringMatching(/^Blue and green match: 1 table, 2500 rows, 3 chunks in /),
    ]);
    expect(h.messages().find((m) => m.startsWith("Comparing"))).toMatch(
      /^Comparing 1 table on blue orders-prod\.c9abc\.us-east-1\.rds\.amazonaws\.com:5432 \(PostgreSQL 16\.3\) and green orders-prod-green-\w+\.c9abc\.us-east-1\.rds\.amazonaws\.com:5432 \(PostgreSQL 17\.2\), 1000 rows a chunk$/,
    );
    expect(r.data?.verify).toMatchObject({ match: true, chunks: 3, tables: [{ table: "orders", blueRows: 2500 }] });
    const id = r.deployment?.id ?? "";
    const state = await journalState(id);
    expect(state?.evidence?.verify).toMatchObject({
      match: true,
      chunkSize: 1000,
      rounds: 0,
      tables: [{ table: "orders", match: true }],
    });
    expect(state?.steps.at(-1)).toMatchObject({ step: "verify", outcome: "match" });
  });

  it("a difference is DATA_DIFFERS (exit 5) naming the table and key range; blue still serves", async () => {
    const w = await ready();
    const row = w.green.table("orders").rows[1200];
    if (row) row.name = "edited on green";
    const err = await verify(w.deps, verifyOpts()).catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: "DATA_DIFFERS",
      exitCode: 5,
      message:
        "Blue and green differ in 1 table: orders (key range id >= 1001 AND id < 2001). Production is unchanged: blue still serves (deployment AVAILABLE).",
      details: { tables: [expect.objectContaining({ table: "orders", differingChunks: 1 })] },
    });
    expect(h.messages()).toEqual(
      expect.arrayContaining([
        "1 chunk differs (orders): reading again in 5s, in case rows are still replicating (re-check 1 of 2)",
        "1 chunk differs (orders): reading again in 5s, in case rows are still replicating (re-check 2 of 2)",
        "orders DIFFERS: 2500 rows on both sides; 1 of 3 chunks still differs after the re-checks",
        "  id >= 1001 AND id < 2001: blue 1000 rows, green 1000 rows",
        expect.stringMatching(/^Blue and green differ in 1 table: orders/),
      ]),
    );
    expect(h.clock.sleeps.filter((ms) => ms === 5_000).length).toBeGreaterThanOrEqual(2);
    const state = await journalState((err as { details: { deployment: { id: string } } }).details.deployment.id);
    expect(state?.evidence?.verify).toMatchObject({ match: false, rounds: 2 });
    expect(state?.steps.at(-1)).toMatchObject({ step: "verify", outcome: "differs" });
  });

  it("refuses (exit 3) unless the deployment is AVAILABLE, and opens nothing", async () => {
    const w = await ready();
    await switchover(h.deps, swOpts({ verify: false }));
    await expect(verify(w.deps, verifyOpts())).rejects.toMatchObject({ code: "NOT_AVAILABLE", exitCode: 3 });
    expect(w.readers.opened).toEqual([]);
  });
});

describe("switchover --verify", () => {
  it("compares once the gate has passed, before confirmation, then switches over", async () => {
    const w = await ready();
    const r = await switchover(w.deps, swOpts());
    expect(r.phase).toBe("switched");
    const said = h.messages();
    const at = (re: RegExp) => said.findIndex((m) => re.test(m));
    expect(at(/^Gate$/)).toBeGreaterThanOrEqual(0);
    expect(at(/^Blue and green match/)).toBeGreaterThan(at(/^Gate$/));
    expect(at(/^This switches production traffic to green/)).toBeGreaterThan(at(/^Blue and green match/));
    // Once before the gate (credentials that fail must fail before a long wait), once for the comparison.
    expect(w.readers.opened.map((t) => t.side)).toEqual(["blue", "green", "blue", "green"]);
  });

  it("a difference refuses the switchover (exit 5): nothing asked, nothing sent, blue still serves", async () => {
    const w = await ready();
    w.green.table("orders").rows.splice(0, 1);
    await expect(switchover(w.deps, swOpts())).rejects.toMatchObject({
      code: "DATA_DIFFERS",
      exitCode: 5,
      message: expect.stringMatching(
        /^Blue and green differ in 1 table: orders \(blue 2500 rows, green 2499\)\. Nothing was switched\. Production is unchanged: blue still serves \(deployment AVAILABLE\)\.$/,
      ),
    });
    expect(h.confirms).toEqual([]);
    expect(h.aws.mutationNames()).not.toContain("switchoverBlueGreenDeployment");
  });

  it("a side it cannot read refuses before the gate", async () => {
    const w = await ready();
    const refused = new Error("password authentication failed");
    const deps = { ...w.deps, tableReaders: { open: async () => Promise.reject(refused) } };
    await expect(switchover(deps, swOpts())).rejects.toBe(refused);
    expect(h.events.some((e) => e.kind === "progress" && e.phase === "gate")).toBe(false);
  });
});
