/** A change record built by hand, so the renderers' tests say exactly which facts they expect to see. */
import type { ReportData } from "../../src/core/report-data.js";
import type { AuditEntry } from "../../src/ports/index.js";

const T0 = Date.parse("2026-11-26T12:00:00Z");
const at = (ms: number) => new Date(T0 + ms).toISOString();

/**
 * Confirmation records as a later bgdb writes them (an actor object, a confirmation, outcomes besides ok and error,
 * a hash chain's fields): the report reads them without this bgdb's types knowing them.
 */
const confirmation = (outcome: string, how: string, seconds: number) =>
  ({
    at: at(1_790_000 + seconds * 1000),
    actor: {
      arn: "arn:aws:iam::111122223333:user/alice",
      user: "alice",
      ci: { provider: "github-actions", runId: "42", actor: "alice-gh", runUrl: "https://ci.example/run/42" },
    },
    action: "ConfirmSwitchover",
    deployment: "orders-prod-to-17",
    params: {},
    outcome,
    confirmation: { how, name: "orders-prod-to-17" },
    seq: 7,
    prev: "9f2c",
  }) as unknown as AuditEntry;
const DECLINED = confirmation("declined", "no-answer", 0);
const CONFIRMED = confirmation("confirmed", "typed", 9);

export function reportData(): ReportData {
  return {
    generatedAt: "2026-11-28T09:00:00.000Z",
    record: {
      account: "111122223333",
      region: "eu-west-1",
      id: "bgd-4tq2x8m1c9kd",
      name: "orders-prod-to-17",
      phase: "cleaned",
      createdAt: at(0),
      updatedAt: "2026-11-27T13:00:00.000Z",
      switchedOverAt: at(1_815_000),
      settings: {
        create: { source: "orders-prod", targetEngineVersion: "17.2", timeoutMs: 4 * 3_600_000, tags: {} },
        switchover: { timeoutSeconds: 300, maxLag: { seconds: 1, bytes: 1024 * 1024 }, yes: false },
        test: { command: "psql -c 'select 1 | 2'" },
        oldBlueArn: "arn:aws:rds:eu-west-1:111122223333:db:orders-prod-old1",
      },
      evidence: {
        preflight: {
          at: at(0),
          source: "orders-prod",
          engine: "postgres",
          engineVersion: "16.3",
          checks: [
            {
              name: "source-status",
              ok: true,
              message: "source status available",
              hint: "Wait until it is available.",
            },
            {
              name: "primary-keys",
              ok: "warn",
              message: "no primary key check",
              hint: "Check every table has a primary key.",
            },
          ],
        },
        test: {
          at: at(1_700_000),
          command: "npm run test:<integration>",
          outcome: "passed",
          passed: true,
          durationMs: 83_000,
        },
        gate: {
          at: at(1_800_000),
          checks: [
            { name: "deployment", ok: true, status: "AVAILABLE" },
            {
              name: "lag",
              ok: true,
              lag: {
                state: "ok",
                latest: { value: 2048, at: new Date(T0 + 1_740_000) },
                window: [{ value: 2048, at: new Date(T0 + 1_740_000) }],
                limit: 1024 * 1024,
              },
              metric: {
                metricName: "OldestReplicationSlotLag",
                side: "blue",
                dimension: { name: "DBInstanceIdentifier", value: "orders-prod" },
                unit: "Bytes",
                confirmed: true,
              },
            },
          ],
        },
        lag: {
          metric: "OldestReplicationSlotLag",
          unit: "Bytes",
          on: "blue orders-prod",
          samples: [600_000, 400_000, 90_000, 2048].map((value, i) => ({ at: at(1_560_000 + i * 60_000), value })),
        },
        switchover: {
          requestedAt: at(1_800_000),
          completedAt: at(1_815_000),
          durationMs: 15_000,
          timeoutSeconds: 300,
          by: "this-run",
          outcome: "completed",
          mapping: [
            {
              role: "production",
              id: "orders-prod",
              engine: "postgres",
              engineVersion: "17.2",
              was: "orders-prod-green-k2m9qa",
            },
            { role: "old-blue", id: "orders-prod-old1", deployment: "orders-prod-to-17" },
          ],
        },
        probe: {
          acknowledged: 4,
          failed: 2,
          longestGapMs: 2500,
          longestGapStartedAt: at(1_800_300),
          missing: 0,
          verified: true,
          lastServerVersion: "PostgreSQL 17.2",
          timeline: { startedAt: at(1_799_900), acknowledgedMs: [100, 400, 2900, 3000], failedMs: [1200, 2000] },
        },
        cleanup: {
          at: "2026-11-27T12:30:00.000Z",
          snapshot: "bgdb-final-orders-prod-old1",
          deletedOldBlue: "orders-prod-old1",
          deletedDeployment: true,
        },
      },
      steps: [{ step: "switchover", at: at(1_815_000), outcome: "SWITCHOVER_COMPLETED", durationMs: 15_000 }],
    },
    audit: {
      entries: [
        {
          at: at(-1000),
          actor: { arn: "arn:aws:iam::111122223333:role/ci" },
          action: "CreateBlueGreenDeployment",
          deployment: "orders-prod-to-17",
          params: { name: "orders-prod-to-17" },
          requestId: "req-1",
          outcome: "ok",
        },
        CONFIRMED,
      ],
      approvals: [DECLINED, CONFIRMED],
      logEntries: 12,
      unreadableLines: [],
      chain: {
        state: "verified",
        lines: 12,
        unchained: 2,
        lastHash: "abababababababababababababababababababababababababababababababab",
      },
    },
    aws: {
      deployment: { read: true, value: undefined },
      events: {
        read: true,
        value: [
          { at: at(1_801_000), message: "Switchover from blue to green started" },
          { at: at(1_814_000), message: "Switchover completed on blue/green deployment" },
        ],
      },
      finalSnapshot: { read: true, value: { state: "present", status: "available" } },
    },
  };
}

/** The same record without the evidence the charts draw. */
export function withoutChartData(): ReportData {
  const d = reportData();
  const e = d.record.evidence ?? {};
  delete e.lag;
  if (e.probe) delete e.probe.timeline;
  return d;
}
