/**
 * Parses an awsQuery form body into nested objects. Lists arrive as `Filters.Filter.1.Name` (member name from the
 * model) or `Filters.member.1.Name`; both become `{ Filters: [{ Name }] }`, so callers never care which.
 */
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

export function num(params: QueryParams | undefined, key: string): number | undefined {
  const v = str(params, key);
  return v === undefined || v === "" ? undefined : Number(v);
}

export function bool(params: QueryParams | undefined, key: string): boolean | undefined {
  const v = str(params, key);
  return v === undefined ? undefined : v.toLowerCase() === "true";
}

export function list(params: QueryParams | undefined, key: string): QueryValue[] {
  const v = params?.[key];
  if (Array.isArray(v)) return v.filter((x) => x !== undefined);
  return [];
}
