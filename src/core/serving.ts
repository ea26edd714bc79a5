import { deploymentStatus } from "./status.js";

/**
 * Who serves production, as the deployment status bgdb observed last says — never assumed. Every message that
 * states it ("blue still serves", "green serves") comes from here, with the status it was derived from.
 */
export function servingStatement(rawStatus: string | undefined): string {
  switch (deploymentStatus(rawStatus)) {
    case "PROVISIONING":
    case "AVAILABLE":
    case "INVALID_CONFIGURATION":
    case "SWITCHOVER_FAILED":
      return `Production is unchanged: blue still serves (deployment ${rawStatus}).`;
    case "SWITCHOVER_IN_PROGRESS":
      return "A switchover is in progress: RDS completes it or rolls it back; `bgdb status` shows which.";
    case "SWITCHOVER_COMPLETED":
      return "Green serves production now (deployment SWITCHOVER_COMPLETED).";
    default:
      return cannotTellWhoServes(rawStatus);
  }
}

/**
 * For a status that does not say who serves in this context: INVALID_CONFIGURATION or DELETING while a switchover
 * was being watched (RDS documents neither as a rollback, docs/rds-facts.md §2), or a status bgdb does not know.
 */
export function cannotTellWhoServes(rawStatus: string | undefined): string {
  return `bgdb cannot tell which side serves production (deployment ${rawStatus || "not readable"}): run \`bgdb status\`.`;
}
