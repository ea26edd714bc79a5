/**
 * The change record as a document: sections of worded facts, tables and charts, with no markup. `sections.ts` words
 * the gathered data into it once; the Markdown and HTML renderers only lay it out, so both say exactly the same.
 */

/** A series of the lag metric over the run, as the gate read it. Times are ms since the epoch. */
export interface LagChart {
  kind: "lag";
  metric: string;
  on: string;
  unit: "Seconds" | "Bytes";
  points: { t: number; value: number }[];
  /** The gate's limit, in the metric's unit. */
  limit?: number;
  /** When the switchover was requested and, if it was seen, completed. */
  switchover?: { from: number; to?: number };
}

/** The write probe's writes over the switchover. Times are ms from the probe's start. */
export interface ProbeChart {
  kind: "probe";
  startedAt: number;
  acknowledged: number[];
  failed: number[];
  /** The longest time between two acknowledged writes. */
  gap?: { from: number; to: number };
  switchover?: { from: number; to?: number };
}

export type Block =
  /** Label and value pairs. */
  | { kind: "facts"; rows: [string, string][] }
  | { kind: "table"; head: string[]; rows: string[][] }
  | { kind: "text"; text: string }
  /** Something the record does not have, said plainly ("No test was run through bgdb test."). */
  | { kind: "absent"; text: string }
  /** A chart and the sentence that says what it shows; no chart when nothing was recorded. */
  | { kind: "chart"; id: string; title: string; summary: string; chart?: LagChart | ProbeChart };

export interface Section {
  id: string;
  title: string;
  blocks: Block[];
}

export interface ReportDocument {
  title: string;
  /** Who and what the record is about, shown first. */
  facts: [string, string][];
  sections: Section[];
  /** The last line: what wrote it and when. */
  footer: string;
}
