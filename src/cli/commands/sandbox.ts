import type { Kind } from "../options/kinds.js";
import { requiredArgument } from "../options/option.js";
import { runSandbox } from "../sandbox-program.js";
import { defineCommand } from "../spec.js";

/** Whatever follows `bgdb sandbox`: the sandbox program validates its own arguments. */
const passThrough: Kind<string[]> = {
  value: "<sub...>",
  expect: "a sandbox subcommand (start, ensure, stop, status, requests, reset, seed, fault) and its arguments",
  json: { type: "array", items: { type: "string" } },
  parse: (raw) => (Array.isArray(raw) && raw.every((a) => typeof a === "string") ? raw : undefined),
  show: (v) => v.join(" "),
};

export const command = defineCommand({
  name: "sandbox",
  passThrough: true,
  table: {
    sub: requiredArgument("<sub...>", passThrough, { help: "sandbox subcommand and its arguments" }),
  },
  examples: [
    "bgdb sandbox start",
    "bgdb sandbox seed",
    "bgdb sandbox fault switchover-failure --count 1",
    "bgdb sandbox status --json",
    "bgdb sandbox requests --action SwitchoverBlueGreenDeployment --json",
    "bgdb sandbox stop",
  ],
  exits: [0, [2, "bad usage of the sandbox program"], [3, "the sandbox package is not installed"], 1],
  async action(session, values) {
    // bgdb's parser keeps its own global flags; hand the ones the sandbox also understands back to it.
    const args = [...values.sub];
    const { sandboxDir, json } = session.globals;
    if (sandboxDir && !args.includes("--sandbox-dir")) args.push("--sandbox-dir", sandboxDir);
    if (json && !args.includes("--json")) args.push("--json");
    session.exitCode = (await runSandbox(args, session.io)).code;
  },
});
