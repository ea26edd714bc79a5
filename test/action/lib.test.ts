/**
 * The Action's pure parts (action/lib.mjs): splitting `args` as a shell splits words, reading inputs, placing them on
 * bgdb's command line, and the runner's formats. Also that action.yml, lib.mjs and bgdb's own command tables agree.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  bgdbArgv,
  commandMessage,
  commandProperty,
  DEPLOYMENT_PLACEMENT,
  INPUT_DEFAULTS,
  InputError,
  inputVariable,
  outputLines,
  outputsOf,
  parseBoolean,
  placementOf,
  readInputs,
  shownArgv,
  splitArgs,
} from "../../action/lib.mjs";
import { attributeOf, entries } from "../../src/cli/options/parse.js";
import { COMMANDS } from "../../src/cli/registry.js";
import { commandMessage as bgdbMessage, commandProperty as bgdbProperty } from "../../src/output/github.js";
import { actionYml, parseOutputFile, ROOT } from "./runner.js";

describe("splitArgs", () => {
  it.each([
    ["", []],
    ["   \n\t ", []],
    ["--sandbox --sandbox-dir /tmp/sb", ["--sandbox", "--sandbox-dir", "/tmp/sb"]],
    ["  --max-lag   2s  ", ["--max-lag", "2s"]],
    ["--tag 'team=data platform'", ["--tag", "team=data platform"]],
    ['--tag "team=data platform"', ["--tag", "team=data platform"]],
    ["a'b c'\"d e\"f", ["ab cd ef"]],
    ["'' \"\"", ["", ""]],
    ["'it''s'", ["its"]],
    ['"it\'s"', ["it's"]],
    ['"say \\"hi\\" \\\\ \\$HOME \\`x\\`"', ['say "hi" \\ $HOME `x`']],
    ['"a\\nb"', ["a\\nb"]],
    ["'$HOME `x` | ; * ~ #'", ["$HOME `x` | ; * ~ #"]],
    ["a\\ b \\$HOME \\' \\\"", ["a b", "$HOME", "'", '"']],
    ["--one \\\n--two", ["--one", "--two"]],
    ['"one \\\ntwo"', ["one two"]],
    ["a#b a~b key=v=w", ["a#b", "a~b", "key=v=w"]],
    ["--sandbox\n--yes\n", ["--sandbox", "--yes"]],
  ])("%j → %j", (text, words) => {
    expect(splitArgs(text)).toEqual(words);
  });

  it("keeps -- and everything after it as the test command's own words", () => {
    const text = `--timeout 10m -- node -e "console.log('green', process.env.PGHOST)" --flag 'two words'`;
    expect(splitArgs(text)).toEqual([
      "--timeout",
      "10m",
      "--",
      "node",
      "-e",
      "console.log('green', process.env.PGHOST)",
      "--flag",
      "two words",
    ]);
  });

  it("keeps a -- inside quotes as an ordinary word", () => {
    expect(splitArgs("'--' \"--\" --")).toEqual(["--", "--", "--"]);
  });

  it.each([
    ["$HOME", "$"],
    ["--config $CONFIG", "$"],
    ['"$HOME"', "$"],
    ['"`id`"', "`"],
    ["`id`", "`"],
    ["-- npm test | tee log", "|"],
    ["-- npm test > out.txt", ">"],
    ["-- a; b", ";"],
    ["-- a && b", "&"],
    ["-- pytest tests/*.py", "*"],
    ["-- ls file?.txt", "?"],
    ["-- ls [ab]", "["],
    ["-- echo {a,b}", "{"],
    ["-- (sub)", "("],
    ["--config ~/upgrade.yaml", "~"],
    ["--yes # switch now", "#"],
  ])("refuses %j, which a shell would not pass through as text (%s)", (text, char) => {
    expect(() => splitArgs(text)).toThrow(`${JSON.stringify(char)} at character`);
  });

  it.each([
    ["'unclosed", "the ' at character 1 is never closed"],
    ['--tag "a=b', 'the " at character 7 is never closed'],
    ["trailing\\", "ends with a lone backslash"],
  ])("refuses %j", (text, message) => {
    expect(() => splitArgs(text)).toThrow(message);
  });
});

describe("parseBoolean", () => {
  it.each([
    ["true", true],
    ["True", true],
    ["TRUE", true],
    ["false", false],
    ["False", false],
    ["FALSE", false],
    ["yes", undefined],
    ["1", undefined],
    ["", undefined],
    ["tru", undefined],
  ])("%j → %j", (text, value) => {
    expect(parseBoolean(text)).toBe(value);
  });
});

/** The environment the runner would give for these inputs (no defaults applied: readInputs has its own). */
const envOf = (inputs: Record<string, string>) =>
  Object.fromEntries(Object.entries(inputs).map(([k, v]) => [inputVariable(k), v]));

