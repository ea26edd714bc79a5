/**
 * The settings a deployment ran with, as rows a reviewer reads: one per option of each step, values written as bgdb
 * writes them elsewhere (durations as the flags take them, sizes in binary units).
 */
import { formatBytes, formatFlagDuration } from "../../core/format.js";

/** Settings that are the run's own bookkeeping, not something asked for: shown where they belong (cleanup). */
const BOOKKEEPING = new Set(["oldBlueArn", "oldBlueResourceId"]);

function valueText(key: string, v: unknown): string {
  if (typeof v === "number" && /Ms$/.test(key)) return formatFlagDuration(v);
  if (typeof v === "number" && key === "bytes") return formatBytes(v);
  if (Array.isArray(v)) return v.map((x) => valueText("", x)).join(" ");
  if (v !== null && typeof v === "object") return JSON.stringify(v);
  return String(v);
}

/** `[key, value]` leaves of an object, nested keys joined with dots; an empty object is one leaf "(none)". */
function leaves(prefix: string, v: unknown): [string, string][] {
  if (v === null || typeof v !== "object" || Array.isArray(v)) {
    return [[prefix, valueText(prefix.split(".").at(-1) ?? prefix, v)]];
  }
  const entries = Object.entries(v).filter(([, x]) => x !== undefined);
  if (entries.length === 0) return [[prefix, "(none)"]];
  return entries.flatMap(([k, x]) => leaves(prefix ? `${prefix}.${k}` : k, x));
}

/** Rows of step, option, value: the settings each bgdb command recorded (`create`, `upgrade`, `test`, …). */
export function settingsRows(settings: Record<string, unknown>): string[][] {
  return Object.entries(settings)
    .filter(([step, v]) => !BOOKKEEPING.has(step) && v !== null && typeof v === "object" && !Array.isArray(v))
    .flatMap(([step, v]) => leaves("", v).map(([option, value]) => [step, option, value]));
}
