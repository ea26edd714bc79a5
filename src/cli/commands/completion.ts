import { bashScript } from "../completion/bash.js";
import { fishScript } from "../completion/fish.js";
import { completionModel } from "../completion/model.js";
import { zshScript } from "../completion/zsh.js";
import { type Kind, oneOf } from "../options/kinds.js";
import { requiredArgument } from "../options/option.js";
import { defineCommand } from "../spec.js";
import { VERSION } from "../version.js";

/** Each shell's script and how it is installed: the examples in --help, and the first lines of the script. */
const SHELLS = {
  bash: {
    script: bashScript,
    install: "bgdb completion bash > /etc/bash_completion.d/bgdb",
    note: "or source it from ~/.bashrc",
  },
  zsh: {
    script: zshScript,
    // biome-ignore lint/suspicious/noTemplateCurlyInString: zsh's own ${fpath[1]}, printed as is.
    install: 'bgdb completion zsh > "${fpath[1]}/_bgdb"',
    note: "any directory in $fpath; then start a new zsh",
  },
  fish: { script: fishScript, install: "bgdb completion fish > ~/.config/fish/completions/bgdb.fish", note: "" },
};

const names = oneOf(
  "<shell>",
  Object.keys(SHELLS).filter((n): n is keyof typeof SHELLS => n in SHELLS),
);
const shellName: Kind<keyof typeof SHELLS> = {
  ...names,
  missing: `the shell is missing: ${names.expect}`,
};

export const command = defineCommand({
  name: "completion",
  // `[shell]` to commander, so that a missing name reaches the table and its message listing the shells.
  usage: "<shell>",
  table: {
    shell: requiredArgument("[shell]", shellName, { help: `the shell: ${names.expect}` }),
  },
  examples: Object.values(SHELLS).map((s) => s.install),
  exits: [
    [0, "the script is on stdout"],
    [2, "not a shell bgdb writes completion for"],
  ],
  async action(session, values) {
    const shell = SHELLS[values.shell];
    const model = await completionModel();
    const header = [
      `${values.shell} completion for bgdb ${VERSION}, written by \`bgdb completion ${values.shell}\` from bgdb's option tables:`,
      "regenerate it after upgrading bgdb.",
      `Install: ${shell.install}${shell.note ? ` (${shell.note})` : ""}`,
      ...model.notes,
    ];
    session.io.stdout.write(shell.script(model, header));
  },
});
