/**
 * The audit log on disk: every line chained (`bgdb audit verify` passes on what the journal wrote), appends from
 * several journals and several processes at once keep one chain, and what an earlier bgdb or a crash left behind
 * is continued, not hidden.
 */
import { spawn } from "node:child_process";
import { appendFile, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createFileJournal } from "../../../src/adapters/journal/index.js";
import { verifyAuditLog } from "../../../src/core/audit-verify.js";
import type { AuditEntry } from "../../../src/ports/journal.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "bgdb-audit-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const LOG = () => join(dir, "audit.log");
const audit = (action: string): AuditEntry => ({ at: new Date().toISOString(), action, params: {}, outcome: "ok" });
const lines = async (): Promise<Record<string, unknown>[]> =>
  (await readFile(LOG(), "utf8"))
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));
const verified = async () => verifyAuditLog(await readFile(LOG()));

describe("chained appends", () => {
  it("every line carries its number and the previous line's hash; verify passes", async () => {
    const journal = createFileJournal(dir);
    for (const a of ["first", "second", "third"]) await journal.appendAudit(audit(a));
    expect((await lines()).map((l) => [l.seq, l.action])).toEqual([
      [1, "first"],
      [2, "second"],
      [3, "third"],
    ]);
    expect(await verified()).toMatchObject({ ok: true, lines: 3, unchained: 0 });
  });

  it("two journal instances appending at once (as deploy's steps or two runs would) keep one chain", async () => {
    const a = createFileJournal(dir);
    const b = createFileJournal(dir);
    await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).appendAudit(audit(`action-${i}`))));
    expect(await verified()).toMatchObject({ ok: true, lines: 40 });
  });

  it("two processes appending at once keep one chain, and no lock is left behind", async () => {
    const script = join(dir, "append.mjs");
    await build({
      stdin: {
        contents: `import { createFileJournal } from ${JSON.stringify(join(import.meta.dirname, "../../../src/adapters/journal/index.ts"))};
const [stateDir, who, count] = process.argv.slice(2);
const journal = createFileJournal(stateDir);
for (let i = 0; i < Number(count); i++) {
  await journal.appendAudit({ at: new Date().toISOString(), action: who + "-" + i, params: {}, outcome: "ok" });
}`,
        resolveDir: dir,
        loader: "ts",
      },
      bundle: true,
      platform: "node",
      format: "esm",
      outfile: script,
      logLevel: "silent",
    });
    const run = (who: string) =>
      new Promise<number | null>((resolve, reject) => {
        const child = spawn(process.execPath, [script, dir, who, "60"], { stdio: "inherit" });
        child.on("error", reject);
        child.on("exit", resolve);
      });
    expect(await Promise.all([run("a"), run("b"), run("c")])).toEqual([0, 0, 0]);
    expect(await verified()).toMatchObject({ ok: true, lines: 180 });
    const actions = (await lines()).map((l) => String(l.action));
    for (const who of ["a", "b", "c"]) expect(actions.filter((x) => x.startsWith(`${who}-`))).toHaveLength(60);
    await expect(stat(`${LOG()}.lock`)).rejects.toMatchObject({ code: "ENOENT" });
  }, 60_000);

  it("keeps the file private", async () => {
    await createFileJournal(dir).appendAudit(audit("first"));
    expect((await stat(LOG())).mode & 0o777).toBe(0o600);
  });
});

describe("what others left behind", () => {
  it("a log written before the chain is continued: numbered after its lines, chained onto its last", async () => {
    const old = `${JSON.stringify(audit("old-1"))}\n${JSON.stringify(audit("old-2"))}\n`;
    await writeFile(LOG(), old);
    await createFileJournal(dir).appendAudit(audit("new"));
    expect((await lines())[2]).toMatchObject({ seq: 3, action: "new" });
    expect(await verified()).toMatchObject({ ok: true, lines: 3, unchained: 2 });
  });

  it("a last line a crashed writer left without its newline is ended, and verify names it", async () => {
    const journal = createFileJournal(dir);
    await journal.appendAudit(audit("first"));
    await appendFile(LOG(), '{"seq":2,"prev":"ab');
    await journal.appendAudit(audit("after the crash"));
    const text = await readFile(LOG(), "utf8");
    expect(text.split("\n")).toHaveLength(4);
    expect(JSON.parse(text.split("\n")[2] ?? "")).toMatchObject({ seq: 3, action: "after the crash" });
    expect(await verified()).toMatchObject({
      ok: false,
      firstBrokenLine: 2,
      reason: expect.stringMatching(/not valid JSON/),
    });
  });

  it("a lock left by a dead writer on this host is taken over", async () => {
    await writeFile(
      `${LOG()}.lock`,
      JSON.stringify({
        pid: 999_999_999,
        hostname: hostname(),
        command: "x",
        startedAt: new Date().toISOString(),
        nonce: "n",
      }),
    );
    await createFileJournal(dir).appendAudit(audit("first"));
    expect(await verified()).toMatchObject({ ok: true, lines: 1 });
  });

  it("a lock older than any append is taken over, whichever host wrote it", async () => {
    await writeFile(
      `${LOG()}.lock`,
      JSON.stringify({
        pid: 1,
        hostname: "other-runner",
        command: "x",
        startedAt: "2020-01-01T00:00:00.000Z",
        nonce: "n",
      }),
    );
    await createFileJournal(dir).appendAudit(audit("first"));
    expect(await verified()).toMatchObject({ ok: true, lines: 1 });
  });
});
