/**
 * What one option accepts: a parser from what the command line (a string, or true for a switch) or a config file
 * (string, boolean, list, map — numbers arrive as the text written, see config-file.ts) gives to the value core
 * wants, plus the words and the JSON Schema fragment that describe it. Pure functions, no zod: the option table wraps
 * them into zod schemas (option.ts), so every flag, config key and environment variable is checked by one parser.
 */

import { formatFlagDuration } from "../../core/format.js";
import { HOOK_EVENTS, type Hooks } from "../../core/hooks.js";
import type { LagThreshold } from "../../core/options.js";
import { parseDuration } from "../duration.js";
import { DEFAULT_MAX_LAG, parseLag, parseSize } from "../lag-threshold.js";

export type JsonSchema = Record<string, unknown>;

export interface Kind<T> {
  /** Placeholder shown in help (`<duration>`); absent for a switch, which takes no value. */
  readonly value?: string;
  /** What is accepted, completing "--flag must be …". */
  readonly expect: string;
  /** The config file's JSON Schema for this value. */
  readonly json: JsonSchema;
  /** A flag that may be given several times (commander collects the values into a list). */
  readonly repeatable?: boolean;
  /**
   * What a shell's completion offers for the value: file or directory names, or (for a command line after `--`)
   * the shell's own completion of a command. Nothing, when absent: bgdb cannot guess an id or a version.
   */
  readonly completes?: "file" | "directory" | "command";
  /** The sentence for a required value that is missing. @default "<flag> is required" */
  readonly missing?: string;
  /** The value, or undefined when `raw` is not acceptable. */
  parse(raw: unknown): T | undefined;
  /** A value as help shows a default. */
  show(v: T): string;
}

const text = (raw: unknown): string | undefined => (typeof raw === "string" ? raw : undefined);
/** Config files give numbers as the text written (17.10 stays "17.10"); tests may still pass real numbers. */
const numberText = (raw: unknown): string | undefined =>
  typeof raw === "string" ? raw.trim() : typeof raw === "number" ? String(raw) : undefined;

export const switchKind: Kind<boolean> = {
  expect: "true or false (it is a switch: give the flag, or omit it)",
  json: { type: "boolean" },
  parse: (raw) => (typeof raw === "boolean" ? raw : undefined),
  show: (v) => String(v),
};

export function pattern(value: string, re: RegExp, max: number, expect: string, min = 1): Kind<string> {
  return {
    value,
    expect,
    json: { type: "string", minLength: min, maxLength: max, pattern: re.source },
    parse: (raw) => {
      const s = text(raw);
      return s !== undefined && s.length >= min && s.length <= max && re.test(s) ? s : undefined;
    },
    show: (v) => v,
  };
}

export function oneOf<const V extends string>(value: string, values: readonly V[]): Kind<V> {
  return {
    value,
    expect: `one of ${values.join(", ")}`,
    json: { type: "string", enum: [...values] },
    parse: (raw) => values.find((v) => v === raw),
    show: (v) => v,
  };
}

export function int(value: string, min: number, max = Number.MAX_SAFE_INTEGER): Kind<number> {
  return {
    value,
    expect:
      max !== Number.MAX_SAFE_INTEGER
        ? `a whole number from ${min} to ${max}`
        : min === 1
          ? "a positive whole number"
          : `a whole number from ${min}`,
    json: { type: ["integer", "string"], pattern: "^\\d+$", minimum: min, maximum: max },
    parse: (raw) => {
      const s = numberText(raw);
      if (s === undefined || !/^\d{1,16}$/.test(s)) return undefined;
      const n = Number(s);
      return n >= min && n <= max ? n : undefined;
    },
    show: (v) => String(v),
  };
}

const DURATION_PATTERN = "^(0|(\\d+(\\.\\d+)?(d|h|m|s|ms))+)$";

/** Milliseconds from `90s`, `15m`, `4h`, `1h30m`, `2d` (or `0`), within [minMs, maxMs]. */
export function duration(minMs: number, maxMs: number): Kind<number> {
  return {
    value: "<duration>",
    expect: `a duration like 90s, 15m, 4h, 1h30m or 2d, from ${formatFlagDuration(minMs)} to ${formatFlagDuration(maxMs)}`,
    json: { type: "string", pattern: DURATION_PATTERN },
    parse: (raw) => {
      const s = text(raw);
      const ms = s === undefined || s.length > 64 ? undefined : parseDuration(s);
      return ms !== undefined && ms >= minMs && ms <= maxMs ? ms : undefined;
    },
    show: formatFlagDuration,
  };
}

