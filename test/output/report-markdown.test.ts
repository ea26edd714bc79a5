import { describe, expect, it } from "vitest";
import { renderReport } from "../../src/output/report/index.js";
import { mdText } from "../../src/output/report/markdown.js";
import { reportData, withoutChartData } from "./report-fixture.js";

const md = (d = reportData()) => renderReport(d, "md", { version: "9.9.9" });

describe("the change record in Markdown", () => {
  it("opens with the deployment and an outcome table, one row per step", () => {
    const text = md();
    expect(text.startsWith("# Change record: orders-prod-to-17 (bgd-4tq2x8m1c9kd)\n")).toBe(true);
    expect(text).toContain("- **Account / region:** 111122223333 / eu-west-1");
    expect(text).toContain("- **In AWS now:** deleted (AWS no longer has it)");
    expect(text).toContain("| ✔ | switchover | SWITCHOVER\\_COMPLETED in 0m15s |");
    expect(text).toContain("| ✔ | write probe | 0 of 4 acknowledged writes missing; longest gap 2.50 s |");
    expect(text).toContain("| ✔ | approval | 1 confirmation(s) given, 1 declined (audit log) |");
    expect(text).toContain(
      "| ✔ | audit log | 2 entries for this deployment; hash chain intact over the whole log (12 lines; the first 2 line(s) predate the chain and cannot be verified); last line's SHA-256 abababababababababababababababababababababababababababababababab |",
    );
  });

  it("says what was asked: versions before and after, and every setting in the flags' units", () => {
    const text = md();
    expect(text).toContain("- **Source version before:** postgres 16.3");
    expect(text).toContain("- **Target version asked:** 17.2");
    expect(text).toContain("- **Production runs after the switchover:** orders-prod: postgres 17.2");
    expect(text).toContain("| create | timeoutMs | 4h |");
    expect(text).toContain("| create | tags | (none) |");
    expect(text).toContain("| switchover | maxLag.bytes | 1 MiB |");
    // A | in a value does not break the table.
    expect(text).toContain("| test | command | psql -c 'select 1 \\| 2' |");
    expect(text).not.toContain("oldBlueArn");
  });

  it("has each step's evidence: checks with marks, the gate's readings, the mapping, the RDS events, cleanup", () => {
    const text = md();
    expect(text).toContain("| ⚠ | no primary key check | Check every table has a primary key. |");
    expect(text).toContain("| ✔ | source status available |   |");
    expect(text).toContain("- **Command:** npm run test:\\<integration\\>");
    expect(text).toContain(
      "| ✔ | replication lag 2 KiB at 12:29:00 (OldestReplicationSlotLag on blue orders-prod): last 1 samples ≤ 1 MiB |",
    );
    expect(text).toContain("| production | orders-prod | now postgres 17.2 (was orders-prod-green-k2m9qa) |");
    expect(text).toContain("| 2026-11-26T12:30:01Z | Switchover from blue to green started |");
    expect(text).toContain("- **Final snapshot:** bgdb-final-orders-prod-old1 — exists in AWS now (available)");
    expect(text).toContain("- **Longest gap:** 2.50 s from 2026-11-26T12:30:00.300Z");
  });

  it("shows approvals and audit entries, read as a later bgdb writes them, with the fields this one does not know", () => {
    const text = md();
    const who =
      "arn:aws:iam::111122223333:user/alice, user alice, github-actions run 42 started by alice-gh, https://ci.example/run/42";
    expect(text).toContain(
      `| 2026-11-26T12:29:59Z | ${who} | ConfirmSwitchover | confirmed | typed at a terminal; name orders-prod-to-17 | seq=7, prev=9f2c |`,
    );
    expect(text).toContain(`| 2026-11-26T12:29:50Z | ${who} | ConfirmSwitchover | declined | no answer came;`);
    expect(text).toContain(
      `| 2026-11-26T12:29:59Z | ConfirmSwitchover | confirmed | by ${who}; parameters: none; confirmation: typed at a terminal; name orders-prod-to-17; seq=7, prev=9f2c |`,
    );
    expect(text).toContain(
      "by arn:aws:iam::111122223333:role/ci; request id req-1; parameters: name=orders-prod-to-17",
    );
    expect(text).toContain("- **Entries for this deployment:** 2 (of 12 in the log)");
  });

  it("charts are their summary, and say so when nothing was recorded", () => {
    expect(md()).toContain(
      "**Replication lag over the run** — OldestReplicationSlotLag on blue orders-prod (bytes): 4 samples from 2026-11-26T12:26:00Z to 2026-11-26T12:29:00Z, highest 586 KiB; gate limit 1 MiB.",
    );
    const bare = md(withoutChartData());
    expect(bare).toContain("**Replication lag over the run** — no data recorded. No lag samples were recorded.");
    expect(bare).toContain("no data recorded. The probe recorded no timeline of its writes");
  });

  it("a record with only a creation says, section by section, what did not happen", () => {
    const d = reportData();
    d.record.evidence = { preflight: d.record.evidence?.preflight };
    d.record.settings = { create: d.record.settings.create };
    d.audit = { ...d.audit, entries: [], approvals: [] };
    d.aws.events = { read: false, message: "AccessDenied: rds:DescribeEvents" };
    const text = md(d);
    expect(text).toContain("_No test was run through bgdb test._");
    expect(text).toContain("| · | switchover | not run |");
    expect(text).toContain("_No switchover was requested by bgdb._");
    expect(text).toContain("_RDS events not read from AWS: AccessDenied: rds:DescribeEvents_");
    expect(text).toContain("_The audit log holds no entry for this deployment._");
    expect(text).toContain("no switchover, so nothing to approve");
  });

  it("a broken or unverifiable audit chain is said so, with the line", () => {
    const d = reportData();
    d.audit.chain = { state: "broken", line: 5, message: "line 5 was edited" };
    expect(md(d)).toContain(
      "| ✖ | audit log | 2 entries for this deployment; hash chain BROKEN at line 5: line 5 was edited |",
    );
    d.audit.chain = { state: "not-verified", reason: "there is no audit log in this state directory" };
    expect(md(d)).toContain("- **Integrity:** not verified (there is no audit log in this state directory)");
  });

  it("a duration under 10 s is in tenths of a second, where 0m00s would say nothing", () => {
    const d = reportData();
    const s = d.record.evidence?.switchover;
    if (s) s.durationMs = 800;
    expect(md(d)).toContain("| ✔ | switchover | SWITCHOVER\\_COMPLETED in 0.8 s |");
  });

  it("declined confirmations alone approve nothing", () => {
    const d = reportData();
    d.audit.approvals = d.audit.approvals.filter((a) => String(a.outcome) === "declined");
    expect(md(d)).toContain("| ⚠ | approval | 0 confirmation(s) given, 1 declined (audit log) |");
  });

  it("without a confirmation record: --yes when the settings hold it, else nothing on record (never a typed name)", () => {
    const d = reportData();
    d.audit.approvals = [];
    expect(md(d)).toContain("| · | approval | --yes was not given and no confirmation is on record |");
    expect(md(d)).not.toContain("typing the deployment name");
    (d.record.settings.switchover as { yes: boolean }).yes = true;
    expect(md(d)).toContain("--yes was given, so nobody was asked to type the deployment name");
    const s = d.record.evidence?.switchover;
    if (s) s.by = "another-run";
    expect(md(d)).toContain("another run started the switchover, so no confirmation is on record");
  });

  it("a rolled-back switchover is said in the past, with when bgdb saw it: blue served then", () => {
    const d = reportData();
    const s = d.record.evidence?.switchover;
    if (s) Object.assign(s, { outcome: "rolled-back", completedAt: undefined });
    const text = md(d);
    expect(text).toContain(
      "| ✖ | switchover | rolled back by RDS after 0m15s, at 2026-11-26T12:30:15Z; blue served then |",
    );
    expect(text).not.toContain("still serves");
  });

  it("cleanup says an old blue deleted with no final snapshot as such, and names the snapshot when there was one", () => {
    const d = reportData();
    expect(md(d)).toContain("orders-prod-old1 deleted after the final snapshot bgdb-final-orders-prod-old1");
    const c = d.record.evidence?.cleanup;
    if (c) c.snapshot = undefined;
    expect(md(d)).toContain("orders-prod-old1 deleted with no final snapshot on record");
    expect(md(d)).not.toContain("after the final snapshot");
  });

  it("escapes what Markdown would read as markup", () => {
    expect(mdText("a|b *c* _d_ <e> [f](g) `h` #i\nj")).toBe("a\\|b \\*c\\* \\_d\\_ \\<e\\> \\[f\\](g) \\`h\\` \\#i j");
  });
});
