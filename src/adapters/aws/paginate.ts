/**
 * Collects every page of a paginated call. A loop of our own rather than the SDK's `paginateX` helpers because those
 * mutate one input object across pages and call `client.send` directly: here each page is its own request with a
 * fresh input, and goes through `Call` (throttling retry + error mapping) like every other request.
 */

/** Upper bound on pages, so an endpoint that keeps returning tokens can't loop forever. */
const MAX_PAGES = 10_000;

/**
 * `next(page)` returns the input fields that ask for the following page (e.g. `{ Marker }`), or undefined on the last
 * page. A token that repeats the previous one also ends the loop (some endpoints echo the last token).
 */
export async function collectPages<I extends object, O>(
  fetch: (input: I) => Promise<O>,
  input: NoInfer<I>,
  next: (page: O) => Partial<NoInfer<I>> | undefined,
): Promise<O[]> {
  const pages: O[] = [];
  let request = input;
  let previous: string | undefined;
  for (let i = 0; i < MAX_PAGES; i++) {
    const page = await fetch(request);
    pages.push(page);
    const more = next(page);
    const token = more === undefined ? undefined : JSON.stringify(more);
    if (token === undefined || token === previous) break;
    previous = token;
    request = { ...input, ...more };
  }
  return pages;
}

/** The `Marker` convention of RDS describe calls. */
export const byMarker = <P extends { Marker?: string }>(page: P): { Marker: string } | undefined =>
  page.Marker ? { Marker: page.Marker } : undefined;

/** Every item of a Marker-paginated RDS describe call, mapped to the domain shape. */
export async function describeAll<I extends object, O extends { Marker?: string }, S, D>(
  fetch: (input: I) => Promise<O>,
  input: NoInfer<I>,
  items: (page: O) => S[] | undefined,
  map: (item: S) => D,
): Promise<D[]> {
  const pages = await collectPages(fetch, input, byMarker as (page: O) => Partial<I> | undefined);
  return pages.flatMap((p) => (items(p) ?? []).map(map));
}
