import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { COMMANDS, harness } from "./helpers.js";

describe("help", () => {
  it("bgdb --help lists every command and the exit codes", async () => {
    const h = harness();
    expect(await h.run(["--help"])).toBe(0);
    const help = h.out();
    for (const name of COMMANDS) expect(help).toMatch(new RegExp(`^\\s+${name}\\b`, "m"));
    expect(help).toContain("Exit codes:");
    for (const code of ["0", "1", "2", "3", "4", "5", "6", "130"])
      expect(help).toMatch(new RegExp(`^\\s+${code}\\s+\\S`, "m"));
    expect(help).toContain("blue still serves");
    for (const flag of [
      "--region",
      "--profile",
      "--endpoint-url",
      "--sandbox",
      "--state-dir",
      "--json",
      "--quiet",
      "--verbose",
      "--no-color",
    ]) {
      expect(help).toContain(flag);
    }
  });

  it.each(COMMANDS.filter((c) => c !== "sandbox"))(
    "bgdb %s --help shows two or more examples and ends with its exit codes",
    async (name) => {
      const h = harness();
      expect(await h.run([name, "--help"])).toBe(0);
      const help = h.out();
      expect(help).toContain("Examples:");
      const examples = help.slice(help.indexOf("Examples:"), help.lastIndexOf("Exit codes:"));
      expect(
        examples.split("\n").filter((l) => l.startsWith("  $ ") && l.includes(` ${name}`)).length,
      ).toBeGreaterThanOrEqual(2);
      const exits = help.slice(help.lastIndexOf("Exit codes:"));
      expect(help).toContain("Exit codes:");
      expect(exits).toMatch(/^Exit codes:\n( {2}\d+ +\S.*\n)+\n?$/);
      expect(exits).toMatch(/^ {2}0 +\S/m);
    },
  );

  it.each(["switchover", "deploy"])(
    "bgdb %s --help: exit 4 does not promise blue serves after a switchover bgdb stopped watching",
    async (name) => {
      const h = harness();
      await h.run([name, "--help"]);
      const four = h
        .out()
        .split("\n")
        .find((l) => /^ {2}4 /.test(l));
      expect(four).toMatch(/blue still serves; .*a switchover bgdb stopped watching is RDS's to finish/);
    },
  );

  it("bgdb --help shows a typical upgrade, command by command", async () => {
    const h = harness();
    await h.run(["--help"]);
    const help = h.out();
    const typical = help.slice(help.indexOf("A typical upgrade:"), help.indexOf("Exit codes:"));
    for (const step of ["create --source", "test ", "switchover ", "cleanup "]) {
      expect(typical).toContain(`$ bgdb ${step}`);
    }
  });

  it("switchover --help says --timeout takes a duration such as 5m too, and that is accepted", async () => {
    const h = harness();
    await h.run(["switchover", "--help"]);
    expect(h.out().replace(/\s+/g, " ")).toContain("30–3600 seconds, or e.g. 5m");
    const dry = harness();
    expect(await dry.run(["switchover", "orders-to-17", "--timeout", "5m", "--dry-run", "--json"])).not.toBe(2);
  });

  it("switchover help names the timeout range and the gate flags", async () => {
    const h = harness();
    await h.run(["switchover", "--help"]);
    for (const flag of [
      "--timeout",
      "30–3600",
      "--max-lag",
      "--stable-samples",
      "--wait-for-lag",
      "--yes",
      "--cname",
      "--probe",
      "--probe-url-env",
    ]) {
      expect(h.out()).toContain(flag);
    }
  });

  it("no command: help on stderr, exit 2", async () => {
    const h = harness();
    expect(await h.run([])).toBe(2);
    expect(h.err()).toContain("Usage: bgdb");
  });

  it("--version exits 0", async () => {
    const h = harness();
    expect(await h.run(["--version"])).toBe(0);
    expect(h.out()).toMatch(/\d+\.\d+\.\d+/);
  });
});

describe("commander's own errors exit 2", () => {
  it.each([
    [["switchover", "x", "--bogus"], "--bogus"],
    [["switchover"], "deployment"],
    [["frobnicate"], "frobnicate"],
    [["switchover", "x", "--timeout"], "--timeout"],
  ])("%j", async (argv, mention) => {
    const h = harness();
    expect(await h.run(argv)).toBe(2);
    expect(h.out() + h.err()).toContain(mention);
    expect(h.makeDepsCalls).toBe(0);
  });
});

describe("bad input exits 2 naming the flag, before any AWS call", () => {
  const D = "orders-to-17";
  it.each([
    [
      ["switchover", D, "--timeout", "10"],
      '--timeout must be a whole number of seconds from 30 to 3600, or a duration such as 5m (got "10")',
    ],
    [["switchover", D, "--timeout", "3601"], "from 30 to 3600"],
    [["switchover", D, "--timeout", "abc"], "--timeout"],
    [["switchover", D, "--max-lag", "fast"], "--max-lag must be a duration"],
    [["switchover", D, "--stable-samples", "0"], "--stable-samples must be a whole number from 1 to 20"],
    [["switchover", D, "--stable-samples", "21"], "--stable-samples"],
    [["switchover", D, "--wait-for-lag", "10"], "--wait-for-lag must be a duration like 90s"],
    [["switchover", D, "--cname", "not a host"], "--cname"],
    [["switchover", D, "--probe-url-env", "1BAD"], "--probe-url-env"],
    [["switchover", D, "--probe-url-env", "BGDB_UNSET_PROBE_URL"], "BGDB_UNSET_PROBE_URL"],
    [["switchover", "bad_name!"], "<deployment> must be a bgd- id (up to 255 characters) or a deployment name"],
    [["switchover", `bgd-${"a".repeat(5000)}`], "<deployment> must be a bgd- id (up to 255 characters)"],
    [["switchover", "a".repeat(61)], "<deployment>"],
    [["create"], "--source is required"],
    [["create", "--source", "orders", "--name", "1starts-with-digit"], "--name must be 1–60 letters"],
    [["create", "--source", "orders", "--name", "double--hyphen"], "--name"],
    [
      ["create", "--source", "orders", "--target-storage-type", "st1"],
      "--target-storage-type must be one of gp2, gp3, io1, io2",
    ],
    [["create", "--source", "orders", "--target-iops", "-5"], "--target-iops must be a positive whole number"],
    [["create", "--source", "orders", "--target-allocated-storage", "1.5"], "--target-allocated-storage"],
    [["create", "--source", "orders", "--target-storage-throughput", "0"], "--target-storage-throughput"],
    [["create", "--source", "orders", "--target-instance-class", "r6g.large"], "--target-instance-class"],
    [["create", "--source", "orders", "--target-engine-version", "latest"], "--target-engine-version"],
    [["create", "--source", "orders", "--tag", "novalue"], "--tag must be key=value"],
    [["create", "--source", "orders", "--tag", "aws:x=1"], "--tag"],
    [
      ["create", "--source", "orders", "--timeout", "8d"],
      "--timeout must be a duration like 90s, 15m, 4h, 1h30m or 2d, from 1s to 7d",
    ],
    [["create", "--source", "arn:aws:s3:::bucket"], "--source"],
    [["upgrade", D, "--instance-class", "big"], "--instance-class"],
    [["upgrade", D, "--engine-version", "v17"], "--engine-version"],
    [["test", D], "the test command must follow --"],
    [["test", D, "--timeout", "soon", "--", "npm", "test"], "--timeout"],
    [["lag", D, "--period", "45"], '--period must be 1, 5, 10, 30 or a multiple of 60 seconds (got "45")'],
    [["lag", D, "--window", "5"], "--window"],
    [["cleanup", D, "--retain", "1 day"], "--retain"],
    [["cleanup", D, "--skip-final-snapshot", "--delete-old-blue"], "--i-understand-data-loss"],
    [["abort", D, "--timeout", "1x"], "--timeout"],
    [["status", "no_underscores"], "[deployment] must be a bgd- id"],
    [["status", D, "--for", "ever"], "--for"],
    [["deploy", "--target-engine-version", "17.2"], "--source is required"],
    [
      ["deploy", "--source", "orders", "--until", "done"],
      "--until must be one of created, upgraded, tested, switched, cleaned",
    ],
    [
      ["deploy", "--source", "orders", "--switchover-timeout", "5"],
      "--switchover-timeout must be a whole number of seconds from 30 to 3600",
    ],
    [["deploy", "--source", "orders", "--skip-final-snapshot"], "--i-understand-data-loss"],
    [["list", "--region", "Mars"], "--region"],
    [["list", "--endpoint-url", "localhost:4566"], "--endpoint-url"],
    [["list", "--sandbox", "--endpoint-url", "http://localhost:4566"], "--sandbox and --endpoint-url"],
  ])("%j", async (argv, mention) => {
    const h = harness();
    expect(await h.run(argv)).toBe(2);
    expect(h.out() + h.err()).toContain(mention);
    expect(h.rds.mutating()).toEqual([]);
    expect(h.makeDepsCalls).toBe(0);
  });

  it("the same errors with --json still exit 2", async () => {
    const h = harness();
    expect(await h.run(["switchover", "x", "--timeout", "10", "--json"])).toBe(2);
    expect(h.out() + h.err()).toContain("--timeout");
  });

  it("a bad BGDB_STATE_DIR is a usage error", async () => {
    const h = harness();
    expect(await h.run(["list"], { env: { BGDB_STATE_DIR: "" } })).toBe(2);
    expect(h.out() + h.err()).toContain("BGDB_STATE_DIR");
  });
});

describe("confirmation", () => {
  it("switchover with no terminal and no --yes exits 2 and sends no SwitchoverBlueGreenDeployment", async () => {
    const h = harness();
    const code = await h.run(["switchover", "orders-to-17"]);
    expect(h.rds.calls.map((c) => c.method)).not.toContain("switchoverBlueGreenDeployment");
    expect(h.rds.mutating()).toEqual([]);
    expect(h.out() + h.err()).toContain("refuses to run without --yes when there is no terminal");
    expect(code).toBe(2);
    // Refused before the gate: nobody waits 15 minutes for a confirmation that can't happen.
    expect(h.rds.calls).toEqual([]);
  });

  it.each([
    [["abort", "orders-to-17"]],
    [["cleanup", "orders-to-17", "--delete-old-blue"]],
    [["deploy", "--source", "orders"]],
    [["deploy", "--source", "orders", "--no-wait", "--yes"]],
  ])("%j with no terminal and no --yes exits 2 before any AWS call", async (argv) => {
    const h = harness();
    expect(await h.run(argv)).toBe(2);
    expect(h.rds.calls).toEqual([]);
  });

  it("on a terminal, typing something other than the name declines: exit 130, nothing switched", async () => {
    const h = harness();
    const stdin = new PassThrough();
    stdin.write("yes\n");
    const code = await h.run(["switchover", "orders-to-17"], { isTTY: true, stdin });
    expect(h.rds.mutating()).toEqual([]);
    expect(code).toBe(130);
  });
});
