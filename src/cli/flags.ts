/**
 * zod building blocks for one flag each. Every failure message names the flag and what it accepts, because the
 * operator reads it in a terminal or a CI log with no other context. The same blocks validate config-file keys.
 */
import { z } from "zod";
import type { LagThreshold } from "../core/options.js";
import { formatDuration, parseDuration } from "./duration.js";
import { parseLag } from "./lag-threshold.js";

/** RDS identifier rule for deployment, instance and cluster names (CreateBlueGreenDeployment, CreateDBInstance). */
export const RDS_NAME = /^[a-zA-Z](?:-?[a-zA-Z0-9]+)*$/;
const BGD_ID = /^bgd-[a-z0-9]+$/i;
const RDS_ARN = /^arn:aws[a-z-]*:rds:[a-z0-9-]+:\d{12}:(?:db|cluster):[a-zA-Z](?:-?[a-zA-Z0-9]+)*$/;
const DNS_NAME = /^(?=.{1,253}\.?$)(?:[a-z0-9_](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}\.?$/i;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

const show = (raw: unknown): string => (typeof raw === "string" ? JSON.stringify(raw) : String(raw));

/**
 * One flag: accepts a string (command line) or a number/boolean (config file), returns `parse(value)` or adds an
 * issue `<flag> must be <expect> (got <value>)`. Absent stays undefined so defaults are applied in one place.
 */
export function flag<T>(name: string, expect: string, parse: (raw: string | number | boolean) => T | undefined) {
  return (
    z
      .unknown()
      .transform((raw, ctx): T | undefined => {
        if (raw === undefined) return undefined;
        const ok = typeof raw === "string" || typeof raw === "number" || typeof raw === "boolean";
        const value = ok ? parse(raw) : undefined;
        if (value === undefined) {
          ctx.addIssue({ code: "custom", message: `${name} must be ${expect} (got ${show(raw)})` });
          return z.NEVER;
        }
        return value;
      })
      // zod 4 treats a missing key as an error unless the schema says it is optional.
      .optional()
  );
}

export const switchFlag = (name: string) =>
  flag(name, "true or false (it is a switch: give the flag, or omit it)", (raw) =>
    typeof raw === "boolean" ? raw : undefined,
  );

export const textFlag = (name: string, pattern: RegExp, max: number, expect: string) =>
  flag(name, expect, (raw) => (typeof raw === "string" && raw.length <= max && pattern.test(raw) ? raw : undefined));

export const enumFlag = <const V extends string>(name: string, values: readonly V[]) =>
  flag(name, `one of ${values.join(", ")}`, (raw) => values.find((v) => v === raw));

export function intFlag(name: string, min: number, max: number) {
  const expect = max === Number.MAX_SAFE_INTEGER ? "a positive whole number" : `a whole number from ${min} to ${max}`;
  return flag(name, expect, (raw) => {
    const n = typeof raw === "number" ? raw : typeof raw === "string" && /^\d+$/.test(raw.trim()) ? Number(raw) : NaN;
    return Number.isInteger(n) && n >= min && n <= max ? n : undefined;
  });
}

export const positiveIntFlag = (name: string) => intFlag(name, 1, Number.MAX_SAFE_INTEGER);

/** Milliseconds from `90s`, `15m`, `4h`, `1h30m`, `2d`, within [minMs, maxMs]. */
export const durationFlag = (name: string, minMs: number, maxMs: number) =>
  flag(
    name,
    `a duration like 90s, 15m, 4h, 1h30m or 2d, from ${formatDuration(minMs)} to ${formatDuration(maxMs)}`,
    (raw) => {
      const ms = typeof raw === "string" ? parseDuration(raw) : undefined;
      return ms !== undefined && ms >= minMs && ms <= maxMs ? ms : undefined;
    },
  );

/** RDS SwitchoverTimeout: whole seconds 30–3600; a duration such as `5m` is accepted too. */
export const switchoverTimeoutFlag = (name: string) =>
  flag(name, "a whole number of seconds from 30 to 3600", (raw) => {
    const text = String(raw).trim();
    const seconds = /^\d+$/.test(text) ? Number(text) : (parseDuration(text) ?? NaN) / 1000;
    return typeof raw !== "boolean" && Number.isInteger(seconds) && seconds >= 30 && seconds <= 3600
      ? seconds
      : undefined;
  });

export const lagFlag = (name: string) =>
  flag<LagThreshold>(name, "a duration (2s, 500ms; a bare number is seconds) or a size (64MiB, 1GB, 500KiB)", (raw) =>
    typeof raw === "boolean" ? undefined : parseLag(String(raw)),
  );

/** CloudWatch accepts 1, 5, 10, 30 (high resolution) or any multiple of 60. */
export const periodFlag = (name: string) =>
  flag(name, "1, 5, 10, 30 or a multiple of 60 seconds", (raw) => {
    const n = Number(raw);
    return typeof raw !== "boolean" && Number.isInteger(n) && ([1, 5, 10, 30].includes(n) || (n > 0 && n % 60 === 0))
      ? n
      : undefined;
  });

export const nameFlag = (name: string) =>
  textFlag(name, RDS_NAME, 60, "1–60 letters, digits or single hyphens, starting with a letter");
export const identifierFlag = (name: string) =>
  textFlag(name, RDS_NAME, 255, "a name of letters, digits or single hyphens, starting with a letter");
export const sourceFlag = (name: string) =>
  flag(name, "a DB instance id, an Aurora cluster id, or an RDS ARN (…:db:… or …:cluster:…)", (raw) =>
    typeof raw === "string" && ((raw.length <= 63 && RDS_NAME.test(raw)) || RDS_ARN.test(raw)) ? raw : undefined,
  );
export const deploymentArg = (name = "<deployment>") =>
  flag(name, "a bgd- id or a deployment name (1–60 letters, digits or single hyphens)", (raw) =>
    typeof raw === "string" && (BGD_ID.test(raw) || (raw.length <= 60 && RDS_NAME.test(raw))) ? raw : undefined,
  );
export const engineVersionFlag = (name: string) =>
  textFlag(name, /^\d[0-9A-Za-z._-]*$/, 64, "an engine version such as 17.2 or 8.0.mysql_aurora.3.08.0");
export const instanceClassFlag = (name: string) =>
  textFlag(name, /^db\.[a-z0-9-]+\.[a-z0-9-]+$/, 64, "an instance class such as db.r6g.large");
export const dnsNameFlag = (name: string) => textFlag(name, DNS_NAME, 254, "a DNS name such as db.example.com");
export const envNameFlag = (name: string) =>
  textFlag(name, ENV_NAME, 128, "an environment variable name (letters, digits, underscores)");

/** `--tag k=v`, repeatable; a config file may also give a map. AWS rules: key 1–128, value ≤ 256, no `aws:`. */
export const tagsFlag = (name: string) =>
  z
    .unknown()
    .transform((raw, ctx): Record<string, string> => {
      const pairs: [string, unknown][] =
        raw === undefined
          ? []
          : Array.isArray(raw)
            ? raw.map((item) => {
                const text = String(item);
                const at = text.indexOf("=");
                return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
              })
            : typeof raw === "object" && raw !== null
              ? Object.entries(raw)
              : [[String(raw), undefined]];
      const tags: Record<string, string> = {};
      for (const [key, value] of pairs) {
        const valid =
          key.length >= 1 &&
          key.length <= 128 &&
          !key.startsWith("aws:") &&
          value !== undefined &&
          String(value).length <= 256;
        if (!valid) {
          ctx.addIssue({
            code: "custom",
            message: `${name} must be key=value with a 1–128 character key not starting with aws: and a value up to 256 characters (got ${show(value === undefined ? key : `${key}=${String(value)}`)})`,
          });
          return z.NEVER;
        }
        tags[key] = String(value);
      }
      return tags;
    })
    .optional();
