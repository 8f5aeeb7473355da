// Several items for a one-item tool: "delete Q3 roadmap and meeting prep", "close issues 42 and 43",
// 'add "Pack bags" and "Print tickets" as tasks'. The plan repeats the call once per further item.
import { DETERMINERS, type StepAnalysis } from "../analysis.js";
import type { EntityHit } from "../entities.js";
import { isToolNoun, type ToolInfo } from "../tools.js";
import { stem, THING_PARAM } from "../../lexicon.js";
import { NUMBER_WORDS } from "./numbers.js";

/** `before`: the item stands before the step's own target in the message, so its call comes first. */
export type ExtraItem = { param: string; value: unknown; before?: boolean; also?: Record<string, unknown> };

const isJoiner = (t: { base: string; text: string }) => t.base === "and" || t.base === "&" || t.text === ",";

/** 'add "Pack bags" and "Print tickets" as tasks': one create per quoted value joined by and/commas. */
export function moreQuotedItems(tool: ToolInfo, a: StepAnalysis, args: Record<string, unknown>): ExtraItem[] {
  if (tool.cls !== "create" || a.quotes.length < 2) return [];
  const qi = a.quotes.findIndex((q) => Object.values(args).includes(q.text));
  const param = Object.keys(args).find((k) => args[k] === a.quotes[qi]?.text);
  if (qi < 0 || !param) return [];
  const out: ExtraItem[] = [];
  let k = a.toks.findIndex((t) => t.quote === qi);
  for (let j = k + 1; j < a.toks.length; j++) {
    const t = a.toks[j];
    if (t.quote === undefined) continue;
    const between = a.toks.slice(k + 1, j);
    if (t.used || !between.length || !between.every(isJoiner) || Object.values(args).includes(t.text)) break;
    out.push({ param, value: t.text });
    k = j;
  }
  return out;
}

