// The fabricated-id guard's view of the conversation, indexed: an id is "seen" when it equals a scalar of the
// conversation or appears as a whole token inside one of its strings. Scanning every seen string per argument
// made each check linear in the conversation; the index answers in O(1) for token-shaped ids (every id shape
// the platform produces) and, for ids with separators, by verifying only the strings that hold the id's rarest token.

const BRAND = Symbol.for("imperal.sdk.seenIndex");
/** Characters that make up a token; anything else separates tokens (the I-AH-1 whole-token rule). */
const TOKEN_RUN = /[A-Za-z0-9_-]+/g;

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The whole-token rule as a regex: `value` bounded by the string's ends or by non-token characters. */
function wholeToken(value: string): RegExp {
  return new RegExp(`(^|[^A-Za-z0-9_-])${escapeRe(value)}($|[^A-Za-z0-9_-])`);
}

/**
 * Incremental index of conversation material for {@link checkFabricatedIds}. Add sources as they appear (user
 * messages, results, snapshots); `isSeen(value)` answers the guard's question without scanning them.
 */
export class SeenIndex {
  readonly [BRAND] = true;
  /** Every scalar (strings and numbers as text). */
  private readonly exact = new Set<string>();
  /** Every string added, for de-duplication and for the rare id with no token characters at all. */
  private readonly texts = new Set<string>();
  /** Maximal token run -> the strings that contain it as a whole token. */
  private readonly tokens = new Map<string, string[]>();
  /** Comparisons made by `isSeen` so far: lets a test check that the work per lookup does not grow with the index. */
  probes = 0;

  /** An index of the given sources (each any JSON-like value). */
  static from(sources: Iterable<unknown>): SeenIndex {
    const ix = new SeenIndex();
    for (const s of sources) ix.add(s);
    return ix;
  }

  /** Indexes every string and number inside `source` (any depth; iterative and cycle-safe). */
  add(source: unknown): void {
    const stack: unknown[] = [source];
    const visited = new Set<object>();
    while (stack.length > 0) {
      const v = stack.pop();
      if (typeof v === "string") this.addText(v);
      else if (typeof v === "number" || typeof v === "bigint") this.exact.add(String(v));
      else if (typeof v === "object" && v !== null && !visited.has(v)) {
        visited.add(v);
        for (const x of Array.isArray(v) ? v : Object.values(v)) stack.push(x);
      }
    }
  }

  private addText(t: string): void {
    if (this.texts.has(t)) return;
    this.texts.add(t);
    this.exact.add(t);
    for (const run of new Set(t.match(TOKEN_RUN) ?? [])) {
      const list = this.tokens.get(run);
      if (list) list.push(t);
      else this.tokens.set(run, [t]);
    }
  }

  /** True when `value` equals a seen scalar exactly. */
  has(value: string): boolean {
    return this.exact.has(value);
  }

  /** The guard's rule: `value` equals a seen scalar or appears as a whole token inside a seen string. */
  isSeen(value: string): boolean {
    this.probes++;
    if (this.exact.has(value)) return true;
    const runs = value.match(TOKEN_RUN);
    // A token-shaped value is a whole token of a string exactly when it is one of that string's maximal runs.
    if (runs && runs.length === 1 && runs[0] === value) {
      this.probes++;
      return this.tokens.has(value);
    }
    // Otherwise every run of the value is a maximal run of any string it sits in: check only the strings that
    // hold its rarest run. A value without token characters cannot use the index (rare: "!!", "日本").
    let candidates: Iterable<string> = this.texts;
    if (runs) {
      let best: string[] | undefined;
      for (const run of runs) {
        this.probes++;
        const list = this.tokens.get(run);
        if (!list) return false;
        if (!best || list.length < best.length) best = list;
      }
      candidates = best!;
    }
    const re = wholeToken(value);
    for (const t of candidates) {
      this.probes++;
      if (t.includes(value) && re.test(t)) return true;
    }
    return false;
  }
}

/** True for a {@link SeenIndex}, also one made by another copy of the SDK (checked by brand, not instanceof). */
export function isSeenIndex(x: unknown): x is SeenIndex {
  return (
    typeof x === "object" &&
    x !== null &&
    (x as Record<symbol, unknown>)[BRAND] === true &&
    typeof (x as SeenIndex).isSeen === "function"
  );
}
