/**
 * Secret redaction: the one place that decides what is a secret, for the output (what is printed), the journal and
 * the audit log (what is written). Pure: no I/O.
 */
/** What replaces a secret. Stable so tests and people can grep for it. */
export const REDACTED = "[redacted]";

/** Keys whose values are secrets whatever they look like. */
const SECRET_KEY = /pass(word)?|secret|token|credential|connection.?string|session/i;
/**
 * `scheme://user:password@host` — keeps the user (useful when debugging), hides the password. The lookbehind and the
 * bounded scheme keep this linear: without them a long run of letters is rescanned from every position.
 */
const URL_USERINFO = /(?<![a-z0-9+.-])([a-z][a-z0-9+.-]{0,31}:\/\/[^\s:/@]*):[^\s@/]*@/gi;
/**
 * `key=value` where the key names a secret: libpq's `password=p`, ODBC's `Pwd=p;`, `--token=t`, `PGPASSWORD=p`,
 * `api_key=k`. The key is kept, so a reader still sees what was set.
 */
const SECRET_ASSIGNMENT =
  /((?:^|[\s;&,'"(])-{0,2}[\w.-]*?(?:password|passwd|pwd|secret|token|api[-_]?key|credential)[\w.-]*)\s*=\s*('[^']*'|"[^"]*"|[^\s;&,'")]+)/gi;

/** A command-line flag whose next argument is a secret (`--password X`, `--token X`, `--client-secret X`). */
const SECRET_FLAG = /^(?!--?no-)--?[\w.-]*(?:password|passwd|pwd|secret|token|api[-_]?key|credential)[\w.-]*$/i;

/** Removes secrets from free text: URL passwords and `password=`-like pairs. */
export function redactString(text: string): string {
  return text.replace(URL_USERINFO, `$1:${REDACTED}@`).replace(SECRET_ASSIGNMENT, `$1=${REDACTED}`);
}

/**
 * A command line as it may be shown and recorded: the value after a secret-looking flag, the value glued to `-p`
 * (MySQL clients' `-pPASSWORD`), and every `password=`-like pair or URL password are replaced. Only for display:
 * the program itself still receives its real arguments.
 */
export function redactArgv(argv: readonly string[]): string[] {
  return argv.map((arg, i) => {
    if (i > 0 && SECRET_FLAG.test(argv[i - 1] ?? "")) return REDACTED;
    if (/^-p[^-\s=]/.test(arg)) return `-p${REDACTED}`;
    return redactString(arg);
  });
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
