/**
 * The switchover prediction: whether RDS's switchover guardrails would pass right now, and a recommended
 * SwitchoverTimeout — from the lag and its trend, the sequences a logical switchover syncs, and what blue's sessions
 * are doing. Pure: readings in, a verdict and one line of reasoning out. The model and where each number comes
 * from — AWS's documentation, or bgdb's own estimate — is docs/rds-facts.md §11.
 */
import type { DbActivity, SessionActivity } from "../ports/index.js";
import type { Replication } from "./engine.js";
import { formatBytes, formatCount, formatElapsed } from "./format.js";
import type { LagPoint } from "./lag.js";
import { DEFAULTS, type LagThreshold } from "./options.js";

/** The model's numbers (docs/rds-facts.md §11 says which AWS documents and which are bgdb's estimates). */
export const PREDICTION = {
  /** RDS's own steps besides catching up and syncing sequences: "typically under a minute" (docs/rds-facts.md §5 [S12]). */
  baseSeconds: 60,
  /** One sequence synced at a logical switchover: bgdb's estimate (AWS says only that thousands are slow). */
  perSequenceSeconds: 0.05,
  /** Sequences whose sync takes longer than this are worth a preflight warning: bgdb's threshold. */
  sequenceWarnSeconds: 60,
  /** How fast green applies byte lag when the trend does not show it: bgdb's conservative estimate. */
  assumedApplyBytesPerSecond: 1024 * 1024,
  /** The estimate is multiplied by this before rounding: bgdb's margin. */
  margin: 1.5,
  /** Recommendations are whole multiples of this many seconds. */
  roundSeconds: 30,
  /** A transaction that has written and stayed open this long counts as a long-running write: bgdb's threshold. */
  longWriteMs: 60_000,
  /** A change over the window of more than this share of the lag's scale is a trend, less is flat. */
  trendShare: 0.1,
  /** RDS's SwitchoverTimeout range (docs/rds-facts.md §1). */
  minTimeoutSeconds: 30,
  maxTimeoutSeconds: 3600,
} as const;

/** Statements that change the schema: running on blue, RDS's guardrail refuses; logical replication does not carry them. */
const DDL = new Set([
  "ALTER",
  "CREATE",
  "DROP",
  "TRUNCATE",
  "RENAME",
  "REINDEX",
  "CLUSTER",
  "REFRESH",
  "OPTIMIZE",
  "COMMENT",
]);

export type LagTrend = "rising" | "falling" | "flat";

export interface PredictionInput {
  replication: Replication;
  /** The SwitchoverTimeout the run would send, seconds. */
  timeoutSeconds: number;
  /** The gate's limit: the switchover starts only once lag is at or under it. */
  maxLag: LagThreshold;
  /** The lag series the gate read, oldest first; absent where there is no green yet (preflight). */
  lag?: { unit: "Seconds" | "Bytes"; points: LagPoint[] };
  /** Sequences on blue (every database); absent when bgdb could not count them. */
  sequences?: number;
  /** Blue's sessions now, or why they could not be read; absent without a connection to blue. */
  blue?: { activity: DbActivity } | { error: string };
  /** The gate's readiness on this look (deployment, every member, green); absent before a deployment exists. */
  members?: { ok: boolean; reading: string };
  /**
   * Before a deployment exists (preflight): green's members and its lag cannot be read yet. They are listed as not
   * judged (`unknown`) and left out of the verdict: the switchover's gate judges them.
   */
  beforeGreen?: boolean;
}

export const GUARDRAILS = ["members", "lag", "long-writes", "ddl"] as const;
export type GuardrailName = (typeof GUARDRAILS)[number];

export interface Guardrail {
  name: GuardrailName;
  /** Would pass, would not, or bgdb can't see it. */
  ok: boolean | "unknown";
  reading: string;
}

export interface Prediction {
  /**
   * `fail` if any guardrail would not pass, else `unknown` if bgdb can't see one, else `pass` — over the guardrails
   * judged now (every one but those `deferred`).
   */
  verdict: "pass" | "fail" | "unknown";
  guardrails: Guardrail[];
  /** Guardrails not judged here (no green yet): the switchover's gate judges them. */
  deferred?: GuardrailName[];
  /** RDS's own steps + catching up + sequences, seconds, before the margin. */
  estimateSeconds: number;
  recommendedTimeoutSeconds: number;
  timeoutSeconds: number;
  trend?: LagTrend;
  /** The recommendation with its reasons, one line. */
  reasoning: string;
}

