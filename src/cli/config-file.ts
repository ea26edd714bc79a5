import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { UsageError } from "../core/errors.js";

const camel = (key: string): string => key.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());

/**
 * Reads a `deploy --config` file (YAML, and therefore JSON too). Keys are the flag names, kebab-case or camelCase
 * (`target-engine-version` or `targetEngineVersion`); `test` is accepted for the test command. Keys bgdb does not
 * know are refused: a typo must not silently drop a safety setting.
 */
export async function readConfigFile(
  file: string,
  cwd: string,
  known: readonly string[],
): Promise<Record<string, unknown>> {
  const path = resolve(cwd, file);
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    throw new UsageError(`--config ${file} cannot be read (${(err as NodeJS.ErrnoException).code ?? "error"})`, {
      cause: err,
    });
  }
  let doc: unknown;
  // Loaded here, not at start-up: only `deploy --config` needs a YAML parser.
  const { parse } = await import("yaml");
  try {
    doc = parse(text);
  } catch (err) {
    throw new UsageError(`--config ${file} is not valid YAML or JSON: ${(err as Error).message.split("\n")[0]}`, {
      cause: err,
    });
  }
  if (doc === null || doc === undefined) return {};
  if (typeof doc !== "object" || Array.isArray(doc)) {
    throw new UsageError(`--config ${file} must hold a map of option names to values`);
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(doc)) {
    const name = key === "test" ? "command" : camel(key);
    if (!known.includes(name)) {
      throw new UsageError(
        `--config ${file}: unknown key "${key}" (allowed: the deploy flags, e.g. source, target-engine-version, until)`,
      );
    }
    out[name] = value;
  }
  return out;
}
