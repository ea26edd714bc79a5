import { createInterface } from "node:readline";
import { UsageError } from "../core/errors.js";
import type { Confirmer } from "../ports/confirm.js";

export interface ConfirmerOptions {
  /** `--yes`: the operator already agreed. */
  yes: boolean;
  isTTY: boolean;
  stdin: NodeJS.ReadableStream;
  /** Prompts go to stderr: stdout carries only the result. */
  stderr: NodeJS.WritableStream;
}

/** With no terminal and no --yes there is nobody to confirm: refuse (exit 2), ideally before any waiting starts. */
export function refuseWithoutConfirmation(action: string, o: { yes: boolean; isTTY: boolean }): void {
  if (o.yes || o.isTTY) return;
  throw new UsageError(`${action} refuses to run without --yes when there is no terminal to confirm on`, {
    hint: "Re-run with --yes once you have checked the plan (bgdb status shows it).",
  });
}

/**
 * The Confirmer port for a terminal. A person confirms by typing the deployment name (not "y"), so muscle memory
 * can't switch production. With no terminal there is nobody to ask: refuse unless `--yes` said so up front.
 */
export function createConfirmer(opts: ConfirmerOptions): Confirmer {
  return {
    async confirm({ prompt, expected, action }) {
      if (opts.yes) return { confirmed: true, how: "yes" };
      refuseWithoutConfirmation(action, opts);
      const answer = await ask(opts, `${prompt}\nType ${expected} to continue: `);
      if (answer === undefined) return { confirmed: false, how: "no-answer" };
      return { confirmed: answer.trim() === expected, how: "typed" };
    },
  };
}

/** One line from stdin; undefined on end of input or Ctrl-C (readline owns Ctrl-C while it reads a TTY). */
function ask(opts: ConfirmerOptions, question: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: opts.stdin, output: opts.stderr, terminal: opts.isTTY });
    let settled = false;
    const finish = (answer: string | undefined): void => {
      if (settled) return;
      settled = true;
      rl.close();
      resolve(answer);
    };
    rl.on("SIGINT", () => finish(undefined));
    rl.on("close", () => finish(undefined));
    rl.question(question, (answer) => finish(answer));
  });
}