/** Least-squares slope of the points, per second (0 with fewer than two). */
function slopePerSecond(points: LagPoint[]): number {
  if (points.length < 2) return 0;
  const t0 = points[0]?.at.getTime() ?? 0;
  const xs = points.map((p) => (p.at.getTime() - t0) / 1000);
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = points.reduce((a, p) => a + p.value, 0) / points.length;
  let num = 0;
  let den = 0;
  points.forEach((p, i) => {
    const dx = (xs[i] ?? 0) - mx;
    num += dx * (p.value - my);
    den += dx * dx;
  });
  return den === 0 ? 0 : num / den;
}

/** Rising, falling or flat: the fitted change over the window against the lag's own scale. */
export function lagTrend(points: LagPoint[], unit: "Seconds" | "Bytes"): LagTrend {
  if (points.length < 3) return "flat";
  const slope = slopePerSecond(points);
  const span = ((points.at(-1)?.at.getTime() ?? 0) - (points[0]?.at.getTime() ?? 0)) / 1000;
  const change = slope * span;
  const floor = unit === "Seconds" ? 0.5 : 64 * 1024;
  const scale = Math.max(floor, ...points.map((p) => Math.abs(p.value)));
  if (Math.abs(change) <= PREDICTION.trendShare * scale) return "flat";
  return change > 0 ? "rising" : "falling";
}

const lagText = (value: number, unit: "Seconds" | "Bytes") =>
  unit === "Seconds" ? `${Math.round(value * 10) / 10} s` : formatBytes(value);

/** Seconds green needs to apply `value` of lag once writes stop. */
function catchUpSeconds(value: number, unit: "Seconds" | "Bytes", slope: number, trend: LagTrend): number {
  if (unit === "Seconds") return Math.max(0, value);
  // Falling while blue still writes: green applies at least that fast, and faster once writes stop.
  const drain =
    trend === "falling"
      ? Math.max(-slope, PREDICTION.assumedApplyBytesPerSecond)
      : PREDICTION.assumedApplyBytesPerSecond;
  return Math.max(0, value) / drain;
}

const sessionText = (s: SessionActivity, ms: number | undefined) =>
  `${s.id} (${[s.user, s.command, ms === undefined ? undefined : formatElapsed(ms)].filter(Boolean).join(", ")})`;

function listSessions(sessions: SessionActivity[], ms: (s: SessionActivity) => number | undefined): string {
  const shown = sessions.slice(0, 3).map((s) => sessionText(s, ms(s)));
  return `${shown.join(", ")}${sessions.length > 3 ? ` and ${sessions.length - 3} more` : ""}`;
}

/** The two guardrails bgdb can only see with a connection to blue. */
function blueGuardrails(input: PredictionInput): Guardrail[] {
  const blue = input.blue;
  if (!blue || "error" in blue) {
    const why = blue ? `could not read blue's sessions: ${blue.error}` : "no connection to blue (--db-url-env)";
    return [
      { name: "long-writes", ok: "unknown", reading: `long-running writes on blue: unknown, ${why}` },
      { name: "ddl", ok: "unknown", reading: `DDL on blue: unknown, ${why}` },
    ];
  }
  const { sessions } = blue.activity;
  const long = sessions
    .filter((s) => s.wrote && (s.transactionMs ?? 0) >= PREDICTION.longWriteMs)
    .sort((a, b) => (b.transactionMs ?? 0) - (a.transactionMs ?? 0));
  const ddl = sessions.filter((s) => s.active && s.command !== undefined && DDL.has(s.command));
  const limit = formatElapsed(PREDICTION.longWriteMs);
  return [
    long.length === 0
      ? { name: "long-writes", ok: true, reading: `no transaction on blue has been writing for ${limit} or more` }
      : {
          name: "long-writes",
          ok: false,
          reading: `${long.length} transaction${long.length === 1 ? "" : "s"} on blue writing for ${limit} or more: ${listSessions(long, (s) => s.transactionMs)}`,
        },
    ddl.length === 0
      ? { name: "ddl", ok: true, reading: "no DDL running on blue" }
      : {
          name: "ddl",
          ok: false,
          reading: `DDL running on blue: ${listSessions(ddl, (s) => s.statementMs)}${input.replication === "logical" ? " (and logical replication does not carry it)" : ""}`,
        },
  ];
}

const roundUp = (seconds: number) => Math.ceil(seconds / PREDICTION.roundSeconds) * PREDICTION.roundSeconds;

