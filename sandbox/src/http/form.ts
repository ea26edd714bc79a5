/**
 * Parses an awsQuery form body into nested objects. Lists arrive as `Filters.Filter.1.Name` (member name from the
 * model) or `Filters.member.1.Name`; both become `{ Filters: [{ Name }] }`, so callers never care which.
 */
import { AwsError, invalidParameterValue } from "../aws-error.js";

export type QueryValue = string | QueryValue[] | { [key: string]: QueryValue };
export type QueryParams = { [key: string]: QueryValue };

export function parseQueryForm(body: string): QueryParams {
  const root: QueryParams = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const parts = collapseListMembers(key.split("."));
    let node: QueryParams | QueryValue[] = root;
    parts.forEach((part, i) => {
      const last = i === parts.length - 1;
      const nextIsIndex = !last && isIndex(parts[i + 1]);
      const slot = Array.isArray(node) ? Number(part) - 1 : part;
      const container = node as Record<string | number, QueryValue>;
      if (last) {
        container[slot] = value;
      } else {
        container[slot] ??= nextIsIndex ? [] : {};
        node = container[slot] as QueryParams | QueryValue[];
      }
    });
  }
  return root;
}

const isIndex = (s: string | undefined) => s !== undefined && /^\d+$/.test(s);

/**
 * `["Filters","Filter","1","Name"]` → `["Filters","1","Name"]`: a name between a list's name and an index is the
 * member name. (A flattened list nested in a structure would be misread; no input bgdb sends has one.)
 */
function collapseListMembers(parts: string[]): string[] {
  return parts.filter((p, i) => !(i > 0 && !isIndex(p) && !isIndex(parts[i - 1]) && isIndex(parts[i + 1])));
}

export function str(params: QueryParams | undefined, key: string): string | undefined {
  const v = params?.[key];
  return typeof v === "string" ? v : undefined;
}

/** A required member: absent or empty is RDS's and CloudWatch's `MissingParameter`. */
export function required(params: QueryParams | undefined, key: string): string {
  const v = str(params, key);
  if (v === undefined || v === "")
    throw new AwsError("MissingParameter", `The request must contain the parameter ${key}.`);
  return v;
}

/** An Integer member (every number RDS and CloudWatch take here is one): anything else is InvalidParameterValue. */
export function int(params: QueryParams | undefined, key: string): number | undefined {
  const v = str(params, key);
  if (v === undefined || v === "") return undefined;
  if (!/^\s*[-+]?\d+\s*$/.test(v))
    throw invalidParameterValue(`Invalid value "${v}" for parameter ${key}: an integer is required.`);
  return Number(v);
}

/** A Boolean member: `true` or `false` (any case), as the SDKs send them; anything else is refused, not read as false. */
export function bool(params: QueryParams | undefined, key: string): boolean | undefined {
  const v = str(params, key);
  if (v === undefined) return undefined;
  const lower = v.toLowerCase();
  if (lower !== "true" && lower !== "false") {
    throw invalidParameterValue(`Invalid value "${v}" for parameter ${key}: true or false is required.`);
  }
  return lower === "true";
}

export function list(params: QueryParams | undefined, key: string): QueryValue[] {
  const v = params?.[key];
  if (Array.isArray(v)) return v.filter((x) => x !== undefined);
  return [];
}
