import type { Command } from "commander";
import * as core from "../../core/index.js";
import { DURATION_NOTE, examples } from "../help.js";
import { parseInput, testSchema } from "../schema.js";
import { execute, givenOptions, type Session } from "../session.js";

export function registerTest(program: Command, session: Session): void {
  program
    .command("test")
    .description(
      "run a command against green (BGDB_GREEN_ENDPOINT, PGHOST/PGPORT or MYSQL_HOST set); exit 6 if it fails",
    )
    .usage("<deployment> [--timeout D] -- <command> [args...]")
    .argument("<deployment>", "bgd- id or deployment name")
    .argument("[command...]", "the command to run, after --")
    .option("--timeout <duration>", `kill the command after this long (default: none; ${DURATION_NOTE})`)
    .addHelpText(
      "after",
      examples(
        "bgdb test orders-prod-to-17 -- npm run test:integration",
        "bgdb test bgd-4tq2x8m1c9kd --timeout 10m -- psql -c 'select version()'",
      ),
    )
    .action(async (deployment: string, command: string[], _opts, cmd: Command) => {
      const options = parseInput(testSchema, { ...givenOptions(cmd), deployment, command });
      await execute(session, cmd, (deps) => core.test(deps, options));
    });
}
