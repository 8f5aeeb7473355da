// Argument extraction for the chosen tool, typed by its JSON Schema. The passes run from the most to the least
// certain reading (ids and typed values before free text), so free text never swallows an id, date or enum value.
import type { StepAnalysis } from "../analysis.js";
import type { EntityHit } from "../entities.js";
import type { StepContext } from "../steps.js";
import { classesOf, stem } from "../../lexicon.js";
import type { ToolInfo } from "../tools.js";
import { fillCueRuns, fillPutInto } from "./cues.js";
import { canonicalPlaces, fillKindPhrases, fillTargets } from "./places.js";
import { fillIds, fillItemRefs, fillNamedRefs } from "./ids.js";
import { fillFromGroup, fillListEdits, keepScheduleDays } from "./lists.js";
import { fillNumbers } from "./numbers.js";
import { fillQuoted } from "./quoted.js";
import { fillAfterColon, fillAfterTitle, fillRemainder } from "./remainder.js";
import { consumeRoutingWords } from "./routing.js";
import { markSpan, startArgRun, type ArgRun } from "./state.js";
import { fillTriggers } from "./triggers.js";
import { fillBooleans, fillCleared, fillDates, fillEnums, fillPatterns, fillSubTypes } from "./typed.js";

export { moreGoods, moreListed, moreQuotedItems, moreTargets } from "./more.js";

// Words before a topic that name no topic themselves ("articles on X", "anything in my notes about X").
const GENERIC_TOPIC_LEAD = new Set(
  (
    "articles article news info information stuff things pages page results posts notes note anything something " +
    "everything through in my the some any me all web online internet"
  ).split(" "),
);

