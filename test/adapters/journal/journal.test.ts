import { mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createFileJournal } from "../../../src/adapters/journal/index.js";
import { LockHeldError, PreconditionError, UsageError } from "../../../src/core/errors.js";
import type { AuditEntry, DeploymentState } from "../../../src/ports/journal.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "bgdb-journal-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const SCOPE = { account: "111122223333", region: "eu-west-1" };
const KEY = { ...SCOPE, id: "bgd-4tq2x8m1c9kd" };
const STATES = () => join(dir, "111122223333", "eu-west-1", "deployments");
const STATE_FILE = "bgd-4tq2x8m1c9kd.json";

function state(overrides: Partial<DeploymentState> = {}): DeploymentState {
  return {
    ...KEY,
    name: "orders-prod-to-17",
    settings: { source: "orders-prod" },
    createdAt: "2026-11-26T12:00:00.000Z",
    updatedAt: "2026-11-26T12:00:00.000Z",
    steps: [],
    ...overrides,
  };
}

function audit(action: string, params: Record<string, unknown> = {}): AuditEntry {
  return { at: "2026-11-26T12:00:00.000Z", action, params, outcome: "ok" };
}

async function readAudit(): Promise<Record<string, unknown>[]> {
  const text = await readFile(join(dir, "audit.log"), "utf8");
  return text
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe("state", () => {
  it("returns undefined for an unknown deployment", async () => {
    expect(await createFileJournal(dir).readState({ ...SCOPE, id: "bgd-nothinghere" })).toBeUndefined();
  });

  it("round-trips state and leaves no temp file behind", async () => {
    const journal = createFileJournal(dir);
    await journal.writeState(state({ phase: "create" }));
    await journal.writeState(state({ phase: "green-ready" }));
    expect(await journal.readState(KEY)).toMatchObject({ phase: "green-ready", id: KEY.id, name: "orders-prod-to-17" });
    expect(await readdir(STATES())).toEqual([STATE_FILE]);
  });

  it("creates private directories and files", async () => {
    await createFileJournal(dir).writeState(state());
    expect((await stat(STATES())).mode & 0o777).toBe(0o700);
    expect((await stat(join(STATES(), STATE_FILE))).mode & 0o777).toBe(0o600);
  });

  it("keeps the old complete file when a write fails midway (no partial file)", async () => {
    const journal = createFileJournal(dir);
    await journal.writeState(state({ phase: "create" }));
    const circularish = state({ settings: { big: 1n as unknown as number } }); // BigInt: JSON.stringify throws
    await expect(journal.writeState(circularish)).rejects.toThrow();
    expect(await journal.readState(KEY)).toMatchObject({ phase: "create" });
    expect(await readdir(STATES())).toEqual([STATE_FILE]);
  });

  it("concurrent writes each leave a complete, parseable file", async () => {
    const journal = createFileJournal(dir);
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        journal.writeState(state({ phase: `p${i}`, settings: { pad: "x".repeat(50_000) } })),
      ),
    );
    const got = await journal.readState(KEY);
    expect(got?.phase).toMatch(/^p\d+$/);
    expect(await readdir(STATES())).toEqual([STATE_FILE]);
  });

  it("redacts secrets in settings before writing", async () => {
    await createFileJournal(dir).writeState(
      state({ settings: { masterPassword: "hunter2", testUrl: "postgres://app:s3cret@green:5432/db" } }),
    );
    const raw = await readFile(join(STATES(), STATE_FILE), "utf8");
    expect(raw).not.toContain("hunter2");
    expect(raw).not.toContain("s3cret");
    expect(raw).toContain("postgres://app:[redacted]@green:5432/db");
  });

  it("reports a corrupt state file as a precondition error naming the path", async () => {
    const journal = createFileJournal(dir);
    await journal.writeState(state());
    await writeFile(join(STATES(), STATE_FILE), "{not json");
    const err = await journal.readState(KEY).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PreconditionError);
    expect((err as Error).message).toContain(STATE_FILE);
  });

  it.each(["../etc/passwd", "a/b", "1abc", "abc-", "a--b", "", "with space"])(
    "rejects unsafe deployment name %j with a UsageError",
    async (name) => {
      const journal = createFileJournal(dir);
      await expect(journal.findStateByName(SCOPE, name)).rejects.toBeInstanceOf(UsageError);
      await expect(journal.writeState(state({ name }))).rejects.toMatchObject({ exitCode: 2 });
      await expect(journal.acquireLock(SCOPE, name, "bgdb create")).rejects.toBeInstanceOf(UsageError);
    },
  );
});

