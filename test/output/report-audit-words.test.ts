import { describe, expect, it } from "vitest";
import {
  actorText,
  commandText,
  confirmationText,
  extraFields,
  isDeclined,
  outcomeText,
} from "../../src/output/report/audit-words.js";
import type { AuditEntry } from "../../src/ports/index.js";

/** An entry with whatever fields a bgdb wrote, old or new. */
const entry = (fields: Record<string, unknown>): AuditEntry =>
  ({ at: "2026-11-26T12:00:00.000Z", action: "X", params: {}, outcome: "ok", ...fields }) as unknown as AuditEntry;

describe("audit entries in words, whichever bgdb wrote them", () => {
  it("who: a caller ARN as written, an actor object by its parts, else unknown", () => {
    expect(actorText("arn:aws:iam::1:user/sre")).toBe("arn:aws:iam::1:user/sre");
    expect(actorText({ user: "bob", ci: { provider: "gitlab-ci", runId: "7" } })).toBe("user bob, gitlab-ci run 7");
    expect(actorText({})).toBe("unknown");
    expect(actorText(undefined)).toBe("unknown");
    expect(actorText(42)).toBe("unknown");
  });

  it("how a confirmation was given, when the entry says", () => {
    expect(confirmationText(entry({ confirmation: { how: "yes", name: "orders" } }))).toBe(
      "--yes on the command line; name orders",
    );
    expect(confirmationText(entry({ confirmation: { how: "smoke-signal" } }))).toBe("smoke-signal");
    expect(confirmationText(entry({}))).toBeUndefined();
  });

  it("outcomes as written, errors with their code; declined and errors approve nothing", () => {
    expect(outcomeText(entry({ outcome: "completed" }))).toBe("completed");
    expect(outcomeText(entry({ outcome: "error", errorCode: "ACCESS_DENIED", message: "no" }))).toBe(
      "error ACCESS_DENIED: no",
    );
    expect([isDeclined(entry({ outcome: "declined" })), isDeclined(entry({ outcome: "confirmed" }))]).toEqual([
      true,
      false,
    ]);
  });

  it("lists the fields it does not word, as they are; a command line reads as a shell would", () => {
    const a = entry({ seq: 3, prev: "ab", commandLine: ["bgdb", "switchover", "x y"], actor: "x" });
    expect(extraFields(a)).toBe("seq=3, prev=ab");
    expect(commandText(a)).toBe("bgdb switchover 'x y'");
    expect(commandText(entry({ commandLine: "not a list" }))).toBeUndefined();
  });
});
