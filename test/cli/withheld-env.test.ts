import { describe, expect, it } from "vitest";
import { withheldEnv } from "../../src/cli/withheld-env.js";

describe("withheldEnv", () => {
  it.each([
    [{}, ["BGDB_GITHUB_STOP_TOKEN", "BGDB_DB_URL", "BGDB_PROBE_URL"]],
    [
      { dbUrlEnv: "BLUE_URL", probeUrlEnv: "PROBE_URL" },
      ["BGDB_GITHUB_STOP_TOKEN", "BGDB_DB_URL", "BGDB_PROBE_URL", "BLUE_URL", "PROBE_URL"],
    ],
    [{ dbUrlEnv: "BGDB_DB_URL" }, ["BGDB_GITHUB_STOP_TOKEN", "BGDB_DB_URL", "BGDB_PROBE_URL"]],
  ])("%j → %j", (named, expected) => {
    expect(withheldEnv(named)).toEqual(expected);
  });
});
