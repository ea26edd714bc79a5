import { randomBytes } from "node:crypto";
import { invalidParameterValue } from "../aws-error.js";

export const REGION = "us-east-1";
export const ACCOUNT_ID = "000000000000";
const ARN_PREFIX = `arn:aws:rds:${REGION}:${ACCOUNT_ID}`;

export type ArnKind = "db" | "cluster" | "snapshot" | "cluster-snapshot" | "deployment" | "pg" | "cluster-pg";

export const rdsArn = (kind: ArnKind, id: string) => `${ARN_PREFIX}:${kind}:${id}`;

/** `arn:aws:rds:us-east-1:000000000000:db:mydb` → `{ kind: "db", id: "mydb" }`; undefined when not an RDS ARN. */
export function parseRdsArn(arn: string): { kind: string; id: string } | undefined {
  const m = /^arn:aws[\w-]*:rds:[\w-]+:\d{12}:([\w-]+):(.+)$/.exec(arn);
  return m ? { kind: m[1]!, id: m[2]! } : undefined;
}

const ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
const LETTERS = "abcdefghijklmnopqrstuvwxyz";

export function randomString(length: number, alphabet = ALPHABET): string {
  const bytes = randomBytes(length);
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join("");
}

/** Green members get `<name>-green-<6 lowercase letters>`, as RDS names them. */
export const greenSuffix = () => `-green-${randomString(6, LETTERS)}`;
export const newResourceId = (prefix: "db" | "cluster") => `${prefix}-${randomString(26).toUpperCase()}`;
export const newDeploymentId = () => `bgd-${randomString(16)}`;
export const newRequestId = () => [8, 4, 4, 4, 12].map((n) => randomString(n, "0123456789abcdef")).join("-");

/** RDS identifiers: a letter, then letters, digits and single hyphens, no trailing hyphen, at most 63 chars. */
export const IDENTIFIER_RE = /^[a-zA-Z](?:-?[a-zA-Z0-9]+)*$/;

/** RDS refuses a malformed identifier as InvalidParameterValue wherever one is given, before looking anything up. */
export function checkIdentifier(id: string | undefined, what: string): string {
  if (!id || id.length > 63 || !IDENTIFIER_RE.test(id)) {
    throw invalidParameterValue(
      `The parameter ${what} is not a valid identifier. Identifiers must begin with a letter; must contain only ASCII letters, digits, and hyphens; and must not end with a hyphen or contain two consecutive hyphens.`,
    );
  }
  return id;
}
