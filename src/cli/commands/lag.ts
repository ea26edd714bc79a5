import * as core from "../../core/index.js";
import { DEFAULTS, LIMITS } from "../../core/options.js";
import { deploymentArgument } from "../options/common.js";
import { duration, period, switchKind } from "../options/kinds.js";
import { option, optionWithDefault } from "../options/option.js";
import { execute } from "../session.js";
import { defineCommand } from "../spec.js";

export const command = defineCommand({
  name: "lag",
  table: {
    deployment: deploymentArgument,
    watch: optionWithDefault("--watch", switchKind, false, { help: "keep printing new samples until Ctrl-C" }),
    periodSeconds: optionWithDefault("--period", period, DEFAULTS.lagPeriodSeconds, {
      help: "CloudWatch period: 1, 5, 10, 30 or a multiple of 60 seconds",
    }),
    windowMs: optionWithDefault(
      "--window",
      duration(LIMITS.lagWindowMinMs, LIMITS.lagWindowMaxMs),
      DEFAULTS.lagWindowMs,
      { help: "how far back the trend goes" },
    ),
    watchForMs: option("--for", duration(LIMITS.waitMinMs, LIMITS.watchForMaxMs), {
      help: "with --watch: stop after this long",
      shownDefault: "until Ctrl-C",
    }),
  },
  examples: ["bgdb lag orders-prod-to-17", "bgdb lag orders-prod-to-17 --watch --period 10 --for 15m"],
  exits: [0, 2, [3, "the deployment or its lag metric's resource was not found"], 130],
  async action(session, values) {
    await execute(session, (deps) => core.lag(deps, values));
  },
});
