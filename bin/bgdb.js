#!/usr/bin/env node
// The published entry point: the compiled CLI lives in dist/ (built by `npm run build`, run by `prepare`).

// bgdb supports Node 20 (package.json engines); the SDK's "Node 22 soon" notice would otherwise print on every run
// and clutter CI logs. An operator who wants it can set the variable to "false".
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

const { run } = await import("../dist/cli/main.js");
process.exitCode = await run(process.argv.slice(2));
