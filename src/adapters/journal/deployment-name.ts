import { UsageError } from "../../core/errors.js";

/** RDS's own rule for deployment names: also guarantees a safe file name (no dots, slashes or spaces). */
const RDS_NAME = /^[a-zA-Z](?:-?[a-zA-Z0-9]+)*$/;
/** `bgd-` ids as RDS issues them (letters and digits after the prefix). */
const BGD_ID = /^bgd-[a-z0-9]{1,251}$/i;
/** A 12-digit account id, or a placeholder bgdb uses when STS could not say (letters, digits, hyphens). */
const ACCOUNT = /^[a-z0-9-]{1,64}$/i;
const REGION = /^[a-z0-9-]{1,64}$/;

export function assertSafeDeploymentName(name: string): void {
  if (!RDS_NAME.test(name) || name.length > 60) {
    throw new UsageError(`Invalid deployment name ${JSON.stringify(name)}.`, {
      hint: "Use 1–60 letters, digits and single hyphens, starting with a letter and not ending with a hyphen (as RDS requires).",
    });
  }
}

/** Whether a directory entry of the state directory can be an account's (not the audit log, its lock, a temp file). */
export const isAccountDirName = (name: string): boolean => ACCOUNT.test(name);

export function assertSafeStateId(id: string): void {
  if (!BGD_ID.test(id)) throw new UsageError(`Invalid deployment id ${JSON.stringify(id)} (expected bgd-…).`);
}

/** Account and region become directory names: refuse anything that could climb out of the state directory. */
export function assertSafeScope(scope: { account: string; region: string }): void {
  if (!ACCOUNT.test(scope.account) || !REGION.test(scope.region)) {
    throw new UsageError(`Invalid journal scope ${JSON.stringify(scope)} (account and region must be plain names).`);
  }
}
