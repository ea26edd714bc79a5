/**
 * Bad input never reaches AWS: invalid invocations generated from the option tables themselves (every flag of every
 * AWS-facing command × wrong type, out of range, empty, huge, unicode, control characters; a switch given a value;
 * deploy's config file with each key of the wrong type; the environment variables bgdb validates) run against a
 * request-recording fake. Every one must exit 2 (or 3), print no stack trace, and make no mutating request.
 *
 * A candidate counts only when the option's own parser refuses it, so the fuzz tests the edge (commander, the config
 * reader, parseOptions), not a list of strings someone believed to be invalid.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readConfigFile } from "../../src/cli/options/config-file.js";
import { envTable } from "../../src/cli/options/global.js";
import type { Kind } from "../../src/cli/options/kinds.js";
import { attributeOf, entries } from "../../src/cli/options/parse.js";
import { commandNamed } from "../../src/cli/registry.js";
import { harness } from "./helpers.js";

/** A valid invocation of each command that talks to AWS; the fuzz changes one option of it at a time. */
const BASE: Record<string, string[]> = {
  create: ["create", "--source", "orders", "--target-engine-version", "17.2"],
  upgrade: ["upgrade", "orders-to-17", "--engine-version", "17.2"],
  test: ["test", "orders-to-17", "--", "true"],
  lag: ["lag", "orders-to-17"],
  switchover: ["switchover", "orders-to-17", "--yes"],
  cleanup: ["cleanup", "orders-to-17", "--yes"],
  abort: ["abort", "orders-to-17", "--yes"],
  status: ["status", "orders-to-17"],
  list: ["list"],
  deploy: ["deploy", "--source", "orders", "--target-engine-version", "17.2", "--yes"],
};

/** Values that are wrong for most kinds; each is tried only where the option's own parser refuses it. */
const TEXT = [
  "",
  " ",
  "x".repeat(5_000),
  "9".repeat(40),
  "-1",
  "0",
  "1.5",
  "1e309",
  "NaN",
  "12abc",
  "日本語☃💥",
  "a\nb",
  "tab\there",
  "\u0007bell",
  "null",
  "{}",
  "[1,2]",
  "arn:aws:rds:xx:1:db:",
  "=",
  "key=",
  "aws:reserved=x",
];

/** Config-file values of the wrong shape. */
const CONFIG_VALUES = [12345, -1, 1.5, true, null, [], [1, 2], { a: 1 }, "", "x".repeat(5_000), "☃"];

/** Whether the option's parser refuses `raw`; a repeatable flag reaches it as a list, a config value as written. */
const refuses = (kind: Kind<unknown>, raw: unknown, from: "flag" | "config" = "flag"): boolean => {
  try {
    return kind.parse(from === "flag" && kind.repeatable ? [raw] : raw) === undefined;
  } catch {
    return true;
  }
};

interface Case {
  label: string;
  argv: string[];
  env?: Record<string, string>;
}

/** `base` without `flag` and its value (the fuzz gives the option its own, invalid, value). */
function without(base: string[], flag: string, takesValue: boolean): string[] {
  const out: string[] = [];
  for (let i = 0; i < base.length; i++) {
    if (base[i] === "--") return [...out, ...base.slice(i)];
    if (base[i] === flag) {
      if (takesValue) i++;
      continue;
    }
    out.push(base[i] as string);
  }
  return out;
}

/** `argv` with `extra` inserted before a `--` that starts the test command, if there is one. */
function insert(argv: string[], extra: string[]): string[] {
  const at = argv.indexOf("--");
  return at < 0 ? [...argv, ...extra] : [...argv.slice(0, at), ...extra, ...argv.slice(at)];
}

