/**
 * How bgdb writes numbers for people, in one place: elapsed times, durations as the flags take them, sizes, and
 * times of day. Core's error messages and the output layer's renderings use the same functions.
 */

const pad = (n: number): string => String(n).padStart(2, "0");

/** `0m07s`, `31m12s`, `2h05m09s`, `3d04h10m`: fixed-width fields, so a ticking spinner doesn't jitter. */
export function formatElapsed(ms: number): string {
  const totalSeconds = Number.isFinite(ms) && ms > 0 ? Math.floor(ms / 1000) : 0;
  const s = totalSeconds % 60;
  const m = Math.floor(totalSeconds / 60) % 60;
  const h = Math.floor(totalSeconds / 3600) % 24;
  const d = Math.floor(totalSeconds / 86_400);
  if (d > 0) return `${d}d${pad(h)}h${pad(m)}m`;
  if (h > 0) return `${h}h${pad(m)}m${pad(s)}s`;
  return `${m}m${pad(s)}s`;
}

/** `0.31 s`, `12.5 s`: a short time where tenths or hundredths matter (a probe's gap, a chart's axis). */
export function formatSeconds(ms: number, digits = 2): string {
  return `${(ms / 1000).toFixed(digits)} s`;
}

const FLAG_UNITS = [
  ["d", 86_400_000],
  ["h", 3_600_000],
  ["m", 60_000],
  ["s", 1000],
] as const;

/**
 * A duration as the flags take it (`48h`, `2d`, `90m`, `45s`, `500ms`): the largest unit that divides it, so a
 * printed command means exactly what was asked and can be pasted back.
 */
export function formatFlagDuration(ms: number): string {
  if (ms === 0) return "0";
  for (const [unit, size] of FLAG_UNITS) {
    if (ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${Math.round(ms)}ms`;
}

const BYTE_UNITS = ["B", "KiB", "MiB", "GiB", "TiB"] as const;

/** Binary units, as CloudWatch's replication-lag metrics are bytes: `0 B`, `512 B`, `1.5 MiB`, `48 MiB`. */
export function formatBytes(n: number): string {
  if (!Number.isFinite(n)) return `${n} B`;
  const sign = n < 0 ? "-" : "";
  let value = Math.abs(n);
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  // One decimal only where it carries information (below 10 of a unit); whole numbers otherwise.
  const text = unit === 0 || value >= 10 ? String(Math.round(value)) : String(Math.round(value * 10) / 10);
  return `${sign}${text} ${BYTE_UNITS[unit]}`;
}

/** `2026-11-26T12:00:01Z`: UTC to the second, the prefix of every plain progress line. */
export function isoSeconds(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

/** `12:04:11` (UTC): when something happened today, in a message. */
export const timeOfDay = (date: Date): string => date.toISOString().slice(11, 19);

/** `11-26 12:04` (UTC): a time on a chart's axis that spans days. */
export const dayTime = (date: Date): string => date.toISOString().slice(5, 16).replace("T", " ");

/** `3,800`: a count as people read it (thousands grouped, whatever the machine's locale). */
export const formatCount = (n: number): string => n.toLocaleString("en-US");

/** `a, b, c, d, e and 12 more`: a list short enough for one line, saying how much it left out. */
export function cappedList(items: readonly string[], max = 5): string {
  if (items.length <= max) return items.join(", ");
  return `${items.slice(0, max).join(", ")} and ${formatCount(items.length - max)} more`;
}
