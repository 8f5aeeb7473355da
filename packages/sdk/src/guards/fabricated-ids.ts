import { SDK_ERROR_CODES } from "../errors/codes.js";
import { isIdKey } from "../patterns.js";
import { findArg, formatPath, ownerKey } from "./path.js";

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

export { isIdKey };

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
  // Only leaves owned by an id-shaped key (directly, or inside arrays under it) are ids; nested objects are judged
  // by their own keys.
  const hit = findArg(args, (leaf, path) => {
    const key = ownerKey(path);
    if (key === undefined || !isIdKey(key, opts.idProjection)) return false;
    const s = String(leaf);
    return s.trim() !== "" && !isSeen(s);
  });
  if (!hit) return { ok: true };
  const where = formatPath(hit.path);
  return {
    ok: false,
    code: SDK_ERROR_CODES.FABRICATED_ID,
    path: where,
    value: hit.value,
    message:
      `The id "${hit.value}" for ${where} does not appear anywhere in this conversation. ` +
      "Look it up first (list or search) or ask the user which item they mean.",
  };
}
