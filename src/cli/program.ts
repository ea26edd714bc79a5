import { Command, Option } from "commander";
import { registerAbort } from "./commands/abort.js";
import { registerCleanup } from "./commands/cleanup.js";
import { registerCreate } from "./commands/create.js";
import { registerDemo } from "./commands/demo.js";
import { registerDeploy } from "./commands/deploy.js";
import { registerLag } from "./commands/lag.js";
import { registerList } from "./commands/list.js";
import { registerSandbox } from "./commands/sandbox.js";
import { registerStatus } from "./commands/status.js";
import { registerSwitchover } from "./commands/switchover.js";
import { registerTest } from "./commands/test.js";
import { registerUpgrade } from "./commands/upgrade.js";
import { EXIT_CODES_HELP } from "./help.js";
import type { Session } from "./session.js";

export const VERSION = "0.1.0";

/**
 * The commander program. exitOverride + configureOutput are set before any command is added so every subcommand
 * inherits them: commander then throws instead of exiting, and main renders its errors like ours (exit 2).
 */
export function buildProgram(session: Session): Command {
  const { io } = session;
  const program = new Command("bgdb")
    .description(
      "Orchestrates Amazon RDS Blue/Green deployments: create, upgrade, test, gate on lag, switch over, clean up.",
    )
    .version(VERSION)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      // main prints the error once through the renderer; commander's own line would be a duplicate.
      outputError: () => {},
    })
    .showSuggestionAfterError(true)
    .option("--region <region>", "AWS region (default: the SDK's chain: AWS_REGION, profile)")
    .option("--profile <name>", "AWS shared config profile")
    .option("--endpoint-url <url>", "send every AWS call to this endpoint (LocalStack, moto)")
    .option("--sandbox", "use the local bgdb sandbox (started if needed) instead of AWS")
    .option("--sandbox-dir <dir>", "where the sandbox keeps its state")
    .option("--state-dir <dir>", "bgdb's local journal (env BGDB_STATE_DIR; default .bgdb)")
    .option("--json", "one JSON document on stdout; progress on stderr")
    .option("--quiet", "only errors on stderr")
    .option("--verbose", "stack traces and AWS request details on errors")
    .addOption(new Option("--no-color", "no colour (also NO_COLOR)"))
    .addHelpText("after", EXIT_CODES_HELP);

  for (const register of [
    registerCreate,
    registerUpgrade,
    registerTest,
    registerLag,
    registerSwitchover,
    registerCleanup,
    registerAbort,
    registerStatus,
    registerList,
    registerDeploy,
    registerSandbox,
    registerDemo,
  ]) {
    register(program, session);
  }
  return program;
}
