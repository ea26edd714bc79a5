/**
 * Start-up: `bgdb --version` and `bgdb --help` each as a ratio to a bare `node -e 0` (goal ≤ 1.5×): wall time of a
 * child process from spawn to exit, the three interleaved, median of 15 rounds (BENCH_RUNS). Both are answered from
 * the entry bundle's registry alone, so they should cost about what node itself does. Also, reported without a
 * goal: a bad flag (`bgdb switchover x --timeout 10`, exit 2), which loads commander, the command's module and its
 * option table but never the AWS SDK.
 */
import { BIN, type Command, interleave, NODE, type Row, ratioRow, rounds, say, wallMs } from "./measure.js";

const GOAL = 1.5;

export async function startup(): Promise<Row[]> {
  const n = rounds(15);
  const node: Command = { label: "node -e 0", argv: [NODE, "-e", "0"] };
  const version: Command = { label: "bgdb --version", argv: [NODE, BIN, "--version"] };
  const help: Command = { label: "bgdb --help", argv: [NODE, BIN, "--help"] };
  const badFlag: Command = {
    label: "bgdb switchover x --timeout 10",
    argv: [NODE, BIN, "switchover", "x", "--timeout", "10"],
    exit: 2,
  };
  process.stdout.write(`start-up: ${n} interleaved rounds\n`);
  const t = await interleave(n, {
    node: () => wallMs(node),
    version: () => wallMs(version),
    help: () => wallMs(help),
    badFlag: () => wallMs(badFlag),
  });
  const base = { label: node.label, samples: t.node };
  return [
    ratioRow("bgdb --version / node -e 0", { label: version.label, samples: t.version }, base, GOAL),
    ratioRow("bgdb --help / node -e 0", { label: help.label, samples: t.help }, base, GOAL),
    ratioRow("bad flag (exit 2) / node -e 0", { label: "bgdb switchover x --timeout 10", samples: t.badFlag }, base),
  ].map(say);
}
