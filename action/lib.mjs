// @ts-check
/**
 * The GitHub Action's logic, pure (no I/O): inputs → bgdb's command line, bgdb's JSON document → step outputs, and
 * the runner's file and log formats. Plain JavaScript, committed and never built, so `uses: <owner>/bgdb@<ref>` runs
 * with nothing installed; main.mjs does the I/O.
 */
import { randomUUID } from "node:crypto";

/**
 * Where `deployment` goes on each command's line: its positional argument, create's and deploy's `--name`, or
 * nowhere (refused: a deployment given to `list` is a mistake worth stopping on). test/action checks this against
 * the option tables in src/cli/commands, so it cannot drift from the bgdb it ships with. A command missing here is
 * still passed to bgdb, which refuses unknown commands (exit 2) before doing anything.
 * @type {Readonly<Record<string, "argument" | "--name" | "none">>}
 */
export const DEPLOYMENT_PLACEMENT = Object.freeze({
  preflight: "none",
  create: "--name",
  upgrade: "argument",
  test: "argument",
  lag: "argument",
  verify: "argument",
  switchover: "argument",
  cleanup: "argument",
  abort: "argument",
  status: "argument",
  list: "none",
  report: "argument",
  deploy: "--name",
  sandbox: "none",
  demo: "none",
  audit: "none",
  schema: "none",
  completion: "none",
});

/**
 * Where `deployment` goes for `command`; undefined for a command this table does not know (own keys only, so
 * `constructor` is not a command).
 * @param {string} command
 */
export const placementOf = (command) =>
  Object.hasOwn(DEPLOYMENT_PLACEMENT, command) ? DEPLOYMENT_PLACEMENT[command] : undefined;

/** The inputs' defaults when the runner passes none (it passes action.yml's; test/action checks they agree). */
export const INPUT_DEFAULTS = Object.freeze({ yes: "false", json: "true" });

/** bgdb's exit code for bad usage: what a bad input to this action also exits with. */
export const EXIT_USAGE = 2;

export class InputError extends Error {
  /** @param {string[]} issues */
  constructor(issues) {
    super(issues.join("; "));
    this.name = "InputError";
    this.issues = issues;
  }
}

/**
 * The runner's variable for an input: `INPUT_` and the name upper-cased with spaces as `_` (hyphens stay:
 * `working-directory` is `INPUT_WORKING-DIRECTORY`).
 * @param {string} name
 */
export const inputVariable = (name) => `INPUT_${name.replace(/ /g, "_").toUpperCase()}`;

/**
 * @typedef {object} Inputs
 * @property {string} command
 * @property {string} deployment
 * @property {string} source
 * @property {string} config
 * @property {boolean} yes
 * @property {boolean} json
 * @property {string} region
 * @property {string[]} args
 * @property {string} workingDirectory
 */

/**
 * The action's inputs from the environment, checked for shape only: bgdb validates every value itself. What is
 * checked here is what would otherwise change the meaning of bgdb's command line (a command that is a flag, a
 * deployment that is a flag, args a shell would read differently). Throws InputError listing every problem.
 * @param {NodeJS.ProcessEnv} env
 * @returns {Inputs}
 */
export function readInputs(env) {
  // Trimmed as @actions/core's getInput trims: YAML block scalars end with a newline.
  /** @param {string} name */
  const raw = (name) => (env[inputVariable(name)] ?? "").trim();
  /** @type {string[]} */
  const issues = [];

  const command = raw("command");
  if (command === "") issues.push("command is required (create, upgrade, test, lag, switchover, cleanup, …)");
  else if (!/^[a-z][a-z0-9-]*$/.test(command)) {
    issues.push(`command must be one bgdb command such as create or switchover (got ${JSON.stringify(command)})`);
  }

  const deployment = raw("deployment");
  if (deployment.startsWith("-")) {
    issues.push(`deployment must be a bgd- id or a name, not a flag (got ${JSON.stringify(deployment)})`);
  } else if (deployment !== "" && placementOf(command) === "none") {
    issues.push(`${command} takes no deployment (got ${JSON.stringify(deployment)})`);
  }

  /** @param {"yes" | "json"} name */
  const flag = (name) => {
    const value = raw(name) || INPUT_DEFAULTS[name];
    const parsed = parseBoolean(value);
    if (parsed === undefined) issues.push(`${name} must be true or false (got ${JSON.stringify(value)})`);
    return parsed ?? false;
  };
  const yes = flag("yes");
  const json = flag("json");

  /** @type {string[]} */
  let args = [];
  try {
    args = splitArgs(env[inputVariable("args")] ?? "");
  } catch (err) {
    issues.push(`args: ${err instanceof Error ? err.message : String(err)}`);
  }

  if (issues.length > 0) throw new InputError(issues);
  return {
    command,
    deployment,
    source: raw("source"),
    config: raw("config"),
    yes,
    json,
    region: raw("region"),
    args,
    workingDirectory: raw("working-directory"),
  };
}