describe("keys", () => {
  it.each([
    ["another region", { ...KEY, region: "us-east-1" }],
    ["another account", { ...KEY, account: "999988887777" }],
    ["another deployment id (a reset sandbox reusing the name)", { ...KEY, id: "bgd-0000000000new" }],
  ])("a state under %s is a different record, though the name is the same", async (_what, other) => {
    const journal = createFileJournal(dir);
    await journal.writeState(state({ phase: "cleaned" }));
    expect(await journal.readState(other)).toBeUndefined();
    await journal.writeState(state({ ...other, phase: "green-ready" }));
    expect(await journal.readState(KEY)).toMatchObject({ phase: "cleaned" });
    expect(await journal.readState(other)).toMatchObject({ phase: "green-ready" });
  });

  it("finds the newest state by name in a region, with or without the account", async () => {
    const journal = createFileJournal(dir);
    await journal.writeState(state({ updatedAt: "2026-11-26T12:00:00.000Z", phase: "cleaned" }));
    await journal.writeState(state({ id: "bgd-second", updatedAt: "2026-11-27T12:00:00.000Z", phase: "switched" }));
    await journal.writeState(
      state({ region: "us-east-1", id: "bgd-elsewhere", updatedAt: "2026-11-28T00:00:00.000Z" }),
    );
    expect(await journal.findStateByName(SCOPE, "orders-prod-to-17")).toMatchObject({ id: "bgd-second" });
    expect(await journal.findStateByName({ region: "eu-west-1" }, "orders-prod-to-17")).toMatchObject({
      id: "bgd-second",
    });
    expect(await journal.findStateByName({ region: "eu-west-1" }, "billing-to-17")).toBeUndefined();
  });

  it.each([[{ ...KEY, account: "../x" }], [{ ...KEY, region: "a/b" }], [{ ...KEY, id: "../../etc/passwd" }]])(
    "refuses a key that could climb out of the state directory: %j",
    async (key) => {
      await expect(createFileJournal(dir).readState(key)).rejects.toBeInstanceOf(UsageError);
    },
  );

  it("the same name locks independently in another region", async () => {
    const journal = createFileJournal(dir);
    await journal.acquireLock(SCOPE, "orders-prod-to-17", "bgdb create");
    await expect(
      journal.acquireLock({ ...SCOPE, region: "us-east-1" }, "orders-prod-to-17", "bgdb create"),
    ).resolves.toBeDefined();
  });
});

describe("an unusable state directory", () => {
  it("a state dir that is a file: exit 3 naming it and the fix, for the lock, the state and the audit log", async () => {
    const file = join(dir, "not-a-dir");
    await writeFile(file, "x");
    const journal = createFileJournal(file);
    for (const attempt of [
      () => journal.acquireLock(SCOPE, "orders-prod-to-17", "bgdb create"),
      () => journal.writeState(state()),
      () => journal.appendAudit(audit("CreateBlueGreenDeployment")),
    ]) {
      const err = await attempt().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PreconditionError);
      expect(err).toMatchObject({ code: "STATE_DIR_UNUSABLE", exitCode: 3 });
      expect((err as Error).message).toContain(file);
      expect((err as PreconditionError).hint).toContain("--state-dir");
    }
  });
});

describe("audit log", () => {
  it("appends JSON lines in call order", async () => {
    const journal = createFileJournal(dir);
    await Promise.all(Array.from({ length: 50 }, (_, i) => journal.appendAudit(audit(`action-${i}`))));
    await journal.appendAudit(audit("last"));
    const entries = await readAudit();
    expect(entries.map((e) => e.action)).toEqual([...Array.from({ length: 50 }, (_, i) => `action-${i}`), "last"]);
  });

  it("keeps earlier lines written by another journal instance (append, not overwrite)", async () => {
    await createFileJournal(dir).appendAudit(audit("first"));
    await createFileJournal(dir).appendAudit(audit("second"));
    expect((await readAudit()).map((e) => e.action)).toEqual(["first", "second"]);
  });

  it("redacts passwords, tokens and connection-string passwords", async () => {
    await createFileJournal(dir).appendAudit(
      audit("ModifyDBInstance", {
        id: "orders-prod",
        masterUserPassword: "hunter2",
        nested: { sessionToken: "FQoGZX", list: [{ ConnectionString: "x" }] },
        url: "postgres://admin:pa55w0rd@orders.example.com/orders",
        dsn: "host=h user=u password=topsecret dbname=d",
        manageMasterUserPassword: true,
      }),
    );
    const raw = await readFile(join(dir, "audit.log"), "utf8");
    for (const secret of ["hunter2", "FQoGZX", "pa55w0rd", "topsecret"]) expect(raw).not.toContain(secret);
    const [entry] = await readAudit();
    const params = entry?.params as Record<string, unknown>;
    expect(params.masterUserPassword).toBe("[redacted]");
    expect(params.url).toBe("postgres://admin:[redacted]@orders.example.com/orders");
    expect(params.id).toBe("orders-prod");
    expect(params.manageMasterUserPassword).toBe(true);
    expect((params.nested as { list: unknown[] }).list[0]).toEqual({ ConnectionString: "[redacted]" });
  });
});

