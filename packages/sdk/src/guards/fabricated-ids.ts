import { SDK_ERROR_CODES } from "../errors/codes.js";
import { isIdKey } from "../patterns.js";
import { findArg, formatPath, ownerKey } from "./path.js";
import { isSeenIndex, SeenIndex } from "./seen-index.js";

/** Options of {@link checkFabricatedIds}. */
export interface FabricatedIdOptions {
  /**
   * Everything the conversation has shown: user messages (strings), prior tool results / fact-ledger entries and
   * skeleton snapshots (any JSON). An id counts as seen when it equals a scalar found anywhere in these, or
   * appears as a whole token inside a string. Pass a {@link SeenIndex} (kept up to date as the conversation grows)
   * to make each check O(1) instead of indexing the sources on every call.
   */
  seen: Iterable<unknown> | SeenIndex;
  /** The function's `idProjection` param, checked even if its name is not id-shaped. */
  idProjection?: string;
}

export { isIdKey };

/**
 * I-AH-1: rejects an id-shaped arg whose value never appeared in the conversation. Runs on every retry, so a
 * model cannot get a made-up id through by rephrasing.
 */
export function checkFabricatedIds(
  args: unknown,
  opts: FabricatedIdOptions,
): { ok: true } | { ok: false; code: "FABRICATED_ID"; message: string; path: string; value: string } {
  const index = isSeenIndex(opts.seen) ? opts.seen : SeenIndex.from(opts.seen as Iterable<unknown>);
  // Only leaves owned by an id-shaped key (directly, or inside arrays under it) are ids; nested objects are judged
  // by their own keys.
  const hit = findArg(args, (leaf, path) => {
    const key = ownerKey(path);
    if (key === undefined || !isIdKey(key, opts.idProjection)) return false;
    const s = String(leaf);
    return s.trim() !== "" && !index.isSeen(s);
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
