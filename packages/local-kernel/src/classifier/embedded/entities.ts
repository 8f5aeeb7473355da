// Items the conversation has shown (skeleton block, fact ledger, caller-supplied entities) and how a step mentions
// them: typed ids, quoted labels, label phrases, distinctive label words.
import { collectIds } from "../../facts/ledger.js";
import { classesOf, IRREGULAR_PAST, stem, STOPWORDS } from "../lexicon.js";
import type { ClassifyInput, KnownEntity } from "../types.js";
import type { StepAnalysis } from "./analysis.js";
import { afterTopicCue, inTagList } from "./entity-cues.js";
import { namedKind, splitName } from "./tokens.js";
import type { ParamInfo, ToolInfo } from "./tools.js";

export interface Entity extends KnownEntity {
  /** an item known by its label only (a Trello card, a shopping list): its `id` is the label */
  named?: boolean;
  /** seen only as another item's field ("list": "Doing"): its kind may have more items than those seen */
  partial?: boolean;
  labelStems: string[];
  labelLower: string;
  order: number;
  /** shown by the newest fact-ledger turn (what "the second one" and a lone "it" point into) */
  lastTurn?: boolean;
}

/** One fact-ledger turn's items in their order, and the tools that produced them: what an ordinal counts in. */
export interface Listing {
  tools: string[];
  items: Entity[];
}

// `partial`: seen as another item's field ("list": "Doing"), so the kind may have more items than these.
// `turn`: the ledger turn that showed it, 0 the newest.
type LedgerEntity = KnownEntity & { lastTurn?: boolean; named?: boolean; partial?: boolean; turn?: number };

const NAMED_LABEL_KEYS = ["name", "title", "label"];

/**
 * Items a result shows by label without any id ({"lists": [{"name": "Backlog", "cards": [...]}]}), of the kinds the
 * catalog's params name ("card", "list"): what "move it to Review" can only refer to by that label.
 */
