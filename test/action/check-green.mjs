// @ts-check
/**
 * A test command for `bgdb test` (the Action's workflow and test/action run it): connects where bgdb pointed it
 * (PGHOST and PGPORT are green's; PGUSER, PGPASSWORD and PGDATABASE come from the step's environment, read by pg
 * itself) and fails unless the server runs the expected major version, so a passing test proves it reached green.
 *
 *   node test/action/check-green.mjs <major> [report.json]
 *
 * The report, for test/action, holds the server version, green's address and the names (never the values) of the
 * variables the command saw.
 */
import { writeFileSync } from "node:fs";
import pg from "pg";

const [major, report] = process.argv.slice(2);
if (!major || !/^\d+$/.test(major)) {
  console.error("usage: check-green.mjs <major> [report.json]");
  process.exit(2);
}
const client = new pg.Client({ connectionTimeoutMillis: 10_000 });
await client.connect();
const { rows } = await client.query("SHOW server_version");
await client.end();
const version = String(rows[0]?.server_version ?? "");
if (report) {
  const seen = { serverVersion: version, host: process.env.PGHOST, env: Object.keys(process.env).sort() };
  writeFileSync(report, JSON.stringify(seen));
}
if (!version.startsWith(`${major}.`)) {
  console.error(`expected PostgreSQL ${major}.x on ${process.env.PGHOST}:${process.env.PGPORT}, found ${version}`);
  process.exit(1);
}
console.log(`${process.env.PGHOST}:${process.env.PGPORT} runs PostgreSQL ${version}`);
