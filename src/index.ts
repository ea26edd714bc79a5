/**
 * bgdb as a library: the same functions the CLI calls (each takes the ports and validated options, returns a
 * CommandResult or throws a BgdbError), plus the adapters the CLI wires them to.
 */
export { createAwsAdapters } from "./adapters/aws/index.js";
export { createFileJournal } from "./adapters/journal/index.js";
export { systemClock } from "./adapters/system/clock.js";
export { createProcessRunner } from "./adapters/system/process-runner.js";
export * from "./core/index.js";
export { REPORT_FORMATS, type ReportFormat, renderReport } from "./output/report/index.js";
export type * from "./ports/index.js";
