import type { Command } from "commander";
import { runDemo } from "../demo.js";
import { examples } from "../help.js";
import { globalsOf, type Session } from "../session.js";

export function registerDemo(program: Command, session: Session): void {
  program
    .command("demo")
    .description("the whole blue/green job against the local sandbox, start to finish")
    .addHelpText("after", examples("bgdb demo"))
    .action(async (_opts, command: Command) => {
      const globals = globalsOf(session, command);
      session.exitCode = await runDemo({
        io: session.io,
        globals,
        signal: session.signal,
        mode: session.mode ?? "plain",
      });
    });
}
