/**
 * The JSON Schema (draft 2020-12) of a config file for one option table: every name configNames() lets the file use,
 * each with its kind's JSON fragment, its help and its default. Editors validate and complete `upgrade.yaml` with it
 * (`bgdb schema config`); bgdb itself validates with the table's parsers, which this only describes.
 */
import { configNames } from "./config-file.js";
import type { JsonSchema } from "./kinds.js";
import { metaOf, type OptionMeta } from "./option.js";
import type { OptionTable } from "./parse.js";
import { spelledDefault } from "./spelled-default.js";

export interface SchemaHeader {
  readonly $id: string;
  readonly title: string;
  readonly description: string;
}

/** A negated switch (`--no-wait`) is written `wait: false` in a file, so its help needs the flag to make sense. */
const description = (meta: OptionMeta): string =>
  meta.flag.startsWith("--no-") ? `false is ${meta.flag}: ${meta.help}` : meta.help;

function property(meta: OptionMeta): JsonSchema {
  const fallback = spelledDefault(meta.kind, meta.shownDefault);
  return {
    ...meta.kind.json,
    description: description(meta),
    ...(fallback === undefined ? {} : { default: fallback }),
  };
}

export function configFileSchema(table: OptionTable, header: SchemaHeader): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  for (const [name, key] of configNames(table)) {
    const schema = table[key];
    if (schema) properties[name] = property(metaOf(schema));
  }
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    ...header,
    type: "object",
    properties,
    // bgdb refuses keys it does not know (a typo must not drop a safety setting); the editor should say so too.
    additionalProperties: false,
  };
}
