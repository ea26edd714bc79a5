import { UsageError } from "../core/errors.js";
import type { CliIo } from "./io.js";
import type { GlobalOptions } from "./schema.js";

export interface DemoContext {
  io: CliIo;
  globals: GlobalOptions;
  signal: AbortSignal;
}

/** `bgdb demo`: the whole job against the local sandbox. Returns the exit code. */
export async function runDemo(_ctx: DemoContext): Promise<number> {
  throw new UsageError("demo arrives with the sandbox", { hint: "Until then: bgdb --sandbox <command> …" });
}
