import type { Kind } from "./kinds.js";

/**
 * A default as a config file or a flag would spell it, when the text help shows is one: `4h`, `switched`, `false`
 * and `3` are; `1s and 1MiB` or `none` describe a default that no single value spells, so there is none to give.
 * The text is read as JSON first so that `false` and `3` become the boolean and the number a YAML file would hold.
 */
export function spelledDefault(kind: Kind<unknown>, shown: string | undefined): unknown {
  if (shown === undefined) return undefined;
  let typed: unknown = shown;
  try {
    typed = JSON.parse(shown);
  } catch {
    // Not JSON (`4h`): the text itself is the candidate.
  }
  return [typed, shown].find((candidate) => kind.parse(candidate) !== undefined);
}