describe("readInputs and bgdbArgv", () => {
  it("names the runner's variables as it does: upper case, spaces as _, hyphens kept", () => {
    expect(inputVariable("command")).toBe("INPUT_COMMAND");
    expect(inputVariable("working-directory")).toBe("INPUT_WORKING-DIRECTORY");
    expect(inputVariable("my input")).toBe("INPUT_MY_INPUT");
  });

  it("puts global flags first, the deployment where the command takes it, and args last", () => {
    const argv = bgdbArgv(
      readInputs(
        envOf({
          command: "switchover",
          deployment: "orders-to-17",
          yes: "true",
          region: "eu-west-1",
          args: "--max-lag 2s --probe",
        }),
      ),
    );
    expect(argv).toEqual([
      "--json",
      "--region=eu-west-1",
      "switchover",
      "orders-to-17",
      "--yes",
      "--max-lag",
      "2s",
      "--probe",
    ]);
  });

  it("gives create and deploy the deployment as --name, and source and config as glued values", () => {
    const create = readInputs(envOf({ command: "create", deployment: "orders-to-17", source: "orders-prod" }));
    expect(bgdbArgv(create)).toEqual(["--json", "create", "--name=orders-to-17", "--source=orders-prod"]);
    const deploy = readInputs(envOf({ command: "deploy", config: "-odd name.yaml", json: "false", yes: "true" }));
    expect(bgdbArgv(deploy)).toEqual(["deploy", "--config=-odd name.yaml", "--yes"]);
  });

  it("keeps the flags it adds before a -- in args, so they stay bgdb's and the test command stays intact", () => {
    const inputs = readInputs(envOf({ command: "test", deployment: "bgd-abc123", args: "-- ./smoke.sh --yes" }));
    expect(bgdbArgv({ ...inputs, yes: true })).toEqual([
      "--json",
      "test",
      "bgd-abc123",
      "--yes",
      "--",
      "./smoke.sh",
      "--yes",
    ]);
  });

  it("applies action.yml's defaults when the runner passes none, and trims values as @actions/core does", () => {
    const inputs = readInputs({ INPUT_COMMAND: " status\n", INPUT_DEPLOYMENT: "  orders-to-17 " });
    expect(inputs).toEqual(
      expect.objectContaining({ command: "status", deployment: "orders-to-17", json: true, yes: false, args: [] }),
    );
    const yml = actionYml();
    expect(INPUT_DEFAULTS).toEqual({ yes: yml.inputs.yes?.default, json: yml.inputs.json?.default });
  });

  it("lists every problem at once, and refuses what would change the command line's meaning", () => {
    const read = () =>
      readInputs(envOf({ command: "--version", deployment: "--yes", yes: "yes", json: "maybe", args: "--tag 'open" }));
    expect(read).toThrow(InputError);
    try {
      read();
    } catch (err) {
      expect((err as InputError).issues).toEqual([
        'command must be one bgdb command such as create or switchover (got "--version")',
        'deployment must be a bgd- id or a name, not a flag (got "--yes")',
        'yes must be true or false (got "yes")',
        'json must be true or false (got "maybe")',
        "args: the ' at character 7 is never closed",
      ]);
    }
  });

  it.each([
    [{}, "command is required"],
    [{ command: "status list" }, "command must be one bgdb command"],
    [{ command: "list", deployment: "orders-to-17" }, "list takes no deployment"],
    [{ command: "sandbox", deployment: "start" }, "sandbox takes no deployment"],
  ])("refuses %j", (inputs, message) => {
    expect(() => readInputs(envOf(inputs))).toThrow(message);
  });

  it("passes an unknown command to bgdb, which refuses it with its own message, without the deployment", () => {
    expect(bgdbArgv(readInputs(envOf({ command: "frobnicate", deployment: "x" })))).toEqual(["--json", "frobnicate"]);
    expect(placementOf("constructor")).toBeUndefined();
  });

  it("shows bgdb's command line without the test command, which bgdb shows itself with secrets redacted", () => {
    const argv = ["--json", "test", "orders", "--", "psql", "postgres://u:secret@h/db"];
    expect(shownArgv(argv)).toBe("bgdb --json test orders -- …");
    expect(shownArgv(["--json", "create", "--tag=team=data platform"])).toBe(
      "bgdb --json create '--tag=team=data platform'",
    );
  });
});

