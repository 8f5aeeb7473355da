// Chain steps: splitting one message into the steps of a plan, and the `$steps` references by which a later step
// uses an earlier step's result ("create a note and then pin it").
import { isIdKey, STEP_REF_PREFIX_PATTERN, stepRef } from "@imperal/sdk/patterns";
import { classesOf, stem, WEAK_CLASS_WORDS } from "../lexicon.js";
import { findQuotes, maskQuotes } from "./tokens.js";
import type { ParamInfo, ToolInfo } from "./tools.js";

/** Where a step sits in the plan being built: the steps chosen so far and every id the conversation has shown. */
export interface StepContext {
  index: number;
  prev: Array<{ tool: ToolInfo; args?: Record<string, unknown> }>;
  knownIds: Set<string>;
  /** nouns the catalog's tools are named after (note, folder, task): the kinds of items */
  kinds?: { has(stem: string): boolean };
  /** labels of the label-only items the conversation showed, per kind ("list" -> ["Backlog", "Review"]) */
  namedLabels?: Map<string, string[]>;
  /** the classification's date (YYYY-MM-DD, UTC) */
  today?: string;
  /** the newest result's first list of objects ("the second link" points into it) */
  listing?: Array<Record<string, unknown>>;
}

// (An abbreviation's dot, "incl. schedule health", ends no sentence.)
const STEP_SEPARATOR_RE =
  /\s*(?:[,;]\s*)?\b(?:and then|and afterwards|and after that|after that|afterwards|then|and also)\b\s*|\s*;\s*|(?<!\b(?:incl|inkl|e\.g|i\.e|etc|approx|vs|bzw|ca|z\.b))\s*[.!]\s+(?:also|plus|oh,? and)\s+|(?<!\b(?:incl|inkl|e\.g|i\.e|etc|approx|vs|bzw|ca|z\.b))\s*[.!]\s+(?=(?:add|create|make|remind|schedule)\s)/gi;
const VERB_JOINER_RE = /\s*(?:,\s*and|,|\s+and)\s+(?=([a-z]+))/gi;
// Words that are verbs for the lexicon but, right after "and", usually continue a listing ("notes and all tasks").
const PLACING_VERBS = new Set(["put", "place", "stick"]);
const NOT_A_NEW_STEP = ["list", "all", "view", "see", "new", "permanently", "forever", "completely", "irreversibly"];

