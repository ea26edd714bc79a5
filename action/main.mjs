// @ts-check
/**
 * The GitHub Action's entry point (action.yml `runs.main`). Reads the INPUT_* variables the runner sets, runs
 * bin/bgdb.js of this same commit with the Node running this file, writes bgdb's JSON document to a file under
 * RUNNER_TEMP and the step outputs to GITHUB_OUTPUT, and exits with bgdb's exit code, so a failed command fails the
 * step after its outputs are set. The environment (AWS credentials, AWS_REGION, GITHUB_STEP_SUMMARY) reaches bgdb
 * as the runner gave it; this file prints and writes no value from it.
 */
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { appendFileSync, statSync, writeFileSync } from "node:fs";
import { constants, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import {
  bgdbArgv,
  commandMessage,
  commandProperty,
  EXIT_USAGE,
  InputError,
  outputLines,
  outputsOf,
  readInputs,
  shownArgv,
  usageDocument,
} from "./lib.mjs";

const BIN = join(dirname(fileURLToPath(import.meta.url)), "..", "bin", "bgdb.js");

/** @param {string} line */
const log = (line) => process.stdout.write(`${line}\n`);

/**
 * The document's file: one per step (several bgdb steps share a job's RUNNER_TEMP), named after the command so an
 * uploaded artifact reads well.
 * @param {string} command
 * @param {string} text
 */
function writeResult(command, text) {
  const name = /^[a-z][a-z0-9-]*$/.test(command) ? command : "input";
  const path = join(process.env.RUNNER_TEMP || tmpdir(), `bgdb-${name}-${randomUUID().slice(0, 8)}.json`);
  writeFileSync(path, text.endsWith("\n") ? text : `${text}\n`);
  return path;
}

/** @param {import("./lib.mjs").Outputs} outputs */
function writeOutputs(outputs) {
  const file = process.env.GITHUB_OUTPUT;
  if (!file) {
    process.stderr.write("GITHUB_OUTPUT is not set (not on a runner?): the step outputs are not written.\n");
    return;
  }
  appendFileSync(
    file,
    Object.entries(outputs)
      .map(([name, value]) => outputLines(name, value))
      .join(""),
  );
}

/**
 * Ends the step: outputs first, then an error annotation when bgdb could not give its own, then the exit code,
 * which fails the step when it is not 0. `error` is set only in that case.
 * @param {{ command: string, exitCode: number, document: unknown, resultPath: string, error?: string }} end
 */
function finish({ command, exitCode, document, resultPath, error }) {
  writeOutputs(outputsOf({ exitCode, document, resultPath }));
  if (exitCode !== 0 && error !== undefined) {
    const title = commandProperty(`bgdb ${command || "action"} failed (exit code ${exitCode})`);
    log(`::error title=${title}::${commandMessage(error ?? "see the step's log")}`);
  }
  process.exitCode = exitCode;
}

/**
 * bgdb's environment: the job's, without this action's INPUT_* variables (already turned into arguments), which a
 * test command run by `bgdb test` has no business seeing, and with the stop-commands token: bgdb resumes workflow
 * commands with it for its own annotations, and keeps it from the commands it runs.
 * @param {string} token
 */
function childEnv(token) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith("INPUT_")));
  return { ...env, BGDB_GITHUB_STOP_TOKEN: token };
}

async function main() {
  /** @type {import("./lib.mjs").Inputs} */
  let inputs;
  let cwd;
  try {
    inputs = readInputs(process.env);
    cwd = resolve(process.env.GITHUB_WORKSPACE || process.cwd(), inputs.workingDirectory || ".");
    let isDir = false;
    try {
      isDir = statSync(cwd).isDirectory();
    } catch {
      isDir = false;
    }
    if (!isDir) throw new InputError([`working-directory ${cwd} is not a directory`]);
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    const command = (process.env.INPUT_COMMAND ?? "").trim();
    const document = usageDocument(command, err.issues);
    process.stderr.write(`✖ ${document.error.message}\n`);
    const resultPath = writeResult(command, JSON.stringify(document, null, 2));
    finish({ command, exitCode: EXIT_USAGE, document, resultPath, error: document.error.message });
    return;
  }

  const argv = bgdbArgv(inputs);
  log(`Running ${shownArgv(argv)} in ${cwd}`);
  // Nothing bgdb prints is read as a workflow command: its lines quote AWS's messages and the test command's output,
  // and a line that happened to start with `::` must not set outputs, add masks or annotations for this step. bgdb
  // itself (GITHUB_ACTIONS=true) lifts the fence for its own annotations only, with this token, then puts it back.
  const token = randomUUID();
  log(`::stop-commands::${token}`);

  // bgdb runs in a process group of its own (detached) and hears a signal only from `forward`: cancelling a run
  // signals this process, and bgdb must hear SIGINT exactly once to stop at a safe point and save its state (a second
  // one makes it exit at once), whether or not the sender also signalled this process's group.
  const child = spawn(process.execPath, [BIN, ...argv], {
    cwd,
    env: childEnv(token),
    stdio: ["ignore", "pipe", "inherit"],
    detached: true,
  });
  const forward = (/** @type {NodeJS.Signals} */ signal) => child.kill(signal);
  process.on("SIGINT", forward);
  process.on("SIGTERM", forward);

  /** @type {Buffer[]} */
  const chunks = [];
  child.stdout.on("data", (/** @type {Buffer} */ chunk) => {
    chunks.push(chunk);
    process.stdout.write(chunk);
  });
  let spawnFailed = false;
  const exitCode = await new Promise((done) => {
    child.on("error", (err) => {
      process.stderr.write(`could not run bgdb: ${err.message}\n`);
      spawnFailed = true;
      done(1);
    });
    child.on("close", (code, signal) => done(code ?? 128 + (signal ? constants.signals[signal] : 0)));
  });
  process.off("SIGINT", forward);
  process.off("SIGTERM", forward);

  const stdout = Buffer.concat(chunks).toString("utf8");
  log(`${stdout === "" || stdout.endsWith("\n") ? "" : "\n"}::${token}::`);

  /** @type {unknown} */
  let document;
  let resultPath = "";
  if (inputs.json) {
    try {
      document = JSON.parse(stdout);
      resultPath = writeResult(inputs.command, stdout);
    } catch {
      log("::warning::bgdb printed no JSON document: only the ok and exit-code outputs are set.");
    }
  }
  // bgdb annotates its own failures (and writes the step summary): a second error here would say it twice. Only a
  // bgdb that ended without its document (killed, crashed, or never started) leaves that to this action.
  const unanswered = spawnFailed || (inputs.json && document === undefined);
  const error = unanswered ? `bgdb exited with ${exitCode} without its result; see above.` : undefined;
  finish({ command: inputs.command, exitCode, document, resultPath, error });
}

await main();
