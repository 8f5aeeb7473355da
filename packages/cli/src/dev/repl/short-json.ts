const MAX_CHARS = 160;

/** Compact JSON for one line, shortened with an ellipsis. */
export function shortJson(v: unknown, max = MAX_CHARS): string {
  let s: string;
  try {
    s = JSON.stringify(v ?? {});
  } catch {
    s = String(v);
  }
  return s.length > max ? s.slice(0, max - 1) + "…" : s;
}
