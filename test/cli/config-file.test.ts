import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readConfigFile } from "../../src/cli/config-file.js";
import { deployShape } from "../../src/cli/schema.js";

const known = Object.keys(deployShape);
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "bgdb-config-"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe("readConfigFile", () => {
  it("reads YAML with kebab-case keys and `test`", async () => {
    await writeFile(
      join(dir, "u.yaml"),
      "source: orders-prod\ntarget-engine-version: '17.2'\nstable-samples: 5\ntest: [npm, test]\ntag: {team: db}\n",
    );
    expect(await readConfigFile("u.yaml", dir, known)).toEqual({
      source: "orders-prod",
      targetEngineVersion: "17.2",
      stableSamples: 5,
      command: ["npm", "test"],
      tag: { team: "db" },
    });
  });

  it("reads JSON with camelCase keys", async () => {
    await writeFile(join(dir, "u.json"), JSON.stringify({ source: "a", maxLag: "64MiB", until: "created" }));
    expect(await readConfigFile("u.json", dir, known)).toEqual({ source: "a", maxLag: "64MiB", until: "created" });
  });

  it.each([
    ["unknown key", "source: a\nstable-sample: 3\n", /unknown key "stable-sample"/],
    ["not a map", "- a\n- b\n", /must hold a map/],
    ["bad YAML", "source: [a\n", /not valid YAML or JSON/],
  ])("%s is a usage error naming the file", async (_name, text, pattern) => {
    await writeFile(join(dir, "bad.yaml"), text);
    await expect(readConfigFile("bad.yaml", dir, known)).rejects.toThrow(pattern);
    await expect(readConfigFile("bad.yaml", dir, known)).rejects.toThrow(/--config bad.yaml/);
  });

  it("a missing file is a usage error", async () => {
    await expect(readConfigFile("nope.yaml", dir, known)).rejects.toThrow(
      /--config nope.yaml cannot be read \(ENOENT\)/,
    );
  });
});
