import type { Command } from "commander";
import { UsageError } from "../../core/errors.js";
import * as core from "../../core/index.js";
import { readConfigFile } from "../config-file.js";
import { DURATION_NOTE, examples } from "../help.js";
import { deploySchema, deployShape, parseInput } from "../schema.js";
import { execute, givenOptions, type Session } from "../session.js";
import { addCleanupOptions } from "./cleanup.js";
import { addCreateOptions } from "./create.js";
import { addSwitchoverOptions, checkProbeEnv, withProbe } from "./switchover.js";
import { addUpgradeOptions } from "./upgrade.js";

export function registerDeploy(program: Command, session: Session): void {
  const cmd = program
    .command("deploy")
    .description("the whole chain: create, [upgrade], [test], switchover, [cleanup]; re-run to continue after a stop")
    .usage("--source <id|arn> [options] [-- <test command> [args...]]")
    .argument("[command...]", "test command to run against green, after --")
    .option("--config <file>", "YAML or JSON file of these options (flags override it)")
    .option("--until <step>", "stop after: created | upgraded | tested | switched | cleaned (default: switched)");
  addCreateOptions(cmd, `how long to wait for creation (default: 4h; ${DURATION_NOTE})`);
  addUpgradeOptions(cmd).option("--upgrade-timeout <duration>", "how long to wait for the upgrade (default: 2h)");
  cmd.option("--test-timeout <duration>", "kill the test command after this long");
  cmd.option("--switchover-timeout <seconds>", "RDS SwitchoverTimeout, 30–3600 seconds (default: 300)");
  addCleanupOptions(addSwitchoverOptions(cmd, false))
    .addHelpText(
      "after",
      examples(
        "bgdb deploy --source orders-prod --target-engine-version 17.2 --target-parameter-group orders-pg17 -- npm test",
        "CI=true bgdb deploy --config upgrade.yaml --until switched --yes --json > result.json",
      ),
    )
    .action(async (command: string[], _opts, self: Command) => {
      const { config, ...flags } = givenOptions(self);
      const fromFile =
        typeof config === "string" ? await readConfigFile(config, session.io.cwd, Object.keys(deployShape)) : {};
      const raw = { ...fromFile, ...flags, ...(command.length > 0 ? { command } : {}) };
      const options = parseInput(
        deploySchema,
        raw,
        typeof config === "string" ? `--config ${config} and flags` : undefined,
      );
      if (!options.create.wait) {
        throw new UsageError("--no-wait does not fit deploy, which waits for each step; use `bgdb create --no-wait`");
      }
      const probeUrl = checkProbeEnv(options.switchover, session.io.env);
      await execute(session, self, async (deps) => core.deploy(await withProbe(deps, probeUrl), options), {
        yes: options.switchover.yes,
        confirms: ["switched", "cleaned"].includes(options.until) ? "switchover" : undefined,
      });
    });
}