/**
 * A boolean input as the YAML 1.2 core schema writes one (what @actions/core's getBooleanInput accepts); undefined
 * for anything else, so `yes: yes` or a typo is refused rather than read as false.
 * @param {string} value
 * @returns {boolean | undefined}
 */
export function parseBoolean(value) {
  if (["true", "True", "TRUE"].includes(value)) return true;
  if (["false", "False", "FALSE"].includes(value)) return false;
  return undefined;
}

/**
 * bgdb's arguments: global flags first, then the command, the deployment, the named inputs, and `args` last, so a
 * `-- test command` in args keeps everything after it for the test. Values are glued to their flag (`--source=x`):
 * a value that starts with `-` is then still a value, never a flag of its own.
 * @param {Inputs} inputs
 * @returns {string[]}
 */
export function bgdbArgv(inputs) {
  const argv = [];
  if (inputs.json) argv.push("--json");
  if (inputs.region) argv.push(`--region=${inputs.region}`);
  argv.push(inputs.command);
  const placement = placementOf(inputs.command);
  if (inputs.deployment && placement === "argument") argv.push(inputs.deployment);
  if (inputs.deployment && placement === "--name") argv.push(`--name=${inputs.deployment}`);
  if (inputs.source) argv.push(`--source=${inputs.source}`);
  if (inputs.config) argv.push(`--config=${inputs.config}`);
  if (inputs.yes) argv.push("--yes");
  argv.push(...inputs.args);
  return argv;
}

/**
 * bgdb's command line as this action prints it: what follows `--` is the user's test command, which bgdb itself
 * shows with secrets redacted, so it is left out here rather than printed unredacted.
 * @param {string[]} argv
 */
