import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { tempPathFor, writeDurable, writeFileAtomic } from "../../src/common/atomic-file.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "bgdb-atomic-"));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("writeFileAtomic (the journal's and the sandbox's files)", () => {
  it("writes the content with mode 0600 and leaves no temp file", () => {
    const path = join(dir, "state.json");
    writeFileAtomic(path, '{"a":1}');
    expect(readFileSync(path, "utf8")).toBe('{"a":1}');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(["state.json"]);
  });

  it("replaces an existing file whole, and makes it 0600 even when the old one was not", () => {
    const path = join(dir, "server.json");
    writeFileSync(path, "old content that is longer than the new", { mode: 0o644 });
    writeFileAtomic(path, "new");
    expect(readFileSync(path, "utf8")).toBe("new");
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it("throws and removes its temp file when the rename fails, keeping what was there", () => {
    const path = join(dir, "taken");
    mkdirSync(path);
    writeFileSync(join(path, "inside"), "kept");
    expect(() => writeFileAtomic(path, "x")).toThrow();
    expect(readdirSync(dir)).toEqual(["taken"]);
    expect(readFileSync(join(path, "inside"), "utf8")).toBe("kept");
  });
});

describe("tempPathFor / writeDurable", () => {
  it("names a hidden sibling, different on every call (two writers in one process never share one)", () => {
    const path = join(dir, "lock.json");
    const a = tempPathFor(path);
    const b = tempPathFor(path);
    expect(dirname(a)).toBe(dir);
    expect(a).toMatch(new RegExp(`/\\.lock\\.json\\.${process.pid}\\.[0-9a-f]{8}\\.tmp$`));
    expect(a).not.toBe(b);
  });

  it("refuses to overwrite: the temp file must be new", () => {
    const path = join(dir, "exists");
    writeFileSync(path, "first");
    expect(() => writeDurable(path, "second")).toThrow(expect.objectContaining({ code: "EEXIST" }));
    expect(readFileSync(path, "utf8")).toBe("first");
  });
});
