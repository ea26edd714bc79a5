/**
 * What bgdb saw and did during a deployment, kept in its journal state for the change record (`bgdb report`): the
 * readings a reviewer needs, recorded when they were observed, so the record says what was true then. Facts only;
 * the report words them.
 */
import type { WriteProbeReport } from "../ports/write-probe.js";
import type { GateCheck } from "./decide.js";
import type { MappingEntry, PreflightCheck } from "./event.js";
import type { Prediction } from "./predict.js";
import type { TableVerdict } from "./verify.js";

export interface LagEvidence {
  metric: string;
  unit: "Seconds" | "Bytes";
  on: string;
  samples: { at: string; value: number }[];
}

export interface Evidence {
  /** The source as preflight read it: what ran before the change (engine and version), and the checks. */
  preflight?: { at: string; source: string; engine?: string; engineVersion?: string; checks: PreflightCheck[] };
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
  /** The last comparison of blue and green (`bgdb verify`, `switchover --verify`): each table's verdict. */
  verify?: {
    at: string;
    durationMs: number;
    match: boolean;
    chunkSize: number;
    /** Re-check rounds run. */
    rounds: number;
    /** Each table's verdict; at most EVIDENCE_RANGES differing ranges kept per table. */
    tables: TableVerdict[];
  };
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

/**
 * Evidence as read back from the journal's JSON, where the gate's lag readings lost their Dates to strings: the
 * Dates again, so what words a gate check (`describeGateCheck`) reads the record exactly as it read the live gate.
 */
export function evidenceFromJson(e: Evidence | undefined): Evidence | undefined {
  if (!e?.gate) return e;
  const point = (p: { value: number; at: Date | string }) => ({ value: p.value, at: new Date(p.at) });
  const checks = e.gate.checks.map((c): GateCheck => {
    if (c.name !== "lag") return c;
    const l = c.lag;
    const lag =
      l.state === "no-data"
        ? l
        : {
            ...l,
            latest: point(l.latest),
            ...("worst" in l ? { worst: point(l.worst) } : {}),
            ...("window" in l ? { window: l.window.map(point) } : {}),
          };
    return { ...c, lag } as GateCheck;
  });
  return { ...e, gate: { ...e.gate, checks } };
}
