// Fact ledger: verbatim ActionResult.data of a user's last turns, fed to the classifier and to the
// fabricated-id guard (I-AH-1). Bounded: 5 turns, 3 KB per turn (SPEC 4).
import { isIdKey } from "@imperal/sdk/patterns";

export const FACT_LEDGER_TURNS = 5;
export const FACT_LEDGER_TURN_BYTES = 3072;
/** Appended to a turn's JSON when it was cut to the byte cap. */
export const TRUNCATION_MARKER = "…[truncated]";

export interface FactCall {
  tool: string;
  data: unknown;
}

/** One turn as the classifier sees it: the serialized calls (<= 3 KB), whether it was cut, and the ids it carried. */
export interface FactTurn {
  turnId: string;
  at: number;
  tools: string[];
  /** JSON of `[{ tool, data }]`, verbatim unless `truncated` (then cut at a UTF-8 boundary + marker). */
  text: string;
  truncated: boolean;
  /** Parsed calls when not truncated (verbatim data). */
  calls?: FactCall[];
  /** Id-shaped values found in the full (pre-truncation) data. */
  ids: string[];
  /** Entities (id + label) found in the full data, for id resolution by name. */
  entities: LedgerItem[];
}

const LABEL_KEYS = ["title", "name", "label", "subject"];

export { isIdKey };

function idValue(v: unknown): string | undefined {
  if (typeof v === "string" && v.length > 0) return v;
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  return undefined;
}

/** An item a result showed: its id, label, id key, and its short string lists (`tags: ["home"]`). */
export type LedgerItem = {
  id: string;
  label?: string;
  key: string;
  lists?: Record<string, string[]>;
  /** Short text fields (`schedule: "0 8 * * 1-5"`): what an edit of one part of a value starts from. */
  fields?: Record<string, string>;
};

/** "cards" -> "card", "entries" -> "entry": the kind of the items an array key holds. */
const singular = (k: string): string | undefined => {
  const w = k.toLowerCase();
  if (!/^[a-z]{3,}s$/.test(w)) return undefined;
  return w.endsWith("ies") ? `${w.slice(0, -3)}y` : w.slice(0, -1);
};

/** Walks any JSON value and collects id-shaped values and (id, label) entities. */
export function collectIds(
  value: unknown,
  out: { ids: Set<string>; entities: Map<string, LedgerItem> } = {
    ids: new Set(),
    entities: new Map(),
  },
  depth = 0,
  kind?: string,
): typeof out {
  if (depth > 12 || value === null || typeof value !== "object") return out;
  if (Array.isArray(value)) {
    for (const v of value) collectIds(v, out, depth + 1, kind);
    return out;
  }
  const o = value as Record<string, unknown>;
  let label: string | undefined;
  for (const k of LABEL_KEYS)
    if (typeof o[k] === "string" && (o[k] as string).trim()) {
      label = o[k] as string;
      break;
    }
  // An item without a name is known by what it says it does ("Send me a morning digest", an automation rule).
  if (!label)
    for (const [k, v] of Object.entries(o))
      if (/(?:^|_)(?:description|summary|text)$/.test(k) && typeof v === "string" && v.trim() && v.length <= 160) {
        label = v;
        break;
      }
  let primary: { id: string; key: string } | undefined;
  for (const [k, v] of Object.entries(o)) {
    if (isIdKey(k) || /(_ids|[a-z0-9]Ids|^ids)$/.test(k)) {
      const list = Array.isArray(v) ? v : [v];
      for (const x of list) {
        const id = idValue(x);
        if (id !== undefined) {
          out.ids.add(id);
          if (!primary && !Array.isArray(v) && isIdKey(k)) primary = { id, key: k };
        }
      }
    } else if (v && typeof v === "object") collectIds(v, out, depth + 1, singular(k));
  }
  // A plain "id" inside "cards": [...] is a card's id ("card_id"), so its kind is known like any other's.
  if (typeof o.id === "string" || typeof o.id === "number")
    primary = { id: String(o.id), key: kind && /^[a-z]+$/.test(kind) ? `${kind}_id` : "id" };
  if (primary) {
    const prev = out.entities.get(primary.id);
    if (!prev || (!prev.label && label)) {
      // "add the tag spring to it": a list the item already has is what an edit of the whole list starts from.
      let lists: Record<string, string[]> | undefined;
      for (const [k, v] of Object.entries(o))
        if (
          Array.isArray(v) &&
          v.length <= 30 &&
          !isIdKey(k) &&
          !/(_ids|[a-z0-9]Ids|^ids)$/.test(k) &&
          v.every((x) => typeof x === "string" && x.length <= 60)
        )
          (lists ??= {})[k] = v as string[];
      let fields: Record<string, string> | undefined;
      for (const [k, v] of Object.entries(o))
        if (typeof v === "string" && v.length <= 60 && k !== "id" && !isIdKey(k) && !LABEL_KEYS.includes(k))
          (fields ??= {})[k] = v;
      out.entities.set(primary.id, {
        id: primary.id,
        label,
        key: primary.key,
        ...(lists ? { lists } : {}),
        ...(fields ? { fields } : {}),
      });
    }
  }
  return out;
}

