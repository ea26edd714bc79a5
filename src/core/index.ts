/**
 * bgdb as a library: the same functions the CLI calls. Each takes the injected dependencies and validated options
 * and returns a CommandResult, or throws a BgdbError.
 */
export { abort } from "./abort.js";
export { type RequestOutcome, requestOutcomes } from "./audit-outcomes.js";
export { type AuditVerdict, verifyAuditLog } from "./audit-verify.js";
export { cleanup } from "./cleanup.js";
export { create, defaultDeploymentName } from "./create.js";
export { deploy } from "./deploy.js";
export * from "./errors.js";
export { lag } from "./lag-cmd.js";
export type * from "./options.js";
export * from "./plan/index.js";
export { preflight } from "./preflight.js";
export type { AuditChain, DeploymentAudit } from "./report-audit.js";
export { type AwsReading, gatherReport, type Presence, type ReportData, type ReportOptions } from "./report-data.js";
export type * from "./result.js";
export { list, status } from "./status-cmd.js";
export { switchover } from "./switchover.js";
export { test } from "./test-green.js";
export type { PollTiming } from "./timing.js";
export { DEFAULT_TIMING } from "./timing.js";
export { upgrade } from "./upgrade.js";
export { verify } from "./verify-cmd.js";
