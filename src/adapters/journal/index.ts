import { appendFile, mkdir, readFile } from "node:fs/promises";
import { hostname as osHostname } from "node:os";
import { join } from "node:path";
import { PreconditionError } from "../../core/errors.js";
import { redactSecrets } from "../../core/redact.js";
import type { AuditEntry, DeploymentState, Journal, Lock } from "../../ports/journal.js";
import { DIR_MODE, FILE_MODE, writeFileAtomic } from "./atomic-write.js";
import { assertSafeDeploymentName } from "./deployment-name.js";
import { acquireFileLock, isProcessAlive } from "./file-lock.js";

export { REDACTED, redactSecrets, redactString } from "../../core/redact.js";
export { isProcessAlive } from "./file-lock.js";

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
 * The embedded journal: `<dir>/deployments/<name>.json`, `<dir>/audit.log` (JSON lines), `<dir>/locks/<name>.lock`.
 * Everything written passes through redactSecrets first.
 */
export function createFileJournal(dir: string, opts: FileJournalOptions = {}): Journal {
  const statesDir = join(dir, "deployments");
  const locksDir = join(dir, "locks");
  const auditPath = join(dir, "audit.log");
  const lockCtx = {
    hostname: opts.hostname ?? osHostname(),
    pid: opts.pid ?? process.pid,
    isAlive: opts.isAlive ?? isProcessAlive,
    now: opts.now ?? (() => new Date()),
  };
  // Appends are chained so entries land in call order even when callers don't await each other.
  let auditQueue: Promise<void> = Promise.resolve();

  const statePath = (name: string): string => {
    assertSafeDeploymentName(name);
    return join(statesDir, `${name}.json`);
  };

  return {
    async readState(name: string): Promise<DeploymentState | undefined> {
      const path = statePath(name);
      let raw: string;
      try {
        raw = await readFile(path, "utf8");
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
        throw err;
      }
      return parseState(path, raw);
    },

    async writeState(state: DeploymentState): Promise<void> {
      const path = statePath(state.name);
      await mkdir(statesDir, { recursive: true, mode: DIR_MODE });
      await writeFileAtomic(path, `${JSON.stringify(redactSecrets(state), null, 2)}\n`);
    },

    appendAudit(entry: AuditEntry): Promise<void> {
      // One appendFile per entry: a single write() of a whole line on an O_APPEND file never interleaves.
      const line = `${JSON.stringify(redactSecrets(entry))}\n`;
      const write = async (): Promise<void> => {
        await mkdir(dir, { recursive: true, mode: DIR_MODE });
        await appendFile(auditPath, line, { flag: "a", mode: FILE_MODE });
      };
      const next = auditQueue.then(write, write);
      auditQueue = next.catch(() => undefined);
      return next;
    },

    async acquireLock(name: string, command: string): Promise<Lock> {
      assertSafeDeploymentName(name);
      await mkdir(locksDir, { recursive: true, mode: DIR_MODE });
      return acquireFileLock(name, join(locksDir, `${name}.lock`), command, lockCtx);
    },
  };
}

function parseState(path: string, raw: string): DeploymentState {
  try {
    const parsed = JSON.parse(raw) as unknown;
    if (parsed && typeof parsed === "object" && typeof (parsed as DeploymentState).name === "string") {
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
