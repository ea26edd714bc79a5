/**
 * The admin API (`/_sandbox/…`: stop, seed, faults, status) answers only to the bearer token its serving process
 * made at start. Any local process can reach 127.0.0.1, so without it any of them could stop the sandbox or inject
 * faults; with it, only whoever can read the sandbox directory's `admin-token` (mode 0600, the serving user's) can.
 * The AWS API routes stay credential-agnostic, like any emulator.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "../../src/common/atomic-file.js";

export const adminTokenFile = (dir: string) => join(dir, "admin-token");

/** A fresh token, written (0600) where the control CLI looks for it. Each serving process makes its own. */
export function issueAdminToken(dir: string): string {
  const token = randomBytes(32).toString("base64url");
  const file = adminTokenFile(dir);
  writeFileAtomic(file, token);
  return token;
}

export function readAdminToken(dir: string): string | undefined {
  try {
    return readFileSync(adminTokenFile(dir), "utf8").trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Removes the file if it still holds `token` (a newer server in the same directory keeps its own). */
export function retireAdminToken(dir: string, token: string): void {
  if (readAdminToken(dir) === token) rmSync(adminTokenFile(dir), { force: true });
}

const digest = (s: string) => createHash("sha256").update(s).digest();

/** Whether an `Authorization` header carries `token` (compared in constant time). */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const given = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "")?.[1];
  return given !== undefined && timingSafeEqual(digest(given), digest(token));
}
