/** Dry runs: each command's plan, built from the real run's observations, checks and call inputs. */
export { planAbort } from "./abort.js";
export { planCleanup } from "./cleanup.js";
export { planCreate } from "./create.js";
export { planDeploy } from "./deploy.js";
export type * from "./step.js";
export { planSwitchover } from "./switchover.js";
export { planUpgrade } from "./upgrade.js";