export function shownArgv(argv) {
  const end = argv.indexOf("--");
  const shown = (end < 0 ? argv : argv.slice(0, end)).map((a) =>
    /^[\w./=:@%+,-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`,
  );
  return `bgdb ${shown.join(" ")}${end < 0 ? "" : " -- …"}`;
}

/** Unquoted, a shell would treat these as operators, expansions or patterns; here they would be plain text. */
const SHELL_SPECIAL = new Set(["$", "`", "|", "&", ";", "<", ">", "(", ")", "{", "}", "*", "?", "["]);
/** Only at the start of a word: a comment, a home directory. */
const SHELL_SPECIAL_AT_START = new Set(["#", "~"]);
const BLANK = new Set([" ", "\t", "\n", "\r"]);

/**
 * Splits `text` into arguments as a POSIX shell splits words — blanks (newlines too) separate, single quotes keep
 * everything literally, double quotes keep everything except `\"`, `\\`, `\$` and `` \` ``, a backslash outside
 * quotes keeps the next character, `''` is an empty argument — without evaluating anything. Where a shell would do
 * more than split (expand `$VAR` or `*`, run `$(…)`, pipe, redirect, drop a `# comment`), the result would differ
 * from what the user meant, so that text is refused unless quoted.
 * @param {string} text
 * @returns {string[]}
 */
export function splitArgs(text) {
  /** @type {string[]} */
  const words = [];
  let word = "";
  let inWord = false;
  /** @type {"" | "'" | '"'} */
  let quote = "";
  let quoteStart = 0;
  /** @param {string} c @param {number} at */
  const refuse = (c, at) => {
    const where = `at character ${at + 1}`;
    return new Error(
      `${JSON.stringify(c)} ${where} would mean something to a shell, but args is never run by one: quote it ('${c}'), or run a shell after -- (-- bash -c '…')`,
    );
  };
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (quote === "'") {
      if (c === "'") quote = "";
      else word += c;
      continue;
    }
    if (quote === '"') {
      if (c === '"') quote = "";
      else if (c === "\\" && ['"', "\\", "$", "`", "\n"].includes(text.charAt(i + 1))) {
        // `\<newline>` inside double quotes is a line continuation: both characters go.
        if (text.charAt(i + 1) !== "\n") word += text.charAt(i + 1);
        i++;
      } else if (c === "$" || c === "`") throw refuse(c, i);
      else word += c;
      continue;
    }
    if (BLANK.has(c)) {
      if (inWord) words.push(word);
      word = "";
      inWord = false;
    } else if (c === "'" || c === '"') {
      quote = c;
      quoteStart = i;
      inWord = true;
    } else if (c === "\\") {
      if (i + 1 >= text.length) throw new Error("ends with a lone backslash");
      // `\<newline>` is a line continuation, not an argument.
      if (text.charAt(i + 1) !== "\n") {
        word += text.charAt(i + 1);
        inWord = true;
      }
      i++;
    } else if (SHELL_SPECIAL.has(c) || (!inWord && SHELL_SPECIAL_AT_START.has(c))) {
      throw refuse(c, i);
    } else {
      word += c;
      inWord = true;
    }
  }
  if (quote) throw new Error(`the ${quote} at character ${quoteStart + 1} is never closed`);
  if (inWord) words.push(word);
  return words;
}

/**
 * @typedef {object} Outputs
 * @property {string} ok
 * @property {string} phase
 * @property {string} deployment-id
 * @property {string} deployment-name
 * @property {string} next-steps
 * @property {string} exit-code
 * @property {string} result
 */

/**
 * The step's outputs from bgdb's exit code and its JSON document (undefined without json or when stdout was not
 * JSON). `ok` needs both a zero exit and, when there is a bgdb document, its `ok: true`. A document without a
 * boolean `ok` is the sandbox program's own (`bgdb sandbox …`), which names no deployment.
 * @param {{ exitCode: number, document: unknown, resultPath: string }} r
 * @returns {Outputs}
 */
export function outputsOf({ exitCode, document, resultPath }) {
  const doc = isRecord(document) ? document : {};
  const deployment = isRecord(doc.deployment) ? doc.deployment : {};
  const text = (/** @type {unknown} */ v) => (typeof v === "string" ? v : "");
  const nextSteps = Array.isArray(doc.nextSteps) ? doc.nextSteps.filter((s) => typeof s === "string") : [];
  const ok = exitCode === 0 && (typeof doc.ok === "boolean" ? doc.ok : true);
  return {
    ok: String(ok),
    phase: text(doc.phase),
    "deployment-id": text(deployment.id),
    "deployment-name": text(deployment.name),
    "next-steps": JSON.stringify(nextSteps),
    "exit-code": String(exitCode),
    result: resultPath,
  };
}

/**
 * A failure of this action's own input checks as the same document bgdb prints for bad usage (render-error.ts), so
 * a workflow reading the result file sees one shape whoever refused.
 * @param {string} command
 * @param {string[]} issues
 */
export function usageDocument(command, issues) {
  return {
    ok: false,
    command: command || null,
    error: {
      code: "BAD_USAGE",
      message: `bad input to the bgdb action: ${issues.join("; ")}`,
      hint: "See the inputs in action.yml.",
      exitCode: EXIT_USAGE,
      requestId: null,
      details: { issues },
    },
    nextSteps: [],
  };
}

/**
 * One output in GITHUB_OUTPUT's format. A value with a line break uses the `name<<DELIMITER` form, with a delimiter
 * that the value does not contain, as @actions/core does; a single line is `name=value`.
 * @param {string} name
 * @param {string} value
 * @param {() => string} [delimiter]
 */
export function outputLines(name, value, delimiter = () => `ghadelimiter_${randomUUID()}`) {
  if (!/[\r\n]/.test(value)) return `${name}=${value}\n`;
  const d = delimiter();
  if (value.includes(d)) throw new Error(`the delimiter for output ${name} occurs in its value`);
  return `${name}<<${d}\n${value}\n${d}\n`;
}

/**
 * Text for a workflow command's message (`::error::<message>`): the runner reads `%`, CR and LF escaped. The same
 * rule as bgdb's own annotations (src/output/github.ts), which this unbuilt file cannot import; test/action checks
 * that the two agree.
 * @param {string} text
 */
export const commandMessage = (text) => text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");

/**
 * Text for a workflow command's property (`title=…`): also `:` and `,`, which end a property.
 * @param {string} text
 */
export const commandProperty = (text) => commandMessage(text).replace(/:/g, "%3A").replace(/,/g, "%2C");

/** @param {unknown} v @returns {v is Record<string, unknown>} */
function isRecord(v) {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
