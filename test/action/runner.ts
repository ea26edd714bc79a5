/**
 * Runs the repository's GitHub Action as the Actions runner runs a JavaScript action: reads action.yml, sets each
 * declared input as INPUT_<NAME> (given, else its default), gives the step fresh GITHUB_OUTPUT and
 * GITHUB_STEP_SUMMARY files and a RUNNER_TEMP directory, runs `node <runs.main>` in the workspace with stdin closed,
 * and reads the outputs back with the runner's parser for GITHUB_OUTPUT. An input action.yml does not declare is a
 * test bug here (the runner would only warn and drop it).
 */
import { type ChildProcessByStdio, spawn } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { parse } from "yaml";

export const ROOT = join(import.meta.dirname, "../..");
const RUN_TIMEOUT_MS = 90_000;

interface ActionYml {
  inputs: Record<string, { default?: string; required?: boolean }>;
  outputs: Record<string, { description: string }>;
  runs: { using: string; main: string };
}

export function actionYml(): ActionYml {
  return parse(readFileSync(join(ROOT, "action.yml"), "utf8")) as ActionYml;
}

export interface StepResult {
  /** The step's exit code: non-zero fails the step. */
  code: number | null;
  outputs: Record<string, string>;
  stdout: string;
  stderr: string;
  /** What the step wrote to GITHUB_STEP_SUMMARY. */
  summary: string;
  /** RUNNER_TEMP of this step. */
  runnerTemp: string;
}

/**
 * The runner's reading of GITHUB_OUTPUT (actions/runner SetOutputFileCommand): `name=value` when the line's first
 * `=` comes before any `<<`, else `name<<DELIMITER` and the lines up to a line equal to DELIMITER. Anything else is an
 * error there, so it throws here.
 */
export function parseOutputFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    if (line === "") continue;
    const eq = line.indexOf("=");
    const heredoc = line.indexOf("<<");
    if (eq >= 0 && (heredoc < 0 || eq < heredoc)) {
      out[line.slice(0, eq)] = line.slice(eq + 1);
      continue;
    }
    if (heredoc < 0) throw new Error(`GITHUB_OUTPUT line ${i + 1} is neither name=value nor name<<DELIMITER: ${line}`);
    const name = line.slice(0, heredoc);
    const delimiter = line.slice(heredoc + 2);
    const value: string[] = [];
    for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i] ?? "");
    if (i >= lines.length) throw new Error(`GITHUB_OUTPUT: no closing ${delimiter} for ${name}`);
    out[name] = value.join("\n");
  }
  return out;
}

/**
 * One `uses: ./` step with `with: inputs`. `env` is the step's environment on top of this process's (minus bgdb's
 * own routing variables, as test/e2e does), `workspace` the job's GITHUB_WORKSPACE and working directory.
 */
export function runAction(
  inputs: Record<string, string>,
  o: { workspace: string; env?: Record<string, string> },
): Promise<StepResult> {
  return startAction(inputs, o).done;
}

/** runAction, with the step's process exposed while it runs (to signal it as a cancelled run does). */
export function startAction(
  inputs: Record<string, string>,
  o: { workspace: string; env?: Record<string, string> },
): { child: ChildProcessByStdio<null, Readable, Readable>; done: Promise<StepResult> } {
  const action = actionYml();
  for (const name of Object.keys(inputs)) {
    if (!(name in action.inputs)) throw new Error(`action.yml declares no input ${name}`);
  }
  const step = mkdtempSync(join(tmpdir(), "bgdb-action-step-"));
  steps.push(step);
  // When tests run as root the sandbox's PostgreSQL runs as another user; a test command's report files live here.
  chmodSync(step, 0o755);
  const runnerTemp = join(step, "_temp");
  mkdirSync(runnerTemp);
  const outputFile = join(step, "output");
  const summaryFile = join(step, "summary");
  writeFileSync(outputFile, "");
  writeFileSync(summaryFile, "");

  const env: NodeJS.ProcessEnv = { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" };
  for (const key of Object.keys(env)) {
    if (key.startsWith("INPUT_") || key.startsWith("GITHUB_") || key.startsWith("RUNNER_")) delete env[key];
  }
  for (const key of ["BGDB_STATE_DIR", "BGDB_SANDBOX_DIR", "AWS_ENDPOINT_URL", "AWS_PROFILE", "NO_COLOR"]) {
    delete env[key];
  }
  Object.assign(env, {
    CI: "true",
    GITHUB_ACTIONS: "true",
    GITHUB_WORKSPACE: o.workspace,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    RUNNER_TEMP: runnerTemp,
    ...o.env,
  });
  for (const [name, spec] of Object.entries(action.inputs)) {
    const value = inputs[name] ?? spec.default;
    if (value !== undefined) env[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`] = value;
  }

  const child = spawn(process.execPath, [join(ROOT, action.runs.main)], {
    cwd: o.workspace,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (c: Buffer) => {
    stdout += c.toString();
  });
  child.stderr.on("data", (c: Buffer) => {
    stderr += c.toString();
  });
  let timer: NodeJS.Timeout | undefined;
  const done = new Promise<number | null>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (c) => resolve(c));
    // A step that hangs fails the test rather than stalling it. Its output may stay open after the kill (bgdb, in a
    // process group of its own, holds stderr), so this rejects instead of waiting for "close".
    timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`the step did not finish in ${RUN_TIMEOUT_MS} ms\nstdout:\n${stdout}\nstderr:\n${stderr}`));
    }, RUN_TIMEOUT_MS);
  })
    .finally(() => clearTimeout(timer))
    .then((code) => ({
      code,
      outputs: parseOutputFile(readFileSync(outputFile, "utf8")),
      stdout,
      stderr,
      summary: readFileSync(summaryFile, "utf8"),
      runnerTemp,
    }));
  return { child, done };
}

/** Step directories made so far: kept until removeSteps, because tests read the result file in RUNNER_TEMP. */
const steps: string[] = [];

/** Removes every step directory runAction made (result files included), as the runner removes RUNNER_TEMP. */
export function removeSteps(): void {
  for (const dir of steps.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** The step's failure as the test report should show it: exit code, outputs, and both streams. */
export function explain(r: StepResult): string {
  return `exit ${r.code}\noutputs: ${JSON.stringify(r.outputs, null, 2)}\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`;
}