const FRONTED_OBJECT =
  /^\s*((?:the|that|this|my|those|these)\s+[^,;:.!?\u0000"'–—-]{2,80}?)\s*(?:\s[-–—]\s*|[,:]\s*)(\p{L}+)\s+(?:it|them)\b(.*)$/su;

// "the csv export one is fixed now, close it": a state said of the object, then the verb on "it".
const FRONTED_STATE =
  /^\s*([^,;:.!?\u0000"']{2,80}?)\s+(?:is|was|got|are|were|has been|have been|'s)\s+(?:now\s+|already\s+|finally\s+)?\p{L}+(?:\s+(?:now|already|finally|at last|too))?\s*(?:\s[-–—]\s*|[,:;]\s*)(\p{L}+)\s+(?:it|them)\b(.*)$/su;

/**
 * "the second card in that list - move it to Doing": an object said first and taken up by "it" is the object of
 * the verb that follows ("move the second card in that list to Doing"). An opening with a verb of its own ("the
 * second one got resolved, close it") states something and stays as it is.
 */
export function unfrontObject(message: string): string {
  const st = FRONTED_STATE.exec(message);
  if (st && !/^\s*(?:when|whenever|if|every|each|once|as soon as|after|before|wenn|sobald)\b/i.test(message)) {
    const [, object, verb, rest] = st as unknown as [string, string, string, string];
    const v = verb.toLowerCase();
    // ("DJ deposit is paid now, move it over": with no place said, the state names where it goes.)
    const placeInState =
      /^(?:move|put|drag|shift|push|send|schieb\p{L}*)$/u.test(v) && !/\b(?:to|into|in|onto)\b/i.test(rest);
    if (
      classesOf(v).length &&
      !WEAK_CLASS_WORDS.has(v) &&
      !placeInState &&
      !/\b(?:it|them|this|that)\s*$/i.test(object)
    )
      return `${verb} ${object.replace(/^\s*(?:ok|okay|so|right)\s*,?\s*/i, "")}${rest}`;
  }
  const m = FRONTED_OBJECT.exec(message);
  if (!m) return message;
  const [, object, verb, rest] = m as unknown as [string, string, string, string];
  if (!classesOf(verb.toLowerCase()).length || WEAK_CLASS_WORDS.has(verb.toLowerCase())) return message;
  // A verb-like word after a determiner is a noun ("that list").
  const words = object.toLowerCase().match(/\p{L}+/gu) ?? [];
  const saysVerb = words.some(
    (w, i) => i > 0 && classesOf(w).length > 0 && !/^(?:the|that|this|my|a|an|those|these|its)$/.test(words[i - 1]!),
  );
  return saysVerb ? message : `${verb} ${object}${rest}`;
}

/** Splits "A and then B", "A, then B", "A; B", "A and <verb> B" into steps (quoted text is never split). */
export function splitSteps(
  message: string,
  enumWords: Set<string> = new Set(),
  toolVerbs: Set<string> = new Set(),
  nouns: Set<string> = new Set(),
): string[] {
  const masked = maskQuotes(message, findQuotes(message), "\u0000");
  const cuts: Array<[number, number]> = [];
  // "make a task 'X' for friday and a note 'Y'": a second item of another kind is a second step.
  for (const m of masked.matchAll(/\s+and\s+(?=(?:a|an|another|also a|also an)\s+([\p{L}]+))/giu)) {
    const noun = stem(m[1]!.toLowerCase());
    const before = (
      masked
        .slice(0, m.index!)
        .toLowerCase()
        .match(/[\p{L}]+/gu) ?? []
    ).map((w) => stem(w));
    if (nouns.has(noun) && before.some((w) => nouns.has(w) && w !== noun))
      cuts.push([m.index!, m.index! + m[0].length]);
  }
  for (const m of masked.matchAll(STEP_SEPARATOR_RE)) cuts.push([m.index!, m.index! + m[0].length]);
  // "file a bug: search shows duplicates. Steps: set a filter, search for 'invoice'": after a short lead and a colon
  // the user dictates; a comma and a verb in it are part of the text, no second request.
  const colon = masked.indexOf(":");
  const dictated =
    colon > 0 && (masked.slice(0, colon).match(/\S+/g) ?? []).length <= 8 && !/\d$/.test(masked.slice(0, colon))
      ? colon
      : Infinity;
  for (const m of masked.matchAll(VERB_JOINER_RE)) {
    if (m.index! > dictated) continue;
    const next = m[1].toLowerCase();
    // The catalog's own verbs count too ("... and summarize the second result" with a summarize_page tool).
    // "create a list X and put a card 'Y' in it": a placing verb has no class of its own but starts a step after a
    // command with one; "take X off Doing and put it in Done" is one move.
    if (PLACING_VERBS.has(next)) {
      const before =
        masked
          .slice(0, m.index!)
          .toLowerCase()
          .match(/[\p{L}']+/gu) ?? [];
      const lead = before.find((w) => !/^(?:please|pls|also|then|now|ok|okay)$/.test(w)) ?? "";
      const obj = /^\s*\S+\s+(\S+)/.exec(masked.slice(m.index! + m[0].length))?.[1]?.toLowerCase() ?? "";
      const commands = classesOf(lead).length > 0 && !WEAK_CLASS_WORDS.has(lead);
      if (commands && /^(?:a|an|another|the|my|it|that|this|them|those|these|\u0000)/.test(obj))
        cuts.push([m.index!, m.index! + m[0].length]);
      continue;
    }
    const cls = toolVerbs.has(next) || [...toolVerbs].some((v) => stem(v) === stem(next)) ? ["tool"] : classesOf(next);
    // "open and closed": an enum value of the catalog after "and" is a value, not a new step; "... and open the
    // first one", "and open it": a verb with an object is one.
    const after = masked.slice(m.index! + m[0].length + next.length);
    // ("…, trash is fine": the word is the subject of a statement, no verb.)
    if (/^\s+(?:is|are|was|were|would be|'s)\b/i.test(after)) continue;
    const verbUse = /^\s+(?:it|them|that|this|the (?:first|second|third|last|top|newest|latest)\b)/i.test(after);
    if (!cls.length || WEAK_CLASS_WORDS.has(next) || (enumWords.has(next) && !verbUse) || NOT_A_NEW_STEP.includes(next))
      continue;
    // ", <verb>" only after a clause that is a command itself ("create X, tag it Y"); "I called the dentist, mark it
    // done" and "I need to renew X, add it as a task" stay one step.
    if (!/\band\b/i.test(m[0])) {
      const before =
        masked
          .slice(0, m.index!)
          .toLowerCase()
          .match(/[a-zäöüß']+/g) ?? [];
      // "looks fixed, close it": a verb in its third-person form states something; it commands nothing.
      const commands = (w: string) =>
        classesOf(w).length > 0 && !WEAK_CLASS_WORDS.has(w) && !(/[^s]s$/.test(w) && classesOf(w.slice(0, -1)).length);
      if (!before.some(commands)) continue;
    }
    cuts.push([m.index!, m.index! + m[0].length]);
  }
  cuts.sort((a, b) => a[0] - b[0]);
  const parts: string[] = [];
  let pos = 0;
  for (const [s, e] of cuts) {
    if (s < pos) continue;
    parts.push(message.slice(pos, s));
    pos = e;
  }
  parts.push(message.slice(pos));
  return parts.map((p) => p.trim().replace(/^[,;.\s]+|[,;\s]+$/g, "")).filter((p) => /[\p{L}\p{N}]/u.test(p));
}

/** What "it" in a later step refers to: the earlier step's own literal id when it had one, else its result field. */
export function refToPrev(ctx: StepContext, param: ParamInfo, tool?: ToolInfo): unknown {
  const prev = ctx.prev[ctx.index - 1];
  const literal = prev.args?.[param.name];
  if (literal !== undefined && !(typeof literal === "string" && STEP_REF_PREFIX_PATTERN.test(literal))) return literal;
  // "create a list 'QA' and put a card in it": an item known by its label and by no declared result id is the name
  // the earlier step gave it.
  const returned = prev.tool.entry.returnSchema?.properties ?? {};
  if (
    param.refKind &&
    prev.tool.cls === "create" &&
    prev.tool.nouns.has(param.refKind) &&
    !Object.keys(returned).some((k) => isIdKey(k) || k === "id")
  ) {
    const label = prev.args?.name ?? prev.args?.title;
    if (typeof label === "string" && label && !STEP_REF_PREFIX_PATTERN.test(label)) return label;
  }
  // "make a note X and a task to …": a task's id is never the note's; items of another kind are no reference.
  const kind = param.nameWords.find((w) => w !== "id");
  const declared = !!prev.tool.entry.returnSchema?.properties?.[param.name];
  if (
    tool &&
    kind &&
    !declared &&
    prev.tool.nouns.size > 0 &&
    !prev.tool.nouns.has(stem(kind)) &&
    ![...tool.nouns].some((n) => prev.tool.nouns.has(n))
  )
    return undefined;
  return stepRef(ctx.index - 1, idFieldFor(prev.tool, param));
}

/** The result field of the earlier tool that holds the id `param` wants (its return schema decides, else the name). */
function idFieldFor(prevTool: ToolInfo, param: ParamInfo): string {
  const props = prevTool.entry.returnSchema?.properties;
  if (props) {
    if (props[param.name]) return param.name;
    if (props.id) return "id";
    const alt = Object.keys(props).find((k) => isIdKey(k));
    if (alt) return alt;
  }
  // "comment on it" after create_card: the card's id (`card` takes a name or an id).
  return param.refKind ? `${param.name}_id` : param.name;
}

/** True when `v` is a chain reference into the result of step `index` (any field). */
export function refersToStep(v: unknown, index: number): boolean {
  return typeof v === "string" && v.startsWith(stepRef(index, ""));
}

/**
 * "search X and then read the first result": the earlier step's listing at that position, as a chain reference to
 * the field `param` wants (`$steps.0.data.results.0.url`); undefined when its return schema has no such listing.
 */
export function itemRefToPrev(ctx: StepContext, param: ParamInfo, position: number): string | undefined {
  const prev = ctx.prev[ctx.index - 1];
  const props = prev?.tool.entry.returnSchema?.properties;
  if (position < 0 || !prev) return undefined;
  if (!props) {
    // No declared result: a listing tool named after its items (list_notes) answers them under that plural, the
    // platform's convention ({"notes": [{"note_id": ...}]}), for an id of that kind.
    const plural = prev.tool.nameWords[prev.tool.nameWords.length - 1] ?? "";
    const kind = param.nameWords.filter((w) => w !== "id")[0] ?? "";
    const lists = prev.tool.cls === "list" || prev.tool.cls === "search";
    if (lists && param.isId && /s$/.test(plural) && kind && stem(plural) === stem(kind))
      return stepRef(ctx.index - 1, `${plural}.${position}.${param.name}`);
    return undefined;
  }
  for (const [list, s] of Object.entries(props)) {
    const item = s.items?.properties;
    if (s.type !== "array" || !item) continue;
    const field =
      (item[param.name] ? param.name : undefined) ??
      Object.keys(item).find((k) => param.role === "url" && /url|link|href/.test(k)) ??
      (param.isId ? Object.keys(item).find((k) => isIdKey(k)) : undefined);
    if (field) return stepRef(ctx.index - 1, `${list}.${position}.${field}`);
  }
  return undefined;
}