describe("reading the audit log back", () => {
  it("is empty before anything was written", async () => {
    expect(await createFileJournal(dir).readAudit()).toEqual({
      entries: [],
      unreadableLines: [],
      bytes: new Uint8Array(),
    });
  });

  it("returns the entries in file order with every field they carry, redacted as written", async () => {
    const journal = createFileJournal(dir);
    await journal.appendAudit(audit("CreateBlueGreenDeployment", { url: "postgres://u:hunter2@h/db" }));
    // A field this bgdb does not know (a later version's) comes back as it was written.
    await journal.appendAudit({ ...audit("SwitchoverBlueGreenDeployment"), hash: "abc" } as AuditEntry);
    const log = await journal.readAudit();
    expect(log.unreadableLines).toEqual([]);
    expect(log.entries.map((e) => e.action)).toEqual(["CreateBlueGreenDeployment", "SwitchoverBlueGreenDeployment"]);
    expect(log.entries[0]?.params.url).toBe("postgres://u:[redacted]@h/db");
    expect(log.entries[1]).toMatchObject({ hash: "abc" });
    // And the file byte for byte, for the chain's verifier.
    expect(Buffer.from(log.bytes).equals(await readFile(join(dir, "audit.log")))).toBe(true);
  });

  it("names the lines that are not entries instead of skipping them in silence", async () => {
    await createFileJournal(dir).appendAudit(audit("first"));
    const good = JSON.stringify(audit("third"));
    await writeFile(join(dir, "audit.log"), `${await readFile(join(dir, "audit.log"), "utf8")}{"at":\n${good}\n[1]\n`);
    const log = await createFileJournal(dir).readAudit();
    expect(log.entries.map((e) => e.action)).toEqual(["first", "third"]);
    expect(log.unreadableLines).toEqual([2, 4]);
  });
});

