import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { PreconditionError } from "../core/errors.js";
import type { CliIo } from "./io.js";
import { isProcessIo } from "./io.js";

/** dist/sandbox/cli.js from dist/cli/ (or src/cli/ under vitest: both sit two levels under the package root). */
export const sandboxCliPath = (): string => fileURLToPath(new URL("../../dist/sandbox/cli.js", import.meta.url));

/** Runs the sandbox program; stdio is inherited when bgdb is the real process, piped to the fake streams in tests. */
export function runSandbox(args: string[], io: CliIo, capture = false): Promise<{ code: number; stdout: string }> {
  const cli = sandboxCliPath();
  if (!existsSync(cli)) {
    return Promise.reject(
      new PreconditionError("SANDBOX_UNAVAILABLE", `The sandbox program is not built (${cli} is missing).`, {
        hint: "Run `npm run build` first.",
      }),
    );
  }
  return new Promise((resolve, reject) => {
    const inherit = isProcessIo(io) && !capture;
    const child = spawn(process.execPath, [cli, ...args], {
      cwd: io.cwd,
      env: io.env,
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

/** `--sandbox`: make sure the sandbox runs and learn where it listens. */
export async function ensureSandbox(io: CliIo, sandboxDir?: string): Promise<{ url: string; region: string }> {
  const args = ["ensure", "--json", ...(sandboxDir ? ["--sandbox-dir", sandboxDir] : [])];
  const { code, stdout } = await runSandbox(args, io, true);
  let parsed: { url?: unknown; region?: unknown } | undefined;
  try {
    parsed = JSON.parse(stdout);
  } catch {
    parsed = undefined;
  }
  if (code !== 0 || typeof parsed?.url !== "string" || typeof parsed.region !== "string") {
    throw new PreconditionError("SANDBOX_UNAVAILABLE", `The sandbox did not start (exit ${code}).`, {
      hint: "Run `bgdb sandbox status` to see why; `npm run build` first if dist/sandbox is missing.",
    });
  }
  return { url: parsed.url, region: parsed.region };
}