async function flagCases(): Promise<Case[]> {
  const cases: Case[] = [];
  for (const [name, base] of Object.entries(BASE)) {
    const spec = await (commandNamed(name) as NonNullable<ReturnType<typeof commandNamed>>).load();
    for (const { meta } of entries(spec.table)) {
      const kind = meta.kind;
      if (meta.positional) {
        // The command line after `--` is the user's own program: any words are valid.
        if (meta.flag.includes("...")) continue;
        for (const bad of TEXT.filter((t) => refuses(kind, t))) {
          cases.push({
            label: `${name} ${meta.flag}=${JSON.stringify(bad).slice(0, 20)}`,
            argv: [name, bad, ...base.slice(2)],
          });
        }
        continue;
      }
      if (!kind.value) {
        // A switch given a value.
        const flag = meta.flag.replace(/^--no-/, "--");
        cases.push({ label: `${name} ${flag}=on`, argv: insert(without(base, meta.flag, false), [`${meta.flag}=on`]) });
        continue;
      }
      const rest = without(base, meta.flag, true);
      for (const bad of TEXT.filter((t) => refuses(kind, t))) {
        cases.push({
          label: `${name} ${meta.flag} ${JSON.stringify(bad).slice(0, 20)}`,
          argv: insert(rest, [`${meta.flag}=${bad}`]),
        });
      }
    }
  }
  return cases;
}

const dir = mkdtempSync(join(tmpdir(), "bgdb-fuzz-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** deploy's config file: each key it accepts, with each value of the wrong shape that its parser refuses. */
async function configCases(): Promise<Case[]> {
  const spec = await (commandNamed("deploy") as NonNullable<ReturnType<typeof commandNamed>>).load();
  const cases: Case[] = [];
  let n = 0;
  for (const { meta } of entries(spec.table)) {
    if (meta.config === false || meta.positional) continue;
    const key = attributeOf(meta.flag);
    for (const value of CONFIG_VALUES) {
      const file = join(dir, `c${n++}.json`);
      writeFileSync(file, JSON.stringify({ source: "orders", [key]: value }));
      // What the config reader hands the parser, exactly (YAML numbers come back as their text).
      const read = await readConfigFile(file, dir, spec.table);
      const raw = Object.entries(read).find(([k]) => k !== "source" || key === "source")?.[1];
      if (!refuses(meta.kind, raw, "config")) continue;
      cases.push({
        label: `deploy --config {${key}: ${JSON.stringify(value).slice(0, 20)}}`,
        argv: ["deploy", "--config", file, "--yes"],
      });
    }
  }
  return cases;
}

function envCases(): Case[] {
  return entries(envTable).flatMap(({ meta }) =>
    TEXT.filter((t) => t !== "" && refuses(meta.kind, t)).map((bad) => ({
      label: `${meta.flag}=${JSON.stringify(bad).slice(0, 20)} status`,
      argv: ["status", "orders-to-17"],
      env: { [meta.flag]: bad },
    })),
  );
}

describe("fuzz: invalid invocations from the option tables", () => {
  it("every one exits 2 or 3 with no stack trace and no mutating request", async () => {
    const cases = [...(await flagCases()), ...(await configCases()), ...envCases()];
    const failures: string[] = [];
    let mutating = 0;
    for (const c of cases) {
      const h = harness();
      const code = await h.run(c.argv, c.env ? { env: { BGDB_STATE_DIR: h.stateDir, ...c.env } } : {});
      const err = h.err();
      mutating += h.rds.mutating().length;
      if (code !== 2 && code !== 3) failures.push(`${c.label}: exit ${code}: ${err.split("\n")[0]}`);
      else if (/\n\s+at .+:\d+:\d+/.test(err) || /internal error/i.test(err)) failures.push(`${c.label}: stack trace`);
      else if (h.rds.mutating().length > 0) failures.push(`${c.label}: ${h.rds.mutating().join(", ")}`);
    }
    // The count is part of the result: a table change that silently shrank the fuzz would show here.
    console.log(
      `fuzz: ${cases.length} invalid invocations, ${failures.length} failures, ${mutating} mutating requests`,
    );
    expect(failures).toEqual([]);
    expect(mutating).toBe(0);
    expect(cases.length).toBeGreaterThanOrEqual(300);
  }, 120_000);
});
