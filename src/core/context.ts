import type { CallerIdentity, Deps } from "../ports/index.js";
import type { SentRequest } from "./audit.js";
import type { EventPhase, Level, MessagePayload } from "./event.js";
import { DEFAULT_TIMING, type PollTiming } from "./timing.js";
import type { WaitContext } from "./wait.js";

/** Deps plus what every core command derives from them once. */
export interface Ctx extends Deps {
  timing: PollTiming;
  random: () => number;
  wait: WaitContext;
  /** Tells the operator something: a typed message of `phase` at `level` (src/output words it). */
  say(phase: EventPhase, level: Level, payload: MessagePayload): void;
  /** Caller identity, read once per run for the audit log (undefined when STS refused). */
  caller(): Promise<CallerIdentity | undefined>;
  /** The mutating calls this command sent, in order (audit.ts): a later outcome line names the request it settles. */
  requests: SentRequest[];
}

export function makeCtx(deps: Deps): Ctx {
  const timing = { ...DEFAULT_TIMING, ...deps.timing };
  const random = deps.random ?? Math.random;
  let callerPromise: Promise<CallerIdentity | undefined> | undefined;
  return {
    ...deps,
    timing,
    random,
    wait: { clock: deps.clock, reporter: deps.reporter, signal: deps.signal, timing, random },
    requests: [],
    say: (phase, level, payload) => deps.reporter.emit({ kind: "message", phase, level, ...payload }),
    caller() {
      // The audit log wants a name, but a missing sts:GetCallerIdentity permission must not stop a deployment.
      callerPromise ??= deps.identity.whoAmI().catch(() => undefined);
      return callerPromise;
    },
  };
}
