import * as core from "../../core/index.js";
import { LIMITS } from "../../core/options.js";
import { deploymentRef, dnsName, duration, switchKind } from "../options/kinds.js";
import { option, optionalArgument, optionWithDefault } from "../options/option.js";
import { execute } from "../session.js";
import { defineCommand } from "../spec.js";

export const command = defineCommand({
  name: "status",
  table: {
    deployment: optionalArgument("[deployment]", deploymentRef, {
      help: "bgd- id or deployment name (without one: every deployment in the region)",
    }),
    watch: optionWithDefault("--watch", switchKind, false, { help: "keep watching until a terminal status or Ctrl-C" }),
    cname: option("--cname", dnsName, { help: "also show where this Route 53 record points" }),
    watchForMs: option("--for", duration(LIMITS.waitMinMs, LIMITS.watchForMaxMs), {
      help: "with --watch: stop after this long",
    }),
  },
  examples: ["bgdb status orders-prod-to-17", "bgdb status bgd-4tq2x8m1c9kd --watch --json"],
  exits: [0, 2, [3, "not found"], 130],
  async action(session, values) {
    await execute(session, (deps) => core.status(deps, values));
  },
});
