export { isCi, type OutputMode, pickOutputMode } from "./mode.js";
export { type RenderErrorOptions, renderError } from "./render-error.js";
export { nextStepLines, renderResult, resultDocument } from "./render-result.js";
export { createReporter, type ReporterOptions } from "./reporter.js";
