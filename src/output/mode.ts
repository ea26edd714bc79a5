/** How bgdb talks: spinner on a person's terminal, timestamped lines for logs, a JSON document, or near silence. */
export type OutputMode = "tty" | "plain" | "json" | "quiet";

/** `CI=true`, `CI=1`, `CI=github`… all mean CI; unset, empty, `false` and `0` do not. */
export function isCi(env: NodeJS.ProcessEnv): boolean {
  const ci = env.CI?.trim().toLowerCase();
  return ci !== undefined && ci !== "" && ci !== "false" && ci !== "0";
}

/** `--json` wins over `--quiet` (a machine still needs its document); spinners only for a person at a real terminal. */
export function pickOutputMode(o: {
  json: boolean;
  quiet: boolean;
  isTTY: boolean;
  env: NodeJS.ProcessEnv;
}): OutputMode {
  if (o.json) return "json";
  if (o.quiet) return "quiet";
  if (o.isTTY && !isCi(o.env) && o.env.TERM !== "dumb") return "tty";
  return "plain";
}
