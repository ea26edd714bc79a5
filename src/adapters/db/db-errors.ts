/**
 * Driver errors on a database `bgdb verify` reads, restated for the operator: a connection that failed before
 * any SQL ran (wrong credentials, no such database, nothing answering) and a read that failed. Never quotes the
 * connection URL (it holds the password); every message also passes through core/redact.ts when it is printed.
 */
import { PreconditionError } from "../../core/errors.js";
import { redactString } from "../../core/redact.js";

/** Driver error codes that mean "wrong credentials" (PostgreSQL SQLSTATEs; mysql2's names for the MySQL family). */
const AUTH = new Set(["28P01", "28000", "ER_ACCESS_DENIED_ERROR", "ER_DBACCESS_DENIED_ERROR"]);
/** …"no such database" */
const DATABASE = new Set(["3D000", "ER_BAD_DB_ERROR"]);
/** …and "nothing answers there". */
const NETWORK = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH"]);

const errorFacts = (e: unknown) => {
  const err = e as { code?: unknown; message?: unknown };
  return {
    code: typeof err.code === "string" ? err.code : "",
    message: redactString(typeof err.message === "string" ? err.message : String(e)),
  };
};

/** `where` is `blue host:port`; `source` says where the credentials come from (`the URL in $BGDB_DB_URL`). */
export function connectFailed(e: unknown, where: string, source: string): PreconditionError {
  const { code, message } = errorFacts(e);
  const hint = AUTH.has(code)
    ? `Check ${source}: its user and password were refused by ${where}. The master user's credentials work on blue and green; a read-only user needs SELECT on every table.`
    : DATABASE.has(code)
      ? `Check ${source}: its database does not exist on ${where}.`
      : NETWORK.has(code) || /timeout/i.test(message)
        ? `Nothing answers at ${where}: check that this machine reaches the deployment's endpoints (security groups, VPN), as \`bgdb status\` shows them.`
        : `Check ${source}, and ${where}.`;
  return new PreconditionError("DB_UNREACHABLE", `Cannot connect to ${where} to read it: ${message}`, {
    hint,
    cause: e,
    details: { endpoint: where, code },
  });
}

/** A query that failed on a connected side: permissions, a statement timeout, a session ended under it. */
export function readFailed(e: unknown, where: string, what: string): PreconditionError {
  const { code, message } = errorFacts(e);
  const hint =
    code === "42501"
      ? "The user needs SELECT on every table compared (or pass --tables)."
      : code === "57014" || code === "55P03"
        ? "A read took too long or waited for a lock (DDL running?): run verify again at a quieter time, or with a smaller --chunk-size."
        : "Run verify again; nothing was changed.";
  return new PreconditionError("DB_READ_FAILED", `Reading ${what} on ${where} failed: ${message}`, {
    hint,
    cause: e,
    details: { endpoint: where, code },
  });
}
