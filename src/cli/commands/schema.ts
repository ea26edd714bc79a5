import { configFileSchema } from "../options/json-schema.js";
import { type Kind, oneOf } from "../options/kinds.js";
import { requiredArgument } from "../options/option.js";
import { defineCommand } from "../spec.js";
import { deployTable } from "./deploy.js";

/** Every schema bgdb prints, by name. */
const SCHEMAS = {
  config: () =>
    configFileSchema(deployTable, {
      $id: "urn:bgdb:config",
      title: "bgdb deploy --config file",
      description:
        "Options of bgdb deploy, keyed by flag name without dashes (kebab-case or camelCase); flags given on the command line override them.",
    }),
};

const names = oneOf(
  "<schema>",
  Object.keys(SCHEMAS).filter((n): n is keyof typeof SCHEMAS => n in SCHEMAS),
);
const schemaName: Kind<keyof typeof SCHEMAS> = {
  ...names,
  missing: `the schema to print is missing: ${names.expect} (config: the file bgdb deploy --config reads)`,
};

export const command = defineCommand({
  name: "schema",
  // `[schema]` to commander, so that a missing name reaches the table and its message listing the schemas.
  usage: "<schema>",
  table: {
    schema: requiredArgument("[schema]", schemaName, { help: `which schema: ${names.expect}` }),
  },
  examples: ["bgdb schema config > config.schema.json", "bgdb schema config | jq '.properties | keys'"],
  exits: [
    [0, "the schema is on stdout"],
    [2, "no such schema"],
  ],
  async action(session, values) {
    session.io.stdout.write(`${JSON.stringify(SCHEMAS[values.schema](), null, 2)}\n`);
  },
});
