#!/usr/bin/env node
// The published entry point: the bundled CLI in dist/ (scripts/build.mjs; committed, rebuilt by `prepare`).

// `bgdb status --json | head` closes the pipe early: that is not an error worth a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (e) => {
    if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw e;
  });
}

const { run } = await import("../dist/bgdb.js");
process.exitCode = await run(process.argv.slice(2));
