/** The audit log an e2e run left in its state directory, and `bgdb audit verify` run on it by the real binary. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";
import { type E2eSandbox, expectExit, jsonOf } from "./helpers.js";

// biome-ignore lint/suspicious/noExplicitAny: assertions read arbitrary fields of the log's lines.
export function auditLines(sb: E2eSandbox): any[] {
  return readFileSync(join(sb.stateDir, "audit.log"), "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));
}

/** `bgdb audit verify --json` must find the chain intact over every line the runs wrote. */
export async function expectAuditIntact(sb: E2eSandbox): Promise<void> {
  const r = await sb.run(["audit", "verify", "--json"]);
  expectExit(r, 0);
  expect(jsonOf(r)).toMatchObject({ ok: true, lines: auditLines(sb).length, unchained: 0 });
}

/** The line recording how the run's switchover request ended, checked to name that request. */
export function switchoverEnd(sb: E2eSandbox, outcome: "completed" | "failed") {
  const lines = auditLines(sb);
  const request = lines.find((l) => l.action === "SwitchoverBlueGreenDeployment" && l.outcome === "ok");
  expect(request?.requestId, "the accepted switchover request's id").toEqual(expect.any(String));
  const end = lines.find((l) => l.action === "SwitchoverBlueGreenDeployment" && l.outcome === outcome);
  expect(end).toMatchObject({ outcomeOf: request.requestId, deployment: request.deployment });
  expect(end.seq).toBeGreaterThan(request.seq);
  return end;
}