describe("locks", () => {
  const lockPath = (): string => join(dir, "111122223333", "eu-west-1", "locks", "orders-prod-to-17.lock");

  it("writes the holder's details into the lock file", async () => {
    const journal = createFileJournal(dir, {
      pid: 4242,
      hostname: "ci-7",
      now: () => new Date("2026-11-26T12:00:00Z"),
    });
    await journal.acquireLock(SCOPE, "orders-prod-to-17", "bgdb switchover orders-prod-to-17");
    const info = JSON.parse(await readFile(lockPath(), "utf8"));
    expect(info).toMatchObject({
      pid: 4242,
      hostname: "ci-7",
      command: "bgdb switchover orders-prod-to-17",
      startedAt: "2026-11-26T12:00:00.000Z",
    });
  });

  it("throws LockHeldError (exit 3) naming pid, host and command when held by a live process", async () => {
    const holder = createFileJournal(dir, { pid: 4242, hostname: "ci-7", isAlive: () => true });
    await holder.acquireLock(SCOPE, "orders-prod-to-17", "bgdb switchover");
    const other = createFileJournal(dir, { pid: 5555, hostname: "ci-7", isAlive: () => true });
    const err = await other.acquireLock(SCOPE, "orders-prod-to-17", "bgdb abort").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LockHeldError);
    expect(err).toMatchObject({ exitCode: 3, code: "LOCK_HELD" });
    const message = (err as LockHeldError).message;
    expect(message).toContain("orders-prod-to-17 is locked by pid 4242 on host ci-7 running `bgdb switchover` since");
    expect((err as LockHeldError).hint).toContain(lockPath());
  });

  it("never takes over a lock from another host, even if the pid is not alive here", async () => {
    await createFileJournal(dir, { pid: 4242, hostname: "ci-7" }).acquireLock(
      SCOPE,
      "orders-prod-to-17",
      "bgdb create",
    );
    const other = createFileJournal(dir, { pid: 1, hostname: "laptop", isAlive: () => false });
    await expect(other.acquireLock(SCOPE, "orders-prod-to-17", "bgdb create")).rejects.toBeInstanceOf(LockHeldError);
  });

  it("takes over a lock whose process is gone on this host", async () => {
    await createFileJournal(dir, { pid: 4242, hostname: "ci-7" }).acquireLock(
      SCOPE,
      "orders-prod-to-17",
      "bgdb create",
    );
    const alive = new Set([5555]);
    const next = createFileJournal(dir, { pid: 5555, hostname: "ci-7", isAlive: (pid) => alive.has(pid) });
    const lock = await next.acquireLock(SCOPE, "orders-prod-to-17", "bgdb create");
    expect(JSON.parse(await readFile(lockPath(), "utf8"))).toMatchObject({ pid: 5555 });
    await lock.release();
    await expect(stat(lockPath())).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("uses process.kill(pid, 0) by default: a real dead pid is taken over", async () => {
    await writeFile(join(dir, "placeholder"), "");
    await createFileJournal(dir, { pid: 2 ** 22 + 12345, hostname: "same" }).acquireLock(
      SCOPE,
      "orders-prod-to-17",
      "x",
    );
    await expect(
      createFileJournal(dir, { hostname: "same" }).acquireLock(SCOPE, "orders-prod-to-17", "y"),
    ).resolves.toBeDefined();
  });

  it("release removes only its own lock", async () => {
    const first = createFileJournal(dir, { pid: 4242, hostname: "ci-7" });
    const lock = await first.acquireLock(SCOPE, "orders-prod-to-17", "bgdb create");
    // Someone else took it over (e.g. after deleting the file by hand).
    await rm(lockPath());
    await createFileJournal(dir, { pid: 5555, hostname: "ci-7" }).acquireLock(SCOPE, "orders-prod-to-17", "bgdb abort");
    await lock.release();
    expect(JSON.parse(await readFile(lockPath(), "utf8"))).toMatchObject({ pid: 5555 });
  });

  it("release twice is harmless and the lock can then be taken again", async () => {
    const journal = createFileJournal(dir);
    const lock = await journal.acquireLock(SCOPE, "orders-prod-to-17", "bgdb create");
    await lock.release();
    await lock.release();
    await expect(journal.acquireLock(SCOPE, "orders-prod-to-17", "bgdb create")).resolves.toBeDefined();
  });

  it("two concurrent acquisitions in one process: exactly one wins", async () => {
    const journal = createFileJournal(dir);
    const results = await Promise.allSettled([
      journal.acquireLock(SCOPE, "orders-prod-to-17", "bgdb a"),
      journal.acquireLock(SCOPE, "orders-prod-to-17", "bgdb b"),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(rejected).toHaveLength(1);
    const reason = rejected[0]?.reason as Error;
    expect(reason).toBeInstanceOf(LockHeldError);
    expect(reason.message).toContain(`pid ${process.pid}`);
  });

  it("treats a corrupt lock file as held and names its path", async () => {
    const journal = createFileJournal(dir, { isAlive: () => false });
    await journal.acquireLock(SCOPE, "orders-prod-to-17", "bgdb create").then((l) => l.release());
    await writeFile(lockPath(), "garbage");
    const err = await journal.acquireLock(SCOPE, "orders-prod-to-17", "bgdb create").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LockHeldError);
    expect((err as Error).message).toContain(lockPath());
  });

  it.each([0, -1, 1.5])(
    "treats a lock file naming pid %s as unreadable, not as a dead holder to take over",
    async (pid) => {
      const journal = createFileJournal(dir, { hostname: "ci-7", isAlive: () => false });
      await journal.acquireLock(SCOPE, "orders-prod-to-17", "bgdb create").then((l) => l.release());
      const content = {
        pid,
        hostname: "ci-7",
        command: "bgdb create",
        startedAt: "2026-11-26T12:00:00.000Z",
        nonce: "n",
      };
      await writeFile(lockPath(), JSON.stringify(content));
      const err = await journal.acquireLock(SCOPE, "orders-prod-to-17", "bgdb create").catch((e: unknown) => e);
      expect(err).toBeInstanceOf(LockHeldError);
      expect((err as Error).message).toContain("unreadable");
      expect(JSON.parse(await readFile(lockPath(), "utf8"))).toEqual(content);
    },
  );

  it("locks of different deployments are independent", async () => {
    const journal = createFileJournal(dir);
    await journal.acquireLock(SCOPE, "orders-prod-to-17", "bgdb create");
    await expect(journal.acquireLock(SCOPE, "billing-to-17", "bgdb create")).resolves.toBeDefined();
  });
});
