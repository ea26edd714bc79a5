/**
 * `bgdb completion bash|zsh|fish`, tested in the shells themselves: bash calls the completion function with the
 * COMP_WORDS it would set, zsh completes a typed line in a pseudo-terminal (completion/zsh-capture.zsh), fish answers
 * `complete -C`. The expected words come from the option tables and the sandbox package, not from a list here.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { COMMAND_LINE_WORDS } from "@bgdb/sandbox";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { globalTable } from "../../src/cli/options/global.js";
import { entries } from "../../src/cli/options/parse.js";
import { COMMANDS } from "../../src/cli/registry.js";
import { harness } from "./helpers.js";

const dir = mkdtempSync(join(tmpdir(), "bgdb-completion-"));
/** Where the shells run: a file and a directory for the file and directory kinds to find. */
const cwd = join(dir, "cwd");
const script = { bash: join(dir, "bgdb.bash"), zsh: join(dir, "fpath", "_bgdb"), fish: join(dir, "bgdb.fish") };
const CAPTURE = join(import.meta.dirname, "completion", "zsh-capture.zsh");

beforeAll(async () => {
  mkdirSync(join(cwd, "journal"), { recursive: true });
  mkdirSync(join(dir, "fpath"));
  writeFileSync(join(cwd, "upgrade.yaml"), "source: orders\n");
  for (const shell of ["bash", "zsh", "fish"] as const) {
    const h = harness();
    expect(await h.run(["completion", shell])).toBe(0);
    writeFileSync(script[shell], h.out());
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function shell(program: string, args: string[]): string[] {
  const r = spawnSync(program, args, { cwd, encoding: "utf8", timeout: 15_000 });
  if (r.error)
    throw new Error(`${program} could not run (${r.error.message}): install it, e.g. apt-get install zsh fish`);
  expect(r.stderr).toBe("");
  return [...new Set(r.stdout.split("\n").filter(Boolean))].sort();
}

/** What bash offers for `words` (the last is the word being completed), as bash calls the function. */
const bash = (...words: string[]) =>
  shell("bash", [
    "--norc",
    "--noprofile",
    "-c",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: bash's own ${COMPREPLY[@]}.
    'source "$0"; COMP_WORDS=("$@"); COMP_CWORD=$(( $# - 1 )); _bgdb; printf "%s\\n" "${COMPREPLY[@]}"',
    script.bash,
    ...words,
  ]);

/** What zsh offers after typing `line` and TAB. */
const zsh = (line: string) => shell("zsh", ["-f", CAPTURE, join(dir, "fpath"), line]);

/** What fish offers for `line` (the words, without fish's descriptions). */
const fish = (line: string) =>
  shell("fish", ["--no-config", "-c", `source ${script.fish}; complete -C ${JSON.stringify(line)}`]).map(
    (l) => l.split("\t")[0] ?? "",
  );

const globals = entries(globalTable).map(({ meta }) => meta.flag);
const sandboxCommands = COMMAND_LINE_WORDS.map((c) => c.name).sort();
const faultWords = [...(COMMAND_LINE_WORDS.find((c) => c.name === "fault")?.arguments ?? [])].sort();
const UNTIL = ["cleaned", "created", "switched", "tested", "upgraded"];

/** Every flag a command's table declares (shown ones), its own --help and the global flags. */
async function flagsOf(name: string): Promise<string[]> {
  const spec = await COMMANDS.find((c) => c.name === name)?.load();
  const own = entries(spec?.table ?? {}).flatMap(({ meta }) => (meta.positional || meta.hidden ? [] : [meta.flag]));
  return [...new Set([...own, "--help", ...globals])].sort();
}

describe("bash", () => {
  it("completes command names, after global flags and their values too", () => {
    expect(bash("bgdb", "sw")).toEqual(["switchover"]);
    expect(bash("bgdb", "--region", "eu-west-1", "cr")).toEqual(["create"]);
    expect(bash("bgdb", "")).toEqual(COMMANDS.map((c) => c.name).sort());
  });

  it.each(COMMANDS.filter((c) => c.name !== "sandbox").map((c) => c.name))("offers every flag of %s", async (name) => {
    expect(bash("bgdb", name, "--")).toEqual(await flagsOf(name));
  });

  it("completes a flag and an enum's values, also after `=`", () => {
    expect(bash("bgdb", "deploy", "--un")).toEqual(["--until"]);
    expect(bash("bgdb", "deploy", "--until", "")).toEqual(UNTIL);
    expect(bash("bgdb", "deploy", "--until", "=", "sw")).toEqual(["switched"]);
    expect(bash("bgdb", "deploy", "--until", "=")).toEqual(UNTIL);
    expect(bash("bgdb", "create", "--target-storage-type", "gp")).toEqual(["gp2", "gp3"]);
    expect(bash("bgdb", "schema", "")).toEqual(["config"]);
    expect(bash("bgdb", "completion", "")).toEqual(["bash", "fish", "zsh"]);
  });

  it("offers nothing for a value bgdb cannot guess, and skips values when finding the command", () => {
    expect(bash("bgdb", "deploy", "--source", "")).toEqual([]);
    expect(bash("bgdb", "switchover", "orders-to-17", "")).toEqual([]);
    // `2` is --count's value, not the fault kind: the kinds are still to come.
    expect(bash("bgdb", "sandbox", "fault", "--count", "2", "")).toEqual(faultWords);
    expect(bash("bgdb", "sandbox", "fault", "--count=2", "")).toEqual(faultWords);
  });

  it("files for file kinds, directories for directory kinds", () => {
    expect(bash("bgdb", "deploy", "--config", "")).toEqual(["journal", "upgrade.yaml"]);
    expect(bash("bgdb", "--state-dir", "")).toEqual(["journal"]);
    expect(bash("bgdb", "create", "--sandbox-dir", "j")).toEqual(["journal"]);
  });

  it("the sandbox's subcommands, options and fault kinds, from the sandbox package", () => {
    expect(bash("bgdb", "sandbox", "")).toEqual(sandboxCommands);
    expect(bash("bgdb", "sandbox", "fault", "")).toEqual(faultWords);
    expect(faultWords).toContain("switchover-failure");
    expect(bash("bgdb", "sandbox", "fault", "throttle", "--ra")).toEqual(["--rate"]);
    expect(bash("bgdb", "sandbox", "stop", "--re")).toEqual(["--region"]);
  });

  it("after --, the test command: command names, then files", () => {
    expect(bash("bgdb", "test", "orders-to-17", "--", "bas")).toContain("bash");
    expect(bash("bgdb", "deploy", "--source", "orders", "--", "./run", "up")).toEqual(["upgrade.yaml"]);
  });
});

describe("zsh", () => {
  it("completes commands, flags, enum values and the sandbox's words", () => {
    expect(zsh("bgdb sw")).toEqual(["switchover"]);
    expect(zsh("bgdb --region eu-west-1 cr")).toEqual(["create"]);
    expect(zsh("bgdb deploy --un")).toEqual(["--until"]);
    expect(zsh("bgdb deploy --until ")).toEqual(UNTIL);
    expect(zsh("bgdb deploy --until=sw")).toEqual(["switched"]);
    expect(zsh("bgdb create --target-storage-type ")).toEqual(["gp2", "gp3", "io1", "io2"]);
    expect(zsh("bgdb sandbox ")).toEqual(sandboxCommands);
    expect(zsh("bgdb sandbox fault ")).toEqual(faultWords);
  });

  it("offers every flag of deploy", async () => {
    expect(zsh("bgdb deploy --")).toEqual(await flagsOf("deploy"));
  });

  it("files, directories, and the test command after --", () => {
    expect(zsh("bgdb deploy --config up")).toEqual(["upgrade.yaml"]);
    expect(zsh("bgdb --state-dir ")).toEqual(["journal"]);
    expect(zsh("bgdb test orders-to-17 -- bas")).toContain("bash");
  });
});

describe("fish", () => {
  it("completes commands, flags, enum values and the sandbox's words", () => {
    expect(fish("bgdb sw")).toEqual(["switchover"]);
    expect(fish("bgdb --region eu-west-1 cr")).toEqual(["create"]);
    expect(fish("bgdb deploy --un")).toEqual(["--until"]);
    expect(fish("bgdb deploy --until ")).toEqual(UNTIL);
    expect(fish("bgdb create --target-storage-type ")).toEqual(["gp2", "gp3", "io1", "io2"]);
    expect(fish("bgdb sandbox ")).toEqual(sandboxCommands);
    expect(fish("bgdb sandbox fault ")).toEqual(faultWords);
    expect(fish("bgdb deploy --source ")).toEqual([]);
  });

  it("offers every flag of deploy", async () => {
    expect(fish("bgdb deploy --")).toEqual(await flagsOf("deploy"));
  });

  it("files, directories, and the test command after --", () => {
    expect(fish("bgdb deploy --config up")).toEqual(["upgrade.yaml"]);
    expect(fish("bgdb --state-dir ")).toEqual(["journal/"]);
    expect(fish("bgdb test orders-to-17 -- bas")).toContain("bash");
  });
});

describe("bgdb completion", () => {
  it("anything but bash, zsh or fish is a usage error naming them", async () => {
    const h = harness();
    expect(await h.run(["completion", "tcsh"])).toBe(2);
    expect(h.err()).toContain("one of bash, zsh, fish");
    const none = harness();
    expect(await none.run(["completion"])).toBe(2);
    expect(none.err()).toContain("one of bash, zsh, fish");
  });

  it("leaves the sandbox's words out, and says why, when the sandbox package does not list them", async () => {
    vi.doMock("@bgdb/sandbox", () => ({ COMMAND_LINE_WORDS: undefined }));
    vi.resetModules();
    try {
      const { completionModel } = await import("../../src/cli/completion/model.js");
      const model = await completionModel();
      expect(model.commands.find((c) => c.name === "sandbox")?.subcommands).toBeUndefined();
      expect(model.notes.join("\n")).toContain("COMMAND_LINE_WORDS");
    } finally {
      vi.doUnmock("@bgdb/sandbox");
      vi.resetModules();
    }
  });
});
