/** Options several commands declare the same way. */
import { deploymentRef, envName, hooks, switchKind } from "./kinds.js";
import { option, optionWithDefault, requiredArgument } from "./option.js";

export const deploymentArgument = requiredArgument("<deployment>", deploymentRef, {
  help: "bgd- id or deployment name",
});

/** `--dry-run`: create, upgrade, switchover, cleanup, abort and deploy show their plan and change nothing. */
export const dryRunOption = optionWithDefault("--dry-run", switchKind, false, {
  help: "show every step it would take, with AWS's current readings, and change nothing (exit 0 when it could run now)",
  config: false,
});

export const yesOption = optionWithDefault("--yes", switchKind, false, {
  help: "do not ask for confirmation (needed when there is no terminal)",
});

/** `--hook <event>=<command>`: create, switchover and deploy run the team's commands at named points. */
export const hooksOption = option("--hook", hooks, {
  help: "run a command at an event: before-create, after-create, before-switchover, after-switchover, on-success, on-failure (repeatable; via sh -c, BGDB_* variables in its environment)",
  aliases: ["hooks"],
});

/** The variable `bgdb verify` and `--verify` read the connection URL from when --db-url-env is not given. */
export const DEFAULT_DB_URL_ENV = "BGDB_DB_URL";

/** The variable --probe reads its connection URL from when --probe-url-env is not given. */
export const DEFAULT_PROBE_URL_ENV = "BGDB_PROBE_URL";

/**
 * `--db-url-env NAME`: the environment variable holding the connection URL bgdb reads databases with (src/cli/db-url.ts
 * reads it). preflight, create, deploy and switchover read blue's catalog and sessions with it; verify and --verify
 * read blue and green.
 */
export const dbUrlEnvOption = option("--db-url-env", envName, {
  help: `environment variable holding the connection URL to read the databases with (host and port come from RDS; never printed): blue's for preflight and the prediction, blue's and green's for verify and --verify (default ${DEFAULT_DB_URL_ENV} there; optional with --sandbox)`,
});
