import { mkdir, readdir, readFile } from "node:fs/promises";
import { hostname as osHostname } from "node:os";
import { join } from "node:path";
import { DIR_MODE, writeFileAtomic } from "../../common/atomic-file.js";
import { errnoCode } from "../../common/errno.js";
import { isProcessAlive } from "../../common/process.js";
import { PreconditionError } from "../../core/errors.js";
import { redactSecrets } from "../../core/redact.js";
import type {
  AuditEntry,
  AuditLog,
  DeploymentKey,
  DeploymentState,
  Journal,
  JournalScope,
  Lock,
} from "../../ports/journal.js";
import { appendChained } from "./audit-log.js";
import { assertSafeDeploymentName, assertSafeScope, assertSafeStateId, isAccountDirName } from "./deployment-name.js";
import { acquireFileLock } from "./file-lock.js";

export { REDACTED, redactSecrets, redactString } from "../../core/redact.js";

export interface FileJournalOptions {
  /** @default os.hostname() */
  hostname?: string;
  /** @default process.pid */
  pid?: number;
  /** Whether a pid on this host still runs; decides if a lock is stale. @default process.kill(pid, 0) */
  isAlive?: (pid: number) => boolean;
  /** @default () => new Date() */
  now?: () => Date;
}

/**
 * The embedded journal: `<dir>/<account>/<region>/deployments/<bgd-id>.json`, `<dir>/<account>/<region>/locks/<name>.lock`
 * and `<dir>/audit.log` (JSON lines). Keyed by account, region and deployment id, so a reset sandbox, another region
 * or another account never meets an old record under a reused name. Everything written passes through redactSecrets.
 */
export function createFileJournal(dir: string, opts: FileJournalOptions = {}): Journal {
  const auditPath = join(dir, "audit.log");
  const lockCtx = {
    hostname: opts.hostname ?? osHostname(),
    pid: opts.pid ?? process.pid,
    isAlive: opts.isAlive ?? isProcessAlive,
    now: opts.now ?? (() => new Date()),
  };
  // Appends are chained so entries land in call order even when callers don't await each other.
  let auditQueue: Promise<void> = Promise.resolve();

  const scopeDir = (scope: JournalScope): string => {
    assertSafeScope(scope);
    return join(dir, scope.account, scope.region);
  };
  const statesDir = (scope: JournalScope) => join(scopeDir(scope), "deployments");
  const statePath = (key: DeploymentKey): string => {
    assertSafeStateId(key.id);
    return join(statesDir(key), `${key.id}.json`);
  };

  async function readStateAt(path: string): Promise<DeploymentState | undefined> {
    let raw: string;
    try {
      raw = await readFile(path, "utf8");
    } catch (err) {
      if (errnoCode(err) === "ENOENT") return undefined;
      throw err;
    }
    return parseState(path, raw);
  }

  /** Directory entries, or none when the directory does not exist yet. */
  async function entries(path: string): Promise<string[]> {
    try {
      return await readdir(path);
    } catch (err) {
      if (errnoCode(err) === "ENOENT") return [];
      throw err;
    }
  }

  return {
    readState: async (key) => readStateAt(statePath(key)),

    async findStateByName(scope, name) {
      assertSafeDeploymentName(name);
      const accounts = scope.account ? [scope.account] : await entries(dir);
      let newest: DeploymentState | undefined;
      for (const account of accounts) {
        // The audit log and its lock live beside the account directories.
        if (!isAccountDirName(account)) continue;
        const states = statesDir({ account, region: scope.region });
        for (const file of (await entries(states)).filter((f) => f.endsWith(".json"))) {
          const s = await readStateAt(join(states, file));
          if (s?.name === name && (!newest || s.updatedAt > newest.updatedAt)) newest = s;
        }
      }
      return newest;
    },

    async writeState(state: DeploymentState): Promise<void> {
      const path = statePath(state);
      assertSafeDeploymentName(state.name);
      await inStateDir(dir, async () => {
        await mkdir(statesDir(state), { recursive: true, mode: DIR_MODE });
        writeFileAtomic(path, `${JSON.stringify(redactSecrets(state), null, 2)}\n`);
      });
    },

    appendAudit(entry: AuditEntry): Promise<void> {
      // Chained and locked across processes (audit-log.ts); the queue keeps this process's lines in call order.
      const write = (): Promise<void> =>
        inStateDir(dir, async () => {
          await mkdir(dir, { recursive: true, mode: DIR_MODE });
          await appendChained(auditPath, entry, lockCtx);
        });
      const next = auditQueue.then(write, write);
      auditQueue = next.catch(() => undefined);
      return next;
    },

    async readAudit(): Promise<AuditLog> {
      let bytes: Buffer;
      try {
        bytes = await readFile(auditPath);
      } catch (err) {
        if (errnoCode(err) === "ENOENT") {
          return { entries: [], unreadableLines: [], bytes: new Uint8Array() };
        }
        throw unusable(dir, err);
      }
      return { ...parseAudit(bytes.toString("utf8")), bytes };
    },

    async acquireLock(scope: JournalScope, name: string, command: string): Promise<Lock> {
      assertSafeDeploymentName(name);
      const locksDir = join(scopeDir(scope), "locks");
      return inStateDir(dir, async () => {
        await mkdir(locksDir, { recursive: true, mode: DIR_MODE });
        return acquireFileLock(name, join(locksDir, `${name}.lock`), command, lockCtx);
      });
    },
  };
}

