/**
 * Who runs bgdb and how, as the CLI reads it at the edge (its argv, the CI provider's variables, the OS user). Core
 * never reads process.env: it gets this through Deps and writes it on every audit line.
 */

/** The CI run bgdb runs in, as the provider's own variables name it. */
export interface CiRun {
  /** `github-actions`, `gitlab-ci`, or `ci` when only the generic `CI` variable says bgdb runs in CI. */
  provider: "github-actions" | "gitlab-ci" | "ci";
  /** Who started the run: GITHUB_ACTOR, GITLAB_USER_LOGIN. */
  actor?: string;
  /** The provider's id of the run (GitHub: GITHUB_RUN_ID) or of the job (GitLab: CI_JOB_ID). */
  runId?: string;
  /** GitHub's GITHUB_RUN_ATTEMPT: a re-run keeps its run id and counts up. */
  runAttempt?: string;
  /** Where a reader finds the run's log. */
  runUrl?: string;
}

export interface Invocation {
  /** bgdb's own command line, `bgdb` first. The audit log redacts it (redactArgv) before writing. */
  commandLine: string[];
  /** The operating-system user of the process: who sat at the terminal when a name was typed. */
  user?: string;
  ci?: CiRun;
}
