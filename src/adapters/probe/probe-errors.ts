import { PreconditionError } from "../../core/errors.js";

/** Driver error codes that mean "wrong credentials" (PostgreSQL SQLSTATEs, mysql2 codes). */
const AUTH = new Set([
  "28P01",
  "28000",
  "ER_ACCESS_DENIED_ERROR",
  "ER_DBACCESS_DENIED_ERROR",
  "ER_NOT_SUPPORTED_AUTH_MODE",
]);
/** …"no such database" */
const DATABASE = new Set(["3D000", "ER_BAD_DB_ERROR"]);
/** …and "nothing answers there". */
const NETWORK = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ECONNRESET",
]);

const FIX = "Fix the probe's connection URL ($BGDB_PROBE_URL, or the variable --probe-url-env names)";

/**
 * A probe connection that failed before any SQL ran, as PROBE_UNREACHABLE (exit 3) with what to fix; undefined for
 * any other error. Never quotes the URL (it holds the password).
 */
export function probeUnreachable(e: unknown, where: string): PreconditionError | undefined {
  const err = e as { code?: string; message?: string };
  const code = err.code ?? "";
  const timedOut = /timeout/i.test(err.message ?? "");
  const hint = AUTH.has(code)
    ? `${FIX}: its user and password were refused by ${where}. The master user's credentials work on blue and green.`
    : DATABASE.has(code)
      ? `${FIX}: its database does not exist on ${where}.`
      : NETWORK.has(code) || timedOut
        ? `${FIX}: nothing answers at ${where}; check its host and port (the production endpoint, e.g. from \`bgdb status\`).`
        : undefined;
  if (!hint) return undefined;
  return new PreconditionError(
    "PROBE_UNREACHABLE",
    `The write probe cannot connect to ${where}: ${err.message ?? code}`,
    {
      hint,
      cause: e,
      details: { endpoint: where, code },
    },
  );
}
