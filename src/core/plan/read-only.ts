import type { Deps } from "../../ports/index.js";
import { InternalError } from "../errors.js";

/** RDS port methods that only read: everything else changes AWS. */
const READS = /^(describe|list|get)/;

const refuse = (what: string) => (): Promise<never> =>
  Promise.reject(new InternalError(`A dry run tried to ${what}; it must change nothing (a bug in bgdb).`));

/**
 * The ports a plan runs on: reads pass, and anything that would change AWS, the journal or anything else — an RDS
 * call that is not a describe, the lock, the state file, the audit log, a hook or test command, a confirmation, the
 * probe's writes — fails as a bug instead of happening. A plan never calls mutate(); this makes sure of it.
 */
export function readOnly(deps: Deps): Deps {
  const rds = new Proxy(deps.rds, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== "function" || typeof prop !== "string" || READS.test(prop)) return value;
      return refuse(`call RDS ${prop}`);
    },
  });
  const probe = deps.probe;
  return {
    ...deps,
    rds,
    journal: {
      readState: (key) => deps.journal.readState(key),
      findStateByName: (scope, name) => deps.journal.findStateByName(scope, name),
      readAudit: () => deps.journal.readAudit(),
      writeState: refuse("write the journal's state"),
      appendAudit: refuse("append to the audit log"),
      acquireLock: refuse("take the deployment's lock"),
    },
    runner: { run: refuse("run a command") },
    confirmer: { confirm: refuse("ask for a confirmation") },
    probe: probe && {
      table: probe.table,
      intervalMs: probe.intervalMs,
      missingTable: (endpoints) => probe.missingTable(endpoints),
      start: refuse("start the write probe"),
      stop: refuse("stop the write probe"),
    },
  };
}
