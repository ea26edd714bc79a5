import { describe, expect, it } from "vitest";
import {
  AwsFailureError,
  type BgdbError,
  GateTimeoutError,
  InternalError,
  InterruptedError,
  LockHeldError,
  NotFoundError,
  PreconditionError,
  TestsFailedError,
  UsageError,
} from "../../src/core/errors.js";
import { renderError } from "../../src/output/render-error.js";
import { capture } from "./capture.js";

function render(err: unknown, mode: "tty" | "plain" | "json" | "quiet" = "plain", verbose = false) {
  const stdout = capture();
  const stderr = capture();
  const code = renderError(err, mode, { stdout, stderr, verbose, command: "switchover" });
  return { code, stdout: stdout.raw(), stderr: stderr.raw() };
}

describe("renderError", () => {
  it.each<[BgdbError, number]>([
    [new UsageError("bad flag"), 2],
    [new PreconditionError("PREFLIGHT_FAILED", "no backups"), 3],
    [new NotFoundError("no such deployment"), 3],
    [new LockHeldError("locked"), 3],
    [new GateTimeoutError("GATE_NOT_MET", "lag too high"), 4],
    [new AwsFailureError("SWITCHOVER_FAILED", "rolled back"), 5],
    [new TestsFailedError("tests failed"), 6],
    [new InterruptedError(), 130],
    [new InternalError("oops"), 1],
  ])("%s → exit %d", (err, exitCode) => {
    const { code, stderr, stdout } = render(err);
    expect(code).toBe(exitCode);
    expect(stderr.startsWith(`✖ ${err.message}\n`)).toBe(true);
    expect(stdout).toBe("");
  });

  it("prints the hint and request id indented under the message, no stack without --verbose", () => {
    const err = new AwsFailureError("SWITCHOVER_FAILED", "Switchover failed: RDS rolled it back.", {
      hint: "Production is unchanged.\nTry again with a longer --timeout.",
      requestId: "req-123",
    });
    const { stderr } = render(err);
    expect(stderr).toBe(
      [
        "✖ Switchover failed: RDS rolled it back.",
        "  Production is unchanged.",
        "  Try again with a longer --timeout.",
        "  request id: req-123",
        "",
      ].join("\n"),
    );
  });

  it("adds stack and causes with --verbose", () => {
    const err = new AwsFailureError("AWS_ERROR", "failed", { cause: new Error("socket hang up") });
    const { stderr } = render(err, "plain", true);
    expect(stderr).toContain("caused by: socket hang up");
    expect(stderr).toMatch(/\n\s+at /);
  });

  it("a foreign error is an internal error (exit 1), with its stack only when verbose", () => {
    const quiet = render(new TypeError("x is undefined"));
    expect(quiet.code).toBe(1);
    expect(quiet.stderr).toContain("✖ internal error (a bug): x is undefined");
    expect(quiet.stderr).not.toMatch(/\n\s+at /);
    expect(render(new TypeError("x is undefined"), "plain", true).stderr).toMatch(/\n\s+at /);
    expect(render("a string", "plain").code).toBe(1);
  });

  it("json: the error on stderr and one document on stdout", () => {
    const err = new GateTimeoutError("GATE_NOT_MET", "lag too high", {
      hint: "retry later",
      requestId: "r-1",
      details: { lagBytes: 5, nextSteps: ["bgdb switchover orders-prod-to-17"] },
    });
    const { code, stdout, stderr } = render(err, "json");
    expect(code).toBe(4);
    expect(stderr).toContain("✖ lag too high");
    expect(JSON.parse(stdout)).toEqual({
      schemaVersion: 1,
      ok: false,
      command: "switchover",
      deployment: null,
      error: {
        code: "GATE_NOT_MET",
        message: "lag too high",
        hint: "retry later",
        exitCode: 4,
        requestId: "r-1",
        details: { lagBytes: 5, nextSteps: ["bgdb switchover orders-prod-to-17"] },
      },
      nextSteps: ["bgdb switchover orders-prod-to-17"],
    });
  });

  it("json: the commands a hint names become nextSteps", () => {
    const err = new PreconditionError("NOT_SWITCHED", "x is AVAILABLE", {
      hint: "To throw green away instead, run `bgdb abort x`; or `bgdb status x`.",
    });
    expect(JSON.parse(render(err, "json").stdout).nextSteps).toEqual(["bgdb abort x", "bgdb status x"]);
  });

  it("json: an internal error still yields a document with empty nextSteps", () => {
    const { stdout } = render(new Error("boom"), "json");
    const doc = JSON.parse(stdout);
    expect(doc).toMatchObject({ ok: false, error: { code: "INTERNAL", exitCode: 1 }, nextSteps: [] });
    expect(doc.error.message).toContain("boom");
  });

  it("quiet mode still reports errors", () => {
    expect(render(new UsageError("bad"), "quiet").stderr).toBe("✖ bad\n");
  });

  it("scrubs connection-string passwords from messages", () => {
    const { stderr, stdout } = render(
      new TestsFailedError("could not connect to postgres://app:hunter2@green/db", { details: { password: "x" } }),
      "json",
    );
    expect(stderr).not.toContain("hunter2");
    expect(stdout).not.toContain("hunter2");
    expect(JSON.parse(stdout).error.details).toEqual({ password: "[redacted]" });
  });
});
