/**
 * Drives the real `bin/bgdb.js` as a child process against a sandbox of its own. Each `E2eSandbox` owns a temp
 * directory holding the sandbox's state (`--sandbox-dir`) and bgdb's journal (`--state-dir`), passes both on every
 * command, and runs with CI=true and no TTY, as a pipeline would. The compiled CLI in dist/ is what runs: build first
 * (`npm test` does; or `npx tsc -p tsconfig.build.json`).
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { installedPgVersion, type RequestRecord } from "@bgdb/sandbox";
import pg from "pg";
import { expect } from "vitest";
import { withoutGithubRun } from "../support/github-env.js";

const ROOT = join(import.meta.dirname, "../..");
const BIN = join(ROOT, "bin/bgdb.js");
const SANDBOX_CLI = join(ROOT, "sandbox/dist/sandbox/src/cli.js");
const COMMAND_TIMEOUT_MS = 90_000;
/** Per-test budget: sandbox start (initdb + a PostgreSQL server), a create, a switchover, and the SDK's retries. */
export const TEST_TIMEOUT_MS = 120_000;

/** The PostgreSQL versions the sandbox's installed servers run (the only ones it offers). */
export const PG16 = installedPgVersion(16);
export const PG17 = installedPgVersion(17);

/** Create flags every test uses: the seeded PostgreSQL 16 source to 17 with logical replication on. */
export const SOURCE = "pg16-source";
export const DEPLOYMENT = "pg16-source-to-17";
export const CREATE_ARGS = [
  "create",
  "--source",
  SOURCE,
  "--target-engine-version",
  PG17,
  "--target-parameter-group",
  "pg17-logical",
];

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** The one JSON document a `--json` run prints on stdout; the stderr is in the message when it is not JSON. */
// biome-ignore lint/suspicious/noExplicitAny: assertions read arbitrary fields of bgdb's result document.
export function jsonOf(r: RunResult): any {
  try {
    return JSON.parse(r.stdout);
  } catch {
    throw new Error(`stdout is not one JSON document (exit ${r.code}).\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
  }
}

/** Fails with the run's output in the message, so a wrong exit code explains itself in the test report. */
export function expectExit(r: RunResult, code: number, soft = false): void {
  const check = soft ? expect.soft : expect;
  check(r.code, `exit code; stdout:\n${r.stdout}\nstderr:\n${r.stderr}`).toBe(code);
}

export class E2eSandbox {
  readonly root: string;
  readonly sandboxDir: string;
  readonly stateDir: string;
  private readonly children = new Set<ChildProcess>();

  constructor(label: string) {
    this.root = mkdtempSync(join(tmpdir(), `bgdb-e2e-${label}-`));
    // mkdtemp makes it 0700; when tests run as root the sandbox runs PostgreSQL as an unprivileged user, whose initdb
    // must reach the data and password files under it.
    chmodSync(this.root, 0o755);
    this.sandboxDir = join(this.root, "sandbox");
    this.stateDir = join(this.root, "state");
  }

  /**
   * Starts `bgdb <args>` with both directories given as global options (before the command, so nothing after a
   * `--` of `bgdb test` is touched). stdin is closed: there is no terminal to confirm on. `env` adds variables
   * (a probe's URL) to the child's environment; `stateDir` replaces the journal (a fresh runner's, another runner's).
   */
  spawn(args: string[], env: NodeJS.ProcessEnv = {}, stateDir = this.stateDir): ChildProcess {
    if (!existsSync(join(ROOT, "dist/bgdb.js"))) throw new Error("dist/ is missing: run `npm run build` first");
    const child = spawn(process.execPath, [BIN, "--sandbox-dir", this.sandboxDir, "--state-dir", stateDir, ...args], {
      cwd: this.root,
      env: { ...childEnv(), ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.children.add(child);
    child.on("exit", () => this.children.delete(child));
    return child;
  }

  /** Runs `bgdb <args>` to completion; a run that hangs is killed after COMMAND_TIMEOUT_MS so the test fails, not stalls. */
  async run(args: string[], env: NodeJS.ProcessEnv = {}, stateDir = this.stateDir): Promise<RunResult> {
    const child = this.spawn(args, env, stateDir);
    const timer = setTimeout(() => child.kill("SIGKILL"), COMMAND_TIMEOUT_MS);
    try {
      return await collect(child);
    } finally {
      clearTimeout(timer);
    }
  }

  /** `bgdb --sandbox <args>`: every client pointed at this sandbox. */
  bgdb(...args: string[]): Promise<RunResult> {
    return this.run(["--sandbox", ...args]);
  }

  /** `bgdb --sandbox <args>` with more environment variables. */
  bgdbWithEnv(env: NodeJS.ProcessEnv, ...args: string[]): Promise<RunResult> {
    return this.run(["--sandbox", ...args], env);
  }

  /**
   * The sandbox program itself (what `bgdb sandbox <args>` passes through to), failing the test when it fails. Called
   * directly to save a bgdb start-up per call; start and stop go through `bgdb sandbox` to cover the pass-through.
   */
  async control(...args: string[]): Promise<string> {
    const child = spawn(process.execPath, [SANDBOX_CLI, ...args, "--sandbox-dir", this.sandboxDir], {
      cwd: this.root,
      env: childEnv(),
      stdio: ["ignore", "pipe", "pipe"],
    });
    const r = await collect(child);
    expectExit(r, 0);
    return r.stdout;
  }

  /**
   * Starts the sandbox compressed `speed` times (provisioning tasks 2 s / speed each, switchover 3 s / speed) and
   * seeds it. bgdb's `--sandbox` polling (fast 500 ms, slow 1 s) is what keeps a compressed sandbox from being wasted.
   */
  async startSeeded(speed: number): Promise<void> {
    const started = await this.run(["sandbox", "start", "--speed", String(speed)]);
    expectExit(started, 0);
    await this.control("seed");
  }

  /** Every AWS request the sandbox received (`bgdb sandbox requests --json`), optionally one action's only. */
  async requests(action?: string): Promise<RequestRecord[]> {
    const r = await this.run(["sandbox", "requests", "--json", ...(action ? ["--action", action] : [])]);
    expectExit(r, 0);
    return jsonOf(r).requests;
  }

  fault(kind: string, ...options: string[]): Promise<string> {
    return this.control("fault", kind, ...options);
  }

  /** `bgdb --sandbox status <deployment> --json`, asserted to succeed. */
  async status(deployment = DEPLOYMENT) {
    const r = await this.bgdb("status", deployment, "--json");
    expectExit(r, 0);
    return jsonOf(r);
  }

  /** Polls `bgdb status` until the deployment shows `want` (expect.poll needs a test context; concurrent tests lack one). */
  async waitForStatus(want: string, timeoutMs = 15_000, deployment = DEPLOYMENT): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let seen = "";
    while (Date.now() < deadline) {
      seen = (await this.status(deployment)).deployment.status;
      if (seen === want) return;
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(seen, `deployment status after ${timeoutMs} ms`).toBe(want);
  }

  /**
   * Blue still serves: the source instance keeps its name, is `available` and still runs the old engine; when a
   * deployment status is given, `bgdb status` shows it (never SWITCHOVER_COMPLETED in these checks) with that blue.
   */
  async expectBlueServes(deploymentStatus?: string, deployment = DEPLOYMENT): Promise<void> {
    const sandbox = JSON.parse(await this.control("status", "--json"));
    const source = sandbox.instances.find((i: { id: string }) => i.id === SOURCE);
    expect(source).toEqual(expect.objectContaining({ status: "available", engineVersion: PG16 }));
    if (!deploymentStatus) return;
    const status = await this.status(deployment);
    expect(status.deployment.status).toBe(deploymentStatus);
    const blue = status.members.find((m: { role: string }) => m.role === "blue");
    expect(blue).toEqual(expect.objectContaining({ id: SOURCE, status: "available", engineVersion: PG16 }));
  }

  /** `serve` processes of this sandbox still alive (ps), so a test can prove it left none behind. */
  servePids(): number[] {
    const ps = execFileSync("ps", ["-eo", "pid=,args="], { encoding: "utf8" });
    return ps
      .split("\n")
      .filter((line) => line.includes("serve") && line.includes(`--sandbox-dir ${this.sandboxDir}`))
      .map((line) => Number.parseInt(line.trim(), 10));
  }

  /**
   * Always called from afterAll/afterEach: kills bgdb runs this test started and left running, stops the sandbox
   * (its server.json pid as a last resort), checks no `serve` is left, and removes the temp directory.
   */
  async dispose(): Promise<void> {
    for (const child of this.children) child.kill("SIGKILL");
    await this.run(["sandbox", "stop"]).catch(() => undefined);
    const serverFile = join(this.sandboxDir, "server.json");
    if (existsSync(serverFile)) {
      const { pid } = JSON.parse(readFileSync(serverFile, "utf8")) as { pid: number };
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
    const left = this.servePids();
    rmSync(this.root, { recursive: true, force: true });
    expect(left, "sandbox serve processes left running").toEqual([]);
  }
}

/**
 * CI=true for plain output; no inherited bgdb or AWS endpoint settings that could point a run elsewhere, and none of
 * GitHub's: on a runner, every test's bgdb would otherwise annotate the job and append to its step summary.
 */
function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CI: "true",
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
  };
  for (const key of ["BGDB_STATE_DIR", "BGDB_SANDBOX_DIR", "AWS_ENDPOINT_URL", "AWS_PROFILE", "NO_COLOR"])
    delete env[key];
  return withoutGithubRun(env);
}

/**
 * Runs `fn` with a fresh, seeded sandbox and always disposes it, pass or fail. Tests using it are written to run
 * concurrently (`describe.concurrent`: the work happens in child processes, so one vitest worker could keep every
 * core busy), but at most MAX_SANDBOXES run at once.
 */
/** The seeded sources' master user and sandbox-only password (README: The sandbox), database `app`. */
export const MASTER = { user: "bgdb", password: "bgdb-sandbox", database: "app" };

/** Runs statements as the master user straight at a sandbox endpoint (setting up tables, changing rows on green). */
export async function masterSql(at: { address: string; port: number }, statements: string[]): Promise<void> {
  const c = new pg.Client({ host: at.address, port: at.port, ...MASTER });
  await c.connect();
  try {
    for (const s of statements) await c.query(s);
  } finally {
    await c.end();
  }
}

/** Where a sandbox instance answers (by id, or the first whose id matches), as the sandbox's status says. */
export async function endpointOf(sb: E2eSandbox, id: string | RegExp): Promise<{ address: string; port: number }> {
  const status = JSON.parse(await sb.control("status", "--json"));
  const found = status.instances.find((i: { id: string }) => (typeof id === "string" ? i.id === id : id.test(i.id)));
  if (!found) throw new Error(`no sandbox instance ${id}`);
  return found;
}

export async function withSandbox(label: string, speed: number, fn: (sb: E2eSandbox) => Promise<void>): Promise<void> {
  await slots.acquire();
  const sb = new E2eSandbox(label);
  try {
    await sb.startSeeded(speed);
    await fn(sb);
  } finally {
    await sb.dispose().finally(() => slots.release());
  }
}

/**
 * Two: the sandbox moves an endpoint whose port is taken, so sandboxes can share the machine; more than two real
 * PostgreSQL sandboxes at once only slows a 2-core machine down.
 */
const MAX_SANDBOXES = 2;
const slots = {
  free: MAX_SANDBOXES,
  waiting: [] as (() => void)[],
  async acquire(): Promise<void> {
    if (this.free > 0) {
      this.free -= 1;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  },
  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.free += 1;
  },
};

/** Everything the child writes, once it has exited. */
export function collect(child: ChildProcess): Promise<RunResult> {
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (c: Buffer) => {
    stdout += c.toString();
  });
  child.stderr?.on("data", (c: Buffer) => {
    stderr += c.toString();
  });
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** Resolves once the child's stderr contains `text` (progress lines go there), rejects if it exits first. */
export function waitForStderr(child: ChildProcess, text: string | RegExp, timeoutMs = 30_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = "";
    const timer = setTimeout(
      () => reject(new Error(`no ${text} on stderr after ${timeoutMs} ms:\n${seen}`)),
      timeoutMs,
    );
    const onData = (c: Buffer) => {
      seen += c.toString();
      if (typeof text === "string" ? seen.includes(text) : text.test(seen)) {
        clearTimeout(timer);
        child.stderr?.off("data", onData);
        resolve(seen);
      }
    };
    child.stderr?.on("data", onData);
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`bgdb exited (${code}) before ${text} appeared on stderr:\n${seen}`));
    });
  });
}

/** SIGKILL, as a crashed runner dies: no handler runs, the journal lock stays behind. */
export function killHard(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.on("exit", () => resolve());
    child.kill("SIGKILL");
  });
}
