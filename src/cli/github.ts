/**
 * bgdb in GitHub Actions (`GITHUB_ACTIONS=true`): at the end of every command, its step summary appended to the file
 * `$GITHUB_STEP_SUMMARY` names, and its failure and warnings as workflow commands (annotations) on stderr. The one
 * place bgdb writes to GitHub's files and speaks its workflow commands; the words are src/output/github.ts's. Nothing
 * here fails a command: a summary that cannot be written is a warning on stderr.
 */

import { appendFileSync } from "node:fs";
import { messageOf } from "../core/errors.js";
import { annotations, type RunDocument, stepSummary, warningText } from "../output/github.js";
import { MARKS } from "../output/style.js";
import type { Reporter } from "../ports/index.js";
import type { CliIo } from "./io.js";

/**
 * The variables bgdb reads on a runner. BGDB_GITHUB_STOP_TOKEN is set by the bgdb Action (action/main.mjs), which
 * runs bgdb inside `::stop-commands::<token>` so nothing bgdb quotes (AWS's messages, a test command's output) is
 * read as a workflow command: bgdb resumes commands with the token for its own annotations only, then stops them
 * again. The process runner keeps it from the commands bgdb runs (a test command that had it could end the fence).
 */
export const GITHUB_ENV = {
  actions: "GITHUB_ACTIONS",
  summary: "GITHUB_STEP_SUMMARY",
  stopToken: "BGDB_GITHUB_STOP_TOKEN",
} as const;

export interface GithubRun {
  summaryFile?: string;
  /** Only a plain token: one with a line break or `::` in it could write workflow commands of its own. */
  stopToken?: string;
}

/** The runner's settings when bgdb runs in GitHub Actions, else undefined. */
export function githubRunFrom(env: NodeJS.ProcessEnv): GithubRun | undefined {
  if (env[GITHUB_ENV.actions] !== "true") return undefined;
  const token = env[GITHUB_ENV.stopToken];
  return {
    summaryFile: env[GITHUB_ENV.summary] || undefined,
    stopToken: token && /^[\w-]{8,128}$/.test(token) ? token : undefined,
  };
}

/** The reporter, also keeping every warning it is given (in `into`) for the annotations and the summary. */
export function keepingWarnings<R extends Reporter>(reporter: R, into: string[], prefix?: string): R {
  return {
    ...reporter,
    emit: (e) => {
      if (e.kind === "message" && e.level === "warn") into.push(warningText(e, prefix));
      reporter.emit(e);
    },
  };
}

/** Publishes a finished command to GitHub, when bgdb runs there: its annotations, then its step summary. */
export function publishRun(io: Pick<CliIo, "env" | "stderr">, doc: RunDocument, warnings: readonly string[]): void {
  const github = githubRunFrom(io.env);
  if (!github) return;
  const lines = annotations(doc, warnings);
  if (lines.length > 0) {
    const token = github.stopToken;
    // One write: the resumed window holds bgdb's own annotations and nothing else.
    const fenced = token ? [`::${token}::`, ...lines, `::stop-commands::${token}`] : lines;
    io.stderr.write(`${fenced.join("\n")}\n`);
  }
  const file = github.summaryFile;
  if (!file) {
    io.stderr.write(`${MARKS.warn} ${GITHUB_ENV.summary} is not set: this command's step summary is not written.\n`);
    return;
  }
  try {
    appendFileSync(file, stepSummary(doc, warnings));
  } catch (e) {
    const why = messageOf(e);
    io.stderr.write(
      `${MARKS.warn} Could not append the step summary to ${file} (${why}); the command's outcome is unchanged.\n`,
    );
  }
}
