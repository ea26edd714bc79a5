import { describe, expect, it } from "vitest";
import { REDACTED, redactArgv, redactSecrets, redactString } from "../../src/core/redact.js";

describe("redactString", () => {
  it.each([
    ["postgres://app:s3cret@h:5432/db", "postgres://app:[redacted]@h:5432/db"],
    ["jdbc:postgresql://app:s3cret@h/db", "jdbc:postgresql://app:[redacted]@h/db"],
    ["url is postgresql://u:p%40ss@h/db ok", "url is postgresql://u:[redacted]@h/db ok"],
    ["host=h user=u password=topsecret dbname=d", "host=h user=u password=[redacted] dbname=d"],
    ["Server=h;Pwd='a b';", "Server=h;Pwd=[redacted];"],
    ["https://example.com/path", "https://example.com/path"],
    ["postgres://app@h/db", "postgres://app@h/db"],
    ["--token=abc123", "--token=[redacted]"],
    ["PGPASSWORD=hunter2 psql -c 'select 1'", "PGPASSWORD=[redacted] psql -c 'select 1'"],
    ["api_key=k1 and x=1", "api_key=[redacted] and x=1"],
    ["a, client_secret = 's p'", "a, client_secret=[redacted]"],
    ["no secrets here=fine", "no secrets here=fine"],
    ["https://h/notify?token=abc&x=1", "https://h/notify?token=[redacted]&x=1"],
    // HTTP credentials in hook commands: the header or flag stays, the credential goes.
    ["curl -H 'Authorization: Bearer eyJhbGci.x-y' https://h", "curl -H 'Authorization: Bearer [redacted]' https://h"],
    ['curl -H "authorization: Basic dXNlcjpwYXNz" h', 'curl -H "authorization: Basic [redacted]" h'],
    ["Authorization:abc123", "Authorization:[redacted]"],
    ["curl --oauth2-bearer abc123 h", "curl --oauth2-bearer [redacted] h"],
    ["sent Bearer abc123", "sent Bearer [redacted]"],
    ["the bearer of news", "the bearer of news"],
    [
      "curl -H 'X-Api-Key: k1' -H 'PRIVATE-TOKEN: t1' h",
      "curl -H 'X-Api-Key: [redacted]' -H 'PRIVATE-TOKEN: [redacted]' h",
    ],
    ["curl -u deploy:hunter2 h", "curl -u deploy:[redacted] h"],
    ["curl -udeploy:hunter2 h", "curl -udeploy:[redacted] h"],
    ["curl --user 'deploy:hunter 2' h", "curl --user 'deploy:[redacted] 2' h"],
    ["wget --user=deploy:hunter2 --proxy-user p:q h", "wget --user=deploy:[redacted] --proxy-user p:[redacted] h"],
    ["curl -u deploy h", "curl -u deploy h"],
    // Token-in-path webhooks: the host says where, the path is the credential.
    [
      "curl -d @m.json https://hooks.slack.com/services/T000/B000/XXXXXXXX",
      "curl -d @m.json https://hooks.slack.com/services/[redacted]",
    ],
    ["'https://discord.com/api/webhooks/123/abc-DEF'", "'https://discord.com/api/webhooks/[redacted]'"],
    ["https://ptb.discordapp.com/api/webhooks/1/t", "https://ptb.discordapp.com/api/webhooks/[redacted]"],
    [
      "https://acme.webhook.office.com/webhookb2/a@b/IncomingWebhook/c/d",
      "https://acme.webhook.office.com/webhookb2/[redacted]",
    ],
    ["https://api.telegram.org/bot123:AAH/sendMessage", "https://api.telegram.org/bot[redacted]"],
    ["https://hooks.slack.com/", "https://hooks.slack.com/"],
    // A shell variable names the secret; sh -c expands it, so the shown command never holds the value.
    [
      'curl -H "Authorization: Bearer $TOKEN" -u "ci:$PASS" "$SLACK_WEBHOOK"',
      'curl -H "Authorization: Bearer $TOKEN" -u "ci:$PASS" "$SLACK_WEBHOOK"',
    ],
    ["X-Api-Key: $KEY", "X-Api-Key: $KEY"],
  ])("%s", (input, expected) => {
    expect(redactString(input)).toBe(expected);
  });

  it("stays linear on long strings", () => {
    const started = Date.now();
    redactString(`${"x".repeat(200_000)}://${"y".repeat(200_000)}`);
    redactString(` ${"-u x".repeat(50_000)} ${"token".repeat(40_000)} ${"Authorization: ".repeat(20_000)}`);
    expect(Date.now() - started).toBeLessThan(500);
  });
});

describe("redactArgv", () => {
  it.each([
    [
      ["sh", "-c", "exit 0", "--password", "hunter2"],
      ["sh", "-c", "exit 0", "--password", REDACTED],
    ],
    [
      ["mysql", "-phunter2", "-h", "db"],
      ["mysql", `-p${REDACTED}`, "-h", "db"],
    ],
    [
      ["cmd", "--token=hunter2", "--secret", "s"],
      ["cmd", `--token=${REDACTED}`, "--secret", REDACTED],
    ],
    [
      ["psql", "postgres://u:hunter2@h/db"],
      ["psql", `postgres://u:${REDACTED}@h/db`],
    ],
    [
      ["cmd", "password=hunter2"],
      ["cmd", `password=${REDACTED}`],
    ],
    [
      ["cmd", "--client-secret", "x", "--db-password=y"],
      ["cmd", "--client-secret", REDACTED, `--db-password=${REDACTED}`],
    ],
    // A switch that merely names a password takes no value: what follows is kept.
    [
      ["psql", "--no-password", "-c", "select 1"],
      ["psql", "--no-password", "-c", "select 1"],
    ],
    [
      ["npm", "test", "-p", "5432"],
      ["npm", "test", "-p", "5432"],
    ],
    [
      ["curl", "-u", "deploy:hunter2", "--oauth2-bearer", "t", "-H", "Authorization: Bearer t2"],
      ["curl", "-u", `deploy:${REDACTED}`, "--oauth2-bearer", REDACTED, "-H", `Authorization: Bearer ${REDACTED}`],
    ],
    [
      ["curl", "-u", "deploy"],
      ["curl", "-u", "deploy"],
    ],
  ])("%j → %j", (input, expected) => {
    expect(redactArgv(input)).toEqual(expected);
  });

  it("never leaves the secret anywhere in the joined line", () => {
    const line = redactArgv(["sh", "-c", "exit 0", "--password", "hunter2", "-phunter2", "--token=hunter2"]).join(" ");
    expect(line).not.toContain("hunter2");
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
