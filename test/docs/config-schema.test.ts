/**
 * docs/config.schema.json is what `bgdb schema config` prints, and that schema agrees with bgdb's own reading of a
 * `--config` file: zod's JSON Schema reader (independent of bgdb's parsers) accepts what bgdb accepts and refuses
 * what bgdb refuses, starting with the README's example.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as z from "zod";
import { deployTable } from "../../src/cli/commands/deploy.js";
import { configNames, readConfigFile } from "../../src/cli/options/config-file.js";
import { parseOptions } from "../../src/cli/options/parse.js";
import { harness } from "../cli/helpers.js";
import { expectCommitted, readCommitted } from "./committed.js";

const SCHEMA_FILE = "docs/config.schema.json";
const dir = mkdtempSync(join(tmpdir(), "bgdb-schema-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let printed = "";
let schema: Record<string, unknown> = {};
beforeAll(async () => {
  const h = harness();
  expect(await h.run(["schema", "config"])).toBe(0);
  printed = h.out();
  schema = JSON.parse(printed);
});

/** What bgdb makes of a config file: the error message, or undefined when it is accepted. */
async function bgdbRefusal(text: string): Promise<string | undefined> {
  const file = join(dir, "upgrade.yaml");
  writeFileSync(file, text);
  try {
    parseOptions(deployTable, await readConfigFile(file, dir, deployTable));
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

const schemaAccepts = (doc: unknown) => z.fromJSONSchema(schema).safeParse(doc).success;

/** The README's example config file: the YAML block whose first line names the schema. */
function readmeExample(): string {
  const block = /```yaml\n(# yaml-language-server: \$schema=[^\n]+\n[\s\S]*?)```/.exec(readCommitted("README.md"));
  expect(block, "the README's config-file example with its yaml-language-server line").not.toBeNull();
  return block?.[1] ?? "";
}

describe("docs/config.schema.json", () => {
  it("is what bgdb schema config prints", () => {
    expectCommitted(SCHEMA_FILE, printed, "not what `bgdb schema config` prints");
  });

  it("has one property per name a config file may use, and refuses any other", () => {
    expect(Object.keys(schema.properties ?? {}).sort()).toEqual([...configNames(deployTable).keys()].sort());
    expect(schema.additionalProperties).toBe(false);
    expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
  });

  it("gives a default only where bgdb accepts it as that option's value", async () => {
    const properties = Object.entries(z.record(z.string(), z.record(z.string(), z.unknown())).parse(schema.properties));
    const defaults = properties.filter(([, p]) => "default" in p);
    expect(defaults.map(([name]) => name)).toEqual(expect.arrayContaining(["until", "timeout", "switchover-timeout"]));
    for (const [name, p] of defaults) {
      expect(schemaAccepts({ [name]: p.default }), name).toBe(true);
      expect(await bgdbRefusal(JSON.stringify({ source: "orders", [name]: p.default })), name).toBeUndefined();
    }
    // `1s and 1MiB` describes --max-lag's default; it is no value a file could hold.
    expect(properties.find(([name]) => name === "max-lag")?.[1]).not.toHaveProperty("default");
  });

  it("the README's example names the shipped schema, and both bgdb and the schema accept it", async () => {
    const example = readmeExample();
    const [, target] = /\$schema=(\S+)/.exec(example) ?? [];
    expect(target).toBe(`./node_modules/bgdb/${SCHEMA_FILE}`);
    expect(JSON.parse(readCommitted("package.json")).files).toContain(SCHEMA_FILE);
    expect(await bgdbRefusal(example)).toBeUndefined();
    const { parse } = await import("yaml");
    // The schema reads the file as an editor does, numbers as numbers.
    expect(schemaAccepts(parse(example))).toBe(true);
  });

  it.each([
    ["an unknown key", { source: "orders", "switchover-timout": 600 }],
    ["a step that does not exist", { source: "orders", until: "done" }],
    ["a switchover timeout over RDS's 3600 s", { source: "orders", "switchover-timeout": 4000 }],
    ["a storage type RDS does not have", { source: "orders", targetStorageType: "gp4" }],
    ["a duration without a unit", { source: "orders", "wait-for-lag": "15" }],
  ])("bgdb and the schema both refuse %s", async (_what, doc) => {
    expect(await bgdbRefusal(JSON.stringify(doc))).toBeDefined();
    expect(schemaAccepts(doc)).toBe(false);
  });
});

describe("bgdb schema", () => {
  it("anything but config is a usage error listing the schemas", async () => {
    for (const argv of [["schema", "deploy"], ["schema"]]) {
      const h = harness();
      expect(await h.run(argv)).toBe(2);
      expect(h.err()).toContain("one of config");
      expect(h.out()).toBe("");
    }
  });
});
