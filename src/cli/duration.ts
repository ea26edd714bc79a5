/**
 * Human durations for flags and config files: `90s`, `15m`, `4h`, `1h30m`, `2d`, `500ms`. Units run from largest to
 * smallest and each appears at most once, so `30m1h` is rejected rather than silently summed.
 */

const UNIT_MS = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000, ms: 1 } as const;
type Unit = keyof typeof UNIT_MS;
const ORDER: Unit[] = ["d", "h", "m", "s", "ms"];
const PART = /(\d+(?:\.\d+)?)(ms|d|h|m|s)/g;

/**
 * Milliseconds, or undefined when `text` is not a duration with units. A bare number is not a duration here (is
 * `30` seconds or minutes?), except `0`, which is zero in any unit (`--retain 0`).
 */
export function parseDuration(text: string): number | undefined {
  const input = text.trim().toLowerCase();
  if (input === "0") return 0;
  if (input === "" || !/^(?:\d+(?:\.\d+)?(?:ms|d|h|m|s))+$/.test(input)) return undefined;
  let total = 0;
  let lastIndex = -1;
  for (const match of input.matchAll(PART)) {
    const unit = ORDER.find((u) => u === match[2]);
    if (unit === undefined) return undefined;
    const index = ORDER.indexOf(unit);
    if (index <= lastIndex) return undefined;
    lastIndex = index;
    total += Number(match[1]) * UNIT_MS[unit];
  }
  return Math.round(total);
}
