/**
 * Marks and colours. Plain ANSI codes rather than util.styleText: newer Node versions make styleText consult
 * process.stdout on their own, while the caller has already decided (NO_COLOR, TTY) whether colour is wanted.
 */
export type StepStatus = "ok" | "warn" | "fail" | "info";

export const MARKS: Record<StepStatus, string> = { ok: "✔", warn: "⚠", fail: "✖", info: "·" };

const CODES = {
  green: [32, 39],
  yellow: [33, 39],
  red: [31, 39],
  gray: [90, 39],
  cyan: [36, 39],
  bold: [1, 22],
} as const;
export type Style = keyof typeof CODES;

const MARK_STYLE: Record<StepStatus, Style> = { ok: "green", warn: "yellow", fail: "red", info: "gray" };

export type Paint = (style: Style, text: string) => string;

export function painter(color: boolean): Paint {
  if (!color) return (_style, text) => text;
  return (style, text) => `\u001b[${CODES[style][0]}m${text}\u001b[${CODES[style][1]}m`;
}

export function mark(status: StepStatus, paint: Paint): string {
  return paint(MARK_STYLE[status], MARKS[status]);
}
