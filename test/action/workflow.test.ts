/**
 * .github/workflows/action.yml (the Action against the sandbox on every push) can only run on GitHub; what can be
 * checked here is that it uses the Action as action.yml declares it: each `uses: ./` step passes declared inputs
 * with a valid command, and every `steps.<id>.outputs.<name>` it reads is an output that step sets.
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

const workflow = parse(readFileSync(join(ROOT, ".github/workflows/action.yml"), "utf8")) as {
  jobs: Record<string, { steps: Step[] }>;
};
const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);

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
});