/** RDS SwitchoverTimeout: whole seconds 30–3600 (docs/rds-facts.md §1); a duration such as `5m` is accepted too. */
export const switchoverTimeout: Kind<number> = {
  value: "<seconds>",
  expect: "a whole number of seconds from 30 to 3600, or a duration such as 5m",
  json: { type: ["integer", "string"], minimum: 30, maximum: 3600 },
  parse: (raw) => {
    const s = numberText(raw);
    if (s === undefined || s.length > 32) return undefined;
    const seconds = /^\d+$/.test(s) ? Number(s) : (parseDuration(s) ?? Number.NaN) / 1000;
    return Number.isInteger(seconds) && seconds >= 30 && seconds <= 3600 ? seconds : undefined;
  },
  show: (v) => `${v}s`,
};

export const lag: Kind<LagThreshold> = {
  value: "<lag>",
  expect: "a duration (2s, 500ms; a bare number is seconds) or a size (64MiB, 1GB, 500KiB)",
  json: { type: ["string", "number"] },
  parse: (raw) => {
    const s = numberText(raw);
    return s === undefined || s.length > 32 ? undefined : parseLag(s);
  },
  show: (v) => `${v.seconds}s and ${v.bytes === DEFAULT_MAX_LAG.bytes ? "1MiB" : `${v.bytes}B`}`,
};

/** A size such as `64MiB`; used where only bytes make sense. */
export const size: Kind<number> = {
  value: "<size>",
  expect: "a size such as 64MiB, 1GB or 500KiB",
  json: { type: "string" },
  parse: (raw) => {
    const s = text(raw);
    return s === undefined || s.length > 32 ? undefined : parseSize(s);
  },
  show: (v) => `${v}B`,
};

/** CloudWatch periods: 1, 5, 10, 30 (high resolution) or any multiple of 60 seconds. */
export const period: Kind<number> = {
  value: "<seconds>",
  expect: "1, 5, 10, 30 or a multiple of 60 seconds",
  json: { type: ["integer", "string"] },
  parse: (raw) => {
    const s = numberText(raw);
    if (s === undefined || !/^\d{1,7}$/.test(s)) return undefined;
    const n = Number(s);
    return [1, 5, 10, 30].includes(n) || (n > 0 && n % 60 === 0) ? n : undefined;
  },
  show: (v) => `${v}s`,
};

// ---- RDS identifiers (docs/rds-facts.md §4: letters, digits, hyphens; first a letter; no trailing or double hyphen)

const RDS_NAME = /^[a-zA-Z](?:-?[a-zA-Z0-9]+)*$/;
const BGD_ID = /^bgd-[a-zA-Z0-9]+$/;
const RDS_ARN = /^arn:aws[a-z-]*:rds:[a-z0-9-]+:\d{12}:(?:db|cluster):[a-zA-Z](?:-?[a-zA-Z0-9]+)*$/;

/** Deployment names: 1–60 characters (CreateBlueGreenDeployment). */
export const deploymentName = pattern(
  "<name>",
  RDS_NAME,
  60,
  "1–60 letters, digits or single hyphens, starting with a letter and not ending with a hyphen",
);

/** A DB instance or cluster id (1–63), or its ARN. */
export const source: Kind<string> = {
  value: "<id|arn>",
  expect: "a DB instance id, an Aurora cluster id (1–63 letters, digits or single hyphens), or an RDS ARN",
  json: { type: "string", maxLength: 2048 },
  parse: (raw) => {
    const s = text(raw);
    if (s === undefined) return undefined;
    return (s.length <= 63 && RDS_NAME.test(s)) || (s.length <= 2048 && RDS_ARN.test(s)) ? s : undefined;
  },
  show: (v) => v,
};

