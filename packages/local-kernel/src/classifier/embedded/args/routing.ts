// Pass 0: the words that chose the tool (its verb and nouns) are instructions, not values.
import { NOUN_SYNONYMS, stem } from "../../lexicon.js";
import type { Tok } from "../tokens.js";
import type { ArgRun } from "./state.js";

const route = (t: Tok) => {
  if (!t.used) t.routing = true;
  t.used = true;
};

/** Marks the routing words of the step as consumed (routing-only, so a cue word among them can still cue a value). */
export function consumeRoutingWords(run: ArgRun): void {
  const { tool, a, toks, primary } = run;
  // The message's main verb is an instruction, never part of a value ("list open issues" has no query "list").
  if (primary && (!primary.weak || (tool.cls && primary.cls.includes(tool.cls)))) route(toks[primary.tok]);
  // Other words of the same class are routing words only near the verb or before the tool's noun ("add a new
  // note"); later ones belong to a value ("make a note: buy a new laptop").
  const nounIdx = toks.findIndex((t) => t.quote === undefined && tool.nouns.has(t.stem));
  // With a noun, only words before it ("add a new note"); "add task file expense report" keeps "file" in the value.
  const colonIdx = primary ? toks.findIndex((t, i) => i >= primary.tok && t.punct && t.text === ":") : -1;
  const nearVerb = (i: number) =>
    (colonIdx < 0 || i < colonIdx) &&
    ((nounIdx >= 0 && primary && nounIdx > primary.tok ? i < nounIdx : primary ? i <= primary.tok + 3 : false) ||
      (nounIdx >= 0 && i < nounIdx));
  for (const c of a.classes) if (tool.cls && c.cls.includes(tool.cls) && nearVerb(c.tok)) route(toks[c.tok]);
  for (const c of a.classes)
    if (c.cls.includes("purge") && (tool.cls === "purge" || tool.cls === "delete")) route(toks[c.tok]);
  // "Begrüß bitte Jonas": the words of an idiom that says the tool's own verb are routing words too.
  for (const x of a.extraSpans)
    if (x.words.some((w) => tool.nameWords.includes(w)))
      for (const t of toks) if (t.start < x.end && t.end > x.start && t.quote === undefined) route(t);
  for (const t of toks) {
    if (t.quote !== undefined || t.punct) continue;
    if (
      tool.nouns.has(t.stem) ||
      tool.nameWords.includes(t.base) ||
      (NOUN_SYNONYMS[t.base] ?? []).some((x) => tool.nouns.has(stem(x)))
    ) {
      route(t);
    }
  }
}
