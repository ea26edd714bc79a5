import { invalidParameterValue } from "../aws-error.js";

/**
 * RDS-style Marker/MaxRecords paging. The marker is an opaque offset; MaxRecords must be 20–100 as the real API
 * demands (default 100).
 */
export function paginate<T>(
  items: T[],
  marker: string | undefined,
  maxRecords: number | undefined,
): { page: T[]; marker?: string } {
  const max = maxRecords ?? 100;
  if (!Number.isInteger(max) || max < 20 || max > 100) {
    throw invalidParameterValue(`Invalid value ${maxRecords} for MaxRecords. Must be between 20 and 100`);
  }
  const start = marker ? Number.parseInt(Buffer.from(marker, "base64url").toString(), 10) : 0;
  if (!Number.isInteger(start) || start < 0) throw invalidParameterValue("Invalid Marker");
  const page = items.slice(start, start + max);
  const next = start + max < items.length ? Buffer.from(String(start + max)).toString("base64url") : undefined;
  return next ? { page, marker: next } : { page };
}
