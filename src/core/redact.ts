/** Secret redaction shared by the journal (what is written) and the output (what is printed). Pure: no I/O. */
/** What replaces a secret. Stable so tests and people can grep for it. */
export const REDACTED = "[redacted]";

/** Keys whose values are secrets whatever they look like. */
const SECRET_KEY = /pass(word)?|secret|token|credential|connection.?string|session/i;
/**
 * `scheme://user:password@host` — keeps the user (useful when debugging), hides the password. The lookbehind and the
 * bounded scheme keep this linear: without them a long run of letters is rescanned from every position.
 */
const URL_USERINFO = /(?<![a-z0-9+.-])([a-z][a-z0-9+.-]{0,31}:\/\/[^\s:/@]*):[^\s@/]*@/gi;
/** libpq keyword form: `host=h password=p` / ODBC-ish `Pwd=p;`. */
const KEYWORD_PASSWORD = /\b(password|pwd)\s*=\s*('[^']*'|"[^"]*"|[^\s;&]+)/gi;

/** Removes secrets from free text: URL passwords and `password=` pairs. */
export function redactString(text: string): string {
  return text.replace(URL_USERINFO, `$1:${REDACTED}@`).replace(KEYWORD_PASSWORD, `$1=${REDACTED}`);
}

/**
 * A deep copy of `value` with secrets replaced, safe to write to disk or print. Values under secret-looking keys are
 * replaced (booleans and null are kept: `managedMasterPassword: true` is a fact, not a secret); every string is
 * scrubbed of embedded URL passwords.
 */
export function redactSecrets<T>(value: T): T {
  return redactValue(value, new WeakSet()) as T;
}

function redactValue(value: unknown, seen: WeakSet<object>): unknown {
  if (typeof value === "string") return redactString(value);
  if (value === null || typeof value !== "object") return value;
  if (value instanceof Date) return new Date(value.getTime());
  // A cycle cannot be serialised anyway; cutting it keeps redaction total instead of overflowing the stack.
  if (seen.has(value)) return "[circular]";
  seen.add(value);
  const out = Array.isArray(value) ? value.map((v) => redactValue(v, seen)) : redactEntries(value, seen);
  // Only ancestors count as a cycle: the same object reached twice by different paths is copied both times.
  seen.delete(value);
  return out;
}

function redactEntries(value: object, seen: WeakSet<object>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    out[key] = SECRET_KEY.test(key) && !isHarmless(v) ? REDACTED : redactValue(v, seen);
  }
  return out;
}

function isHarmless(v: unknown): boolean {
  return v === null || v === undefined || typeof v === "boolean";
}
