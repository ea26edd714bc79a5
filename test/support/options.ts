/** Core options for tests: the safe defaults of each command, for the fake's `orders-prod` → `orders-to-17`. */
import type {
  AbortOptions,
  CleanupOptions,
  CreateOptions,
  SwitchoverOptions,
  UpgradeOptions,
} from "../../src/core/options.js";

export const HOUR = 3_600_000;

export const createOpts = (p: Partial<CreateOptions> = {}): CreateOptions => ({
  source: "orders-prod",
  name: "orders-to-17",
  targetEngineVersion: "17.2",
  targetParameterGroup: "orders-pg17",
  tags: {},
  wait: true,
  timeoutMs: 4 * HOUR,
  ...p,
});

export const swOpts = (p: Partial<SwitchoverOptions> = {}): SwitchoverOptions => ({
  deployment: "orders-to-17",
  timeoutSeconds: 300,
  maxLag: { seconds: 1, bytes: 1024 * 1024 },
  stableSamples: 3,
  waitForLagMs: 15 * 60_000,
  yes: true,
  ...p,
});

/** Cleanup options with the safe defaults; `deployment` is the tests' deployment. */
export const cleanupOpts = (p: Partial<CleanupOptions> = {}): CleanupOptions => ({
  deployment: "orders-to-17",
  deleteOldBlue: false,
  retainMs: 0,
  skipFinalSnapshot: false,
  iUnderstandDataLoss: false,
  yes: true,
  timeoutMs: HOUR,
  ...p,
});

export const upgradeOpts = (p: Partial<UpgradeOptions> = {}): UpgradeOptions => ({
  deployment: "orders-to-17",
  allowMajorVersionUpgrade: false,
  timeoutMs: 2 * HOUR,
  ...p,
});

export const abortOpts = (p: Partial<AbortOptions> = {}): AbortOptions => ({
  deployment: "orders-to-17",
  yes: true,
  timeoutMs: HOUR,
  ...p,
});
