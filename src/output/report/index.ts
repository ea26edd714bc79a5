/** The change record in the format asked for: worded once (sections.ts), laid out as Markdown or HTML. */
import type { ReportData } from "../../core/report-data.js";
import { renderHtml } from "./html.js";
import { renderMarkdown } from "./markdown.js";
import { type ReportMeta, reportDocument } from "./sections.js";

export const REPORT_FORMATS = ["md", "html"] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export function renderReport(data: ReportData, format: ReportFormat, meta: ReportMeta): string {
  const doc = reportDocument(data, meta);
  return format === "html" ? renderHtml(doc) : renderMarkdown(doc);
}
