import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { createConfirmer } from "../../src/cli/confirm.js";
import { UsageError } from "../../src/core/errors.js";

const request = { prompt: "This switches production to green.", expected: "orders-to-17", action: "switchover" };

function streams() {
  const stdin = new PassThrough();
  const stderr = new PassThrough();
  let written = "";
  stderr.on("data", (c: Buffer) => {
    written += c.toString();
  });
  return { stdin, stderr, written: () => written };
}

describe("createConfirmer", () => {
  it("--yes confirms without asking", async () => {
    const s = streams();
    await expect(createConfirmer({ yes: true, isTTY: false, ...s }).confirm(request)).resolves.toEqual({
      confirmed: true,
      how: "yes",
    });
    expect(s.written()).toBe("");
  });

  it("refuses with exit 2 when there is no terminal and no --yes", async () => {
    const s = streams();
    const promise = createConfirmer({ yes: false, isTTY: false, ...s }).confirm(request);
    await expect(promise).rejects.toBeInstanceOf(UsageError);
    await expect(promise).rejects.toThrow(/refuses to run without --yes when there is no terminal/);
  });

  it("on a terminal, typing the name confirms", async () => {
    const s = streams();
    const answer = createConfirmer({ yes: false, isTTY: true, ...s }).confirm(request);
    s.stdin.write("orders-to-17\n");
    await expect(answer).resolves.toEqual({ confirmed: true, how: "typed" });
    expect(s.written()).toContain("Type orders-to-17 to continue");
  });

  it("anything else declines", async () => {
    const s = streams();
    const answer = createConfirmer({ yes: false, isTTY: true, ...s }).confirm(request);
    s.stdin.write("y\n");
    await expect(answer).resolves.toEqual({ confirmed: false, how: "typed" });
  });

  it("end of input declines", async () => {
    const s = streams();
    const answer = createConfirmer({ yes: false, isTTY: true, ...s }).confirm(request);
    s.stdin.end();
    await expect(answer).resolves.toEqual({ confirmed: false, how: "no-answer" });
  });
});
