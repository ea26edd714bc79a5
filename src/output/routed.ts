/**
 * Commands bgdb prints must reach the same place the run did: a hint copied from a `--sandbox` run must not go to
 * real AWS, nor one from `--region eu-west-1` to the default region. Every `bgdb <command>` in printed text gets
 * the run's routing flags (the prefix), in nextSteps, hints, and message lines alike.
 */
const BGDB_COMMAND = /(^|[\s`'"(])bgdb (?=[a-z])/g;

export function routed(text: string, prefix: string | undefined): string {
  if (!prefix || prefix === "bgdb") return text;
  return text.replace(BGDB_COMMAND, (_m, before: string) => `${before}${prefix} `);
}
