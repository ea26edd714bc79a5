import { describe, expect, it } from "vitest";
import { REDACTED, redactSecrets, redactString } from "../../src/core/redact.js";

describe("redactString", () => {
  it.each([
    ["postgres://app:s3cret@h:5432/db", "postgres://app:[redacted]@h:5432/db"],
    ["jdbc:postgresql://app:s3cret@h/db", "jdbc:postgresql://app:[redacted]@h/db"],
    ["url is postgresql://u:p%40ss@h/db ok", "url is postgresql://u:[redacted]@h/db ok"],
    ["host=h user=u password=topsecret dbname=d", "host=h user=u password=[redacted] dbname=d"],
    ["Server=h;Pwd='a b';", "Server=h;Pwd=[redacted];"],
    ["https://example.com/path", "https://example.com/path"],
    ["postgres://app@h/db", "postgres://app@h/db"],
  ])("%s", (input, expected) => {
    expect(redactString(input)).toBe(expected);
  });

  it("stays linear on long strings", () => {
    const started = Date.now();
    redactString(`${"x".repeat(200_000)}://${"y".repeat(200_000)}`);
    expect(Date.now() - started).toBeLessThan(500);
  });
});

describe("redactSecrets", () => {
  it("replaces values under secret keys at any depth, keeps booleans, does not mutate input", () => {
    const input = {
      Password: "a",
      secretArn: "arn:aws:secretsmanager:…",
      credentials: { accessKeyId: "AKIA", secretAccessKey: "b" },
      items: [{ token: 123 }, { name: "ok" }],
      sessionName: "s",
      connection_string: "c",
      managedMasterPassword: false,
      when: new Date(0),
    };
    const out = redactSecrets(input);
    expect(out).toEqual({
      Password: REDACTED,
      secretArn: REDACTED,
      credentials: REDACTED,
      items: [{ token: REDACTED }, { name: "ok" }],
      sessionName: REDACTED,
      connection_string: REDACTED,
      managedMasterPassword: false,
      when: new Date(0),
    });
    expect(input.Password).toBe("a");
  });

  it("survives cycles", () => {
    const a: Record<string, unknown> = { name: "a" };
    a.self = a;
    expect(redactSecrets(a)).toEqual({ name: "a", self: "[circular]" });
  });

  it("copies an object shared by two paths both times", () => {
    const shared = { id: "x", password: "p" };
    expect(redactSecrets({ a: shared, b: [shared] })).toEqual({
      a: { id: "x", password: REDACTED },
      b: [{ id: "x", password: REDACTED }],
    });
  });
});
