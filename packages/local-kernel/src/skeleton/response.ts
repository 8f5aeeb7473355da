// What the scheduler reads from a refresh: the unwrapped response, its canonical form for change detection, and
// error messages.

/** FNV-1a hash of a string (spreads first refreshes deterministically). */
export function stableHash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** Canonical JSON (sorted keys) so key order alone never counts as a change. */
export function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, x) =>
    x && typeof x === "object" && !Array.isArray(x)
      ? Object.fromEntries(
          Object.keys(x)
            .sort()
            .map((k) => [k, x[k]]),
        )
      : x,
  );
}

/** The message of anything thrown. */
export function errMessage(e: unknown): string {
  if (typeof e === "string") return e;
  if (e && typeof e === "object" && "message" in e && typeof (e as { message: unknown }).message === "string")
    return (e as { message: string }).message;
  return String(e);
}

/**
 * Unwraps a skeleton handler's return value: `{ response: x }` -> x; an ActionResult-like `{ status: "success", data }`
 * (seen in real extensions) -> data; anything else is the "inner object returned directly" error.
 */
export function unwrapSkeletonResponse(value: unknown): { ok: true; data: unknown } | { ok: false; message: string } {
  if (value && typeof value === "object" && !Array.isArray(value)) {
    const o = value as Record<string, unknown>;
    if (Object.prototype.hasOwnProperty.call(o, "response") && o.response !== undefined)
      return { ok: true, data: o.response };
    if (o.status === "success" && "data" in o && typeof o.summary === "string") return { ok: true, data: o.data };
    if (o.status === "error")
      return {
        ok: false,
        message: typeof o.error === "string" ? o.error : "skeleton handler returned an error result",
      };
  }
  return {
    ok: false,
    message: "skeleton handler must return { response: {...} }; it returned the inner value directly",
  };
}
