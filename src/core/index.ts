/**
 * bgdb as a library: the same functions the CLI calls. Each takes the injected dependencies and validated options
 * and returns a CommandResult, or throws a BgdbError.
 */
import type { Deps } from "../ports/index.js";
import { InternalError } from "./errors.js";
import type {
  AbortOptions,
  CleanupOptions,
  CreateOptions,
  DeployOptions,
  LagOptions,
  StatusOptions,
  SwitchoverOptions,
  TestOptions,
  UpgradeOptions,
} from "./options.js";
import type { CommandResult } from "./result.js";

export * from "./errors.js";
export type * from "./options.js";
export type * from "./result.js";

const todo = (name: string): never => {
  throw new InternalError(`${name} is not implemented yet`);
};

export async function create(_deps: Deps, _o: CreateOptions): Promise<CommandResult> {
  return todo("create");
}
export async function upgrade(_deps: Deps, _o: UpgradeOptions): Promise<CommandResult> {
  return todo("upgrade");
}
export async function test(_deps: Deps, _o: TestOptions): Promise<CommandResult> {
  return todo("test");
}
export async function lag(_deps: Deps, _o: LagOptions): Promise<CommandResult> {
  return todo("lag");
}
export async function switchover(_deps: Deps, _o: SwitchoverOptions): Promise<CommandResult> {
  return todo("switchover");
}
export async function cleanup(_deps: Deps, _o: CleanupOptions): Promise<CommandResult> {
  return todo("cleanup");
}
export async function abort(_deps: Deps, _o: AbortOptions): Promise<CommandResult> {
  return todo("abort");
}
export async function status(_deps: Deps, _o: StatusOptions): Promise<CommandResult> {
  return todo("status");
}
export async function list(_deps: Deps): Promise<CommandResult> {
  return todo("list");
}
export async function deploy(_deps: Deps, _o: DeployOptions): Promise<CommandResult> {
  return todo("deploy");
}