function namedItems(value: unknown, kinds: Set<string>, out: LedgerEntity[], key = "", depth = 0): void {
  if (depth > 10 || value === null || typeof value !== "object" || out.length > 500) return;
  if (Array.isArray(value)) {
    for (const v of value) namedItems(v, kinds, out, key, depth + 1);
    return;
  }
  const o = value as Record<string, unknown>;
  const kind = stem(splitName(key).pop() ?? "");
  if (kinds.has(kind) && !Object.keys(o).some((k) => k === "id" || /_id$|Id$/.test(k))) {
    const label = NAMED_LABEL_KEYS.map((k) => o[k]).find((v): v is string => typeof v === "string" && !!v.trim());
    if (label && label.length <= 120) out.push({ id: label, label, key, source: "fact", named: true });
  }
  for (const [k, v] of Object.entries(o)) {
    if (v && typeof v === "object") namedItems(v, kinds, out, k, depth + 1);
    // A card that shows its list by name ({"name": "Book DJ", "list": "Doing"}): a list of that label (a label
    // reads as words; "0 7 * * 1-5" in a schedule field is none).
    else if (
      typeof v === "string" &&
      v.length <= 80 &&
      /^\p{L}[\p{L}\p{N} '&-]*$/u.test(v) &&
      kinds.has(stem(k)) &&
      !NAMED_LABEL_KEYS.includes(k)
    )
      out.push({ id: v, label: v, key: k, source: "fact", named: true, partial: true });
  }
}

function namedFromLedger(ledger: ClassifyInput["factLedger"], kinds: Set<string>): LedgerEntity[] {
  const out: LedgerEntity[] = [];
  if (!ledger || kinds.size === 0) return out;
  const turns = typeof ledger === "string" ? ledger.split("\n").map((text) => ({ text })) : ledger;
  [...turns].reverse().forEach((t, turn) => {
    const n = out.length;
    try {
      namedItems(JSON.parse(t.text.slice(Math.max(0, t.text.indexOf("[")))), kinds, out);
    } catch {
      // A truncated turn shows no whole items.
    }
    // "the first one" counts the result's items, not the places they show ("list": "Doing").
    for (const e of out.slice(n)) if (!e.partial) Object.assign(e, { turn, ...(turn === 0 ? { lastTurn: true } : {}) });
  });
  return out;
}

export interface EntityHit {
  entity: Entity;
  score: number;
  toks: number[];
  quote?: number;
  explicit: boolean;
  /** "delete it" after a listing of one: the only result, not an item the user has pointed at */
  guess?: boolean;
}

/** Entities shown in a rendered skeleton block: `field=[Label (#id), #id2, ...]`. */
export function entitiesFromSkeletonBlock(block: string | undefined, kinds?: Set<string>): KnownEntity[] {
  if (!block) return [];
  const out: KnownEntity[] = [];
  for (const line of block.split("\n")) {
    for (const m of line.matchAll(/(\w+)=\[([^\]]*)\]/g)) {
      const key = m[1];
      // Items are joined with ", ": `#id`, `label (#id)` or a bare label (no id, useless for resolution).
      for (const piece of m[2].split(", ")) {
        const idOnly = /^#([^\s()]+)$/.exec(piece);
        const labelled = /^(.*) \(#([^()\s]+)\)$/.exec(piece);
        if (idOnly) out.push({ id: idOnly[1], key, source: "skeleton" });
        else if (labelled)
          out.push({ id: labelled[2], label: labelled[1].replace(/\.\.\.$/, ""), key, source: "skeleton" });
        else if (kinds?.has(stem(splitName(key).pop() ?? "")) && piece.trim() && !/\.\.\.$/.test(piece))
          out.push({ id: piece.trim(), label: piece.trim(), key, source: "skeleton", named: true } as KnownEntity);
      }
    }
  }
  return out;
}

function entitiesFromLedger(ledger: ClassifyInput["factLedger"]): { entities: LedgerEntity[]; ids: string[] } {
  if (!ledger) return { entities: [], ids: [] };
  const entities: LedgerEntity[] = [];
  const ids: string[] = [];
  const turns: Array<{ text: string; entities?: KnownEntity[]; ids?: string[] }> =
    typeof ledger === "string" ? ledger.split("\n").map((text) => ({ text })) : ledger;
  // Newest turn first so that "it" and equal labels prefer the latest result.
  let first = true;
  for (const [turn, t] of [...turns].reverse().entries()) {
    const seen = { source: "fact" as const, turn, ...(first ? { lastTurn: true } : {}) };
    if (t.entities) {
      for (const e of t.entities) entities.push({ ...e, ...seen });
      first = false;
      ids.push(...(t.ids ?? []));
      continue;
    }
    const jsonStart = t.text.indexOf("[");
    try {
      const found = collectIds(JSON.parse(t.text.slice(Math.max(0, jsonStart))));
      for (const e of found.entities.values()) entities.push({ ...e, ...seen });
      first = false;
      ids.push(...found.ids);
    } catch {
      // Truncated turn: fall back to regex for "x_id":"value" pairs.
      for (const m of t.text.matchAll(/"(\w*(?:^id|_id|Id))"\s*:\s*"([^"]+)"/g)) ids.push(m[2]);
    }
  }
  return { entities, ids };
}

/** Every known item, deduplicated by id (a labelled sighting wins), with all ids the conversation has shown. */
export function prepEntities(
  input: ClassifyInput,
  kinds: Set<string> = new Set(),
): { entities: Entity[]; ids: Set<string>; lastTurn: Entity[]; listings: () => Listing[] } {
  const led = entitiesFromLedger(input.factLedger);
  // The latest results first: their order is what "the second one" counts in.
  const all: LedgerEntity[] = [
    ...led.entities,
    ...namedFromLedger(input.factLedger, kinds),
    // Label-only items count for the kinds the catalog's params take ("lists" of a board, not "checks" of a profile).
    ...(input.entities ?? []).filter((e) => !e.named || kinds.has(stem(splitName(e.key ?? "").pop() ?? ""))),
    ...entitiesFromSkeletonBlock(input.skeletonBlock, kinds),
  ];
  const byId = new Map<string, Entity>();
  all.forEach((e, i) => {
    // A label-only item is keyed by its kind too: a list and a card may share a label.
    // ("lists" of a board and "list" of a card name the same kind: one item per kind and label.)
    const k = e.named ? `\u0000${namedKind(e.key)}\u0000${e.id}` : e.id;
    const prev = byId.get(k);
    // A label seen only as a field yields to the same label from a full list of its kind.
    if (prev && (prev.label || !e.label) && !(prev.partial && !e.partial)) return;
    const labelLower = (e.label ?? "").toLowerCase();
    byId.set(k, {
      ...e,
      // (A label found elsewhere keeps the sighting's place: the item is still one of the latest result's.)
      ...(prev?.lastTurn ? { lastTurn: true } : {}),
      labelLower,
      labelStems: (labelLower.match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => !STOPWORDS.has(w)).map((w) => stem(w)),
      order: prev?.order ?? i,
    });
  });
  const ids = new Set<string>([...[...byId.values()].filter((e) => !e.named).map((e) => e.id), ...led.ids]);
  const list = [...byId.values()].sort((a, b) => a.order - b.order);
  // Listings are only read when a step says an ordinal: built then, once.
  let listings: Listing[] | undefined;
  return {
    entities: list,
    ids,
    lastTurn: list.filter((e) => e.lastTurn),
    listings: () => (listings ??= listingsOf(input, all, byId)),
  };
}

/** Each ledger turn's whole items (newest turn first), as the deduplicated entities. */
function listingsOf(input: ClassifyInput, all: LedgerEntity[], byId: Map<string, Entity>): Listing[] {
  const turns = typeof input.factLedger === "string" ? input.factLedger.split("\n") : (input.factLedger ?? []);
  const out: Listing[] = [...turns].reverse().map((t) => ({
    tools: [...(typeof t === "string" ? t : t.text).slice(0, 4000).matchAll(/"tool"\s*:\s*"([\w.-]+)"/g)].map(
      (m) => m[1]!,
    ),
    items: [],
  }));
  for (const e of all) {
    if (e.turn === undefined || e.partial) continue;
    const item = byId.get(e.named ? `\u0000${namedKind(e.key)}\u0000${e.id}` : e.id);
    const l = out[e.turn];
    if (item && l && !l.items.includes(item)) l.items.push(item);
  }
  return out.filter((l) => l.items.length > 0);
}

/** Known items the step mentions, best first; generic words (the catalog's nouns, verbs) never make a partial match. */
export function matchEntities(a: StepAnalysis, entities: Entity[], genericStems: Set<string>): EntityHit[] {
  const hits: EntityHit[] = [];
  const toks = a.toks;
  // "die Notiz mit dem Vendor-Call", "der Kyoto-Notiz": a hyphenated compound says each of its words (stemmed once
  // per step, not per entity and label word).
  const compoundStems = toks.map((t) =>
    /^[\p{L}]{2,}(?:-[\p{L}]{2,})+$/u.test(t.lower) ? new Set(t.lower.split("-").map((x) => stem(x))) : undefined,
  );
  for (const e of entities) {
    // Explicit id typed by the user.
    // ("run at 9 instead of 8" says times of day, not items 9 and 8.)
    const timeOfDay = (k: number) =>
      /^\d{1,2}$/.test(toks[k]!.text) &&
      ((k > 0 && /^(?:at|um|by|from|until|till|of|before|after)$/.test(toks[k - 1]!.base)) ||
        /^(?:am|pm|uhr|h|o'clock|oclock)$/.test(toks[k + 1]?.base ?? ""));
    const idTok = toks.findIndex(
      (t, k) =>
        t.quote === undefined &&
        (t.lower === e.id.toLowerCase() || t.lower === `#${e.id.toLowerCase()}`) &&
        !timeOfDay(k),
    );
    if (idTok >= 0) {
      hits.push({ entity: e, score: 100, toks: [idTok], explicit: true });
      continue;
    }
    if (!e.labelLower || e.labelStems.length === 0) continue;
    // A file name or other label typed as one token ("hero-draft.png").
    const whole =
      e.labelLower.length > 3 && /[._-]/.test(e.labelLower) ? toks.findIndex((t) => t.lower === e.labelLower) : -1;
    if (whole >= 0) {
      hits.push({ entity: e, score: 50, toks: [whole], explicit: false });
      continue;
    }
    const qi = a.quotes.findIndex((q) => q.text.toLowerCase() === e.labelLower);
    if (qi >= 0) {
      hits.push({ entity: e, score: 50, toks: [toks.findIndex((t) => t.quote === qi)], quote: qi, explicit: false });
      continue;
    }
    // Exact phrase (stems, stopwords ignored) anywhere in the unquoted tokens.
    const words = toks
      .map((t, i) => ({ t, i }))
      .filter(({ t }) => !t.punct && t.quote === undefined && !STOPWORDS.has(t.base));
    let exact: number[] | undefined;
    // "create a card Pack kitchen in To pack": where the label's leading stopword is said too, that is the mention.
    const lead = e.labelLower.split(/\s+/)[0] ?? "";
    const leadStop = STOPWORDS.has(lead) && e.labelLower.includes(" ");
    for (let s = 0; s + e.labelStems.length <= words.length; s++) {
      if (!e.labelStems.every((st, k) => words[s + k].t.stem === st)) continue;
      const span = e.labelStems.map((_, k) => words[s + k].i);
      if (!exact) exact = span;
      if (!leadStop || toks[span[0]! - 1]?.base === lead) {
        exact = span;
        break;
      }
    }
    // "check the ssl cert": a one-word label that is also a word of the catalog ("SSL only" profile vs ssl_check)
    // names the item only with its kind after it ("the SSL profile").
    const kindAfter = () => {
      // The label's own filler words ("SSL only") may stand between it and its kind.
      const after = toks.slice(exact![0]! + 1).find((t) => !t.punct && !e.labelLower.split(/\s+/).includes(t.base));
      return splitName(e.key ?? "").some((w) => w !== "id" && after?.stem === stem(w));
    };
    if (exact && e.labelStems.length === 1 && genericStems.has(e.labelStems[0]!) && !kindAfter()) exact = undefined;
    else if (exact) {
      hits.push({ entity: e, score: 10 + e.labelStems.length, toks: exact, explicit: false });
      continue;
    }
    // Partial: distinctive label words present in the message, taken from one cluster (gaps <= 2 tokens) so a
    // label word elsewhere in the message ("Call" in a new title) is not claimed.
    const matched: number[] = [];
    // Label words a hyphenated compound says ("due-date" says two words of "Set due date ...").
    const compound = new Map<number, number>();
    // "remove the jpg": a file's extension tells it from its siblings, however generic the word is in the catalog.
    const ext = /\.([\p{L}\p{N}]{2,5})$/u.exec(e.labelLower)?.[1];
    let extTok = -1;
    for (const st of new Set(e.labelStems)) {
      for (const w of words) {
        // "sent the lease" names the task "Send signed lease": an irregular past says its verb.
        const past = IRREGULAR_PAST[w.t.base];
        const part = compoundStems[w.i]?.has(st) ?? false;
        if (w.t.stem !== st && !(past && stem(past) === st) && !part) continue;
        if (ext && w.t.lower === ext) {
          extTok = w.i;
          continue;
        }
        // A verb-like label word counts where the step does not use it as a verb ("the reading note").
        if (!(genericStems.has(st) || (classesOf(w.t.base).length > 0 && a.classes.some((c) => c.tok === w.i)))) {
          matched.push(w.i);
          if (part) compound.set(w.i, (compound.get(w.i) ?? 0) + 1);
        }
      }
    }
    matched.sort((x, y) => x - y);
    // ("Follow up with Nordlicht recruiter" has its own "with".)
    const labelWords = new Set(e.labelLower.split(/[^\p{L}\p{N}]+/u));
    let best: number[] = [];
    let cur: number[] = [];
    for (const i of matched) {
      // "the car insurance note to car and renewals": a label word said again is the new value, not the label.
      if (cur.some((j) => toks[j]!.stem === toks[i]!.stem)) continue;
      // "tag the vocab note with spanish", "comment on the tiles card: ordered 14": a word after "with"/"as" or a
      // colon is the value, not more of the name.
      if (
        cur.length &&
        (i - cur[cur.length - 1] > 3 ||
          toks
            .slice(cur[cur.length - 1]! + 1, i)
            .some(
              (t) => (/^(?:with|as|called|named|titled)$/.test(t.base) && !labelWords.has(t.base)) || t.text === ":",
            ))
      )
        cur = [];
      if (!cur.includes(i)) cur.push(i);
      if (cur.length > best.length) best = [...cur];
    }
    if (extTok >= 0) {
      // The first one named is the object ("remove the jpg …, the pdf can stay").
      hits.push({ entity: e, score: 2 + best.length - extTok / 100, toks: [extTok, ...best], explicit: false });
      continue;
    }
    const distinctive = best.reduce((n, i) => n + Math.max(1, compound.get(i) ?? 0), 0);
    if (distinctive > 0 && afterTopicCue(a, best[0], genericStems)) continue;
    // "notes tagged kitchen", "tagged both travel and kyoto", "both the tax and 2027 tags": words of a tag list are
    // tags, not part of an item's name.
    if (
      distinctive > 0 &&
      (/^(?:tagged|tag|tags|labell?ed|label|labels)$/.test(toks[best[0]! - 1]?.base ?? "") || inTagList(toks, best))
    )
      continue;
    if (distinctive > 0)
      hits.push({ entity: e, score: distinctive + distinctive / e.labelStems.length, toks: best, explicit: false });
  }
  // "delete the Mail domains monitor" with a group and a monitor of that name: the kind said after the name picks
  // the monitor; the namesake of another kind is no candidate.
  for (const h of [...hits]) {
    if (h.score < 10 || h.toks.length === 0 || h.toks.some((i) => i < 0)) continue;
    const after = toks[Math.max(...h.toks) + 1];
    const kindOf = (x: EntityHit) => namedKind(x.entity.key);
    if (!after || after.punct || kindOf(h) !== after.stem) continue;
    for (let j = hits.length - 1; j >= 0; j--) {
      const o = hits[j]!;
      if (o !== h && o.entity.labelLower === h.entity.labelLower && kindOf(o) !== after.stem) hits.splice(j, 1);
    }
  }
  return hits.sort((x, y) => y.score - x.score || x.entity.order - y.entity.order);
}

/** How well an item's kind fits an id param: the same key, a shared word (note_id / recent_notes), the tool's noun. */
export function entityKindScore(
  e: Entity,
  p: ParamInfo,
  tool: ToolInfo,
  kinds?: { has(stem: string): boolean },
): number {
  const key = (e.key ?? "").toLowerCase();
  if (key === p.name.toLowerCase()) return 2;
  const pStems = p.nameWords.filter((w) => w !== "id").map((w) => stem(w));
  const kStems = splitName(key)
    .filter((w) => w !== "id" && w !== "recent")
    .map((w) => stem(w));
  if (pStems.some((s) => kStems.includes(s))) return 1.5;
  // delete_notes_from_folder's folder_id is no note: the tool knows both kinds and the param names the other one.
  const kindOfTool = (x: string) => tool.nouns.has(x);
  if (pStems.some(kindOfTool) && kStems.some(kindOfTool) && !kStems.some((x) => pStems.includes(x))) return WRONG_KIND;
  // rename_folder's folder_id is no item of "recent_notes": both are kinds the catalog's tools are named after.
  if (
    kinds &&
    pStems.some((x) => kinds.has(x)) &&
    kStems.some((x) => kinds.has(x)) &&
    !kStems.some((x) => pStems.includes(x))
  )
    return WRONG_KIND;
  // A folder's id (`folder_id`) in a note_id param: another kind of item, never the one meant.
  if (/(?:^|_)id$/.test(key) && kStems.length > 0 && pStems.length > 0) return WRONG_KIND;
  if ([...tool.nouns].some((n) => kStems.includes(n))) return 1;
  return 0;
}

/** entityKindScore of an item whose id key names another kind than the param. */
export const WRONG_KIND = -5;
