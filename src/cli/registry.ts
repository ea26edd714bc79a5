/**
 * Every command's name and one-line summary, and how to load it. `bgdb --help` and `bgdb --version` read only
 * this file; a command's module (its option table, zod, its core function, the SDK clients it needs) loads only when
 * that command runs.
 */
import type { CommandSpec } from "./spec.js";

export interface CommandEntry {
  readonly name: string;
  readonly summary: string;
  load(): Promise<CommandSpec>;
}

export const COMMANDS: readonly CommandEntry[] = [
  {
    name: "preflight",
    summary:
      "check a source and its targets before create: RDS's prerequisites, blue's insides, a switchover prediction",
    load: async () => (await import("./commands/preflight.js")).command,
  },
  {
    name: "create",
    summary: "create a blue/green deployment and wait until it is AVAILABLE",
    load: async () => (await import("./commands/create.js")).command,
  },
  {
    name: "upgrade",
    summary: "modify green (engine version, parameter group, class) and wait until it is available again",
    load: async () => (await import("./commands/upgrade.js")).command,
  },
  {
    name: "test",
    summary: "run your command against green (connection settings in its environment); exit 6 if it fails",
    load: async () => (await import("./commands/test.js")).command,
  },
  {
    name: "verify",
    summary:
      "compare blue and green table by table (row counts, checksums over key ranges); exit 5 naming what differs",
    load: async () => (await import("./commands/verify.js")).command,
  },
  {
    name: "lag",
    summary: "the replication lag metric for the deployment's engine: latest value and a short trend",
    load: async () => (await import("./commands/lag.js")).command,
  },
  {
    name: "switchover",
    summary: "gate on readiness and lag, confirm, switch production to green, and show the new mapping",
    load: async () => (await import("./commands/switchover.js")).command,
  },
  {
    name: "cleanup",
    summary: "after switchover: delete the deployment object and, optionally, the old blue",
    load: async () => (await import("./commands/cleanup.js")).command,
  },
  {
    name: "abort",
    summary: "before switchover: delete the deployment and green; blue is untouched",
    load: async () => (await import("./commands/abort.js")).command,
  },
  {
    name: "status",
    summary: "status, tasks, members, endpoints, versions, lag, bgdb's phase and the next command to run",
    load: async () => (await import("./commands/status.js")).command,
  },
  {
    name: "list",
    summary: "the region's blue/green deployments",
    load: async () => (await import("./commands/list.js")).command,
  },
  {
    name: "report",
    summary: "the change record of one deployment, for a reviewer or an auditor: Markdown, or an HTML page with charts",
    load: async () => (await import("./commands/report.js")).command,
  },
  {
    name: "deploy",
    summary: "the whole chain: create, [upgrade], [test], switchover, [cleanup]; re-run to continue after a stop",
    load: async () => (await import("./commands/deploy.js")).command,
  },
  {
    name: "sandbox",
    summary: "the local AWS-compatible sandbox (start, stop, status, reset, seed, fault, ensure)",
    load: async () => (await import("./commands/sandbox.js")).command,
  },
  {
    name: "demo",
    summary: "the whole blue/green job against a private local sandbox, start to finish",
    load: async () => (await import("./commands/demo.js")).command,
  },
  {
    name: "audit",
    summary: "verify the audit log's hash chain: intact, or the first edited, inserted or deleted line",
    load: async () => (await import("./commands/audit.js")).command,
  },
  {
    name: "schema",
    summary: "print the JSON Schema of the file bgdb deploy --config reads (for editors and CI checks)",
    load: async () => (await import("./commands/schema.js")).command,
  },
  {
    name: "completion",
    summary: "print a shell completion script for bash, zsh or fish",
    load: async () => (await import("./commands/completion.js")).command,
  },
];

export const commandNamed = (name: string): CommandEntry | undefined => COMMANDS.find((c) => c.name === name);
