/**
 * Where `bgdb report` puts the change record and in which format: `--format` when given, else the extension of
 * `--out`, else Markdown (a terminal, a pipe into a ticket); and writing the file.
 */

import { writeFile } from "node:fs/promises";
import { extname } from "node:path";
import { errnoCode } from "../common/errno.js";
import { UsageError } from "../core/errors.js";
import type { ReportFormat } from "../output/report/index.js";

const BY_EXTENSION: Record<string, ReportFormat> = { ".html": "html", ".htm": "html", ".md": "md", ".markdown": "md" };

/** The format to write; bad usage (exit 2, before any AWS call) when `--out` names a file of no known kind. */
export function reportFormat(format: ReportFormat | undefined, out: string | undefined): ReportFormat {
  if (format) return format;
  if (!out) return "md";
  const byExtension = BY_EXTENSION[extname(out).toLowerCase()];
  if (byExtension) return byExtension;
  throw new UsageError(`--out ${out}: bgdb cannot tell the format from the file's extension.`, {
    hint: "Name the file .md or .html, or give --format md or --format html.",
  });
}

/** Writes the record; a path that cannot be written is bad input (exit 2), named with the system's reason. */
export async function writeReport(path: string, shown: string, text: string): Promise<void> {
  try {
    await writeFile(path, text, "utf8");
  } catch (e) {
    const code = errnoCode(e) ?? "error";
    throw new UsageError(`Cannot write the change record to ${shown} (${code}).`, {
      cause: e,
      hint: "Give --out a path in a directory that exists and that this user can write.",
    });
  }
}
