import type { Command } from "commander";
import * as core from "../../core/index.js";
import { DURATION_NOTE, examples } from "../help.js";
import { createSchema, parseInput } from "../schema.js";
import { execute, givenOptions, type Session } from "../session.js";

/** Repeatable `--tag k=v`: commander hands each occurrence here. */
export const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

/** The create flags, shared with `deploy`. */
export function addCreateOptions(cmd: Command, timeoutHelp: string): Command {
  return cmd
    .option("--source <id|arn>", "blue: a DB instance id, Aurora cluster id or ARN (required)")
    .option("--name <name>", "deployment name (default: <source>-to-<major> or <source>-bgdb)")
    .option("--target-engine-version <v>", "engine version for green")
    .option("--target-parameter-group <g>", "DB parameter group for green")
    .option("--target-cluster-parameter-group <g>", "DB cluster parameter group for green (Aurora)")
    .option("--target-instance-class <c>", "instance class for green (not Aurora)")
    .option("--target-storage-type <t>", "gp2 | gp3 | io1 | io2")
    .option("--target-iops <n>", "provisioned IOPS for green")
    .option("--target-allocated-storage <n>", "allocated storage for green, GiB")
    .option("--target-storage-throughput <n>", "storage throughput for green (gp3), MiB/s")
    .option("--upgrade-target-storage-config", "let RDS upgrade green's storage file system")
    .option("--tag <k=v>", "tag the deployment (repeatable)", collect)
    .option("--no-wait", "return once creation has started")
    .option("--timeout <duration>", timeoutHelp)
    .option("--cname <name>", "Route 53 record that should point at blue");
}

export function registerCreate(program: Command, session: Session): void {
  const cmd = program.command("create").description("create a blue/green deployment and wait until it is AVAILABLE");
  addCreateOptions(cmd, `how long to wait for AVAILABLE (default: 4h; ${DURATION_NOTE})`)
    .addHelpText(
      "after",
      examples(
        "bgdb create --source orders-prod --target-engine-version 17.2 --target-parameter-group orders-pg17",
        "bgdb create --source arn:aws:rds:eu-west-1:123456789012:cluster:shop --name shop-to-8 --tag team=db --no-wait",
      ),
    )
    .action(async (_opts, command: Command) => {
      const options = parseInput(createSchema, givenOptions(command));
      await execute(session, command, (deps) => core.create(deps, options));
    });
}