/** Filesystem refusals that mean the state directory itself is unusable, as opposed to a bug. */
const UNUSABLE = new Set(["ENOTDIR", "EEXIST", "EACCES", "EPERM", "EROFS", "ENOSPC", "EISDIR"]);

/** A state directory bgdb cannot write: exit 3 with the fix, before any AWS call that changes anything. */
function unusable(dir: string, err: unknown): unknown {
  const code = errnoCode(err);
  if (!code || !UNUSABLE.has(code)) return err;
  return new PreconditionError(
    "STATE_DIR_UNUSABLE",
    `bgdb's state directory ${dir} is not a writable directory (${code}).`,
    {
      cause: err,
      hint: "Point --state-dir (or BGDB_STATE_DIR) at a directory this user can write, or fix its permissions.",
      details: { stateDir: dir },
    },
  );
}

/** Runs a filesystem step of the journal, turning "the directory is unusable" into its precondition error. */
async function inStateDir<T>(dir: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (err) {
    throw unusable(dir, err);
  }
}

/** JSON lines back into entries; a line that is not an entry is counted, never skipped in silence. */
export function parseAudit(text: string): Omit<AuditLog, "bytes"> {
  const entries: AuditEntry[] = [];
  const unreadableLines: number[] = [];
  text.split("\n").forEach((line, i) => {
    if (line.trim() === "") return;
    try {
      const e = JSON.parse(line) as Partial<AuditEntry> | null;
      if (e && typeof e === "object" && typeof e.at === "string" && typeof e.action === "string") {
        entries.push(e as AuditEntry);
        return;
      }
    } catch {
      // counted below
    }
    unreadableLines.push(i + 1);
  });
  return { entries, unreadableLines };
}

function parseState(path: string, raw: string): DeploymentState {
  try {
    const parsed = JSON.parse(raw) as unknown;
    const p = parsed as Partial<DeploymentState> | null;
    if (p && typeof p === "object" && typeof p.name === "string" && typeof p.id === "string") {
      return parsed as DeploymentState;
    }
  } catch {
    // reported below
  }
  throw new PreconditionError("STATE_CORRUPT", `The local state file ${path} is not a valid bgdb state.`, {
    hint: `bgdb re-reads everything from AWS: move ${path} aside and run the command again.`,
    details: { statePath: path },
  });
}