/** Whether RDS's guardrails would pass now, and the SwitchoverTimeout bgdb recommends, with its reasons. */
export function predictSwitchover(input: PredictionInput): Prediction {
  const guardrails: Guardrail[] = [];
  const deferred: GuardrailName[] = input.beforeGreen && !input.members && !input.lag ? ["members", "lag"] : [];
  if (input.members) guardrails.push({ name: "members", ...input.members });
  if (deferred.length > 0) {
    const later = "not judged before green exists (the switchover's gate judges it)";
    guardrails.push(
      { name: "members", ok: "unknown", reading: `every member available: ${later}` },
      { name: "lag", ok: "unknown", reading: `replication lag: ${later}` },
    );
  }
  const reasons: string[] = [];
  const sequenceSeconds = input.replication === "logical" ? (input.sequences ?? 0) * PREDICTION.perSequenceSeconds : 0;
  let catchUp = 0;
  let trend: LagTrend | undefined;
  const lag = input.lag;
  if (lag) {
    const latest = lag.points.at(-1);
    if (!latest || latest.value < 0) {
      guardrails.push({ name: "lag", ok: "unknown", reading: "replication lag: no reading to judge" });
      reasons.push("no lag reading");
    } else {
      trend = lagTrend(lag.points, lag.unit);
      const slope = slopePerSecond(lag.points);
      const limit = lag.unit === "Seconds" ? input.maxLag.seconds : input.maxLag.bytes;
      // The gate starts the switchover only at or under its limit: that is the lag RDS will face.
      catchUp = catchUpSeconds(Math.min(latest.value, limit), lag.unit, slope, trend);
      const now = catchUpSeconds(latest.value, lag.unit, slope, trend);
      const allowed = input.timeoutSeconds - PREDICTION.baseSeconds - sequenceSeconds;
      guardrails.push({
        name: "lag",
        ok: now <= allowed,
        reading:
          now <= allowed
            ? `replication lag ${lagText(latest.value, lag.unit)} (~${Math.ceil(now)} s to catch up) is within what --timeout ${input.timeoutSeconds}s allows`
            : `replication lag ${lagText(latest.value, lag.unit)} needs ~${Math.ceil(now)} s to catch up; --timeout ${input.timeoutSeconds}s leaves ${Math.max(0, Math.floor(allowed))} s for it`,
      });
      reasons.push(
        `lag ${lagText(latest.value, lag.unit)} and ${trend}${latest.value > limit ? ` (the gate waits for ≤ ${lagText(limit, lag.unit)})` : ""}`,
      );
    }
  }
  if (input.replication === "logical") {
    reasons.push(
      input.sequences === undefined
        ? "sequences not counted (no connection to blue)"
        : `${formatCount(input.sequences)} sequence${input.sequences === 1 ? "" : "s"} to sync (~${Math.ceil(sequenceSeconds)} s at ${PREDICTION.perSequenceSeconds} s each, bgdb's estimate)`,
    );
  }
  guardrails.push(...blueGuardrails(input));
  const estimateSeconds = PREDICTION.baseSeconds + catchUp + sequenceSeconds;
  const wanted = roundUp(estimateSeconds * PREDICTION.margin);
  const recommended = Math.min(PREDICTION.maxTimeoutSeconds, Math.max(DEFAULTS.switchoverTimeoutSeconds, wanted));
  const timeout = input.timeoutSeconds;
  const asGiven = `${timeout} s${timeout === DEFAULTS.switchoverTimeoutSeconds ? " default" : ""}`;
  const basis = `~${Math.ceil(estimateSeconds)} s with RDS's own ~${PREDICTION.baseSeconds} s, ×${PREDICTION.margin} margin`;
  const why = [...reasons, basis].join(", ");
  const reasoning =
    wanted > PREDICTION.maxTimeoutSeconds
      ? `even --timeout ${PREDICTION.maxTimeoutSeconds}s (the most RDS allows) may be too short: ${why}; cut the sequence count or wait for lower lag`
      : recommended > timeout
        ? `recommend --timeout ${recommended}s: ${why}; ${asGiven} leaves no margin`
        : `--timeout ${timeout}s is enough: ${why}`;
  const judged = guardrails.filter((g) => !deferred.includes(g.name));
  const verdict = judged.some((g) => g.ok === false)
    ? "fail"
    : judged.some((g) => g.ok === "unknown") || judged.length === 0
      ? "unknown"
      : "pass";
  return {
    verdict,
    guardrails,
    ...(deferred.length > 0 ? { deferred } : {}),
    estimateSeconds,
    recommendedTimeoutSeconds: recommended,
    timeoutSeconds: timeout,
    ...(trend ? { trend } : {}),
    reasoning,
  };
}