describe("DEPLOYMENT_PLACEMENT", () => {
  it("knows every bgdb command, and places the deployment where that command's option table takes it", async () => {
    const derived: Record<string, string> = {};
    for (const entry of COMMANDS) {
      const spec = await entry.load();
      const options = entries(spec.table);
      const positional = options.some(({ meta }) => meta.positional && attributeOf(meta.flag) === "deployment");
      const named = options.some(({ meta }) => meta.flag === "--name");
      derived[entry.name] = positional ? "argument" : named ? "--name" : "none";
    }
    expect(DEPLOYMENT_PLACEMENT).toEqual(derived);
  });
});

describe("outputs", () => {
  const doc = {
    ok: true,
    command: "create",
    phase: "green-ready",
    deployment: { id: "bgd-abc123", name: "orders-to-17", status: "AVAILABLE" },
    nextSteps: ["bgdb test orders-to-17 -- <your test command>", "bgdb switchover orders-to-17"],
  };

  it("come from bgdb's document, next steps as one line of JSON", () => {
    expect(outputsOf({ exitCode: 0, document: doc, resultPath: "/tmp/r.json" })).toEqual({
      ok: "true",
      phase: "green-ready",
      "deployment-id": "bgd-abc123",
      "deployment-name": "orders-to-17",
      "next-steps": JSON.stringify(doc.nextSteps),
      "exit-code": "0",
      result: "/tmp/r.json",
    });
  });

  it("are exactly the outputs action.yml declares", () => {
    const declared = Object.keys(actionYml().outputs).sort();
    expect(Object.keys(outputsOf({ exitCode: 0, document: undefined, resultPath: "" })).sort()).toEqual(declared);
  });

  it("say ok=false when either the exit code or the document says failure", () => {
    expect(outputsOf({ exitCode: 3, document: doc, resultPath: "" }).ok).toBe("false");
    expect(outputsOf({ exitCode: 0, document: { ...doc, ok: false }, resultPath: "" }).ok).toBe("false");
  });

  it("fall back to the exit code for a document that is not bgdb's (the sandbox's) or no document", () => {
    expect(outputsOf({ exitCode: 0, document: { stopped: true }, resultPath: "" })).toEqual(
      expect.objectContaining({ ok: "true", phase: "", "deployment-id": "", "next-steps": "[]" }),
    );
    expect(outputsOf({ exitCode: 130, document: undefined, resultPath: "" })).toEqual(
      expect.objectContaining({ ok: "false", "exit-code": "130", "next-steps": "[]" }),
    );
    expect(outputsOf({ exitCode: 0, document: { nextSteps: ["a", 1, null] }, resultPath: "" })["next-steps"]).toBe(
      '["a"]',
    );
  });

  it("are written as name=value, or with a delimiter when multi-line, and read back by the runner's parser", () => {
    expect(outputLines("ok", "true")).toBe("ok=true\n");
    const multi = "first line\nsecond = line\n\nname<<x";
    const text = outputLines("ok", "true") + outputLines("message", multi, () => "EOF_1") + outputLines("b", "a=b");
    expect(text).toContain("message<<EOF_1\nfirst line\n");
    expect(parseOutputFile(text)).toEqual({ ok: "true", message: multi, b: "a=b" });
    expect(parseOutputFile(outputLines("crlf", "a\r\nb"))).toEqual({ crlf: "a\r\nb" });
    expect(() => outputLines("m", "a\nEOF_1", () => "EOF_1")).toThrow("delimiter");
  });

  it("escape workflow command text as the runner reads it", () => {
    expect(commandMessage("50% done\nnext\r")).toBe("50%25 done%0Anext%0D");
    expect(commandProperty("bgdb switchover failed: exit 3, see log")).toBe(
      "bgdb switchover failed%3A exit 3%2C see log",
    );
  });

  it.each(["50% done\nnext\r", "a: b, c", "%0A already escaped", "::error::inside"])(
    "escape %j exactly as bgdb's own annotations do (the action cannot import src/, so the two must agree)",
    (text) => {
      expect(commandMessage(text)).toBe(bgdbMessage(text));
      expect(commandProperty(text)).toBe(bgdbProperty(text));
    },
  );
});

describe("action.yml", () => {
  it("is a Node 24 JavaScript action whose main file is in the repository", () => {
    const yml = actionYml();
    expect(yml.runs.using).toBe("node24");
    expect(existsSync(join(ROOT, yml.runs.main))).toBe(true);
    expect(yml.inputs.command?.required).toBe(true);
  });

  it("declares defaults the action accepts", () => {
    const yml = actionYml();
    const defaults = Object.fromEntries(
      Object.entries(yml.inputs).flatMap(([name, spec]) => (spec.default === undefined ? [] : [[name, spec.default]])),
    );
    expect(() => readInputs(envOf({ ...defaults, command: "status" }))).not.toThrow();
  });
});
