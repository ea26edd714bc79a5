/**
 * Green's first data, as RDS makes a MySQL/MariaDB green: a consistent copy of blue at one exact GTID, from which
 * green then replicates (replication.ts). It is `mariadb-dump --single-transaction --gtid --master-data=2 …` streamed
 * straight into `mariadb` on green (no temp file). Why this way:
 * - consistent at a GTID without locking blue: in 10.11, --single-transaction with --master-data reads the snapshot's
 *   own binlog position (binlog_snapshot_gtid_*) instead of taking FLUSH TABLES WITH READ LOCK, so blue keeps taking
 *   writes during the copy; --master-data=2 prints that position as a comment, which is captured from the stream;
 * - the client tools Debian ships next to the server (mariadb-client): no extra package, unlike mariadb-backup,
 *   which is also slower at sandbox sizes (about 1.4 s against 0.06–0.25 s);
 * - a logical copy carries users (--system=users, as CREATE USER IF NOT EXISTS so green's own root survives),
 *   routines, events and triggers, and does not care which MariaDB build green runs.
 * The load runs with sql_log_bin=0: green's binlog must not get GTIDs of its own ahead of blue's, or strict GTID mode
 * refuses to start replication there.
 */
import { spawn } from "node:child_process";
import { mariaDbBinaries } from "./binaries.js";
import { CONTROL_USER, type MariaDbServer } from "./server.js";

const SYSTEM_SCHEMAS = ["mysql", "information_schema", "performance_schema", "sys"];
const GTID_COMMENT = /SET GLOBAL gtid_slave_pos='([^']*)'/;

/** Copies every user schema (and the accounts) of `blue` into `green`; returns the GTID the copy is consistent at. */
export async function copyAtGtid(blue: MariaDbServer, green: MariaDbServer): Promise<string> {
  const schemas = (
    await blue.query(
      `SELECT schema_name AS s FROM information_schema.schemata WHERE schema_name NOT IN (${SYSTEM_SCHEMAS.map(() => "?").join(",")})`,
      SYSTEM_SCHEMAS,
    )
  ).map((r) => String(r.s));
  const bin = mariaDbBinaries();
  // --no-defaults first: never read /etc/mysql. The socket and unix_socket authentication need no password.
  const dumpArgs = [
    "--no-defaults",
    `--socket=${blue.files.socket}`,
    `--user=${CONTROL_USER}`,
    "--single-transaction",
    "--gtid",
    "--master-data=2",
    "--system=users",
    "--insert-ignore",
    "--routines",
    "--events",
    "--triggers",
    "--hex-blob",
    // without a database of blue's, the accounts alone (the GTID comment comes with them)
    ...(schemas.length ? ["--databases", ...schemas] : []),
  ];
  const dump = spawn(bin.dump, dumpArgs, { stdio: ["ignore", "pipe", "pipe"] });
  const load = spawn(
    bin.client,
    ["--no-defaults", `--socket=${green.files.socket}`, `--user=${CONTROL_USER}`, "--binary-mode"],
    {
      stdio: ["pipe", "ignore", "pipe"],
    },
  );
  const stderr = { dump: "", load: "" };
  dump.stderr.on("data", (c: Buffer) => {
    stderr.dump = (stderr.dump + c.toString()).slice(-4000);
  });
  load.stderr.on("data", (c: Buffer) => {
    stderr.load = (stderr.load + c.toString()).slice(-4000);
  });
  load.stdin.on("error", () => undefined); // a failing load closes its stdin; its exit code says why
  load.stdin.write("SET SESSION sql_log_bin = 0;\n");
  let gtid: string | undefined;
  let carry = "";
  dump.stdout.on("data", (chunk: Buffer) => {
    if (gtid !== undefined) return;
    const text = carry + chunk.toString("latin1");
    gtid = GTID_COMMENT.exec(text)?.[1];
    carry = text.slice(-200); // the comment may straddle two chunks
  });
  dump.stdout.pipe(load.stdin);
  const exit = (p: ReturnType<typeof spawn>) =>
    new Promise<number | null>((resolve, reject) => {
      p.once("error", reject);
      p.once("exit", (code) => resolve(code));
    });
  const [dumpCode, loadCode] = await Promise.all([exit(dump), exit(load)]);
  if (dumpCode !== 0) throw new Error(`mariadb-dump of ${blue.spec.id} failed (${dumpCode}): ${stderr.dump}`);
  if (loadCode !== 0) throw new Error(`loading the copy into ${green.spec.id} failed (${loadCode}): ${stderr.load}`);
  if (gtid === undefined) throw new Error(`mariadb-dump of ${blue.spec.id} printed no GTID position`);
  return gtid;
}
