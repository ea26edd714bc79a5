import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../..");
const SHARED = join(ROOT, "src/common");
const SANDBOX = join(ROOT, "sandbox/src");

const sources = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".ts"))
    .map((f) => join(dir, f));
const specifiers = (file: string): string[] =>
  [...readFileSync(file, "utf8").matchAll(/^(?:import|export)[^;]*?from "([^"]+)"/gms)].map((m) => m[1] ?? "");

describe("src/common: the code the CLI and the sandbox both compile in", () => {
  it("imports only Node's built-ins and itself, so the sandbox never pulls the rest of the CLI in", () => {
    const outside = sources(SHARED).flatMap((file) =>
      specifiers(file)
        .filter((s) => !s.startsWith("node:") && !resolve(dirname(file), s).startsWith(`${SHARED}/`))
        .map((s) => `${relative(ROOT, file)}: ${s}`),
    );
    expect(sources(SHARED).length).toBeGreaterThan(0);
    expect(outside).toEqual([]);
  });

  it("is the only part of the CLI's tree that the sandbox imports", () => {
    const reaches = sources(SANDBOX).flatMap((file) =>
      specifiers(file)
        .filter((s) => s.startsWith("."))
        .map((s) => resolve(dirname(file), s))
        .filter((target) => !target.startsWith(`${SANDBOX}/`) && !target.startsWith(`${SHARED}/`))
        .map((target) => `${relative(ROOT, file)}: ${relative(ROOT, target)}`),
    );
    expect(reaches).toEqual([]);
  });
});
