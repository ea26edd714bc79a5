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
 * `key=value` where the key names a secret (SECRET_WORD): libpq's `password=p`, ODBC's `Pwd=p;`, `--token=t`,
 * `PGPASSWORD=p`, `api_key=k`, a URL's `?token=t`. The key is kept, so a reader still sees what was set. Any key is
 * matched and SECRET_WORD tested after: a lazy key around the word rescans a long word from every letter.
 */
const ASSIGNMENT = /((?:^|[\s;&,'"(?])-{0,2}[\w.-]+)\s*=\s*('[^']*'|"[^"]*"|[^\s;&,'")]+)/g;
const SECRET_WORD = /password|passwd|pwd|secret|token|api[-_]?key|credential/i;

/**
 * An HTTP credential: `Authorization: Bearer t` (any scheme word is kept, the credential goes), curl's
 * `--oauth2-bearer t`, and a bare `Bearer t` (capitalised, so prose's "the bearer of" stays).
 */
const AUTHORIZATION = /(\bauthorization\s*:\s*(?:(?:bearer|basic|token|bot|digest|negotiate)\s+)?)([^\s'"]+)/gi;
const BEARER = /((?:--oauth2-bearer|\bBearer)\s+)([^\s'"]+)/g;
/** A header named like a secret: `X-Api-Key: k`, `X-Auth-Token: t`, `PRIVATE-TOKEN: t`. */
const SECRET_HEADER = /((?:^|[\s'"])[\w-]*(?:token|api[-_]?key|secret|password|passwd)\s*:\s*)([^\s'"]+)/gi;
/** curl's and wget's `-u user:password`, `--user=user:password`, `--proxy-user user:password`: the user is kept. */
const USER_PASSWORD = /((?:^|[\s'"])(?:-u(?:\s+|=)?|--(?:proxy-)?user(?:\s+|=))['"]?[^\s:'"]+):([^\s'"]+)/g;
/** Webhooks whose URL path is the credential (Slack, Discord, Teams, Telegram): the path after the host goes. */
const TOKEN_PATH =
  /(https?:\/\/(?:hooks\.slack\.com\/(?:services|workflows|triggers)\/|(?:[\w-]+\.)?discord(?:app)?\.com\/api\/webhooks\/|[\w.-]*webhook\.office\.com\/webhookb2\/|api\.telegram\.org\/bot))[^\s'"]+/gi;

/** A command-line flag whose next argument is a secret (`--password X`, `--token X`, `--client-secret X`). */
const SECRET_FLAG = new RegExp(`^(?!--?no-)--?[\\w.-]*(?:${SECRET_WORD.source}|bearer)[\\w.-]*$`, "i");
/** A flag whose next argument is `user:password` (curl's `-u`, `--user`, `--proxy-user`). */
const USER_FLAG = /^(?:-u|--(?:proxy-)?user)$/;

/**
 * Removes secrets from free text: URL passwords, `password=`-like pairs, HTTP credentials (`Authorization:` and
 * secret-named headers, bearer tokens, `-u user:password`) and webhook URLs whose path is the token. A credential
 * given as a shell variable (`Bearer $TOKEN`) is kept: it names the secret, it is not the secret.
 */
export function redactString(text: string): string {
  return text
    .replace(TOKEN_PATH, `$1${REDACTED}`)
    .replace(URL_USERINFO, `$1:${REDACTED}@`)
    .replace(ASSIGNMENT, (match, key: string) => (SECRET_WORD.test(key) ? `${key}=${REDACTED}` : match))
    .replace(AUTHORIZATION, unlessVariable(""))
    .replace(BEARER, unlessVariable(""))
    .replace(SECRET_HEADER, unlessVariable(""))
    .replace(USER_PASSWORD, unlessVariable(":"));
}

/** A replacer keeping group 1 and redacting group 2, unless group 2 is a shell variable (`$TOKEN`, `${TOKEN}`). */
function unlessVariable(separator: string): (match: string, kept: string, value: string) => string {
  return (match, kept, value) => (value.startsWith("$") ? match : `${kept}${separator}${REDACTED}`);
}

/**
 * A command line as it may be shown and recorded: the value after a secret-looking flag, the value glued to `-p`
 * (MySQL clients' `-pPASSWORD`), and every `password=`-like pair or URL password are replaced. Only for display:
 * the program itself still receives its real arguments.
 */
export function redactArgv(argv: readonly string[]): string[] {
  return argv.map((arg, i) => {
    if (i > 0 && SECRET_FLAG.test(argv[i - 1] ?? "")) return REDACTED;
    if (i > 0 && USER_FLAG.test(argv[i - 1] ?? "") && arg.includes(":")) return `${arg.split(":")[0]}:${REDACTED}`;
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
