import { DEMO_ENGINES, runDemo } from "../demo.js";
import { oneOf } from "../options/kinds.js";
import { optionWithDefault } from "../options/option.js";
import { defineCommand } from "../spec.js";

export const command = defineCommand({
  name: "demo",
  table: {
    engine: optionWithDefault("--engine", oneOf("<engine>", DEMO_ENGINES), "postgres", {
      help: "postgres: green is 16 → 17 and a bigger class; mariadb: the installed build, green gets another parameter group and a bigger class",
      config: false,
    }),
  },
  examples: ["bgdb demo", "bgdb demo --engine mariadb", "bgdb demo --json"],
  exits: [
    [0, "the whole job ran and lost nothing"],
    [3, "the sandbox package is not installed, or (--engine mariadb) MariaDB is not"],
    1,
    130,
  ],
  async action(session, values) {
    session.exitCode = await runDemo({
      io: session.io,
      globals: session.globals,
      signal: session.signal,
      mode: session.mode ?? "plain",
      warnings: session.warnings,
      engine: values.engine,
    });
  },
});
