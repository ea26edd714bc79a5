/**
 * `bgdb status <deployment>` against a private sandbox (started once with a temp --sandbox-dir, seeded, one
 * deployment pg16-source → 17 created and AVAILABLE before anything is timed; status only reads).
 *
 * Time, interleaved, median of 9 rounds (BENCH_RUNS), each as a ratio to a bare
 * `node -e 'import("@aws-sdk/client-rds")'` (the SDK client status needs, loaded the plain way; goal ≤ 1.5×):
 * - `bgdb --sandbox --sandbox-dir D --state-dir S status <d>`: what a user of the sandbox runs. `--sandbox` finds
 *   the running sandbox itself (server.json, a live pid, one request to its admin API: `@bgdb/sandbox/live`); it
 *   would run the sandbox's control program (`sandbox/dist/sandbox/src/cli.js ensure --json`) only to start one.
 * - `bgdb --endpoint-url <url> --region us-east-1 --state-dir S status <d>` with dummy AWS credentials: the same
 *   status without the control program, as against AWS.
 * - the control program alone (`ensure --json` on the running sandbox: what a --sandbox command pays when it must
 *   start one, less the start), and the --sandbox path's extra cost (status --sandbox / status --endpoint-url; the
 *   raw column has the median of the rounds' differences in ms): reported, no goal.
 *
 * Peak RSS (goal ≤ 65 MiB for bgdb status), median of 3 rounds (BENCH_RUNS; it hardly varies), beside `node -e 0` and the bare client-rds import:
 * GNU time's %M when /usr/bin/time exists — for `--sandbox` that is the larger of bgdb and any control program it
 * waits for, so the bgdb process alone is also read (process.resourceUsage().maxRSS through a --import preload).
 */
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { installedPgVersion } from "@bgdb/sandbox";
import {
  BIN,
  type Command,
  childEnv,
  interleave,
  median,
  mib,
  ms,
  NODE,
  peakRssKiB,
  type Row,
  RSS_METHOD,
  ratioRow,
  rounds,
  runChecked,
  SANDBOX_CLI,
  say,
  selfRssKiB,
  valueRow,
  wallMs,
} from "./measure.js";

const TIME_GOAL = 1.5;
const RSS_GOAL_MIB = 65;
const DEPLOYMENT = "pg16-source-to-17";

/** The commands both figures run, against one sandbox. */
interface Fixture {
  node: Command;
  sdk: Command;
  viaSandbox: Command;
  viaEndpoint: Command;
  ensure: Command;
}

export async function status(): Promise<Row[]> {
  return withSandbox(async (fx) => [...(await statusTimes(fx)), ...(await statusRss(fx))]);
}

async function statusTimes(fx: Fixture): Promise<Row[]> {
  const n = rounds(9);
  process.stdout.write(`bgdb status: ${n} interleaved rounds\n`);
  const t = await interleave(n, {
    sdk: () => wallMs(fx.sdk),
    viaSandbox: () => wallMs(fx.viaSandbox),
    viaEndpoint: () => wallMs(fx.viaEndpoint),
    ensure: () => wallMs(fx.ensure),
    node: () => wallMs(fx.node),
  });
  const sdk = { label: "import client-rds", samples: t.sdk };
  // The two paths ran in the same rounds: the median of each round's difference is the --sandbox path's own cost.
  const extra = median(t.viaSandbox.map((x, i) => x - (t.viaEndpoint[i] ?? x)));
  return [
    ratioRow("status --sandbox / client-rds import", { label: "status", samples: t.viaSandbox }, sdk, TIME_GOAL),
    ratioRow("status --endpoint-url / client-rds import", { label: "status", samples: t.viaEndpoint }, sdk, TIME_GOAL),
    {
      ...ratioRow(
        "status --sandbox / status --endpoint-url",
        { label: "--sandbox", samples: t.viaSandbox },
        { label: "--endpoint-url", samples: t.viaEndpoint },
      ),
      raw: `${ms(median(t.viaSandbox))} / ${ms(median(t.viaEndpoint))}; the --sandbox path adds ${ms(extra)} (median of per-round differences)`,
    },
    ratioRow(
      "sandbox program `ensure` alone / node -e 0",
      { label: "ensure", samples: t.ensure },
      {
        label: "node -e 0",
        samples: t.node,
      },
    ),
  ].map(say);
}

