/**
 * The demo's built-in test against green, run by `bgdb test` as a child process: it connects with the standard
 * PG* environment variables (PGHOST/PGPORT from bgdb, PGUSER/PGPASSWORD/PGDATABASE from the demo) and checks the
 * server version and that the rows written on blue are on green.
 */
import { readDemoData } from "./demo-data.js";

const wantVersion = process.env.DEMO_EXPECT_MAJOR ?? "";
const wantRows = Number(process.env.DEMO_EXPECT_ROWS ?? "0");
const url = `postgres://${encodeURIComponent(process.env.PGUSER ?? "")}:${encodeURIComponent(process.env.PGPASSWORD ?? "")}@${process.env.PGHOST}:${process.env.PGPORT}/${process.env.PGDATABASE ?? "postgres"}`;

try {
  const d = await readDemoData(url);
  const versionOk = d.version.startsWith(`${wantVersion}.`) || d.version === wantVersion;
  process.stdout.write(`green answers as PostgreSQL ${d.version}; ${d.rows} rows in demo_orders\n`);
  if (!versionOk) process.stdout.write(`expected major ${wantVersion}\n`);
  if (d.rows < wantRows) process.stdout.write(`expected at least ${wantRows} rows\n`);
  process.exitCode = versionOk && d.rows >= wantRows ? 0 : 1;
} catch (e) {
  process.stdout.write(`could not query green: ${(e as Error).message}\n`);
  process.exitCode = 1;
}
