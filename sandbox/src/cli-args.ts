/**
 * The control CLI's command line, checked in full before the CLI does anything: an unknown command or option, an
 * option the command does not take, a value out of range or a fault the server would refuse all end here as a
 * `UsageError` (exit 2), so a bad invocation never starts a server, writes a file or reaches the admin API.
 */
import { parseArgs } from "node:util";
import { AwsError } from "./aws-error.js";
import { FAULT_KINDS, FAULT_SERVICES, type FaultSpec, validateFault } from "./faults.js";
import { sandboxDirOf } from "./live.js";
import type { RequestQuery } from "./request-log.js";

export class UsageError extends Error {}

export const COMMANDS = ["start", "ensure", "serve", "stop", "status", "requests", "reset", "seed", "fault"] as const;
export type Command = (typeof COMMANDS)[number];

/** How a server this invocation may start should run (start, ensure, serve, and seed/fault when none runs yet). */
export interface ServerArgs {
  speed?: number;
  port?: number;
  realistic: boolean;
  modelOnly: boolean;
}

/** What `fault` takes instead of a kind. */
export const FAULT_OPS = ["clear", "list"] as const;
type FaultOp = (typeof FAULT_OPS)[number];
const isFaultOp = (word: string): word is FaultOp => FAULT_OPS.some((op) => op === word);

export type FaultRequest = { op: "clear" } | { op: "list" } | { op: "add"; spec: FaultSpec };

export interface Invocation {
  command: Command | "help";
  dir: string;
  json: boolean;
  server: ServerArgs;
  fault?: FaultRequest;
  /** `requests`: which of the logged requests to show. */
  requests?: RequestQuery;
}

const GLOBAL = ["sandbox-dir", "json", "help"];
const SERVER = ["speed", "port", "realistic", "model-only"];
const FAULT = ["rate", "count", "service", "action", "seconds", "settles-to", "value", "factor", "details"];
const ACCEPTS: Record<Command, string[]> = {
  start: [...GLOBAL, ...SERVER],
  ensure: [...GLOBAL, ...SERVER],
  serve: [...GLOBAL, ...SERVER],
  seed: [...GLOBAL, ...SERVER],
  fault: [...GLOBAL, ...SERVER, ...FAULT],
  stop: GLOBAL,
  status: GLOBAL,
  requests: [...GLOBAL, "service", "action"],
  reset: GLOBAL,
};

const OPTIONS = {
  "sandbox-dir": { type: "string" },
  speed: { type: "string" },
  port: { type: "string" },
  realistic: { type: "boolean" },
  "model-only": { type: "boolean" },
  json: { type: "boolean" },
  rate: { type: "string" },
  count: { type: "string" },
  service: { type: "string" },
  action: { type: "string" },
  seconds: { type: "string" },
  "settles-to": { type: "string" },
  value: { type: "string" },
  factor: { type: "string" },
  details: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

/**
 * The command line as words, for shell completion (`bgdb completion` reads it from this package, so its scripts
 * follow the sandbox's own lists): each command, the options it takes, and the words that may follow it.
 */
export const COMMAND_LINE_WORDS = COMMANDS.map((name) => ({
  name,
  options: Object.entries(OPTIONS)
    .filter(([option]) => ACCEPTS[name].includes(option))
    .map(([option, spec]) => ({ flag: `--${option}`, takesValue: spec.type === "string" })),
  arguments: name === "fault" ? [...FAULT_KINDS, ...FAULT_OPS] : [],
}));

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>["values"];

/** node:util's messages span lines and suggest `--`; a usage error here is one line. */
function parseFailure(e: unknown): UsageError {
  const err = e as { code?: string; message?: string };
  if (err.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
    return new UsageError(`unknown option ${/'([^']+)'/.exec(err.message ?? "")?.[1] ?? ""}`.trim());
  }
  const option = /'(--[\w-]+)/.exec(err.message ?? "")?.[1];
  if (option && err.message?.includes("ambiguous")) {
    return new UsageError(`${option} needs a value; write ${option}=<value> for one that starts with "-"`);
  }
  return new UsageError((err.message ?? String(e)).split("\n").slice(0, 2).join(" "));
}

function number(values: Values, name: keyof Values): number | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  const n = typeof raw === "string" && raw.trim() !== "" ? Number(raw) : Number.NaN;
  if (!Number.isFinite(n)) throw new UsageError(`--${name} must be a number; got ${JSON.stringify(raw)}`);
  return n;
}