async function statusRss(fx: Fixture): Promise<Row[]> {
  const n = rounds(3);
  process.stdout.write(`peak RSS: ${n} interleaved rounds; ${RSS_METHOD}\n`);
  const r = await interleave(
    n,
    {
      node: () => peakRssKiB(fx.node),
      sdk: () => peakRssKiB(fx.sdk),
      viaEndpoint: () => peakRssKiB(fx.viaEndpoint),
      viaSandbox: () => peakRssKiB(fx.viaSandbox),
      viaSandboxSelf: () => selfRssKiB(fx.viaSandbox),
      ensure: () => peakRssKiB(fx.ensure),
      // The timings just ran every command: the page cache is warm, and a peak RSS hardly varies between runs.
    },
    { warmUp: false },
  );
  const m = (k: keyof typeof r) => median(r[k]);
  const judged = (figure: string, kib: number, raw: string) =>
    valueRow(figure, mib(kib), `≤ ${RSS_GOAL_MIB} MiB`, kib / 1024 <= RSS_GOAL_MIB, raw);
  const beside = `beside node -e 0 ${mib(m("node"))}, client-rds import ${mib(m("sdk"))}`;
  return [
    valueRow("peak RSS: node -e 0", mib(m("node")), "", undefined, `median of ${n}`),
    valueRow("peak RSS: client-rds import", mib(m("sdk")), "", undefined, `median of ${n}`),
    judged("peak RSS: status --endpoint-url", m("viaEndpoint"), beside),
    judged(
      "peak RSS: status --sandbox",
      m("viaSandbox"),
      `with any sandbox program it waits for; bgdb alone ${mib(m("viaSandboxSelf"))}, the program alone ${mib(m("ensure"))}`,
    ),
    judged("peak RSS: status --sandbox, bgdb alone", m("viaSandboxSelf"), `${beside} (resourceUsage preload)`),
  ].map(say);
}

/**
 * A private sandbox for the section: started (compressed 20×, so creating green takes seconds), seeded, one
 * deployment created and AVAILABLE; always stopped and removed afterwards.
 */
async function withSandbox(fn: (fx: Fixture) => Promise<Row[]>): Promise<Row[]> {
  const root = mkdtempSync(join(tmpdir(), "bgdb-bench-status-"));
  // Running as root, the sandbox runs PostgreSQL as an unprivileged user, who must reach the directories under it.
  chmodSync(root, 0o755);
  const sandboxDir = join(root, "sandbox");
  const stateDir = join(root, "state");
  const control = (label: string, ...args: string[]): Command => ({
    label,
    argv: [NODE, SANDBOX_CLI, ...args, "--sandbox-dir", sandboxDir],
    cwd: root,
  });
  const bgdb = (label: string, ...args: string[]): Command => ({
    label,
    argv: [NODE, BIN, "--sandbox", "--sandbox-dir", sandboxDir, "--state-dir", stateDir, ...args],
    cwd: root,
  });
  try {
    process.stdout.write("bgdb status: starting a private sandbox, seeding it, creating a deployment\n");
    await runChecked(control("sandbox start", "start", "--speed", "20"));
    await runChecked(control("sandbox seed", "seed"));
    await runChecked({
      ...bgdb(
        "bgdb create",
        "create",
        "--source",
        "pg16-source",
        "--target-engine-version",
        installedPgVersion(17),
        "--target-parameter-group",
        "pg17-logical",
      ),
      timeoutMs: 180_000,
    });
    const ensure = control("sandbox ensure", "ensure", "--json");
    const { url, region } = JSON.parse((await runChecked(ensure)).stdout) as { url: string; region: string };
    const fx: Fixture = {
      node: { label: "node -e 0", argv: [NODE, "-e", "0"] },
      sdk: { label: "client-rds import", argv: [NODE, "-e", 'import("@aws-sdk/client-rds")'] },
      viaSandbox: bgdb("bgdb --sandbox status", "status", DEPLOYMENT),
      viaEndpoint: {
        label: "bgdb --endpoint-url status",
        argv: [NODE, BIN, "--endpoint-url", url, "--region", region, "--state-dir", stateDir, "status", DEPLOYMENT],
        cwd: root,
        env: childEnv({ AWS_ACCESS_KEY_ID: "bench", AWS_SECRET_ACCESS_KEY: "bench" }),
      },
      ensure,
    };
    // Both status paths must really show the deployment before their times mean anything.
    for (const cmd of [fx.viaSandbox, fx.viaEndpoint]) {
      const shown = (await runChecked(cmd)).stdout;
      if (!shown.includes(DEPLOYMENT) || !shown.includes("AVAILABLE"))
        throw new Error(`${cmd.label} did not show ${DEPLOYMENT} AVAILABLE:\n${shown}`);
    }
    return await fn(fx);
  } finally {
    await runChecked({ ...control("sandbox stop", "stop"), timeoutMs: 60_000 }).catch(() => undefined);
    const serverFile = join(sandboxDir, "server.json");
    if (existsSync(serverFile)) {
      try {
        process.kill((JSON.parse(readFileSync(serverFile, "utf8")) as { pid: number }).pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
    rmSync(root, { recursive: true, force: true });
  }
}
