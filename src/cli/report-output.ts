/**
 * Where `bgdb report` puts the change record and in which format: `--format` when given, else the extension of
 * `--out`, else Markdown (a terminal, a pipe into a ticket); and writing the file.
 */

import { realpath, writeFile } from "node:fs/promises";
import { basename, dirname, extname, isAbsolute, join, relative, sep } from "node:path";
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

/** The real path of `path` (absolute): its nearest existing ancestor's symlinks resolved, the rest appended. */
async function realPathOf(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch (e) {
    const parent = dirname(path);
    if (parent === path || errnoCode(e) !== "ENOENT") return path;
    return join(await realPathOf(parent), basename(path));
  }
}

/**
 * Bad usage (exit 2, before any AWS call) when `--out` (absolute) lies inside the state directory: a report written
 * over the journal or the audit log would destroy the evidence it reports on. Any other file is overwritten (a
 * record is regenerated). Symlinks on either side are resolved first.
 */
export async function refuseOutInStateDir(path: string, shown: string, stateDir: string): Promise<void> {
  const [out, state] = await Promise.all([realPathOf(path), realPathOf(stateDir)]);
  const inside = relative(state, out);
  if (inside === ".." || inside.startsWith(`..${sep}`) || isAbsolute(inside)) return;
  throw new UsageError(
    `--out ${shown} is inside the state directory ${stateDir}: bgdb does not write over its journal.`,
    {
      hint: "Give --out a path outside the state directory (the journal and the audit log are the report's evidence).",
    },
  );
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
