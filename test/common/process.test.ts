import { spawnSync } from "node:child_process";
import { afterEach, describe, expect, it, vi } from "vitest";
import { isProcessAlive } from "../../src/common/process.js";

afterEach(() => {
  vi.restoreAllMocks();
});

const killFailing = (code: string) =>
  vi.spyOn(process, "kill").mockImplementation(() => {
    throw Object.assign(new Error(`kill ${code}`), { code });
  });

describe("isProcessAlive (the lock's stale check and the sandbox's live-server check)", () => {
  it("is true for this process", () => {
    expect(isProcessAlive(process.pid)).toBe(true);
  });

  it("is false for a process that has exited", () => {
    const child = spawnSync(process.execPath, ["-e", "0"]);
    expect(child.pid).toBeGreaterThan(0);
    expect(isProcessAlive(child.pid)).toBe(false);
  });

  it("is true when the pid exists but belongs to someone else (EPERM)", () => {
    const kill = killFailing("EPERM");
    expect(isProcessAlive(4242)).toBe(true);
    expect(kill).toHaveBeenCalledWith(4242, 0);
  });

  it("is false only for ESRCH among kill's errors", () => {
    killFailing("ESRCH");
    expect(isProcessAlive(4242)).toBe(false);
  });

  it.each([0, -1, -4242, 1.5, Number.NaN, Number.POSITIVE_INFINITY])(
    "is false for %s, which names no single process, without signalling anything",
    (pid) => {
      const kill = vi.spyOn(process, "kill");
      expect(isProcessAlive(pid)).toBe(false);
      expect(kill).not.toHaveBeenCalled();
    },
  );
});
