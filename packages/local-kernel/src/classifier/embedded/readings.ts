// Readings of one step that hold for any tool, used by scoring.ts: is it a question, an edit of an existing item, a
// field removal, a report that something got done, a value taken out of an item, one item of a kind, the tool's own
// verb, a set of items.
import { classesOf, pastBase, reportsDonePast, stem } from "../lexicon.js";
import { DAY, DOW_WORD, PART, UNIT } from "../cron/words.js";
import { DETERMINERS, type StepAnalysis } from "./analysis.js";
import type { EntityHit } from "./entities.js";
import { namesNoun, splitName, type Tok } from "./tokens.js";
import type { ToolInfo } from "./tools.js";

/** What the whole catalog offers, which changes how a verb is read ("remove" = hard delete when no soft one exists). */
export interface ScoreFlags {
  hasComplete: boolean;
  hasSoftDelete: boolean;
  hasGet: boolean;
  updateFieldStems: Set<string>;
  /** the soft deletes ("delete" of delete_note beside permanent_delete_note) */
  softDeletes: Array<{ verbWord?: string; nouns: Set<string> }>;
  /** the noun sets of every tool's name */
  nounSets: Array<Set<string>>;
  /** the nouns tools are named after, as a set (computed once per message, not per tool) */
  kindStems: Set<string>;
  /** first name words of tools the lexicon has no verb for ("quick" of quick_check, "audit" of audit_domains) */
  ownVerbs: Set<string>;
  /** stem -> how many tools have it as a noun of their name */
  nameNouns: Map<string, number>;
  /** stem -> how many tools require a param it names */
  paramNouns: Map<string, number>;
  /** own verb -> how many tools start with it (run_scan, run_ip_scan, run_scan_tool) */
  ownVerbCounts: Map<string, number>;
  /** enum value (lower case) -> how many tools offer it */
  enumOwners: Map<string, number>;
}

export const DONE_WORDS = ["done", "complete", "completed", "finished", "erledigt", "fertig"];
export const NOT_DONE_RE =
  /\b(?:not|never)\s+(?:\w+\s+)?(?:done|finished|complete|completed)\b|n't\s+(?:\w+\s+)?(?:done|finished|complete)\b|\breopen|\bre-open|\bundone\b|\bunfinished\b|\bnicht erledigt\b/;
