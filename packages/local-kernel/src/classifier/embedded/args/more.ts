// Several items for a one-item tool: "delete Q3 roadmap and meeting prep", "close issues 42 and 43",
// 'add "Pack bags" and "Print tickets" as tasks'. The plan repeats the call once per further item.
import { DETERMINERS, type StepAnalysis } from "../analysis.js";
import type { EntityHit } from "../entities.js";
import { isToolNoun, type ToolInfo } from "../tools.js";

/** `before`: the item stands before the step's own target in the message, so its call comes first. */
export type ExtraItem = { param: string; value: unknown; before?: boolean };

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
