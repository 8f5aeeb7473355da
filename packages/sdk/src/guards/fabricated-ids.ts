import { formatPath } from "./path.js";

/** Options of {@link checkFabricatedIds}. */
export interface FabricatedIdOptions {
  /**
   * Everything the conversation has shown: user messages (strings), prior tool results / fact-ledger entries and
   * skeleton snapshots (any JSON). An id counts as seen when it equals a scalar found anywhere in these, or
   * appears as a whole token inside a string.
   */
  seen: Iterable<unknown>;
  /** The function's `idProjection` param, checked even if its name is not id-shaped. */
  idProjection?: string;
}

/** True for keys that hold ids: `id`, `*_id`, `*Id`. */
export function isIdKey(key: string, idProjection?: string): boolean {
  return key === "id" || key.endsWith("_id") || /[a-z0-9]Id$/.test(key) || (idProjection !== undefined && key === idProjection);
}

/** Collects every string and number (as text) inside the given sources. */
function collect(sources: Iterable<unknown>): { exact: Set<string>; texts: string[] } {
  const exact = new Set<string>();
  const texts: string[] = [];
  const visited = new Set<object>();
  const walk = (v: unknown): void => {
    if (typeof v === "string") {
      exact.add(v);
      texts.push(v);
    } else if (typeof v === "number" || typeof v === "bigint") {
      exact.add(String(v));
    } else if (typeof v === "object" && v !== null && !visited.has(v)) {
      visited.add(v);
      const vals = Array.isArray(v) ? v : Object.values(v);
      for (const x of vals) walk(x);
    }
  };
  for (const s of sources) walk(s);
  return { exact, texts };
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * I-AH-1: rejects an id-shaped arg whose value never appeared in the conversation. Runs on every retry, so a
 * model cannot get a made-up id through by rephrasing.
 */
export function checkFabricatedIds(
  args: unknown,
  opts: FabricatedIdOptions,
): { ok: true } | { ok: false; code: "FABRICATED_ID"; message: string; path: string; value: string } {
  const { exact, texts } = collect(opts.seen);
  const isSeen = (value: string): boolean => {
    if (exact.has(value)) return true;
    const re = new RegExp(`(^|[^A-Za-z0-9_-])${escapeRe(value)}($|[^A-Za-z0-9_-])`);
    return texts.some((t) => t.includes(value) && re.test(t));
  };
  const visited = new Set<object>();
  const checkValue = (v: unknown, path: (string | number)[]): { path: (string | number)[]; value: string } | null => {
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const hit = checkValue(v[i], [...path, i]);
        if (hit) return hit;
      }
      return null;
    }
    if (typeof v === "string" || typeof v === "number") {
      const s = String(v);
      if (s.trim() === "") return null;
      return isSeen(s) ? null : { path, value: s };
    }
    return walk(v, path);
  };
  const walk = (v: unknown, path: (string | number)[]): { path: (string | number)[]; value: string } | null => {
    if (typeof v !== "object" || v === null || visited.has(v)) return null;
    visited.add(v);
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const hit = walk(v[i], [...path, i]);
        if (hit) return hit;
      }
      return null;
    }
    for (const [k, val] of Object.entries(v)) {
      const hit = isIdKey(k, opts.idProjection) ? checkValue(val, [...path, k]) : walk(val, [...path, k]);
      if (hit) return hit;
    }
    return null;
  };
  const hit = walk(args, []);
  if (!hit) return { ok: true };
  const where = formatPath(hit.path);
  return {
    ok: false,
    code: "FABRICATED_ID",
    path: where,
    value: hit.value,
    message: `The id "${hit.value}" for ${where} does not appear anywhere in this conversation. Look it up first (list or search) or ask the user which item they mean.`,
  };
}
