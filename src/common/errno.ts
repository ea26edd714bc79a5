/** The `code` of a Node system error (`ENOENT`, `EEXIST`, `EPERM`, …), or undefined for anything else thrown. */
export function errnoCode(err: unknown): string | undefined {
  return typeof err === "object" && err !== null && "code" in err && typeof err.code === "string"
    ? err.code
    : undefined;
}
