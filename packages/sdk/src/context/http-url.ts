// The one rule for `ctx.http` URLs, shared by the kernel's client and the testing kit so they cannot disagree.

/** Values `ctx.http` accepts in `query` (undefined entries are skipped, so optional params can be passed as-is). */
export type HttpQueryValue = string | number | boolean | undefined;

/**
 * The request URL for `ctx.http.<method>(url, { query })`: each `query` entry, in order, **replaces** every
 * same-named parameter already in `url` (the first occurrence keeps its position, later duplicates are removed;
 * a new name is appended). Undefined values change nothing. Returns a parsed URL, or throws TypeError when `url`
 * is not absolute.
 */
export function buildHttpUrl(url: string | URL, query?: Record<string, HttpQueryValue>): URL {
  const u = new URL(url);
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v === undefined) continue;
    // URLSearchParams.set is exactly "replace the first, drop the rest, append when new".
    u.searchParams.set(k, String(v));
  }
  return u;
}
