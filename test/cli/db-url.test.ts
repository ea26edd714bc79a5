/**
 * The one reader of --db-url-env's URL (which variable, when it may be missing, what counts as a URL, never the value
 * in a message) and what it adds to the deps: the inspectors and the table readers, with the same credentials.
 */
import { describe, expect, it } from "vitest";
import { dbUrlFrom, withDatabases } from "../../src/cli/db-url.js";
import type { Deps } from "../../src/ports/index.js";

const URL_ = "postgres://reader:hunter2@anywhere/orders";
const REQUIRED = { required: true, sandbox: false };
const ON_SANDBOX = { required: true, sandbox: true };
const IF_GIVEN = { required: false };

const refusal = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    expect(e).toMatchObject({ exitCode: 2 });
    return (e as Error).message;
  }
  throw new Error("expected exit 2");
};

describe("dbUrlFrom", () => {
  it.each<[string, { dbUrlEnv?: string }, NodeJS.ProcessEnv, Parameters<typeof dbUrlFrom>[2], unknown]>([
    ["required: BGDB_DB_URL by default", {}, { BGDB_DB_URL: URL_ }, REQUIRED, { url: URL_, variable: "BGDB_DB_URL" }],
    [
      "the variable --db-url-env names",
      { dbUrlEnv: "BLUE" },
      { BLUE: URL_, BGDB_DB_URL: "x" },
      REQUIRED,
      { url: URL_, variable: "BLUE" },
    ],
    ["not required and no flag: none, whatever BGDB_DB_URL holds", {}, { BGDB_DB_URL: URL_ }, IF_GIVEN, undefined],
    ["not required, with the flag", { dbUrlEnv: "BLUE" }, { BLUE: URL_ }, IF_GIVEN, { url: URL_, variable: "BLUE" }],
    ["the sandbox without a URL: the master user", {}, {}, ON_SANDBOX, { variable: "BGDB_DB_URL" }],
    [
      "a mysql:// URL",
      { dbUrlEnv: "SHOP" },
      { SHOP: "mysql://u:p@h/shop" },
      IF_GIVEN,
      { url: "mysql://u:p@h/shop", variable: "SHOP" },
    ],
  ])("%s", (_what, o, env, need, expected) => {
    expect(dbUrlFrom(o, env, need)).toEqual(expected);
  });

  it("unset: exit 2 naming the variable (and the flag when it named it), also on the sandbox when the flag was given", () => {
    expect(refusal(() => dbUrlFrom({}, {}, REQUIRED))).toMatch(/from BGDB_DB_URL, which is not set/);
    expect(refusal(() => dbUrlFrom({ dbUrlEnv: "BLUE" }, {}, IF_GIVEN))).toMatch(
      /from BLUE \(--db-url-env\), which is not set/,
    );
    expect(refusal(() => dbUrlFrom({ dbUrlEnv: "BLUE" }, {}, ON_SANDBOX))).toMatch(/BLUE \(--db-url-env\)/);
  });

  it.each([
    "host=db password=hunter2",
    "https://hunter2@db/x",
    "postgres:///orders?password=hunter2",
    "postgres://",
    "mysql:hunter2",
    "hunter2",
  ])("%s is not a connection URL: exit 2, the value not shown", (value) => {
    const message = refusal(() => dbUrlFrom({}, { BGDB_DB_URL: value }, REQUIRED));
    expect(message).toMatch(
      /^BGDB_DB_URL must hold a postgres:\/\/, postgresql:\/\/, mysql:\/\/ or mariadb:\/\/ URL with user, password, host and database \(its value is not shown\)$/,
    );
    expect(message).not.toContain("hunter2");
  });
});

describe("withDatabases", () => {
  const deps = { sandboxPassword: "bgdb-sandbox" } as Deps;

  it("a URL: the inspectors and the readers, both saying where the credentials come from", async () => {
    const d = await withDatabases(deps, { url: URL_, variable: "BLUE" }, { inspect: true, compare: true });
    expect(d.inspectors?.credentials).toBe("the URL in $BLUE");
    expect(d.tableReaders).toBeDefined();
    const inspectOnly = await withDatabases(deps, { url: URL_, variable: "BLUE" }, { inspect: true });
    expect([inspectOnly.inspectors !== undefined, inspectOnly.tableReaders]).toEqual([true, undefined]);
  });

  it("the sandbox's master user reads blue and green, but inspects nothing without a URL", async () => {
    const d = await withDatabases(deps, { variable: "BGDB_DB_URL" }, { inspect: true, compare: true });
    expect([d.inspectors, d.tableReaders !== undefined]).toEqual([undefined, true]);
  });

  it("no URL, or deps that came with their own: unchanged", async () => {
    expect(await withDatabases(deps, undefined, { inspect: true, compare: true })).toBe(deps);
    const own = { ...deps, inspectors: { credentials: "mine" }, tableReaders: {} } as Deps;
    const d = await withDatabases(own, { url: URL_, variable: "BLUE" }, { inspect: true, compare: true });
    expect(d).toBe(own);
  });
});
