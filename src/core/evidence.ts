/**
 * What bgdb saw and did during a deployment, kept in its journal state for the change record (`bgdb report`): the
 * readings a reviewer needs, recorded when they were observed, so the record says what was true then. Facts only;
 * the report words them.
 */
import type { WriteProbeReport } from "../ports/write-probe.js";
import type { GateCheck } from "./decide.js";
import type { MappingEntry, PreflightCheck } from "./event.js";
import type { Prediction } from "./predict.js";

export interface LagEvidence {
  metric: string;
  unit: "Seconds" | "Bytes";
  on: string;
  samples: { at: string; value: number }[];
}

export interface Evidence {
  preflight?: { at: string; source: string; checks: PreflightCheck[] };
  gate?: { at: string; checks: GateCheck[]; prediction?: Prediction };
  /** The lag series as the gate read it, every time it looked (a lag chart over the run). */
  lag?: LagEvidence;
  test?: { at: string; command: string; outcome: string; passed: boolean; durationMs: number };
  switchover?: {
    requestedAt: string;
    completedAt?: string;
    durationMs?: number;
    timeoutSeconds: number;
    by: "this-run" | "another-run";
    /** `requested` until bgdb saw it end (a run that crashed mid-switchover leaves it so: look at AWS). */
    outcome: "requested" | "completed" | "rolled-back";
    mapping?: MappingEntry[];
  };
  probe?: WriteProbeReport;
  cleanup?: { at: string; snapshot?: string; deletedOldBlue?: string; deletedDeployment?: boolean };
}

/** Adds new lag samples to those already kept (one series per metric), oldest first, without duplicates. */
export function mergeLag(prev: LagEvidence | undefined, next: LagEvidence): LagEvidence {
  if (!prev || prev.metric !== next.metric || prev.on !== next.on) return next;
  const byTime = new Map(prev.samples.map((s) => [s.at, s]));
  for (const s of next.samples) byTime.set(s.at, s);
  const samples = [...byTime.values()].sort((a, b) => a.at.localeCompare(b.at)).slice(-2000);
  return { ...next, samples };
}
