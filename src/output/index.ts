export { isCi, type OutputMode, pickOutputMode } from "./mode.js";
export { type ErrorDocument, errorDocument, type RenderErrorOptions, renderError } from "./render-error.js";
export { reportLines } from "./render-message.js";
export {
  nextStepLines,
  type ResultDocument,
  renderResult,
  resultDocument,
  SCHEMA_VERSION,
} from "./render-result.js";
export { createReporter, type ReporterOptions } from "./reporter.js";
