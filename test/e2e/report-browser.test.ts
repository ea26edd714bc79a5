/**
 * The change record end to end: a probed switchover through the real binary against a private sandbox (create →
 * test → switchover --probe → cleanup), then `bgdb report --format html --out`, opened in headless Chromium. The page
 * must render with no console error and no request beyond itself, with two charts of non-zero size drawn from real
 * evidence; its screenshot is kept in test-artifacts/ for a person to look at.
 */
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { requireChromium, visit } from "./chromium.js";
import { CREATE_ARGS, DEPLOYMENT, E2eSandbox, expectExit, jsonOf, SOURCE } from "./helpers.js";

const ARTIFACTS = join(import.meta.dirname, "../../test-artifacts");

/** The seeded source's URL (sandbox-only master password) and the probe's table on it, before green exists. */
async function prepareProbe(sb: E2eSandbox): Promise<string> {
  const status = JSON.parse(await sb.control("status", "--json"));
  const source = status.instances.find((i: { id: string }) => i.id === SOURCE);
  const url = `postgres://bgdb:bgdb-sandbox@${source.address}:${source.port}/app`;
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    // Logical replication carries no DDL: the table must be on blue before create copies it to green.
    await c.query(
      "CREATE TABLE IF NOT EXISTS bgdb_probe (id bigserial PRIMARY KEY, run text NOT NULL, seq integer NOT NULL, at timestamptz NOT NULL DEFAULT now())",
    );
  } finally {
    await c.end();
  }
  return url;
}

describe.sequential("e2e: the change record in a browser", () => {
  const sb = new E2eSandbox("report");
  afterAll(() => sb.dispose());

  it("a probed switchover's record renders in Chromium: two charts, no console error, no request", async () => {
    // In the test, not a hook (a failing hook reports the test as skipped), and before minutes of sandbox work: a
    // machine without Chromium fails here, saying how to install it.
    requireChromium();
    await sb.startSeeded(4);
    const probeUrl = await prepareProbe(sb);
    expectExit(await sb.bgdb(...CREATE_ARGS, "--json"), 0);
    expectExit(await sb.bgdb("test", DEPLOYMENT, "--", process.execPath, "-e", "process.exit(0)"), 0);
    const switched = await sb.bgdbWithEnv(
      { BGDB_PROBE_URL: probeUrl },
      "switchover",
      DEPLOYMENT,
      "--yes",
      "--probe",
      "--json",
    );
    expectExit(switched, 0);
    expect(jsonOf(switched).data.probe).toMatchObject({ missing: 0, verified: true });
    expectExit(await sb.bgdb("cleanup", DEPLOYMENT, "--delete-old-blue", "--retain", "0", "--yes"), 0);

    mkdirSync(ARTIFACTS, { recursive: true });
    const file = join(ARTIFACTS, "report.html");
    const written = await sb.bgdb("report", DEPLOYMENT, "--format", "html", "--out", file);
    expectExit(written, 0);
    expect(written.stdout).toContain(`Wrote the change record of ${DEPLOYMENT}`);
    const html = readFileSync(file, "utf8");
    expect(html.match(/<svg\b/g)).toHaveLength(2);
    // Both charts are drawn from what this run recorded, not "no data" boxes.
    expect(html).not.toContain("no data recorded");
    expect(html).toMatch(/>longest gap \d+\.\d\d s<\/text>/);
    expect(html).toContain(">gate limit ");
    expect(html).toContain("SWITCHOVER_COMPLETED in");
    // The audit log the binary wrote: its chain verifies, and the --yes confirmations are the approvals.
    expect(html).toContain("hash chain intact over the whole log");
    expect(html).toMatch(/<td>ConfirmSwitchover<\/td><td>confirmed<\/td><td>--yes on the command line; name /);

    const screenshot = join(ARTIFACTS, "report.png");
    const seen = await visit(file, ["#lag-chart", "#probe-chart"], screenshot);
    expect(seen.consoleErrors, "console errors").toEqual([]);
    expect(seen.pageErrors, "page errors").toEqual([]);
    expect(seen.failedRequests, "failed requests").toEqual([]);
    expect(seen.requests, "the page requests nothing but itself").toEqual([pathToFileURL(file).href]);
    for (const [chart, size] of Object.entries(seen.sizes)) {
      expect(size.width, `${chart} width`).toBeGreaterThan(0);
      expect(size.height, `${chart} height`).toBeGreaterThan(0);
    }
    console.log(`change record screenshot: ${screenshot}`);
  }, 300_000);
});
