import { runDemo } from "../demo.js";
import { defineCommand } from "../spec.js";

export const command = defineCommand({
  name: "demo",
  table: {},
  examples: ["bgdb demo", "bgdb demo --json"],
  exits: [[0, "the whole job ran and lost nothing"], [3, "the sandbox package is not installed"], 1, 130],
  async action(session) {
    session.exitCode = await runDemo({
      io: session.io,
      globals: session.globals,
      signal: session.signal,
      mode: session.mode ?? "plain",
      warnings: session.warnings,
    });
  },
});
