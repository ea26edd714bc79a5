/** What every core command returns; the CLI renders it (human lines, or one JSON document with `--json`). */
import type { MessagePayload } from "./event.js";
import type { PlanBlocked, PlanStep } from "./plan/step.js";

export interface MemberView {
  role: "blue" | "green";
  kind: "instance" | "cluster" | "cluster-endpoint";
  id: string;
  arn: string;
  /** Blue/green member status from SwitchoverDetails. */
  memberStatus?: string;
  /** Instance or cluster status (`available`, `storage-optimization`, …). */
  status?: string;
  engine?: string;
  engineVersion?: string;
  instanceClass?: string;
  endpoint?: string;
  port?: number;
}

export interface DeploymentView {
  id: string;
  name: string;
  status: string;
  statusDetails?: string;
  source: string;
  target?: string;
  tasks: { name: string; status: string }[];
  createTime?: string;
}

export interface CommandResult {
  command: string;
  /** bgdb's phase after the command (see core/phase.ts). */
  phase: string;
  deployment?: DeploymentView;
  members: MemberView[];
  /** Milliseconds per step, e.g. `{ wait: 1860000 }`. */
  durations: Record<string, number>;
  /** What the command found or did, as typed messages: src/output words them for stdout and `--json`'s summary. */
  report: MessagePayload[];
  /** What to run next: copy-pasteable commands with a short note. */
  nextSteps: string[];
  /** Command-specific data for `--json` (lag samples, test result, deployments list…). */
  data?: Record<string, unknown>;
  /** A dry run's plan (core/plan): every step the real run would take; absent for a real run. */
  plan?: PlanStep[];
  /** Why a dry run's plan cannot run now: the real run's first refusal. The CLI exits with its exit code. */
  blocked?: PlanBlocked;
}