function serverArgs(values: Values): ServerArgs {
  const speed = number(values, "speed");
  if (speed !== undefined && !(speed > 0)) throw new UsageError(`--speed must be > 0; got ${speed}`);
  const port = number(values, "port");
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port <= 65535)) {
    throw new UsageError(`--port must be a whole number from 0 to 65535; got ${port}`);
  }
  return {
    ...(speed !== undefined ? { speed } : {}),
    ...(port !== undefined ? { port } : {}),
    realistic: values.realistic ?? false,
    modelOnly: values["model-only"] ?? false,
  };
}

/** The fault the flags describe, checked by the same function the server's admin route uses. */
function faultRequest(positionals: string[], values: Values): FaultRequest {
  const [kind, ...extra] = positionals;
  if (!kind) throw new UsageError("fault needs a kind (or clear, list)");
  if (extra.length) throw new UsageError(`unexpected argument ${extra[0]}`);
  const given = FAULT.filter((o) => values[o as keyof Values] !== undefined);
  if (isFaultOp(kind)) {
    if (given.length) throw new UsageError(`fault ${kind} takes no --${given[0]}`);
    return { op: kind };
  }
  const spec: Record<string, unknown> = { kind };
  for (const k of ["rate", "count", "seconds", "value", "factor"] as const) spec[k] = number(values, k);
  spec.service = values.service;
  spec.action = values.action;
  spec.details = values.details;
  spec.settlesTo = values["settles-to"];
  if (kind === "storage-optimization" && spec.seconds === undefined) spec.seconds = 30;
  try {
    return {
      op: "add",
      spec: validateFault(Object.fromEntries(Object.entries(spec).filter(([, v]) => v !== undefined))),
    };
  } catch (e) {
    if (e instanceof AwsError) throw new UsageError(`fault: ${e.message}`);
    throw e;
  }
}

/** `requests --service S --action A`: a filter on the request log. */
function requestQuery(values: Values): RequestQuery {
  const { service, action } = values;
  if (service !== undefined && !FAULT_SERVICES.includes(service)) {
    throw new UsageError(`--service must be one of ${FAULT_SERVICES.join(", ")}; got ${JSON.stringify(service)}`);
  }
  if (action !== undefined && action.length === 0) throw new UsageError("--action must be an action name");
  return { ...(service !== undefined ? { service } : {}), ...(action !== undefined ? { action } : {}) };
}

export function parseInvocation(argv: string[], env: NodeJS.ProcessEnv): Invocation {
  let parsed: { values: Values; positionals: string[] };
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, strict: true, options: OPTIONS });
  } catch (e) {
    throw parseFailure(e);
  }
  const { values, positionals } = parsed;
  const dir = sandboxDirOf(values["sandbox-dir"], env);
  const json = values.json ?? false;
  const [name, ...rest] = positionals;
  if (values.help || !name) return { command: "help", dir, json, server: { realistic: false, modelOnly: false } };
  if (!COMMANDS.includes(name as Command)) throw new UsageError(`unknown command ${name}`);
  const command = name as Command;
  const misplaced = Object.keys(values).find((o) => !ACCEPTS[command].includes(o));
  if (misplaced) throw new UsageError(`${command} takes no --${misplaced}`);
  if (command !== "fault" && rest.length) throw new UsageError(`unexpected argument ${rest[0]}`);
  return {
    command,
    dir,
    json,
    server: serverArgs(values),
    ...(command === "fault" ? { fault: faultRequest(rest, values) } : {}),
    ...(command === "requests" ? { requests: requestQuery(values) } : {}),
  };
}
