/**
 * One option declared once: its flag, what it accepts (a Kind), its default and help text, and whether a config
 * file may set it. `option()` returns the zod (mini) schema of the value with all of that attached, so a command's
 * option table is a zod shape: `z.object(table)` validates it with zod's own inferred types, and commander, --help,
 * the config file and its JSON Schema, and the README's option lists all read the same declarations.
 */

import * as z from "zod/mini";
import type { util } from "zod/v4/core";
import type { Kind } from "./kinds.js";

export interface OptionMeta {
  /** `--target-engine-version`; `--no-wait` for a negated switch; `<deployment>` for a positional argument. */
  readonly flag: string;
  readonly kind: Kind<unknown>;
  readonly help: string;
  /** The default as help prints it; the value itself lives in the schema. */
  readonly shownDefault?: string;
  readonly required?: boolean;
  /** A config file may set it. @default true */
  readonly config?: boolean;
  /** A positional argument, not a flag. */
  readonly positional?: boolean;
  /** Hidden from help and the README (internal or deprecated). */
  readonly hidden?: boolean;
  /** More names a config file may use (`test` for the test command). */
  readonly aliases?: readonly string[];
}

export const optionMeta = z.registry<OptionMeta>();

/** The declaration behind a schema of an option table. Every table entry has one: option() registers it. */
export function metaOf(schema: z.ZodMiniType): OptionMeta {
  const meta = optionMeta.get(schema);
  if (!meta) throw new TypeError("an option table entry was not made by option()");
  return meta;
}

const shown = (raw: unknown): string => {
  const s = typeof raw === "string" ? JSON.stringify(raw) : Array.isArray(raw) ? "a list" : String(raw);
  return s.length > 80 ? `${s.slice(0, 77)}…"` : s;
};

/**
 * raw → T through the kind, or a zod issue saying what it accepts. The flag's name is added by parseOptions from the
 * table (so an option renamed for deploy is named as the user typed it).
 */
function parsedBy<T>(kind: Kind<T>, required: boolean) {
  return z.transform((raw: unknown, ctx): T => {
    if (raw === undefined && required) {
      ctx.issues.push({ code: "custom", message: kind.missing ?? "is required", input: raw });
      return z.NEVER;
    }
    const value = kind.parse(raw);
    if (value === undefined) {
      ctx.issues.push({ code: "custom", message: `must be ${kind.expect} (got ${shown(raw)})`, input: raw });
      return z.NEVER;
    }
    return value;
  });
}

interface OptionSpec {
  help: string;
  config?: boolean;
  hidden?: boolean;
  aliases?: readonly string[];
}

function register<S extends z.ZodMiniType>(schema: S, meta: OptionMeta): S {
  optionMeta.add(schema, meta);
  return schema;
}

/** An option with no default: absent stays undefined (core decides, or the option is simply off). */
export function option<T>(flag: string, kind: Kind<T>, spec: OptionSpec & { shownDefault?: string }) {
  return register(z.optional(z.pipe(z.unknown(), parsedBy(kind, false))), { flag, kind, ...spec });
}

/** An option with a default: absent becomes `fallback` (core's named constant), shown in help. */
export function optionWithDefault<T>(
  flag: string,
  kind: Kind<T>,
  fallback: T & util.NoUndefined<Awaited<T>>,
  spec: OptionSpec,
) {
  return register(z._default(z.pipe(z.unknown(), parsedBy(kind, false)), fallback), {
    flag,
    kind,
    shownDefault: kind.show(fallback),
    ...spec,
  });
}

/** An option the command cannot run without. */
export function requiredOption<T>(flag: string, kind: Kind<T>, spec: OptionSpec) {
  return register(z.pipe(z.unknown(), parsedBy(kind, true)), { flag, kind, required: true, ...spec });
}

/** A positional argument the command needs (`<deployment>`). */
export function requiredArgument<T>(name: string, kind: Kind<T>, spec: OptionSpec) {
  return register(z.pipe(z.unknown(), parsedBy(kind, true)), {
    flag: name,
    kind,
    positional: true,
    required: true,
    config: false,
    ...spec,
  });
}

/** A positional argument that may be left out (`[deployment]`, `[command...]`). */
export function optionalArgument<T>(name: string, kind: Kind<T>, spec: OptionSpec) {
  return register(z.optional(z.pipe(z.unknown(), parsedBy(kind, false))), {
    flag: name,
    kind,
    positional: true,
    config: false,
    ...spec,
  });
}

/** The same option under another flag (deploy's `--upgrade-timeout` is upgrade's `--timeout`). */
export function renamed<S extends z.ZodMiniType>(schema: S, flag: string, help?: string): S {
  const copy = z.clone(schema);
  optionMeta.add(copy, { ...metaOf(schema), flag, ...(help ? { help } : {}) });
  return copy;
}