function cutUtf8(s: string, maxBytes: number): string {
  const buf = Buffer.from(s, "utf8");
  if (buf.length <= maxBytes) return s;
  let end = maxBytes;
  while (end > 0 && (buf[end] & 0xc0) === 0x80) end--; // never split a multi-byte character
  return buf.subarray(0, end).toString("utf8");
}

/** Fact ledger of one user. */
export class FactLedger {
  private turns: FactTurn[] = [];
  private seq = 0;

  constructor(private readonly opts: { maxTurns?: number; maxBytesPerTurn?: number; now?: () => number } = {}) {}

  /** Records one turn's successful calls (skips turns without calls); drops the oldest beyond 5 turns. */
  addTurn(calls: FactCall[], turnId?: string): FactTurn | undefined {
    if (calls.length === 0) return undefined;
    const max = this.opts.maxBytesPerTurn ?? FACT_LEDGER_TURN_BYTES;
    const json = JSON.stringify(calls.map((c) => ({ tool: c.tool, data: c.data ?? null })));
    const truncated = Buffer.byteLength(json, "utf8") > max;
    const text = truncated
      ? cutUtf8(json, max - Buffer.byteLength(TRUNCATION_MARKER, "utf8")) + TRUNCATION_MARKER
      : json;
    const found = collectIds(calls.map((c) => c.data));
    const turn: FactTurn = {
      turnId: turnId ?? `t${++this.seq}`,
      at: (this.opts.now ?? Date.now)(),
      tools: calls.map((c) => c.tool),
      text,
      truncated,
      calls: truncated ? undefined : (JSON.parse(json) as FactCall[]),
      ids: [...found.ids],
      entities: [...found.entities.values()],
    };
    this.turns.push(turn);
    const keep = this.opts.maxTurns ?? FACT_LEDGER_TURNS;
    if (this.turns.length > keep) this.turns.splice(0, this.turns.length - keep);
    return turn;
  }

  /** Turns, oldest first. */
  entries(): FactTurn[] {
    return this.turns.map((t) => ({ ...t }));
  }

  /** Every id-shaped value of the kept turns (for the fabricated-id guard). */
  ids(): Set<string> {
    return new Set(this.turns.flatMap((t) => t.ids));
  }

  /** (id, label) pairs of the kept turns, newest first, for resolving "the Q3 roadmap note" to an id. */
  entities(): LedgerItem[] {
    return [...this.turns].reverse().flatMap((t) => t.entities);
  }

  /** Prompt rendering: one line per turn, oldest first; "" when empty. */
  render(): string {
    return this.turns.map((t, i) => `turn -${this.turns.length - i} (${t.tools.join(", ")}): ${t.text}`).join("\n");
  }

  clear(): void {
    this.turns = [];
  }
}

/** Per-user fact ledgers (isolated; purged on uninstall). */
export class FactLedgers {
  private readonly byUser = new Map<string, FactLedger>();
  constructor(private readonly opts: ConstructorParameters<typeof FactLedger>[0] = {}) {}

  /** The user's ledger, created on first use. */
  for(user: string): FactLedger {
    let l = this.byUser.get(user);
    if (!l) this.byUser.set(user, (l = new FactLedger(this.opts)));
    return l;
  }

  purge(user: string): void {
    this.byUser.delete(user);
  }
}
