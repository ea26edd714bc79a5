import { UsageError } from "../../core/errors.js";

/** RDS's own rule for identifiers: also guarantees a safe file name (no dots, slashes or spaces). */
const RDS_NAME = /^[a-zA-Z](?:-?[a-zA-Z0-9]+)*$/;

export function assertSafeDeploymentName(name: string): void {
  if (!RDS_NAME.test(name) || name.length > 255) {
    throw new UsageError(`Invalid deployment name ${JSON.stringify(name)}.`, {
      hint: "Use letters, digits and single hyphens, starting with a letter and not ending with a hyphen (as RDS requires).",
    });
  }
}
