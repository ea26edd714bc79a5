/**
 * GitHub's variables that make bgdb annotate the job and append to its step summary (src/cli/github.ts). A bgdb a
 * test spawns must not inherit them: run on a runner, every failing test command would otherwise become an
 * annotation of the job and every run a section of its summary. Tests that want them set them explicitly.
 */
export const GITHUB_RUN_VARIABLES = ["GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY", "BGDB_GITHUB_STOP_TOKEN"] as const;

/** `env` without GitHub's run variables. */
export function withoutGithubRun(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out = { ...env };
  for (const key of GITHUB_RUN_VARIABLES) delete out[key];
  return out;
}