/** A `bgd-` id (1–255, docs/rds-facts.md §4) or a deployment name. */
export const deploymentRef: Kind<string> = {
  value: "<deployment>",
  expect: "a bgd- id (up to 255 characters) or a deployment name (1–60 letters, digits or single hyphens)",
  json: { type: "string", maxLength: 255 },
  parse: (raw) => {
    const s = text(raw);
    if (s === undefined) return undefined;
    return (s.length <= 255 && BGD_ID.test(s)) || deploymentName.parse(s) !== undefined ? s : undefined;
  },
  show: (v) => v,
};

/**
 * Parameter group names as RDS accepts them for a target group: custom names (1–255, letters, digits, hyphens,
 * first a letter, no trailing or double hyphen) and AWS's own `default.<family>` groups, whose names contain dots
 * (`default.postgres17`, `default.mysql8.0`, `default.aurora-postgresql16`).
 */
const CUSTOM_GROUP = /^[A-Za-z](?!.*--)(?:[0-9A-Za-z-]*[0-9A-Za-z])?$/;
const DEFAULT_GROUP = /^(?!.*--)(?!.*\.\.)default\.[0-9A-Za-z.-]*[0-9A-Za-z]$/;
export const parameterGroupName: Kind<string> = {
  value: "<group>",
  expect:
    "a parameter group name: 1–255 letters, digits or single hyphens starting with a letter, or AWS's default.<family> (e.g. default.postgres17)",
  json: { type: "string", minLength: 1, maxLength: 255 },
  parse: (raw) => {
    const s = text(raw);
    return s !== undefined && s.length <= 255 && (CUSTOM_GROUP.test(s) || DEFAULT_GROUP.test(s)) ? s : undefined;
  },
  show: (v) => v,
};

export const engineVersion = pattern(
  "<version>",
  /^\d[0-9A-Za-z._-]*$/,
  64,
  "an engine version such as 17.2, 8.0.36 or 8.0.mysql_aurora.3.08.0",
);

/** `db.<family>.<size>` (CreateBlueGreenDeployment: 5–20 characters). */
export const instanceClass = pattern(
  "<class>",
  /^db\.[0-9a-z]{2,6}\.[0-9a-z]{4,9}$/,
  20,
  "an instance class such as db.r6g.large",
  5,
);