/** The tool's args from one step, and its required params that stayed empty (marks the step's tokens as used). */
export function extractArgs(
  tool: ToolInfo,
  a: StepAnalysis,
  hits: EntityHit[],
  ctx: StepContext,
): { args: Record<string, unknown>; missing: string[] } {
  const run = startArgRun(tool, a, hits, ctx);
  // "..., but keep the note itself": what the user keeps is no value of the call.
  const keep = /(?:,\s*|\bbut\s+)keep\b[^,.;!?]*/i.exec(a.maskedLower);
  if (keep) markSpan(a, keep.index, keep.index + keep[0].length);
  consumeRoutingWords(run);
  fillItemRefs(run);
  fillIds(run);
  fillNamedRefs(run);
  fillNumbers(run);
  fillTriggers(run);
  fillDates(run);
  fillEnums(run);
  fillSubTypes(run);
  fillBooleans(run);
  // "remove the body text from X": a field named to be cleared is that, before any cue reads a value after it.
  fillCleared(run);
  fillPatterns(run);
  fillQuoted(run);
  fillKindPhrases(run);
  fillPutInto(run);
  fillCueRuns(run);
  fillAfterTitle(run);
  fillTargets(run);
  fillAfterColon(run);
  fillRemainder(run);
  canonicalPlaces(run);
  fillListEdits(run);
  fillFromGroup(run);
  keepScheduleDays(run);
  const { args } = run;
  // "to the shopping list" names the list "shopping": a value ending in its own param's noun drops the noun.
  for (const p of tool.params) {
    const v = args[p.name];
    if (typeof v !== "string" || p.enumVals || p.isId || a.quotes.some((q) => q.text === v)) continue;
    const nouns = p.nameWords.filter((w) => w.length > 2 && !/^(name|text|title|body|id)$/.test(w));
    const last = v.trim().split(/\s+/).pop()!.toLowerCase();
    // The noun alone ("the shopping list" after "shopping" went to routing) names nothing: the default stands.
    if (nouns.includes(v.trim().toLowerCase()) && !p.required) delete args[p.name];
    // "change the title of that note": the tool's own noun after "that" is the item, no new title.
    else if (tool.cls === "update" && /^\p{L}+$/u.test(v.trim()) && tool.nouns.has(stem(v.trim().toLowerCase())))
      delete args[p.name];
    else if (/\s/.test(v) && nouns.includes(last)) args[p.name] = v.trim().slice(0, -last.length).trim();
  }
  // "articles on quantum computing", "through my notes for recipes": the topic is what follows the preposition
  // when everything before it only says where or what kind of thing to look in.
  for (const p of tool.params) {
    const v = args[p.name];
    if (p.role !== "query" || typeof v !== "string") continue;
    if (a.quotes.some((q) => q.text === v)) continue;
    const m =
      /^((?:[\p{L}'-]+\s+){0,4}?)(?:about|on|regarding|mentioning|concerning|for|nach|über|zu|zum|zur)\s+(\S.*)$/iu.exec(
        v.trim(),
      );
    const lead = m?.[1]!.trim().toLowerCase().split(/\s+/).filter(Boolean) ?? [];
    if (
      m &&
      lead.every((w) => GENERIC_TOPIC_LEAD.has(w) || tool.nounWords.has(w) || tool.nounWords.has(w.replace(/s$/, "")))
    )
      args[p.name] = m[2]!.trim();
    // "the ariane 6 launch": an article is no search term, nor "... and use the" left before an option.
    args[p.name] = String(args[p.name])
      .replace(/^(?:the|a|an|some|any)\s+(?=\S)/i, "")
      .replace(/\s+(?:and\s+)?(?:use|using|with|via)(?:\s+(?:the|a|an))?$/i, "");
  }
  // "greet my colleague Tom": after a possessive, the words before a capitalised name say who it is, not the name;
  // "the plain hello world greeting" says the default.
  for (const p of tool.params) {
    const v = args[p.name];
    if (p.role !== "name" || typeof v !== "string" || a.quotes.some((q) => q.text === v)) continue;
    const dflt = typeof p.schema.default === "string" ? p.schema.default.toLowerCase() : "";
    if (dflt && !v.toLowerCase().includes(dflt) && a.toks.some((t) => t.base === dflt)) {
      delete args[p.name];
      continue;
    }
    const m = /^(?:\p{Ll}[\p{L}'-]*\s+){1,3}(\p{Lu}[\p{L}'-]*(?:\s+\p{Lu}[\p{L}'-]*)*)$/u.exec(v);
    const at = a.text.indexOf(v);
    if (m && at > 0 && /\b(?:my|our|your|his|her|their)\s+$/i.test(a.text.slice(Math.max(0, at - 8), at)))
      args[p.name] = m[1];
  }
  // "add that to my list": a pronoun or a bare kind word is no value of the item's own text; it stays missing.
  for (const p of tool.params) {
    const v = args[p.name];
    if (!p.required || p.isId || p.enumVals || typeof v !== "string" || a.quotes.some((q) => q.text === v)) continue;
    // ("a new task", "board" of "on a board", a lone verb like "runs" say nothing either.)
    const w = v
      .trim()
      .toLowerCase()
      .replace(/^(?:a|an|the|new|another)\s+(?:new\s+)?/, "");
    const kindWord = tool.params.some((o) => o.refKind === stem(w)) || tool.nounWords.has(w) || tool.nouns.has(stem(w));
    // ...unless a naming word put it there ("a note called Draft").
    const at = a.text.toLowerCase().indexOf(v.trim().toLowerCase());
    const named =
      at > 0 && /\b(?:called|named|titled|title|name|call it|name it)\s*[:"'“]?\s*$/i.test(a.text.slice(0, at));
    // ...or a label the results show ("to Finished": a list of that name).
    if (named || hits.some((h) => h.entity.label === v)) continue;
    const lone = !/\s/.test(w) && classesOf(w).length > 0;
    if (
      /^(?:it|that|this|them|those|these|one|something|stuff|thing|things|list|item|items|entry|etwas|was|same)$/.test(
        w,
      ) ||
      kindWord ||
      lone
    )
      delete args[p.name];
  }
  // "move the gift ideas note", "file X into a folder": a move that names no place has nowhere to go; the default
  // place ("" = no folder) is a guess, so the turn asks where.
  const place = movesWithoutPlace(run);
  // "rename the gutters task": a rename that says no new name asks for it.
  const name = renamesWithoutName(run);
  // Schema defaults are part of the call the user would otherwise have to spell out.
  for (const p of tool.params) {
    if (args[p.name] === undefined && p.hasDefault && p !== place && p !== name)
      args[p.name] = structuredClone(p.schema.default);
  }
  const missing = tool.params
    .filter((p) => (p.required || p === place || p === name) && (args[p.name] === undefined || args[p.name] === ""))
    .map((p) => p.name);
  for (const p of tool.params)
    if (p.type === "array" && typeof args[p.name] === "string") args[p.name] = [args[p.name]];
  return { args, missing };
}

// A place said: "to Finances", "into Old stuff", "out of Work", "back to All Notes", "no folder", "unfiled".
const PLACE_SAID =
  /\b(?:to|into|in|under|inside|onto|out of|from|off|aus|in den|in die|nach)\s+(?!(?:a|an|some|another|eine?n?)\s+\p{L}+\s*$)\S|\b(?:no|without|any|kein\p{L}*)\s+(?:folder|list|board|ordner)\b|\bunfiled\b/iu;

/** The destination param of a move tool the step names no place for (undefined when one is said or none exists). */
function movesWithoutPlace(run: ArgRun): ToolInfo["params"][number] | undefined {
  const { tool, a, args } = run;
  if (tool.verbWord !== "move") return undefined;
  const ids = tool.params.filter((p) => p.isId || p.refKind);
  const dest = ids.find((p) => !p.required && p.hasDefault && args[p.name] === undefined);
  if (!dest || ids.length < 2 || PLACE_SAID.test(a.maskedLower)) return undefined;
  return dest;
}

const RENAME_VERB = /^(?:rename|retitle|umbenennen|benenne|benenn)$/;

/** The name param of an edit whose step says "rename" and no new name (undefined when one is said). */
function renamesWithoutName(run: ArgRun): ToolInfo["params"][number] | undefined {
  const { tool, a, args } = run;
  if (tool.entry.actionType === "read" || !a.toks.some((t) => t.quote === undefined && RENAME_VERB.test(t.base)))
    return undefined;
  const p = tool.params.find((x) => x.type === "string" && /^(?:new_)?(?:title|name)$/.test(x.name));
  return p && (args[p.name] === undefined || args[p.name] === "") ? p : undefined;
}