export const PLAIN_QUESTION_RE =
  /\?\s*$|^\s*(?:is|are|was|were|does|do|did|has|have|what|what's|whats|which|how|when|where|who)\b/i;
export const PREFERENCE_RE =
  /\bby default\b|\bdefault to\b|\bfrom now on\b|\bgoing forward\b|\bin (?:the )?future\b|\balways (?:use|give|show|return)\b|\bstandardmäßig\b|\bab (?:jetzt|sofort)\b/;
export const SWITCH_RE =
  /\b(?:turn|switch)\b[^.!?]{0,40}?\b(?:on|off)\b|\b(?:enable|disable|activate|deactivate|einschalten|ausschalten|aktivieren|deaktivieren|anschalten|abschalten)\b/;
export const FREQUENCY_INSTEAD_RE =
  /\b(?:every|each) (?:\d+ |other |few |couple of )?(?:minutes?|hours?|days?|weeks?|months?)\b[^.!?]{0,20}\binstead\b|\b(?:hourly|daily|weekly|nightly|monthly) instead\b/;
export const TOPIC_CUE_RE = /^(about|mentioning|matching|containing|regarding)$/;

/** Readings of the step that hold for any tool: is it a question, an edit of an existing item, a field removal? */
export function stepReadings(a: StepAnalysis, allHits: EntityHit[], prevStep: boolean, flags: ScoreFlags) {
  // "add a card to Backlog": a label-only item (a list, a board) is where something goes, not what is edited.
  const hits = allHits.filter((h) => !h.entity.named);
  const primary = a.classes[0];
  const primaryBase = primary ? a.toks[primary.tok]?.base : undefined;
  // "the blog monitor": one word of the label with the item's kind after it names the item.
  const kindAfter = (h: EntityHit) => {
    const next = a.toks[Math.max(...h.toks) + 1];
    return !!next && splitName(h.entity.key ?? "").some((w) => w !== "id" && stem(w) === next.stem);
  };
  // "the slides task": a definite article, a word of one item's label and the item's kind name that item even when
  // the word is a small part of its label.
  const definite = (h: EntityHit) => /^(?:the|that|this|my)$/.test(a.toks[h.toks[0]! - 1]?.base ?? "");
  const namedAfterVerb = (h: EntityHit) =>
    !!primary &&
    h.toks.length > 0 &&
    h.toks[0]! > primary.tok &&
    (h.score >= 1.5 || (h.score >= 1 && kindAfter(h) && definite(h))) &&
    (h.score >= 10 || h.toks.length >= 2 || kindAfter(h));
  // "make <existing item> high priority" edits it; "make a note" creates one.
  // ("make a monitor for the shop group" makes a new one: an article and a kind word follow the verb.)
  const makesNew =
    /^(?:a|an|another|new)$/.test(a.toks[(primary?.tok ?? -2) + 1]?.base ?? "") &&
    !!a.toks[(primary?.tok ?? -2) + 2] &&
    namesNoun(a.toks[primary!.tok + 2]!, flags.kindStems);
  const makeExisting =
    (!!primary &&
      primaryBase === "make" &&
      !makesNew &&
      (/\bthe (?:[\p{L}-]+ ){1,3}(?:one|thing)\b/u.test(a.maskedLower) ||
        /^(it|them|this|that)$/.test(a.toks[primary.tok + 1]?.base ?? "") ||
        hits.some(namedAfterVerb) ||
        // "make the morning summary run at 7:30 instead": "instead" changes what a named item does.
        // "make the morning digest run at 7 instead of 8": an old value said is a value something already has.
        (/\binstead\b/.test(a.maskedLower) && hits.some((h) => h.score >= 1.5 && h.toks[0]! > primary.tok)) ||
        /\binstead of \d/.test(a.maskedLower) ||
        (a.pronoun && prevStep))) ||
    // "have the corporate monitor scan every 12 hours instead of every 6": whatever the verb, an old value said
    // of a named item changes that item.
    // ("scan the blog every 6 hours instead": a new frequency for a named item, instead of the one it has.)
    ((/\binstead of (?:every )?\d/.test(a.maskedLower) || FREQUENCY_INSTEAD_RE.test(a.maskedLower)) &&
      hits.some((h) => h.score >= 1.5));
  // "add the tag urgent to <existing item>", "append X to <item>": an edit of that item, not a new one.
  const wordBefore = (h: EntityHit) =>
    a.toks
      .slice(0, h.toks[0])
      .filter((t) => !t.punct && !DETERMINERS.has(t.base))
      .pop()?.base ?? "";
  // "add a note called X to my Work folder": a new item of a kind put into a place is a create.
  const kinds = flags.kindStems;
  const newItem = a.toks.some(
    (t, i) => /^(?:a|an|another)$/.test(t.base) && i + 1 < a.toks.length && namesNoun(a.toks[i + 1]!, kinds),
  );
  const addToExisting =
    !newItem &&
    !!primary &&
    /^(add|append|attach|put|insert|include)$/.test(primaryBase ?? "") &&
    hits.some((h) => namedAfterVerb(h) && /^(to|onto|into|in|on)$/.test(wordBefore(h)));
  // "remove the deadline from X", "clear the due date of X": the object is a field, so this edits the item.
  // "remove the family tag from X": the field may end the object's words.
  const objToks: Tok[] = [];
  for (const t of primary ? a.toks.slice(primary.tok + 1) : []) {
    if (t.punct || /^(?:from|of|on|in|off)$/.test(t.base) || objToks.length === 3) break;
    if (!DETERMINERS.has(t.base) && !/^(out|away|all|every)$/.test(t.base)) objToks.push(t);
  }
  const fieldObject =
    !!primary &&
    primary.cls.some((c) => c === "delete" || c === "purge") &&
    objToks.some(
      (objTok, k) =>
        (k === 0 || objToks.length <= 2) &&
        !hits.some((h) => h.toks.includes(a.toks.indexOf(objTok))) &&
        (/^(deadline|due)$/.test(objTok.base) ||
          // "clear the date" (of a task whose field is "due"): the word alone, not "the date night note".
          (/^(date|dates)$/.test(objTok.base) && objToks.length === 1) ||
          flags.updateFieldStems.has(objTok.stem)),
    );
  // A question with no real verb ("is pay rent done?", "what's the status of X?") never changes anything; with no
  // tool that reads one item, the listing is how to answer it.
  // "did I write anything down about the boiler?": a question about what was done is no request to do it.
  const pastQuestion = /^\s*(?:did|have|had|has)\s+(?:i|we|you)\b.*\?\s*$/i.test(a.text);
  const plainQuestion =
    (pastQuestion || !a.classes.some((c) => !c.weak)) && !makeExisting && PLAIN_QUESTION_RE.test(a.text);
  return { makeExisting, addToExisting, fieldObject, plainQuestion };
}

/** A statement (no request verb) with a past form and an item it names: "booked the Vienna flights". */
export function reportsDone(a: StepAnalysis, hits: EntityHit[], anyItem = false): boolean {
  if (PLAIN_QUESTION_RE.test(a.text)) return false;
  // "sent the lease" of a task "Send signed lease", "called grandpa ✔" of "Call Grandpa": the past of the item's
  // own first word opens the message, so it reports that item done (whatever else follows: "..., take it off").
  const lead = a.toks.find((t) => !t.punct && !/^(?:i|we|just|finally|already|ok|so)$/.test(t.base));
  const base = lead && lead.quote === undefined ? pastBase(lead.base) : undefined;
  if (
    base &&
    !/\b(?:not|never|yet|noch nicht|nicht)\b|n't\b/.test(a.maskedLower) &&
    hits.some((h) => {
      const first = h.entity.labelLower?.split(/[^\p{L}\p{N}]+/u).find(Boolean);
      return !h.entity.named && h.score >= 1 && !!first && stem(first) === stem(base);
    })
  )
    return true;
  if (a.classes.some((c) => !c.weak && !c.cls.includes("complete"))) return false;
  // (`anyItem`: a label-only item counts too, but not one the past form itself names: "shipped" of a Shipped list.)
  const item = (h: EntityHit) =>
    h.score >= 1.5 && (!h.entity.named || (anyItem && !h.toks.some((k) => reportsDonePast(a.toks[k]?.base ?? ""))));
  if (!hits.some(item)) return false;
  // "isn't done yet", "haven't paid": a negated report is no completion.
  if (/\b(?:not|never|n't|yet|noch nicht|nicht)\b|n't\b/.test(a.maskedLower)) return false;
  return a.toks.some((t) => t.quote === undefined && !t.punct && reportsDonePast(t.base));
}

/** "<remove> <value> from <named item>": the value is no item of its own (a domain, a tag, an address). */
export function removesValue(a: StepAnalysis, hits: EntityHit[]): boolean {
  const primary = a.classes[0];
  if (!primary || !primary.cls.some((c) => c === "delete" || c === "purge")) return false;
  const from = a.toks.findIndex((t, i) => i > primary.tok + 1 && t.base === "from");
  if (from < 0 || !hits.some((h) => h.score >= 10 && h.toks[0]! > from)) return false;
  return !hits.some((h) => h.score >= 1 && h.toks.some((i) => i > primary.tok && i < from));
}

/** The step names one unspecified item of the tool's noun: "a note", "an issue" (not "a list of notes"). */
export function saysOneOf(a: StepAnalysis, tool: ToolInfo, named = false): boolean {
  return a.toks.some(
    (t, i) =>
      i + 1 < a.toks.length &&
      (t.base === "a" || t.base === "an") &&
      tool.nouns.has(a.toks[i + 1]!.stem) &&
      !a.toks[i + 1]!.base.endsWith("s") &&
      (named || (!a.toks[i + 2]?.base.match(/^(?:called|named|titled|about)$/) && a.toks[i + 2]?.quote === undefined)),
  );
}

/** The step starts with the tool's own first name word (after politeness): "empty the trash", "pause rule 12". */
export function ownVerbSaid(a: StepAnalysis, tool: ToolInfo, flags: ScoreFlags): boolean {
  const w = tool.nameWords[0];
  if (!w || w.length < 3 || classesOf(w).length || tool.nameWords.length < 2) return false;
  // note_save starts with a noun the other tools share: that is no verb.
  if ((flags.nameNouns.get(stem(w)) ?? 0) > 1) return false;
  // An idiom that says the tool's own verb ("turn X back on" = resume).
  if (a.extraWords.includes(w)) return true;
  const k = a.toks.findIndex((t) => !t.punct && !POLITE.has(t.base));
  const first = a.toks[k];
  // "run an audit on …", "do a quick audit": the word as a noun after a light verb names the tool all the same.
  if (
    first &&
    /^(?:run|do|perform|start|launch|need|want)$/.test(first.base) &&
    a.toks.some(
      (t, i) =>
        i > k &&
        i <= k + 3 &&
        t.quote === undefined &&
        (t.base === w || t.stem === stem(w)) &&
        /^(?:a|an|another|new|quick|full|fresh)$/.test(a.toks[i - 1]!.base),
    )
  )
    return true;
  // Not when the lexicon reads the word as a verb of its own ("note down X" is a create, not note_save).
  if (!first || first.quote !== undefined || a.classes.some((c) => c.tok === k)) return false;
  // "quick audit of ...": a tool's first word before another tool's own verb is an adjective.
  const next = a.toks[k + 1];
  if (next && next.base !== w && flags.ownVerbs.has(next.base)) return false;
  return first.base === w || first.stem === stem(w);
}
const POLITE = new Set([
  "please",
  "pls",
  "can",
  "could",
  "would",
  "you",
  "kindly",
  "now",
  "then",
  "and",
  "also",
  "bitte",
]);

/** Another tool is named by fewer nouns that still cover every noun said (delete_folder beside
 * delete_notes_from_folder for "delete the Work folder"). */
export function narrowerTool(tool: ToolInfo, a: StepAnalysis, flags: ScoreFlags): boolean {
  const said = [...tool.nouns].filter((n) => a.stems.has(n));
  return flags.nounSets.some(
    (s) => s.size < tool.nouns.size && said.every((n) => s.has(n)) && [...s].every((n) => tool.nouns.has(n)),
  );
}

/** "all", "every", "each" before a noun: the step is about a set of items, not one. */
/**
 * Where a set's description starts: "every rule that runs on system.scheduled" — what follows "that" filters the
 * set, it names no item. Infinity when the step has no such clause.
 */
export function filterClauseStart(a: StepAnalysis): number {
  const q = a.toks.findIndex((t) => /^(all|every|each|alle|jede|jeden)$/.test(t.base));
  if (q < 0) return Infinity;
  const rel = a.toks.findIndex(
    (t, i) => i > q && i <= q + 4 && /^(that|which|whose|where|die|deren|welche)$/.test(t.base),
  );
  return rel < 0 ? Infinity : rel;
}

// "every monday", "each morning", "every 6 hours", "jeden Tag": a schedule, no set of items (the schedule words are
// the cron reader's).
const whenWord = (w: string) =>
  /^\d+$/.test(w) || w === "other" || w === "time" || DAY.has(w) || PART.has(w) || UNIT.has(w) || w in DOW_WORD;

export function quantified(a: StepAnalysis): boolean {
  return a.toks.some(
    (t, i) =>
      /^(all|every|each|alle|jede|jeden)$/.test(t.base) &&
      i + 1 < a.toks.length &&
      !a.toks[i + 1]!.punct &&
      !whenWord(a.toks[i + 1]!.base),
  );
}
