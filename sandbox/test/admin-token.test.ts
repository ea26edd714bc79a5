import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { DescribeDBInstancesCommand } from "@aws-sdk/client-rds";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "./helpers.js";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.close());

const admin = (method: string, path: string, token?: string, body?: unknown) =>
  fetch(`${h.server.url}/_sandbox/${path}`, {
    method,
    headers: {
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

describe("the admin API needs the serving process's token", () => {
  it("keeps the token in <dir>/admin-token, mode 0600, and removes it on close", async () => {
    const file = join(h.dir, "admin-token");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, "utf8")).toBe(h.server.adminToken);
    expect(h.server.adminToken).toMatch(/^[\w-]{43}$/);
    await h.server.close();
    expect(existsSync(file)).toBe(false);
  });

  it.each([
    ["no token", undefined],
    ["a wrong token", "not-the-token"],
    ["an empty token", ""],
  ])("refuses %s with 403 and changes nothing", async (_label, token) => {
    for (const [method, path, body] of [
      ["GET", "status"],
      ["POST", "seed"],
      ["POST", "faults", { kind: "throttle" }],
      ["DELETE", "faults"],
      ["POST", "shutdown"],
    ] as const) {
      const res = await admin(method, path, token, body);
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(((await res.json()) as { error: string }).error).toMatch(/bearer token/);
    }
    expect(h.server.account.state.instances).toEqual([]);
    expect(h.server.account.state.faults).toEqual([]);
    // The refused shutdown did not stop it: the AWS API (which needs no token) and the admin API still answer.
    expect((await h.rds.send(new DescribeDBInstancesCommand({}))).DBInstances).toEqual([]);
    const ok = await admin("GET", "status", h.server.adminToken);
    expect(ok.status).toBe(200);
  });

  it("serves the right token", async () => {
    const added = await admin("POST", "faults", h.server.adminToken, { kind: "throttle", rate: 0.5 });
    expect(added.status).toBe(200);
    expect(h.server.account.state.faults).toEqual([{ kind: "throttle", rate: 0.5 }]);
    const refused = await admin("POST", "faults", h.server.adminToken, { kind: "throttle", rate: 2 });
    expect(refused.status).toBe(400);
  });
});
