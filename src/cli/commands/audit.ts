import { join } from "node:path";
import { readAuditLog } from "../../adapters/journal/audit-log.js";
import { SHA256_HEX } from "../../core/audit-chain.js";
import { type AuditVerdict, verifyAuditLog } from "../../core/audit-verify.js";
import { ExitCode } from "../../core/errors.js";
import { stateDir } from "../deps.js";
import { type Kind, oneOf, pattern } from "../options/kinds.js";
import { option, requiredArgument } from "../options/option.js";
import { defineCommand } from "../spec.js";

const subcommands = oneOf("<subcommand>", ["verify"]);
const subcommand: Kind<"verify"> = {
  ...subcommands,
  missing: `the subcommand is missing: ${subcommands.expect} (verify: check the audit log's hash chain)`,
};

const sha256 = pattern("<sha256>", new RegExp(SHA256_HEX.source, "i"), 64, "a SHA-256 in hex (64 characters)", 64);

/** The verdict for a person: what was found, and what the chain cannot vouch for. */
function verdictLines(v: AuditVerdict, path: string): string[] {
  const count = `${v.lines} line${v.lines === 1 ? "" : "s"}`;
  if (v.ok && v.lines > 0 && v.unchained === v.lines) {
    return [`${path} has no hash chain yet: ${count}, all written by an earlier bgdb; nothing could be verified.`];
  }
  // The first chained line's prev covers the last line before the chain, and only that one.
  const n = v.unchained;
  const predate =
    n === 0
      ? []
      : n === 1
        ? [`Line 1 predates the hash chain (written by an earlier bgdb); line 2's hash covers it.`]
        : [
            `Lines 1–${n} predate the hash chain (written by an earlier bgdb): ${n === 2 ? "line 1 cannot" : `lines 1–${n - 1} cannot`} be verified (line ${n + 1}'s hash covers line ${n}).`,
          ];
  if (!v.ok) {
    return [`${path} is broken${v.firstBrokenLine ? ` at line ${v.firstBrokenLine}` : ""}: ${v.reason}.`, ...predate];
  }
  return [
    `${path} is intact: ${count}${v.anchorLine ? `; the anchored hash is line ${v.anchorLine}'s` : ""}.`,
    ...predate,
    ...(v.lastHash ? [`Last line's SHA-256: ${v.lastHash} (keep it outside this machine to anchor the log).`] : []),
  ];
}

export const command = defineCommand({
  name: "audit",
  // `[subcommand]` to commander, so that a missing one reaches the table and its message listing them.
  usage: "verify [options]",
  table: {
    subcommand: requiredArgument("[subcommand]", subcommand, {
      help: "verify: check the audit log's hash chain",
    }),
    anchor: option("--anchor", sha256, {
      help: "a last-line hash kept outside the log earlier: fail unless that line is still in it",
    }),
  },
  examples: [
    "bgdb audit verify",
    "bgdb --state-dir ./bgdb-journal audit verify --json",
    'bgdb audit verify --anchor "$(cat audit-anchor.txt)"',
  ],
  exits: [
    [0, "intact: every line is what bgdb wrote, in order (and the anchored line is still there)"],
    [2, "bad usage"],
    [3, "no audit log in the state directory, or it cannot be read"],
    [5, "broken: a line was edited, inserted, deleted, reordered or cut short (the first such line is named)"],
  ],
  async action(session, values) {
    const path = join(stateDir({ command: session.command, globals: session.globals, io: session.io }), "audit.log");
    const verdict = verifyAuditLog(await readAuditLog(path), values.anchor);
    const out = session.mode === "json" ? [JSON.stringify({ path, ...verdict }, null, 2)] : verdictLines(verdict, path);
    if (session.mode !== "quiet" || !verdict.ok) session.io.stdout.write(`${out.join("\n")}\n`);
    session.exitCode = verdict.ok ? ExitCode.Ok : ExitCode.AwsFailure;
  },
});
