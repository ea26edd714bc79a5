/**
 * bgdb's own unions for the strings RDS returns. The RDS model declares no enums, so anything we do not know maps to
 * "UNKNOWN" and is treated as "keep watching", never as success (docs/rds-facts.md §1).
 */

export const DEPLOYMENT_STATUSES = [
  "PROVISIONING",
  "AVAILABLE",
  "SWITCHOVER_IN_PROGRESS",
  "SWITCHOVER_COMPLETED",
  "INVALID_CONFIGURATION",
  "SWITCHOVER_FAILED",
  "DELETING",
] as const;
export type DeploymentStatus = (typeof DEPLOYMENT_STATUSES)[number] | "UNKNOWN";

export const MEMBER_STATUSES = [
  "PROVISIONING",
  "AVAILABLE",
  "SWITCHOVER_IN_PROGRESS",
  "SWITCHOVER_COMPLETED",
  "SWITCHOVER_FAILED",
  "MISSING_SOURCE",
  "MISSING_TARGET",
] as const;
export type MemberStatus = (typeof MEMBER_STATUSES)[number] | "UNKNOWN";

export const TASK_STATUSES = ["PENDING", "IN_PROGRESS", "COMPLETED", "FAILED"] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number] | "UNKNOWN";

function classify<T extends string>(known: readonly T[], raw: string | undefined): T | "UNKNOWN" {
  const upper = (raw ?? "").toUpperCase();
  return (known as readonly string[]).includes(upper) ? (upper as T) : "UNKNOWN";
}

export const deploymentStatus = (raw: string | undefined): DeploymentStatus => classify(DEPLOYMENT_STATUSES, raw);
export const memberStatus = (raw: string | undefined): MemberStatus => classify(MEMBER_STATUSES, raw);
export const taskStatus = (raw: string | undefined): TaskStatus => classify(TASK_STATUSES, raw);

/** DB instance / cluster statuses are lower-case and open-ended; only `available` means ready. */
export const isAvailable = (raw: string | undefined): boolean => raw === "available";

export type ArnKind = "instance" | "cluster" | "cluster-endpoint" | "unknown";

export interface ParsedArn {
  kind: ArnKind;
  region?: string;
  account?: string;
  /** Resource identifier: the part after `:db:`, `:cluster:` or `:cluster-endpoint:`. */
  id: string;
}

/** `arn:aws:rds:us-east-1:123456789012:db:orders-prod` → { kind: "instance", id: "orders-prod" }. */
export function parseRdsArn(arn: string): ParsedArn {
  const parts = arn.split(":");
  if (parts.length < 7 || parts[0] !== "arn" || parts[2] !== "rds") {
    return { kind: "unknown", id: arn };
  }
  const type = parts[5];
  const id = parts.slice(6).join(":");
  const kind: ArnKind =
    type === "db"
      ? "instance"
      : type === "cluster"
        ? "cluster"
        : type === "cluster-endpoint"
          ? "cluster-endpoint"
          : "unknown";
  return { kind, region: parts[3], account: parts[4], id };
}

export const isArn = (s: string): boolean => s.startsWith("arn:");
