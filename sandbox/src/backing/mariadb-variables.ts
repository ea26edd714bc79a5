/**
 * The server variables a MariaDB instance runs with: its DB parameter group's values over the family defaults, with
 * RDS's instance-class formulas worked out (max_connections is {DBInstanceClassMemory/12582880}), so a class change
 * changes what the server really runs.
 */
import type { Account } from "../model/account.js";
import { parameterDefaults } from "../model/catalog.js";
import type { Instance } from "../model/state.js";

const GIB = 1024 ** 3;

/** GiB per `large` size by class family letter: memory-optimized (r, x, z), general (m), burstable (t). */
const LARGE_GIB: Record<string, number> = { r: 16, x: 16, z: 16, m: 8, t: 8 };
const SMALL_SIZES: Record<string, number> = { nano: 0.5, micro: 1, small: 2, medium: 4 };

/** Memory of an RDS instance class, e.g. db.t4g.micro → 1 GiB, db.r6g.2xlarge → 64 GiB; 4 GiB when unknown. */
export function classMemoryBytes(instanceClass: string): number {
  const [, family = "", size = ""] = instanceClass.split(".");
  const large = LARGE_GIB[family[0] ?? ""] ?? 8;
  const xl = /^(\d*)xlarge$/.exec(size);
  const gib =
    size === "large" ? large : xl ? large * 2 * Number(xl[1] || 1) : family.startsWith("t") ? SMALL_SIZES[size] : 4;
  return (gib ?? 4) * GIB;
}

/** "{DBInstanceClassMemory/12582880}" or "{DBInstanceClassMemory*3/4}" for this class; other values unchanged. */
export function resolveFormula(value: string, instanceClass: string): string {
  const m = /^\{DBInstanceClassMemory(?:\*(\d+))?\/(\d+)\}$/.exec(value);
  if (!m) return value;
  return String(Math.floor((classMemoryBytes(instanceClass) * Number(m[1] ?? 1)) / Number(m[2])));
}

export function serverVariables(account: Account, inst: Instance): Record<string, string> {
  const group = account.state.parameterGroups.find((g) => g.kind === "instance" && g.name === inst.parameterGroup);
  const out: Record<string, string> = {};
  for (const [name, def] of Object.entries(parameterDefaults(group?.family ?? "mariadb"))) {
    out[name] = resolveFormula(group?.parameters[name] ?? def.value, inst.instanceClass);
  }
  return out;
}
