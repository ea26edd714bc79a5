import * as core from "../../core/index.js";
import { LIMITS } from "../../core/options.js";
import { deploymentArgument } from "../options/common.js";
import { commandLine, duration } from "../options/kinds.js";
import { option, requiredArgument } from "../options/option.js";
import { execute } from "../session.js";
import { defineCommand } from "../spec.js";

export const testTimeout = option("--timeout", duration(LIMITS.waitMinMs, LIMITS.waitMaxMs), {
  help: "kill the command after this long",
  shownDefault: "none",
});

export const testTable = {
  deployment: deploymentArgument,
  command: requiredArgument("[command...]", commandLine, {
    help: "the command to run against green, after --",
    config: true,
    aliases: ["test"],
  }),
  timeoutMs: testTimeout,
};

export const command = defineCommand({
  name: "test",
  usage: "<deployment> [--timeout D] -- <command> [args...]",
  table: testTable,
  examples: [
    "bgdb test orders-prod-to-17 -- npm run test:integration",
    "bgdb test bgd-4tq2x8m1c9kd --timeout 10m -- psql -c 'select version()'",
    "bgdb --sandbox test pg16-source-to-17 -- psql -tAc 'select 1'",
  ],
  exits: [
    [0, "the command exited 0"],
    2,
    [3, "the deployment is not AVAILABLE or has no green endpoint yet"],
    [6, "the command failed or timed out — nothing was switched"],
    130,
  ],
  async action(session, values) {
    const [program, ...args] = values.command;
    await execute(session, (deps) =>
      core.test(deps, { deployment: values.deployment, command: program ?? "", args, timeoutMs: values.timeoutMs }),
    );
  },
});
