import type { LagThreshold } from "../core/options.js";
import { parseDuration } from "./duration.js";

/** RDS lag metrics come in seconds (ReplicaLag, AuroraReplicaLag) or bytes (OldestReplicationSlotLag…). */
export const DEFAULT_MAX_LAG: LagThreshold = { seconds: 1, bytes: 1024 * 1024 };

const SIZE_UNITS: Record<string, number> = {
  b: 1,
  kb: 1000,
  mb: 1000 ** 2,
  gb: 1000 ** 3,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
};

/** Bytes for `64MiB`, `1GB`, `500KiB`, `0B`; undefined for anything else. */
export function parseSize(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)\s*([a-z]+)$/i.exec(text.trim());
  const factor = match ? SIZE_UNITS[match[2]!.toLowerCase()] : undefined;
  return match && factor !== undefined ? Math.round(Number(match[1]) * factor) : undefined;
}

/**
 * `--max-lag`: a duration (`2s`, `500ms`; a bare number is seconds) or a size (`64MiB`). The value given replaces
 * the default of its own kind only, so `--max-lag 64MiB` still gates seconds-based engines at 1 s.
 */
export function parseLag(text: string): LagThreshold | undefined {
  const trimmed = text.trim();
  if (/^\d+(?:\.\d+)?$/.test(trimmed)) return { ...DEFAULT_MAX_LAG, seconds: Number(trimmed), given: "seconds" };
  const ms = parseDuration(trimmed);
  if (ms !== undefined) return { ...DEFAULT_MAX_LAG, seconds: ms / 1000, given: "seconds" };
  const bytes = parseSize(trimmed);
  if (bytes !== undefined) return { ...DEFAULT_MAX_LAG, bytes, given: "bytes" };
  return undefined;
}
