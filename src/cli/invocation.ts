/**
 * Who runs bgdb and how, read once at the edge for the audit log: the command line, the OS user, and the CI run
 * from the provider's own variables. Core gets it through Deps and never reads the environment itself.
 */
import { userInfo } from "node:os";
import { isCi } from "../output/mode.js";
import type { CiRun, Invocation } from "../ports/index.js";

/** A variable's value, or undefined when it is unset or empty (CI templates often set empty ones). */
const value = (env: NodeJS.ProcessEnv, name: string): string | undefined => env[name] || undefined;

export function ciRunFrom(env: NodeJS.ProcessEnv): CiRun | undefined {
  if (env.GITHUB_ACTIONS === "true") {
    const server = value(env, "GITHUB_SERVER_URL");
    const repository = value(env, "GITHUB_REPOSITORY");
    const runId = value(env, "GITHUB_RUN_ID");
    return {
      provider: "github-actions",
      actor: value(env, "GITHUB_ACTOR"),
      runId,
      runAttempt: value(env, "GITHUB_RUN_ATTEMPT"),
      runUrl: server && repository && runId ? `${server}/${repository}/actions/runs/${runId}` : undefined,
    };
  }
  if (env.GITLAB_CI === "true") {
    return {
      provider: "gitlab-ci",
      actor: value(env, "GITLAB_USER_LOGIN"),
      runId: value(env, "CI_JOB_ID"),
      runUrl: value(env, "CI_JOB_URL"),
    };
  }
  return isCi(env) ? { provider: "ci" } : undefined;
}

/** The process's user name; some containers run as a uid with no name, which is no reason to fail a deployment. */
function osUser(): string | undefined {
  try {
    return userInfo().username || undefined;
  } catch {
    return undefined;
  }
}

/** `argv` is what followed `bgdb`; the audit log redacts it when it writes a line. */
export function invocationFrom(env: NodeJS.ProcessEnv, argv: readonly string[]): Invocation {
  return { commandLine: ["bgdb", ...argv], user: osUser(), ci: ciRunFrom(env) };
}
