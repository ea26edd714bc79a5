import * as core from "../../core/index.js";
import { execute } from "../session.js";
import { defineCommand } from "../spec.js";

export const command = defineCommand({
  name: "list",
  table: {},
  examples: ["bgdb list", "bgdb list --region eu-west-1 --json"],
  exits: [0, 2, [3, "credentials or permission refused"]],
  async action(session) {
    await execute(session, (deps) => core.list(deps));
  },
});
