import { resolve } from "node:path";
import * as core from "../../core/index.js";
import type { CommandResult } from "../../core/result.js";
import { REPORT_FORMATS, renderReport } from "../../output/report/index.js";
import { stateDir } from "../deps.js";
import { deploymentArgument } from "../options/common.js";
import { filePath, oneOf } from "../options/kinds.js";
import { option } from "../options/option.js";
import { refuseOutInStateDir, reportFormat, writeReport } from "../report-output.js";
import { execute } from "../session.js";
import { defineCommand } from "../spec.js";
import { VERSION } from "../version.js";

export const command = defineCommand({
  name: "report",
  table: {
    deployment: deploymentArgument,
    format: option("--format", oneOf("<format>", REPORT_FORMATS), {
      help: "md (Markdown tables) or html (one self-contained page with charts)",
      shownDefault: "from --out's extension, else md",
    }),
    out: option("--out", filePath, { help: "write the record to this file instead of stdout" }),
  },
  examples: [
    "bgdb report orders-prod-to-17 > change-record.md",
    "bgdb report orders-prod-to-17 --out change-record.html",
    "bgdb report bgd-4tq2x8m1c9kd --format md --out CHG-1234.md --json",
  ],
  exits: [
    [0, "the change record was written"],
    [
      2,
      "bad usage: an unknown format, or an --out file of no known extension, inside the state directory or that cannot be written",
    ],
    [3, "no record of the deployment in the state directory (AWS may still have it: point --state-dir at the journal)"],
  ],
  async action(session, values) {
    const format = reportFormat(values.format, values.out);
    const out = values.out && { path: resolve(session.io.cwd, values.out), shown: values.out };
    if (out) {
      const state = stateDir({ command: session.command, globals: session.globals, io: session.io });
      await refuseOutInStateDir(out.path, out.shown, state);
    }
    await execute(session, async (deps) => {
      const data = await core.gatherReport(deps, { deployment: values.deployment });
      const now = data.aws.deployment;
      const result: CommandResult = {
        command: "report",
        phase: data.record.phase ?? "unknown",
        deployment: now.read ? now.value?.view : undefined,
        members: [],
        durations: {},
        report: [],
        nextSteps: [],
        data: { format, path: values.out ?? null, record: data },
      };
      // With --json and no file, the JSON document is the record: stdout carries one document only.
      if (session.mode === "json" && !values.out) return result;
      const text = renderReport(data, format, { version: VERSION });
      if (!out) {
        session.io.stdout.write(text);
        return result;
      }
      await writeReport(out.path, out.shown, text);
      const bytes = Buffer.byteLength(text);
      const { name, id } = data.record;
      return {
        ...result,
        report: [{ code: "report.written", name, id, path: out.shown, format, bytes }],
        data: { ...result.data, bytes },
      };
    });
  },
});
