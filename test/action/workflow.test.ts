/**
 * .github/workflows/action.yml (the Action against the sandbox on every push) can only run on GitHub; what can be
 * checked here is that it uses the Action as action.yml declares it: each `uses: ./` step passes declared inputs
 * with a valid command, and every `steps.<id>.outputs.<name>` it reads is an output that step sets. The same for the
 * README's example workflow, so the documentation cannot drift from the inputs and outputs either.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { DEPLOYMENT_PLACEMENT } from "../../action/lib.mjs";
import { actionYml, ROOT } from "./runner.js";

interface Step {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
}

interface Workflow {
  jobs: Record<string, { steps: Step[]; outputs?: Record<string, string> }>;
}

const workflow = parse(readFileSync(join(ROOT, ".github/workflows/action.yml"), "utf8")) as Workflow;
const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);

/** The README's example: the one YAML block that uses the published action. */
function readmeExample(): Workflow {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const blocks = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1] ?? "");
  const uses = blocks.filter((b) => b.includes("uses: <owner>/bgdb@<ref>"));
  expect(uses.length).toBe(1);
  return parse(uses[0] ?? "") as Workflow;
}

describe("the Action's workflow", () => {
  it("passes only inputs action.yml declares, with a command the action knows", () => {
    const declared = Object.keys(actionYml().inputs);
    const local = steps.filter((s) => s.uses === "./");
    expect(local.length).toBeGreaterThan(5);
    for (const step of local) {
      expect(declared, step.name).toEqual(expect.arrayContaining(Object.keys(step.with ?? {})));
      expect(Object.keys(DEPLOYMENT_PLACEMENT), step.name).toContain(step.with?.command);
    }
  });

  it("reads only outputs that the step it names sets", () => {
    const outputs = Object.keys(actionYml().outputs);
    const byId = new Map(steps.flatMap((s) => (s.id ? [[s.id, s] as const] : [])));
    const text = JSON.stringify(steps);
    const reads = [...text.matchAll(/steps\.([\w-]+)\.outputs\.([\w-]+)/g)];
    expect(reads.length).toBeGreaterThan(10);
    for (const [ref, id, name] of reads) {
      const step = byId.get(id ?? "");
      expect(step, ref).toBeDefined();
      if (step?.uses === "./") expect(outputs, ref).toContain(name);
      // A run step's outputs are what it writes to GITHUB_OUTPUT.
      else expect(step?.run, ref).toContain(`echo "${name}=`);
    }
  });

  it("README's example passes declared inputs and reads declared outputs, across jobs too", () => {
    const example = readmeExample();
    const declaredInputs = Object.keys(actionYml().inputs);
    const declaredOutputs = Object.keys(actionYml().outputs);
    const bgdbSteps = Object.values(example.jobs)
      .flatMap((job) => job.steps)
      .filter((s) => s.uses === "<owner>/bgdb@<ref>");
    expect(bgdbSteps.length).toBeGreaterThanOrEqual(4);
    for (const step of bgdbSteps) {
      expect(declaredInputs).toEqual(expect.arrayContaining(Object.keys(step.with ?? {})));
      expect(Object.keys(DEPLOYMENT_PLACEMENT)).toContain(step.with?.command);
    }
    const text = JSON.stringify(example);
    const read = [...text.matchAll(/(?:steps\.[\w-]+|needs\.[\w-]+)\.outputs\.([\w-]+)/g)].map((m) => m[1]);
    expect(read).toContain("deployment-id");
    for (const name of read) {
      const jobOutput = Object.values(example.jobs).some((job) => job.outputs && name && name in job.outputs);
      expect(jobOutput || declaredOutputs.includes(name ?? ""), name).toBe(true);
    }
    // A job output is the action's output of a step in that job.
    for (const job of Object.values(example.jobs)) {
      for (const value of Object.values(job.outputs ?? {})) {
        expect(declaredOutputs).toContain(/outputs\.([\w-]+)/.exec(value)?.[1]);
      }
    }
  });
});
