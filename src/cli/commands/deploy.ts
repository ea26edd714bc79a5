import { UsageError } from "../../core/errors.js";
import * as core from "../../core/index.js";
import { DEFAULTS, DEPLOY_UNTIL } from "../../core/options.js";
import { commandLine, filePath, oneOf } from "../options/kinds.js";
import { option, optionalArgument, optionWithDefault, renamed } from "../options/option.js";
import { type OptionTable, type ParseContext, parseOptions, partOf, usage } from "../options/parse.js";
import { execute } from "../session.js";
import { defineCommand } from "../spec.js";
import { oldBlueTable, requireDataLossAck } from "./cleanup.js";
import { createTable } from "./create.js";
import { gateTable, switchoverTimeoutOption, switchoverUrls, withSwitchoverDeps } from "./switchover.js";
import { testTimeout } from "./test.js";
import { upgradeChanges, upgradeTimeout } from "./upgrade.js";

/**
 * Deploy takes the options of create, upgrade, test, switchover and cleanup under one set of names. Three steps call
 * their deadline --timeout; here only create's keeps that name, the others are renamed.
 */
export const deployTable = {
  ...createTable,
  ...upgradeChanges,
  upgradeTimeoutMs: renamed(upgradeTimeout, "--upgrade-timeout", "how long to wait for the upgrade"),
  command: optionalArgument("[command...]", commandLine, {
    help: "test command to run against green, after --",
    config: true,
    aliases: ["test"],
  }),
  testTimeoutMs: renamed(testTimeout, "--test-timeout"),
  timeoutSeconds: renamed(switchoverTimeoutOption, "--switchover-timeout"),
  ...gateTable,
  ...oldBlueTable,
  until: optionWithDefault("--until", oneOf("<step>", DEPLOY_UNTIL), DEFAULTS.until, { help: "stop after this step" }),
  config: option("--config", filePath, {
    help: "YAML or JSON file of these options, keyed by flag name (flags override it)",
    config: false,
  }),
};

const upgradeOnly = { ...upgradeChanges, timeoutMs: upgradeTimeout } satisfies OptionTable;
const testOnly = { command: deployTable.command, timeoutMs: testTimeout } satisfies OptionTable;
const switchoverOnly = { ...gateTable, timeoutSeconds: switchoverTimeoutOption } satisfies OptionTable;

/** Every step's part of the input validated by that step's own table; all problems reported at once. */
function parseDeploy(all: Record<string, unknown>, ctx: ParseContext) {
  const issues: string[] = [];
  const attempt = <T>(parse: () => T): T | undefined => {
    try {
      return parse();
    } catch (e) {
      if (!(e instanceof UsageError)) throw e;
      const found = e.details?.issues;
      issues.push(...(Array.isArray(found) ? found.map(String) : [e.message]));
      return undefined;
    }
  };
  const create = attempt(() => parseOptions(createTable, partOf(createTable, all)));
  const upgrade = attempt(() =>
    parseOptions(upgradeOnly, { ...partOf(upgradeChanges, all), timeoutMs: all.upgradeTimeoutMs }),
  );
  const test = attempt(() => parseOptions(testOnly, { command: all.command, timeoutMs: all.testTimeoutMs }));
  const switchover = attempt(() => parseOptions(switchoverOnly, partOf(switchoverOnly, all)));
  const cleanup = attempt(() => parseOptions(oldBlueTable, partOf(oldBlueTable, all)));
  const until = attempt(() => parseOptions({ until: deployTable.until }, { until: all.until }).until);
  if (!create || !upgrade || !test || !switchover || !cleanup || !until) throw usage([...new Set(issues)], ctx);
  if (!create.wait) {
    throw usage(["--no-wait does not fit deploy, which waits for each step; use `bgdb create --no-wait`"], ctx);
  }
  requireDataLossAck(cleanup);
  const [program, ...args] = test.command ?? [];
  const changesGreen = [
    upgrade.engineVersion,
    upgrade.parameterGroup,
    upgrade.clusterParameterGroup,
    upgrade.instanceClass,
  ];
  return {
    options: {
      create,
      upgrade: changesGreen.some((v) => v !== undefined) ? upgrade : undefined,
      test: program ? { command: program, args, timeoutMs: test.timeoutMs } : undefined,
      switchover,
      cleanup: { ...cleanup, timeoutMs: DEFAULTS.cleanupTimeoutMs },
      until,
    },
    probe: switchover,
  };
}

export const command = defineCommand({
  name: "deploy",
  usage: "--source <id|arn> [options] [-- <test command> [args...]]",
  table: deployTable,
  configFile: true,
  examples: [
    "bgdb deploy --source orders-prod --target-engine-version 17.2 --target-parameter-group orders-pg17 -- npm test",
    "bgdb deploy --source shop-mysql --name shop-8036 --engine-version 8.0.36 --until switched --yes -- ./smoke.sh",
    "CI=true bgdb deploy --config upgrade.yaml --until switched --yes --json > result.json",
    "bgdb deploy --config upgrade.yaml --dry-run   # every step with AWS's current readings; nothing changes",
  ],
  exits: [
    [0, "done up to --until, or already at target: nothing to do; with --dry-run: the plan could run now"],
    [2, "bad input (flags or --config), or no terminal to confirm on and no --yes"],
    3,
    4,
    [5, "AWS reported a failure — the message says who serves"],
    [6, "the tests against green failed — nothing was switched"],
    130,
  ],
  // main has merged the config file under the flags and validated the whole table: `raw` is that merged input.
  async action(session, values, raw) {
    const { options, probe } = parseDeploy(raw, {
      where: values.config ? `--config ${values.config} and flags` : undefined,
    });
    const urls = switchoverUrls(probe, session.io.env, session.globals.sandbox === true);
    await execute(
      session,
      async (deps) =>
        (values.dryRun ? core.planDeploy : core.deploy)(await withSwitchoverDeps(deps, probe, urls), options),
      {
        yes: options.switchover.yes,
        confirms: ["switched", "cleaned"].includes(options.until) ? "switchover" : undefined,
        dryRun: values.dryRun,
        urlEnv: probe,
      },
    );
  },
});
