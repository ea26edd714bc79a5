import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import type { SandboxEndpoint } from "../common/sandbox-endpoint.js";
import { PreconditionError } from "../core/errors.js";
import type { CliIo } from "./io.js";
import { isProcessIo } from "./io.js";
import { withheldEnv } from "./withheld-env.js";

/**
 * The sandbox is its own package (@bgdb/sandbox, with the PostgreSQL servers): a production install of bgdb does not
 * carry it. Undefined when it is not installed.
 */
export function sandboxCliPath(): string | undefined {
  try {
    return createRequire(import.meta.url).resolve("@bgdb/sandbox/cli");
  } catch {
    return undefined;
  }
}

const NOT_INSTALLED_HINT =
  "The sandbox is a separate package: install it beside bgdb with `npm install @bgdb/sandbox` (in a clone of the bgdb repository, `npm install` at its root installs it).";

/** Runs the sandbox program; stdio is inherited when bgdb is the real process, piped to the fake streams in tests. */
export function runSandbox(args: string[], io: CliIo, capture = false): Promise<{ code: number; stdout: string }> {
  const cli = sandboxCliPath();
  if (!cli) {
    return Promise.reject(
      new PreconditionError("SANDBOX_NOT_INSTALLED", "The bgdb sandbox (@bgdb/sandbox) is not installed.", {
        hint: NOT_INSTALLED_HINT,
      }),
    );
  }
  if (!existsSync(cli)) {
    return Promise.reject(
      new PreconditionError("SANDBOX_UNAVAILABLE", `The sandbox program is not built (${cli} is missing).`, {
        hint: "Run `npm run build` first.",
      }),
    );
  }
  return new Promise((resolve, reject) => {
    const inherit = isProcessIo(io) && !capture;
    const withheld = new Set(withheldEnv());
    const child = spawn(process.execPath, [cli, ...args], {
      cwd: io.cwd,
      env: Object.fromEntries(Object.entries(io.env).filter(([name]) => !withheld.has(name))),
      stdio: inherit ? "inherit" : ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      if (capture) stdout += chunk.toString();
      else io.stdout.write(chunk);
    });
    child.stderr?.on("data", (chunk: Buffer) => io.stderr.write(chunk));
    child.on("error", (err) =>
      reject(
        new PreconditionError("SANDBOX_UNAVAILABLE", `Could not start the sandbox program: ${err.message}`, {
          cause: err,
        }),
      ),
    );
    child.on("close", (code) => resolve({ code: code ?? 1, stdout }));
  });
}

/**
 * `--sandbox`: the sandbox's endpoint, starting it when it does not run. A sandbox that runs is found without a process: its
 * server.json names a live pid whose admin API answers (the sandbox's own rule, `@bgdb/sandbox/live`, one local
 * HTTP request); only otherwise does the sandbox program's `ensure` start it.
 */
export async function ensureSandbox(
  io: CliIo,
  sandboxDir?: string,
  starting: () => void = () => {},
): Promise<SandboxEndpoint> {
  const running = await runningSandbox(io, sandboxDir);
  if (running) return running;
  starting();
  const args = ["ensure", "--json", ...(sandboxDir ? ["--sandbox-dir", sandboxDir] : [])];
  const { code, stdout } = await runSandbox(args, io, true);
  let parsed: { url?: unknown; region?: unknown; masterPassword?: unknown } | undefined;
  try {
    parsed = JSON.parse(stdout);
  } catch {
    parsed = undefined;
  }
  if (code !== 0 || typeof parsed?.url !== "string" || typeof parsed.region !== "string") {
    throw new PreconditionError("SANDBOX_UNAVAILABLE", `The sandbox did not start (exit ${code}).`, {
      hint: "Run `bgdb sandbox status` to see why; `npm run build` first if sandbox/dist is missing.",
    });
  }
  return {
    url: parsed.url,
    region: parsed.region,
    masterPassword: typeof parsed.masterPassword === "string" ? parsed.masterPassword : undefined,
  };
}

/** The running sandbox of that directory, or undefined (not running, or no sandbox package: `ensure` says which). */
async function runningSandbox(io: CliIo, sandboxDir?: string): Promise<SandboxEndpoint | undefined> {
  if (!sandboxCliPath()) return undefined;
  try {
    const live = await import("@bgdb/sandbox/live");
    const info = await live.liveServer(live.sandboxDirOf(sandboxDir, io.env, io.cwd));
    return info && live.endpointOf(info);
  } catch {
    return undefined; // an older sandbox without ./live, or one not built: its program knows
  }
}
