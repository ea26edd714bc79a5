import type { Command } from "commander";
import * as core from "../../core/index.js";
import { examples } from "../help.js";
import { execute, type Session } from "../session.js";

export function registerList(program: Command, session: Session): void {
  program
    .command("list")
    .description("the region's blue/green deployments")
    .addHelpText("after", examples("bgdb list", "bgdb list --region eu-west-1 --json"))
    .action(async (_opts, command: Command) => {
      await execute(session, command, (deps) => core.list(deps));
    });
}
