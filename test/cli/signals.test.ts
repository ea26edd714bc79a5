import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { handleCtrlC } from "../../src/cli/signals.js";
import { InterruptedError } from "../../src/core/errors.js";

describe("handleCtrlC", () => {
  it("the first Ctrl-C aborts the signal core watches, with an InterruptedError reason", () => {
    const controller = new AbortController();
    const stderr = new PassThrough();
    const stop = handleCtrlC(controller, stderr);
    try {
      process.emit("SIGINT");
      expect(controller.signal.aborted).toBe(true);
      expect(controller.signal.reason).toBeInstanceOf(InterruptedError);
      expect(String(stderr.read())).toContain("Ctrl-C again");
    } finally {
      stop();
    }
    expect(process.listeners("SIGINT")).not.toContain(stop);
  });

  it("removing the handler leaves later Ctrl-Cs alone", () => {
    const controller = new AbortController();
    const stop = handleCtrlC(controller, new PassThrough());
    const before = process.listenerCount("SIGINT");
    stop();
    expect(process.listenerCount("SIGINT")).toBe(before - 1);
  });
});
