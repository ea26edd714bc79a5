/**
 * The sandbox program's own words (its subcommands, their options, the fault kinds), as @bgdb/sandbox lists them.
 * The sandbox is a separate package a production install may lack, or may carry in another version: what it exports
 * is checked here, and when it is absent or not the expected shape its words are left out, never guessed.
 */
import * as z from "zod/mini";

const Words = z.array(
  z.object({
    name: z.string(),
    options: z.array(z.object({ flag: z.string(), takesValue: z.boolean() })),
    arguments: z.array(z.string()),
  }),
);

export type SandboxCommand = z.infer<typeof Words>[number];

export type SandboxWords = { commands: SandboxCommand[]; why?: undefined } | { commands?: undefined; why: string };

export async function sandboxWords(): Promise<SandboxWords> {
  let exported: unknown;
  try {
    const sandbox: unknown = await import("@bgdb/sandbox");
    exported = typeof sandbox === "object" && sandbox !== null ? Reflect.get(sandbox, "COMMAND_LINE_WORDS") : undefined;
  } catch {
    return { why: "the sandbox package (@bgdb/sandbox) is not installed or not built" };
  }
  const words = z.safeParse(Words, exported);
  return words.success
    ? { commands: words.data }
    : { why: "the installed @bgdb/sandbox does not list its command line (COMMAND_LINE_WORDS)" };
}
