// Whether a step mentions an enum value of the catalog: the value itself, spaced, a synonym, a participle or the verb
// of a noun value, never negated, never a word of an item's name.
import { ENUM_SYNONYMS, NEGATION_BEFORE } from "../lexicon.js";
import type { StepAnalysis } from "./analysis.js";

// Enum forms are tested per value and step: keep their regexes (bounded so odd catalogs cannot grow it forever).
const formRegex = new Map<string, RegExp>();
function formRe(f: string): RegExp {
  let re = formRegex.get(f);
  if (!re) {
    re = new RegExp(`(?<![\\p{L}\\p{N}_])${f.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![\\p{L}\\p{N}_])`, "u");
    if (formRegex.size < 10_000) formRegex.set(f, re);
  }
  return re;
}

/** Where the step mentions an enum value (itself, spaced, a synonym or a participle), longest mention; else undefined. */
export function enumMentioned(value: string, a: StepAnalysis): { start: number; end: number } | undefined {
  const v = value.toLowerCase();
  const forms = new Set([v, v.replace(/_/g, " "), ...(ENUM_SYNONYMS[v] ?? [])]);
  // A participle of a one-word value: "trashed notes" -> trash, "archived" -> archive.
  if (/^[a-z]{3,}$/.test(v) && !/ed$/.test(v)) forms.add(v.endsWith("e") ? `${v}d` : `${v}ed`);
  // The verb of an "-ation" value: "has it propagated?" -> propagation, "validating" -> validation.
  const ation = /^([a-z]{3,})ation$/.exec(v)?.[1];
  if (ation) for (const f of [`${ation}ate`, `${ation}ated`, `${ation}ating`, `${ation}ates`]) forms.add(f);
  // The verb of a noun value: "when it fails" -> failures, "if it fails" -> failure.
  const root = /^([a-z]{3,})ures?$/.exec(v)?.[1];
  if (root) for (const f of [`${root}s`, `${root}ing`, `${root}ed`, `${root}ure`]) forms.add(f);
  const lower = a.maskedLower;
  let best: { start: number; end: number } | undefined;
  for (const f of forms) {
    if (f.length < 2 || !lower.includes(f)) continue;
    const re = formRe(f);
    const m = re.exec(lower);
    // "haven't started", "not done": a negated form does not mean the value (its own synonym may, e.g. todo).
    if (m && NEGATION_BEFORE.test(lower.slice(Math.max(0, m.index - 24), m.index)) && !/^(not|un|haven|hasn)/.test(f))
      continue;
    // "my to-do list", "the open list": a value naming a list is not a filter.
    if (
      m &&
      /^\s+list\b/.test(lower.slice(m.index + m[0].length)) &&
      (f !== v || /\b(?:my|the|our|your)\s+$/.test(lower.slice(Math.max(0, m.index - 6), m.index)))
    )
      continue;
    // "all tasks, done ones too": an added value is not the filter itself.
    if (m && v !== "all" && /^\s+(?:[\p{L}]+\s+)?(?:too|as well|included)\b/u.test(lower.slice(m.index + m[0].length)))
      continue;
    // "everything, including done": an added value is not the filter itself.
    if (
      m &&
      /\b(?:including|incl\.?|plus|even|auch|inklusive|samt)\s+(?:the\s+|die\s+|der\s+|den\s+)?$/.test(
        lower.slice(Math.max(0, m.index - 16), m.index),
      ) &&
      v !== "all"
    )
      continue;
    // "into Archive 2025": a capitalised word of an item's name is no value ("archive" of note_save's field).
    if (
      m &&
      /^\p{Lu}/u.test(a.text.slice(m.index, m.index + 1)) &&
      a.labelSpans?.some(([s0, e0]) => m.index >= s0 && m.index + m[0].length <= e0)
    )
      continue;
    // "rename Old stuff to Archive 2027", "call it Done list": a capitalised new name is no value either.
    if (
      m &&
      /^\p{Lu}/u.test(a.text.slice(m.index, m.index + 1)) &&
      /\b(?:rename|renaming|retitle|call|umbenennen|benenn\p{L}*)\b/u.test(lower) &&
      /\b(?:to|as|it|called|named|titled|in|zu)\s+$/.test(lower.slice(Math.max(0, m.index - 8), m.index))
    )
      continue;
    if (m && (!best || m[0].length > best.end - best.start)) best = { start: m.index, end: m.index + m[0].length };
  }
  // A value of several words may be said with words between them: never_heavy <- "never use heavy readers"; a
  // never_/no_ value is also said by negating the rest ("don't use the heavy reader").
  if (!best && v.includes("_")) {
    const neg = /^(never|no|without)_(.+)$/.exec(v);
    if (neg) {
      const rest = neg[2]!.split("_").join(String.raw`\s+`);
      const re = new RegExp(String.raw`\b(?:never|no|not|without|don'?t|do not)\s+(?:[\p{L}'-]+\s+){0,3}?${rest}`, "u");
      const m = re.exec(lower);
      if (m) return { start: m.index, end: m.index + m[0].length };
    }
    // always_heavy <- "use the heavy reader": a value that only qualifies its rest is said by the rest alone.
    const pos = /^(?:always|only|force|forced)_(.+)$/.exec(v);
    if (pos) {
      const rest = pos[1]!.split("_").join(String.raw`\s+`);
      const m = new RegExp(String.raw`\b${rest}\b`, "u").exec(lower);
      if (m && !NEGATION_BEFORE.test(lower.slice(Math.max(0, m.index - 24), m.index)))
        return { start: m.index, end: m.index + m[0].length };
    }
    const parts = v.split("_").filter((x) => x.length > 1);
    if (parts.length >= 2 && parts.every((x) => /^[\p{L}\p{N}]+$/u.test(x))) {
      const gap = String.raw`[\p{L}\p{N}]*(?:\s+[\p{L}\p{N}'-]+){0,3}?\s+`;
      const m = new RegExp(String.raw`\b${parts.join(gap)}[\p{L}\p{N}]*`, "u").exec(lower);
      if (m) best = { start: m.index, end: m.index + m[0].length };
    }
  }
  return best;
}
