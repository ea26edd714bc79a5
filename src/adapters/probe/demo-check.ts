/**
 * The demo's built-in test against green, run by `bgdb test` as a child process. It connects with what `bgdb test`
 * exports for the engine (BGDB_ENGINE): PGHOST/PGPORT/PGUSER/PGPASSWORD/PGDATABASE for PostgreSQL,
 * MYSQL_HOST/MYSQL_TCP_PORT/MYSQL_PWD with BGDB_GREEN_USER/BGDB_GREEN_DATABASE for the MySQL family. It checks what
 * the demo asks for: the rows written on blue (DEMO_EXPECT_ROWS), the server's major version (DEMO_EXPECT_MAJOR)
 * and a server variable green's parameter group sets (DEMO_EXPECT_VARIABLE, `name=value`).
 */
import { type DemoDatabase, mysqlDemoDatabase, pgDemoDatabase } from "./demo-data.js";

const env = process.env;
const e = (name: string) => encodeURIComponent(env[name] ?? "");
const wantMajor = env.DEMO_EXPECT_MAJOR;
const wantRows = Number(env.DEMO_EXPECT_ROWS ?? "0");
const [wantName, wantValue] = (env.DEMO_EXPECT_VARIABLE ?? "").split("=");

function database(): DemoDatabase {
  if (env.BGDB_ENGINE === "postgres") {
    return pgDemoDatabase(
      `postgres://${e("PGUSER")}:${e("PGPASSWORD")}@${env.PGHOST}:${env.PGPORT}/${env.PGDATABASE ?? "postgres"}`,
    );
  }
  return mysqlDemoDatabase(
    `mysql://${e("BGDB_GREEN_USER")}:${e("MYSQL_PWD")}@${env.MYSQL_HOST}:${env.MYSQL_TCP_PORT}/${e("BGDB_GREEN_DATABASE")}`,
  );
}

try {
  const db = database();
  const d = await db.read();
  const problems: string[] = [];
  if (wantMajor && !(d.version === wantMajor || d.version.startsWith(`${wantMajor}.`))) {
    problems.push(`expected major ${wantMajor}`);
  }
  if (d.rows < wantRows) problems.push(`expected at least ${wantRows} rows`);
  let shown = "";
  if (wantName) {
    const value = await db.variable(wantName);
    shown = `; ${wantName} = ${value ?? "(unset)"}`;
    if (value !== wantValue) problems.push(`expected ${wantName} = ${wantValue}`);
  }
  process.stdout.write(`green answers as ${d.server}; ${d.rows} rows in demo_orders${shown}\n`);
  for (const p of problems) process.stdout.write(`${p}\n`);
  process.exitCode = problems.length ? 1 : 0;
} catch (err) {
  process.stdout.write(`could not query green: ${(err as Error).message}\n`);
  process.exitCode = 1;
}
