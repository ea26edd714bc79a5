import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { deployTable } from "../../src/cli/commands/deploy.js";
import { readConfigFile } from "../../src/cli/options/config-file.js";
import { parseOptions } from "../../src/cli/options/parse.js";
import { harness } from "./helpers.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "bgdb-config-"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const read = (file: string) => readConfigFile(file, dir, deployTable);

describe("readConfigFile", () => {
  it("reads YAML with kebab-case keys and `test`", async () => {
    await writeFile(
      join(dir, "u.yaml"),
      "source: orders-prod\ntarget-engine-version: '17.2'\nstable-samples: 5\ntest: [npm, test]\ntag: {team: db}\n",
    );
    expect(await read("u.yaml")).toEqual({
      source: "orders-prod",
      targetEngineVersion: "17.2",
      stableSamples: "5",
      command: ["npm", "test"],
      tags: { team: "db" },
    });
  });

  it("reads JSON with camelCase keys", async () => {
    await writeFile(join(dir, "u.json"), JSON.stringify({ source: "a", maxLag: "64MiB", until: "created" }));
    expect(await read("u.json")).toEqual({ source: "a", maxLag: "64MiB", until: "created" });
  });

  it.each([
    ["17.10", "17.10"],
    ["8.0", "8.0"],
    ["16.10", "16.10"],
    ["'17.10'", "17.10"],
  ])("an unquoted version %s is read as written", async (written, expected) => {
    await writeFile(join(dir, "v.yaml"), `source: a\ntarget-engine-version: ${written}\n`);
    const raw = await read("v.yaml");
    expect(raw.targetEngineVersion).toBe(expected);
    expect(parseOptions(deployTable, raw).targetEngineVersion).toBe(expected);
  });

  it("numbers are read as the text written, and still parse as numbers", async () => {
    await writeFile(join(dir, "n.yaml"), "source: a\nswitchover-timeout: 600\ntarget-iops: 3000\n");
    const values = parseOptions(deployTable, await read("n.yaml"));
    expect(values.timeoutSeconds).toBe(600);
    expect(values.targetIops).toBe(3000);
  });

  it.each([
    ["unknown key", "source: a\nstable-sample: 3\n", /unknown key "stable-sample"/],
    ["not a map", "- a\n- b\n", /must hold a map/],
    ["bad YAML", "source: [a\n", /not valid YAML or JSON/],
    ["the config key itself", "config: other.yaml\n", /unknown key "config"/],
  ])("%s is a usage error naming the file", async (_name, text, pattern) => {
    await writeFile(join(dir, "bad.yaml"), text);
    await expect(read("bad.yaml")).rejects.toThrow(pattern);
    await expect(read("bad.yaml")).rejects.toThrow(/--config bad.yaml/);
  });

  it("a missing file is a usage error", async () => {
    await expect(read("nope.yaml")).rejects.toThrow(/--config nope.yaml cannot be read \(ENOENT\)/);
  });
});

describe("a config file's values", () => {
  it("are checked even when a flag overrides them: a wrong file is wrong input (exit 2, nothing called)", async () => {
    const h = harness();
    const file = join(h.stateDir, "u.yaml");
    await writeFile(file, "source: orders\ntarget-engine-version: '17.2'\nyes: please\n");
    expect(await h.run(["deploy", "--config", file, "--yes"])).toBe(2);
    expect(h.err()).toMatch(/--config .*u\.yaml: --yes must be true or false/);
    expect(h.rds.calls).toEqual([]);
  });
});