/** Further items joined to the step's target by "and"/"," ("A and B", "42, 43 and 44"), for a one-id tool. */
export function moreTargets(
  tool: ToolInfo,
  a: StepAnalysis,
  hits: EntityHit[],
  args: Record<string, unknown>,
): ExtraItem[] {
  const idPs = tool.params.filter((p) => p.isId && p.required);
  if (idPs.length !== 1 || args[idPs[0].name] === undefined) return [];
  const p = idPs[0];
  const first = args[p.name];
  // Only "and", "&", commas, articles and the tool's noun may stand between two items ("the Q3 note and the X").
  // A word of either item's label the match left out counts as part of it ("the sourdough log and the tax ...").
  const joiner = (from: number, to: number, labels: string[] = []) => {
    const between = a.toks.slice(from + 1, to);
    const own = new Set(labels.flatMap((l) => l.toLowerCase().split(/[^\p{L}\p{N}]+/u)));
    return (
      between.length > 0 &&
      between.length <= 5 &&
      between.some(isJoiner) &&
      between.every((t) => isJoiner(t) || DETERMINERS.has(t.base) || isToolNoun(t, tool) || own.has(t.base))
    );
  };
  const labelOf = (h: EntityHit) => h.entity.label ?? "";
  const out: ExtraItem[] = [];
  const used = hits.find((h) => h.entity.id === first && h.toks.length > 0);
  if (used) {
    // "trash the sourdough log and the tax checklist" where the second name matched better: the first is an item too.
    let start = Math.min(...used.toks);
    // A partial name counts beside another partial one: neither is surer than the other.
    const floor = Math.min(10, used.score / 2);
    const earlier = hits
      .filter((h) => h !== used && h.score >= floor && h.toks.length > 0 && Math.max(...h.toks) < start)
      .sort((x, y) => Math.max(...y.toks) - Math.max(...x.toks));
    for (const h of earlier) {
      if (
        !joiner(Math.max(...h.toks), start, [labelOf(h), labelOf(used)]) ||
        h.entity.id === first ||
        out.some((o) => o.value === h.entity.id)
      )
        break;
      out.unshift({ param: p.name, value: h.entity.id, before: true });
      start = Math.min(...h.toks);
    }
    let last = Math.max(...used.toks);
    const rest = hits
      .filter((h) => h !== used && h.score >= floor && h.toks.length > 0 && Math.min(...h.toks) > last)
      .sort((x, y) => Math.min(...x.toks) - Math.min(...y.toks));
    for (const h of rest) {
      if (
        !joiner(last, Math.min(...h.toks), [labelOf(h), labelOf(used)]) ||
        h.entity.id === first ||
        out.some((o) => o.value === h.entity.id)
      )
        break;
      out.push({ param: p.name, value: h.entity.id });
      last = Math.max(...h.toks);
    }
    return out;
  }
  // Numbers: "issues 42 and 43", "#7, #8".
  let k = a.toks.findIndex(
    (t) => t.quote === undefined && t.text.replace("#", "") === String(first) && /^#?\d+$/.test(t.text),
  );
  if (k < 0) return [];
  for (let j = k + 1; j < a.toks.length; j++) {
    const t = a.toks[j];
    if (!/^#?\d+$/.test(t.text) || t.quote !== undefined) continue;
    if (!joiner(k, j) || a.dates.some((d) => t.start >= d.start && t.end <= d.end)) break;
    const n = t.text.replace("#", "");
    out.push({ param: p.name, value: p.type === "integer" || p.type === "number" ? Number(n) : n });
    k = j;
  }
  return out;
}

// "add milk and bread to the shopping list": the goods said between the verb and the list.
const GOODS_RE =
  /\b(?:add|put|get|buy|grab|stick|throw|need|pick up|setz\p{L}*|pack\p{L}*)\s+(.+?)\s+(?:to|on|onto|in|auf)\s+(?:the|my|our|die|meine|unsere)\s+(?:[\p{L}-]+\s+)?(?:list|liste|einkaufsliste)\b/iu;
// "a dozen eggs", "an onion": the article counts one too.
const SMALL_NUMBERS: Record<string, number> = { ...NUMBER_WORDS, a: 1, an: 1, one: 1 };

/**
 * "add milk and 2 loaves of bread to the shopping list": a one-item tool gets one call per thing, each with its own
 * quantity. The step's own args take the first thing; the rest follow. ("a note about milk and bread" is no list.)
 */
export function moreGoods(tool: ToolInfo, a: StepAnalysis, args: Record<string, unknown>): ExtraItem[] {
  const p = tool.params.find((x) => x.type === "string" && x.required && THING_PARAM.test(x.name));
  if (!p || tool.entry.actionType === "read" || a.quotes.length > 0) return [];
  const m = GOODS_RE.exec(a.text);
  if (!m) return [];
  const parts = m[1]!
    .split(/\s*,\s*(?:and\s+|und\s+)?|\s+(?:and|und|&|plus)\s+/iu)
    .map((s) => s.trim())
    .filter(Boolean);
  if (parts.length < 2 || parts.some((s) => s.split(/\s+/).length > 4)) return [];
  const qty = tool.params.find(
    (x) => (x.type === "integer" || x.type === "number") && /^(?:quantity|qty|count|amount)$/.test(x.name),
  );
  const read = (s: string) => {
    const w = /^(\d+|[\p{L}]+)\s+(.+)$/u.exec(s);
    const n = w ? (/^\d+$/.test(w[1]!) ? Number(w[1]) : SMALL_NUMBERS[w[1]!.toLowerCase()]) : undefined;
    const thing = n !== undefined && w ? w[2]!.replace(/^(?:x\s+)/i, "") : s;
    const out: Record<string, unknown> = { [p.name]: thing };
    if (qty) out[qty.name] = n ?? qty.schema.default ?? 1;
    return out;
  };
  const [first, ...rest] = parts.map(read);
  Object.assign(args, first);
  return rest.map((r) => ({ param: p.name, value: r[p.name], also: r }));
}

// "add three tasks: buy paint, fix the shelf, call mom": the kind's plural, a colon, then the items.
const LISTED_RE = /\b(?:(\d+|\p{L}+)\s+)?(?:new\s+)?(\p{L}{3,}s)\s*:\s*(.+)$/iu;

/**
 * "add three tasks: buy paint, fix the shelf, call mom": one create per listed item. A count, when said, must match
 * the items found, or nothing is split.
 */
export function moreListed(tool: ToolInfo, a: StepAnalysis, args: Record<string, unknown>): ExtraItem[] {
  if (tool.cls !== "create" || a.quotes.length > 0) return [];
  const m = LISTED_RE.exec(a.text);
  if (!m || !tool.nouns.has(stem(m[2]!.toLowerCase()))) return [];
  const said = m[1] ? m[1].toLowerCase() : undefined;
  const count = said === undefined ? undefined : /^\d+$/.test(said) ? Number(said) : NUMBER_WORDS[said];
  let parts = m[3]!
    .replace(/[.!]+\s*$/, "")
    .split(/\s*[,;]\s*/)
    .map((x) => x.trim())
    .filter(Boolean);
  // "buy paint, fix the shelf and call mom": the last comma may be an "and".
  const last = parts[parts.length - 1]?.split(/\s+(?:and|und)\s+/i) ?? [];
  if (last.length === 2 && (count === undefined ? parts.length >= 2 : count === parts.length + 1))
    parts = [...parts.slice(0, -1), ...last];
  if (parts.length < 2 || (count !== undefined && count !== parts.length)) return [];
  if (parts.some((x) => x.split(/\s+/).length > 8)) return [];
  const param =
    Object.keys(args).find(
      (k) => typeof args[k] === "string" && (args[k] as string).toLowerCase() === parts[0]!.toLowerCase(),
    ) ??
    tool.params.find((x) => x.type === "string" && x.required && /^(?:title|name|text|summary|subject)$/.test(x.name))
      ?.name;
  if (!param) return [];
  args[param] = parts[0];
  return parts.slice(1).map((value) => ({ param, value }));
}
