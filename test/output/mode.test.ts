import { describe, expect, it } from "vitest";
import { pickOutputMode } from "../../src/output/mode.js";

describe("pickOutputMode", () => {
  const base = { json: false, quiet: false, isTTY: true, env: {} };

  it("uses the spinner on a terminal outside CI", () => {
    expect(pickOutputMode(base)).toBe("tty");
  });

  it("prints plain lines when stderr is not a TTY", () => {
    expect(pickOutputMode({ ...base, isTTY: false })).toBe("plain");
  });

  it.each(["true", "1", "github", "TRUE"])("treats CI=%s as CI", (ci) => {
    expect(pickOutputMode({ ...base, env: { CI: ci } })).toBe("plain");
  });

  it.each(["", "false", "0", "False"])("does not treat CI=%j as CI", (ci) => {
    expect(pickOutputMode({ ...base, env: { CI: ci } })).toBe("tty");
  });

  it("treats a dumb terminal as plain", () => {
    expect(pickOutputMode({ ...base, env: { TERM: "dumb" } })).toBe("plain");
  });

  it("--json wins, even over --quiet", () => {
    expect(pickOutputMode({ ...base, json: true })).toBe("json");
    expect(pickOutputMode({ ...base, json: true, quiet: true })).toBe("json");
  });

  it("--quiet", () => {
    expect(pickOutputMode({ ...base, quiet: true, isTTY: false })).toBe("quiet");
  });
});
