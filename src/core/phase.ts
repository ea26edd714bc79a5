import { type DeploymentStatus, deploymentStatus } from "./status.js";

/**
 * bgdb's phase, derived from what AWS says (docs/architecture.md, "The workflow"). Never stored as truth: every command
 * re-reads the deployment and derives it again.
 */
export const PHASES = [
  "preflight",
  "provisioning",
  "green-ready",
  "switching-over",
  "switched",
  "switchover-failed",
  "invalid-configuration",
  "deleting",
  "cleaned",
  "aborted",
  /** The source already runs every requested target: nothing was created (desired state read from AWS). */
  "at-target",
  "unknown",
] as const;
export type Phase = (typeof PHASES)[number];

const BY_STATUS: Record<DeploymentStatus, Phase> = {
  PROVISIONING: "provisioning",
  AVAILABLE: "green-ready",
  SWITCHOVER_IN_PROGRESS: "switching-over",
  SWITCHOVER_COMPLETED: "switched",
  SWITCHOVER_FAILED: "switchover-failed",
  INVALID_CONFIGURATION: "invalid-configuration",
  DELETING: "deleting",
  UNKNOWN: "unknown",
};

export function phaseOf(rawStatus: string | undefined): Phase {
  return BY_STATUS[deploymentStatus(rawStatus)];
}

/** What to run next from a phase; `ref` is the deployment name. Shown at the end of every command. */
export function nextStepsFor(phase: Phase, ref: string): string[] {
  switch (phase) {
    case "provisioning":
      return [`bgdb status ${ref} --watch`];
    case "green-ready":
      return [`bgdb test ${ref} -- <your test command>`, `bgdb switchover ${ref}`];
    case "switching-over":
      return [`bgdb status ${ref} --watch`];
    case "switched":
      return [`bgdb cleanup ${ref} --delete-old-blue  (after the retention window)`];
    case "switchover-failed":
      return [`bgdb status ${ref}`, `bgdb switchover ${ref}  (when the cause is fixed)`, `bgdb abort ${ref}`];
    case "invalid-configuration":
      return [`bgdb status ${ref}`, `bgdb abort ${ref}  (delete green; blue is untouched)`];
    case "deleting":
      return [`bgdb status ${ref} --watch`];
    case "cleaned":
    case "aborted":
    case "at-target":
      return [];
    default:
      return [`bgdb status ${ref}`];
  }
}