export const dnsName = pattern(
  "<name>",
  /^(?=.{1,253}\.?$)(?:[a-z0-9_](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}\.?$/i,
  254,
  "a DNS name such as db.example.com",
);

export const envName = pattern(
  "<NAME>",
  /^[A-Za-z_][A-Za-z0-9_]*$/,
  128,
  "an environment variable name (letters, digits, underscores)",
);

export const region = pattern("<region>", /^[a-z]{2,}(?:-[a-z0-9]+)+$/, 32, "an AWS region such as eu-west-1");

export const profile = pattern("<name>", /^[\w.+@=,:/-]+$/, 128, "a profile name from your AWS config");

export const url: Kind<string> = {
  value: "<url>",
  expect: "an http:// or https:// URL",
  json: { type: "string", pattern: "^https?://" },
  parse: (raw) => {
    const s = text(raw);
    return s !== undefined && s.length <= 2048 && /^https?:\/\/[^\s/]+/.test(s) && URL.canParse(s) ? s : undefined;
  },
  show: (v) => v,
};

export const path: Kind<string> = {
  ...pattern("<dir>", /^[^\0]+$/, 4096, "a path"),
  completes: "directory",
};

export const filePath: Kind<string> = {
  ...pattern("<file>", /^[^\0]+$/, 4096, "a file path"),
  completes: "file",
};

/**
 * `--tag k=v`, repeatable; a config file gives a map whose values must be strings (numbers count as the text
 * written). AWS's rules: key 1–128, value up to 256, neither starting with `aws:` or `rds:`.
 */
export const tags: Kind<Record<string, string>> = {
  value: "<key=value>",
  expect:
    "key=value with a 1–128 character key and a value of up to 256 characters (text), neither starting with aws: or rds:",
  json: {
    type: "object",
    additionalProperties: { type: "string", maxLength: 256 },
    propertyNames: { minLength: 1, maxLength: 128 },
  },
  repeatable: true,
  parse: (raw) => {
    const pairs = keyValuePairs(raw, (entries) => entries);
    const out: Record<string, string> = {};
    const reserved = (s: string) => /^(aws|rds):/i.test(s);
    for (const [key, value] of pairs) {
      if (typeof value !== "string") return undefined;
      if (key.length < 1 || key.length > 128 || value.length > 256 || reserved(key) || reserved(value))
        return undefined;
      out[key] = value;
    }
    return out;
  },
  show: (v) =>
    Object.entries(v)
      .map(([k, x]) => `${k}=${x}`)
      .join(","),
};

/**
 * `--hook <event>=<command>`, repeatable; a config file may give a map of event to a command or a list of them.
 * Events: before-create, after-create, before-switchover, after-switchover, on-success, on-failure.
 */
export const hooks: Kind<Hooks> = {
  value: "<event=command>",
  expect: `event=command with an event among ${HOOK_EVENTS.join(", ")}`,
  json: {
    type: "object",
    propertyNames: { enum: [...HOOK_EVENTS] },
    additionalProperties: {
      oneOf: [
        { type: "string", minLength: 1 },
        { type: "array", items: { type: "string" } },
      ],
    },
  },
  repeatable: true,
  parse: (raw) => {
    const pairs = keyValuePairs(raw, (entries) =>
      entries.flatMap(([k, v]): [string, unknown][] => (Array.isArray(v) ? v.map((c) => [k, c]) : [[k, v]])),
    );
    const out: Hooks = {};
    for (const [event, command] of pairs) {
      const known = HOOK_EVENTS.find((e) => e === event);
      if (!known || typeof command !== "string" || command.trim() === "" || command.length > 4096) return undefined;
      out[known] = [...(out[known] ?? []), command];
    }
    return out;
  },
  show: (v) =>
    Object.entries(v)
      .flatMap(([e, cs]) => (cs ?? []).map((c) => `${e}=${c}`))
      .join(" "),
};

/** A table name as `bgdb verify` shows it: `orders`, or `schema.table` outside the default schema. */
const TABLE_NAME = /^[^\s,]{1,127}$/;

/** `--tables orders,audit.events`; a config file may give a list. */
export const tableNames: Kind<string[]> = {
  value: "<names>",
  expect: "table names separated by commas, e.g. orders,audit.events",
  json: {
    oneOf: [
      { type: "string", minLength: 1 },
      { type: "array", items: { type: "string", minLength: 1 }, minItems: 1 },
    ],
  },
  parse: (raw) => {
    const list = typeof raw === "string" ? raw.split(",").map((s) => s.trim()) : raw;
    return Array.isArray(list) &&
      list.length > 0 &&
      list.length <= 1000 &&
      list.every((n): n is string => typeof n === "string" && TABLE_NAME.test(n))
      ? [...new Set(list)]
      : undefined;
  },
  show: (v) => v.join(","),
};

/** `bgdb test`'s program: a list after `--`, or in a config file a list or one string split on spaces. */
export const commandLine: Kind<string[]> = {
  value: "<command...>",
  expect: "a command after --, e.g. bgdb test my-deployment -- npm test",
  missing: "the test command must follow --, e.g. bgdb test my-deployment -- npm test",
  completes: "command",
  json: {
    oneOf: [
      { type: "string", minLength: 1 },
      { type: "array", items: { type: "string" }, minItems: 1 },
    ],
  },
  parse: (raw) => {
    const list = typeof raw === "string" ? raw.trim().split(/\s+/).filter(Boolean) : raw;
    return Array.isArray(list) && list.length > 0 && list.every((a): a is string => typeof a === "string" && a !== "")
      ? list
      : undefined;
  },
  show: (v) => v.join(" "),
};

/**
 * `key=value` pairs from a repeated flag (a list of strings) or from a config file's map; anything else becomes
 * one pair with an empty key so the caller rejects it. `fromMap` may expand a map's values (hooks allow lists).
 */
function keyValuePairs(
  raw: unknown,
  fromMap: (entries: [string, unknown][]) => [string, unknown][],
): [string, unknown][] {
  if (Array.isArray(raw))
    return raw.map((item): [string, unknown] => {
      if (typeof item !== "string") return ["", undefined];
      const at = item.indexOf("=");
      return at < 0 ? [item, undefined] : [item.slice(0, at), item.slice(at + 1)];
    });
  if (typeof raw === "object" && raw !== null) return fromMap(Object.entries(raw));
  return [["", undefined]];
}
