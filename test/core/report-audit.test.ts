import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createFileJournal } from "../../src/adapters/journal/index.js";
import { chainOf, deploymentAudit, entriesOf } from "../../src/core/report-audit.js";
import type { AuditEntry, AuditLog, DeploymentState } from "../../src/ports/index.js";

const state: DeploymentState = {
  account: "111122223333",
  region: "eu-west-1",
  id: "bgd-second",
  name: "orders-to-17",
  settings: {},
  createdAt: "2026-11-26T12:00:01.000Z",
  updatedAt: "2026-11-27T09:00:00.000Z",
  steps: [],
};

/** An entry; `p` may carry fields a later bgdb adds (a confirmation's, a hash chain's). */
const entry = (at: string, action: string, p: Partial<AuditEntry> & Record<string, unknown> = {}): AuditEntry => ({
  at: `2026-11-${at}Z`,
  action,
  deployment: "orders-to-17",
  region: "eu-west-1",
  params: {},
  outcome: "ok",
  ...p,
});

/** Lines as an earlier bgdb wrote them: JSON, no hash chain. */
const unchained = (entries: AuditEntry[]): AuditLog => ({
  entries,
  unreadableLines: [7],
  bytes: Buffer.from(entries.map((e) => `${JSON.stringify(e)}\n`).join("")),
});

/** Two deployments under one name: the first deleted before the second was created, then a third one later. */
const log = unchained([
  entry("20T10:00:00.000", "CreateBlueGreenDeployment"),
  entry("20T11:00:00.000", "DeleteBlueGreenDeployment", { params: { id: "bgd-first" } }),
  entry("26T12:00:00.000", "CreateBlueGreenDeployment"),
  entry("26T12:20:00.000", "ConfirmSwitchover", {
    actor: { arn: "arn:aws:iam::1:user/alice" },
    typed: "orders-to-17",
  }),
  entry("26T12:20:05.000", "SwitchoverBlueGreenDeployment", { params: { id: "bgd-second" } }),
  // The first deployment's old blue deleted late, while the second exists: its params name no bgd- id.
  entry("26T13:00:00.000", "DeleteBlueGreenDeployment", { params: { id: "bgd-first" } }),
  entry("26T14:00:00.000", "SwitchoverBlueGreenDeployment", { region: "us-east-1", params: { id: "bgd-second" } }),
  entry("26T15:00:00.000", "SwitchoverBlueGreenDeployment", { deployment: "billing-to-17" }),
  entry("27T08:00:00.000", "DeleteBlueGreenDeployment", { deployment: "bgd-second", params: { id: "bgd-second" } }),
  entry("28T10:00:00.000", "CreateBlueGreenDeployment"),
  entry("28T10:05:00.000", "SwitchoverBlueGreenDeployment", { params: { id: "bgd-third" } }),
]);

describe("a deployment's audit entries", () => {
  it("from its own create to the next create of the name, by name or id, in its region, never another bgd- id", () => {
    expect(entriesOf(log, state).map((e) => `${e.at.slice(8, 16)} ${e.action}`)).toEqual([
      "26T12:00 CreateBlueGreenDeployment",
      "26T12:20 ConfirmSwitchover",
      "26T12:20 SwitchoverBlueGreenDeployment",
      "27T08:00 DeleteBlueGreenDeployment",
    ]);
  });

  it("approvals are the confirmation records, with every field they carry; the log's state is said, not assumed", () => {
    const a = deploymentAudit(log, state);
    expect(a.approvals).toEqual([expect.objectContaining({ action: "ConfirmSwitchover", typed: "orders-to-17" })]);
    expect(a.logEntries).toBe(11);
    expect(a.unreadableLines).toEqual([7]);
    expect(a.chain).toEqual({ state: "not-verified", reason: "no line carries a hash chain (all 11 predate it)" });
  });

  it("without its create entry (an append that failed), the window starts when the record was created", () => {
    const without = unchained(log.entries.filter((e) => e.at !== "2026-11-26T12:00:00.000Z"));
    expect(entriesOf(without, state).map((e) => e.action)).toEqual([
      "ConfirmSwitchover",
      "SwitchoverBlueGreenDeployment",
      "DeleteBlueGreenDeployment",
    ]);
  });
});

describe("the audit log's integrity, by bgdb audit verify's own verifier", () => {
  it("a chained log as the journal writes it is intact; an edited line is named as broken", async () => {
    const dir = mkdtempSync(join(tmpdir(), "bgdb-chain-"));
    try {
      const journal = createFileJournal(dir);
      for (const action of ["CreateBlueGreenDeployment", "ConfirmSwitchover", "SwitchoverBlueGreenDeployment"]) {
        await journal.appendAudit(entry("26T12:00:00.000", action));
      }
      const intact = chainOf(await journal.readAudit());
      expect(intact).toEqual({
        state: "verified",
        lines: 3,
        unchained: 0,
        lastHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      });
      const path = join(dir, "audit.log");
      writeFileSync(path, readFileSync(path, "utf8").replace("ConfirmSwitchover", "ConfirmAbort"));
      expect(chainOf(await journal.readAudit())).toEqual({
        state: "broken",
        line: 2,
        message: expect.stringContaining("line 2 was edited"),
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("no log at all is not verified, never intact", () => {
    expect(chainOf({ entries: [], unreadableLines: [], bytes: new Uint8Array() })).toEqual({
      state: "not-verified",
      reason: "there is no audit log in this state directory",
    });
  });
});
