/**
 * Whether a sandbox serves from a directory, and where: what the control CLI asks before it starts one, and what
 * bgdb's `--sandbox` asks first so that a running sandbox costs it one local HTTP request rather than a process
 * (`@bgdb/sandbox/live`). Light on purpose: Node built-ins and a few small modules, none of the servers.
 */

import { readFileSync } from "node:fs";
import { request } from "node:http";
import { resolve } from "node:path";
import { isProcessAlive } from "../../src/common/process.js";
import type { SandboxEndpoint } from "../../src/common/sandbox-endpoint.js";
import { readAdminToken } from "./admin-token.js";
import { REGION } from "./model/ids.js";
import { DEFAULT_SANDBOX_DIR } from "./store.js";

/** `<dir>/server.json`, written by the serving process once it listens, removed when it stops. */
export interface ServerInfo {
  pid: number;
  port: number;
  url: string;
  startedAt: string;
  /** The password of servers created without one (the seeded sources): sandbox-only, no secret. */
  masterPassword?: string;
}

export type { SandboxEndpoint };

/** The sandbox directory: `--sandbox-dir`, else BGDB_SANDBOX_DIR, else .bgdb/sandbox, from `cwd`. */
export function sandboxDirOf(given: string | undefined, env: NodeJS.ProcessEnv, cwd = process.cwd()): string {
  return resolve(cwd, given ?? env.BGDB_SANDBOX_DIR ?? DEFAULT_SANDBOX_DIR);
}

export const serverFileOf = (dir: string) => resolve(dir, "server.json");

export function readServerInfo(dir: string): ServerInfo | undefined {
  try {
    return JSON.parse(readFileSync(serverFileOf(dir), "utf8")) as ServerInfo;
  } catch {
    return undefined;
  }
}

/** The admin API's status route answers 200 to this directory's token: the server on that port is this one. */
function answers(info: ServerInfo, token: string, timeoutMs: number): Promise<boolean> {
  return new Promise((done) => {
    const req = request(
      `${info.url}/_sandbox/status`,
      { headers: { authorization: `Bearer ${token}` }, timeout: timeoutMs },
      (res) => {
        res.resume();
        done(res.statusCode === 200);
      },
    );
    req.on("timeout", () => req.destroy());
    req.on("error", () => done(false));
    req.end();
  });
}

/**
 * The running server, or undefined when server.json is missing, its pid is dead, or its admin API does not answer
 * (to the token in admin-token).
 */
export async function liveServer(dir: string, timeoutMs = 2000): Promise<ServerInfo | undefined> {
  const info = readServerInfo(dir);
  if (!info || !isProcessAlive(info.pid)) return undefined;
  return (await answers(info, readAdminToken(dir) ?? "", timeoutMs)) ? info : undefined;
}

export const endpointOf = (info: ServerInfo): SandboxEndpoint => ({
  url: info.url,
  region: REGION,
  masterPassword: info.masterPassword,
});
