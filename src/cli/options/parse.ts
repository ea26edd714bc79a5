import * as z from "zod/mini";
import { UsageError } from "../../core/errors.js";
import { metaOf } from "./option.js";

/** A command's options: a zod shape whose every entry was declared with option() and friends. */
export type OptionTable = Record<string, z.ZodMiniType>;

/** The validated values of a table, typed by zod from the declarations. */
export type OptionValues<T extends OptionTable> = z.infer<z.ZodMiniObject<T>>;

export interface ParseContext {
  /** Which input was wrong, e.g. `--config upgrade.yaml and flags`; prefixed to the message. */
  where?: string;
}

/**
 * Validates `raw` (keys of the table) against the table, or throws one UsageError (exit 2) listing every problem.
 * Nothing has touched AWS yet when this runs: bad input can never change anything.
 */
export function parseOptions<T extends OptionTable>(
  table: T,
  raw: Record<string, unknown>,
  ctx: ParseContext = {},
): OptionValues<T> {
  const result = z.safeParse(z.object(table), raw);
  if (result.success) return result.data;
  const messages = result.error.issues.map((issue) => {
    const key = issue.path[0];
    const schema = typeof key === "string" ? table[key] : undefined;
    // A whole sentence (kind.missing) stands alone; otherwise "<flag> must be …".
    if (!schema || /^[A-Z]|^the /.test(issue.message)) return issue.message;
    return `${metaOf(schema).flag} ${issue.message}`;
  });
  throw usage([...new Set(messages)], ctx);
}

/** Problems found across a command's inputs, as one usage error. */
export function usage(messages: string[], ctx: ParseContext = {}): UsageError {
  const prefix = ctx.where ? `${ctx.where}: ` : "";
  return new UsageError(prefix + messages.join("; "), { details: { issues: messages } });
}

/** The table's entries with their declarations, in declaration order. */
export function entries(table: OptionTable) {
  return Object.entries(table).map(([key, schema]) => ({ key, meta: metaOf(schema) }));
}

/**
 * The name a config file uses: `--target-engine-version` → `target-engine-version`; `--no-wait` → `wait` (a config
 * file says `wait: false`); the positional `[command...]` → `command`.
 */
export function attributeOf(flag: string): string {
  return flag.replace(/^--(no-)?/, "").replace(/^[<[]|\.\.\.|[>\]]$/g, "");
}

export const camel = (kebab: string): string => kebab.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());

/** The entries of `table` named by `keys` (keys it does not declare are left out). */
export function subTable(table: OptionTable, keys: readonly string[]): OptionTable {
  return Object.fromEntries(keys.flatMap((key) => (table[key] ? [[key, table[key]]] : [])));
}

/** The values of `raw` whose keys the table declares: the part of deploy's input one of its steps validates. */
export function partOf(table: OptionTable, raw: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.keys(table).flatMap((key) => (key in raw ? [[key, raw[key]]] : [])));
}
