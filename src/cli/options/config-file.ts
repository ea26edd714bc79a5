import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { errnoCode } from "../../common/errno.js";
import { messageOf, UsageError } from "../../core/errors.js";
import { attributeOf, camel, entries, type OptionTable } from "./parse.js";

/**
 * The names a config file may use for each option of a table: the flag's name in kebab-case or camelCase
 * (`target-engine-version`, `targetEngineVersion`; `wait` for `--no-wait`), plus declared aliases. Options a config
 * file may not set (`--config` itself, positional arguments) have none.
 */
export function configNames(table: OptionTable): Map<string, string> {
  const names = new Map<string, string>();
  for (const { key, meta } of entries(table)) {
    if (meta.config === false) continue;
    const kebab = attributeOf(meta.flag);
    for (const name of [kebab, camel(kebab), ...(meta.aliases ?? [])]) names.set(name, key);
  }
  return names;
}

/**
 * YAML (and so JSON) as plain data, with every plain-scalar number read back as the text written: an engine version
 * `17.10` stays "17.10" instead of becoming the number 17.1, and an id `0123` keeps its zero. The option table's
 * parsers then read numbers from that text exactly as they read the command line.
 */
async function parseYamlKeepingNumberText(text: string): Promise<unknown> {
  // Loaded here, not at start-up: only `--config` needs a YAML parser.
  const { parseDocument, isMap, isSeq, isScalar } = await import("yaml");
  const doc = parseDocument(text);
  if (doc.errors.length > 0) throw doc.errors[0];
  const plain = (node: unknown): unknown => {
    if (isMap(node)) {
      return Object.fromEntries(node.items.map((pair) => [String(plain(pair.key)), plain(pair.value)]));
    }
    if (isSeq(node)) return node.items.map(plain);
    if (isScalar(node)) {
      return typeof node.value === "number" && node.type === "PLAIN" && typeof node.source === "string"
        ? node.source
        : node.value;
    }
    return node ?? null;
  };
  return plain(doc.contents);
}

/**
 * Reads a `--config` file into the table's keys. Keys bgdb does not know are refused: a typo must not silently drop
 * a safety setting. Values are validated later with the flags, by the same parsers.
 */
export async function readConfigFile(file: string, cwd: string, table: OptionTable): Promise<Record<string, unknown>> {
  const path = resolve(cwd, file);
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    throw new UsageError(`--config ${file} cannot be read (${errnoCode(err) ?? "error"})`, {
      cause: err,
    });
  }
  let doc: unknown;
  try {
    doc = await parseYamlKeepingNumberText(text);
  } catch (err) {
    throw new UsageError(`--config ${file} is not valid YAML or JSON: ${messageOf(err).split("\n")[0]}`, {
      cause: err,
    });
  }
  if (doc === null || doc === undefined) return {};
  if (typeof doc !== "object" || Array.isArray(doc)) {
    throw new UsageError(`--config ${file} must hold a map of option names to values`);
  }
  const names = configNames(table);
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(doc)) {
    const key = names.get(name);
    if (key === undefined) {
      throw new UsageError(
        `--config ${file}: unknown key "${name}" (allowed: the flag names without dashes, e.g. source, target-engine-version, until)`,
      );
    }
    out[key] = value;
  }
  return out;
}
