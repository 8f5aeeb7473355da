// Pass 8: unquoted values after a cue word: "titled X", "saying X", "with label X", "to X" (names), "about X"
// (queries). The value runs until punctuation, a consumed word, a new verb or another param's cue.
import { classesOf, SOFT_WORDS, STOPWORDS, WEAK_CLASS_WORDS } from "../../lexicon.js";
import type { Tok } from "../tokens.js";
import { isToolNoun, type ParamInfo } from "../tools.js";
import { targetParams } from "./places.js";
import type { ArgRun } from "./state.js";

// Cue words too common to start a value on their own (they still work as weak cues for names and queries).
const NOT_STRONG_CUES = ["to", "for", "with", "about", "search", "say", "comment", "message", "text", "note"];
const QUERY_CUES = [
  "about",
  "for",
  "mentioning",
  "mention",
  "mentions",
  "matching",
  "containing",
  "contain",
  "contains",
  "regarding",
];
// Cues of another param that do not end a value ("titled Trip to Rome" keeps "to").
const NON_ENDING_CUES = ["to", "for", "with", "about", "a", "the"];
/** Filler at the end of a name ("called Urgent stuff please" keeps "Urgent stuff"). */
const TRAILING_FILLER = new Set([
  "please",
  "pls",
  "plz",
  "thanks",
  "thank",
  "you",
  "thx",
  "now",
  "instead",
  "too",
  "also",
  "again",
  "asap",
]);

/** The words after the cue at token `k` that make the value of `p`. */
function collectAfterCue(run: ArgRun, p: ParamInfo, k: number, strongCue: boolean): Tok[] {
  const { toks, args, textParams, cueSets, primary } = run;
  const span: Tok[] = [];
  // "tag the vocab note with spanish": the item named right after the verb, then the value after "with"/"as".
  if (p.role === "label" && /^(?:tag|label|retag)$/.test(toks[k]?.base ?? "")) {
    let j = k + 1;
    while (j < toks.length && (toks[j]!.used || STOPWORDS.has(toks[j]!.base) || isToolNoun(toks[j]!, run.tool))) {
      if (/^(?:with|as)$/.test(toks[j]!.base)) break;
      j++;
    }
    if (
      j > k + 1 &&
      j < toks.length - 1 &&
      /^(?:with|as)$/.test(toks[j]!.base) &&
      toks.slice(k + 1, j).some((t) => t.used)
    )
      k = j;
  }
  for (let j = k + 1; j < toks.length; j++) {
    const x = toks[j];
    // A list value may be comma separated ("tagged work, planning").
    const next = toks[j + 1];
    // "tagged christmas and family — scarf, ...": a dash ends the list; the text after it is something else.
    if (x.punct && x.text === ":" && p.type === "array") break;
    if (
      x.punct &&
      x.text === "," &&
      p.type === "array" &&
      span.length &&
      next &&
      !next.punct &&
      !next.used &&
      next.quote === undefined
    ) {
      span.push(x);
      continue;
    }
    // Dictated text after "body"/"saying" runs to the end of the step, commas and all ("body milk, eggs, bread").
    if (x.punct && x.text !== ":" && !(p.role === "body" && strongCue && span.length)) break;
    // "titled Gym routine: squats, bench": a colon after a name starts the dictated text when there is a body for it.
    if (
      x.punct &&
      x.text === ":" &&
      span.length &&
      (p.role === "title" || p.role === "name") &&
      textParams.some((o) => o.role === "body" && args[o.name] === undefined)
    )
      break;
    if (x.punct) continue;
    // "tag it urgent", "call it Kickoff": the pronoun names the item, the value follows.
    if (!span.length && strongCue && j === k + 1 && /^(it|them|this|that)$/.test(x.base)) continue;
    // A routing noun can still be a value after a cue ("with label bug"); the main verb cannot.
    if ((x.used && !(strongCue && x.routing && j !== primary?.tok)) || x.quote !== undefined) break;
    // A verb ends a value after a weak cue ("to X"), not after "called/titled/named" ("called Delete old files").
    const nameCue = strongCue && (p.role === "title" || p.role === "name");
    if (
      span.length &&
      p.role !== "body" &&
      !nameCue &&
      classesOf(x.base).length &&
      !WEAK_CLASS_WORDS.has(x.base) &&
      x.base !== "list"
    )
      break;
    // "a note titled Packing list with sunscreen, ...": "with" after a name starts the text when there is a body.
    if (
      span.length &&
      nameCue &&
      x.base === "with" &&
      textParams.some((o) => o.role === "body" && args[o.name] === undefined)
    )
      break;
    // "a list called Blocked to Client Work": with a place still to fill, "to/in/on <Capitalised>" is that place.
    if (
      span.length &&
      nameCue &&
      /^(to|in|into|on|onto)$/.test(x.base) &&
      /^[\p{Lu}\p{N}]/u.test(toks[j + 1]?.text ?? "") &&
      targetParams(run).some((o) => o !== p && args[o.name] === undefined)
    )
      break;
    // Another param's cue ends this value ("titled Trip tagged travel").
    const otherCue = (o: ParamInfo) =>
      o !== p && args[o.name] === undefined && (cueSets.get(o.name)!.has(x.base) || cueSets.get(o.name)!.has(x.stem));
    if (span.length && textParams.some(otherCue) && !NON_ENDING_CUES.includes(x.base) && !SOFT_WORDS.has(x.base)) break;
    span.push(x);
  }
  return span;
}

const isLoneSoft = (span: Tok[]) => span.length === 1 && SOFT_WORDS.has(span[0].base);
/** "a rule that runs on a schedule", "rules that keep failing": the lone verb of a relative clause is no value. */
export const relativeVerb = (span: Tok[], toks: Tok[]) =>
  span.length === 1 &&
  (/s$/.test(span[0]!.base) || /\p{L}{3,}ing$/u.test(toks[toks.indexOf(span[0]!) + 1]?.base ?? "")) &&
  /^(?:that|which)$/.test(toks[toks.indexOf(span[0]!) - 1]?.base ?? "");

const BODY_WORDS = ["body", "text", "content", "contents", "description", "details"];

/** "put 4471# in the body", "write 'back at 5' as the description": a value said before the field it goes in. */
export function fillPutInto(run: ArgRun): void {
  const { a, toks, args, textParams } = run;
  for (let k = 0; k + 3 < toks.length; k++) {
    if (toks[k]!.used || !/^(?:put|write|add|type|enter|use)$/.test(toks[k]!.base)) continue;
    for (let j = k + 2; j + 1 < toks.length; j++) {
      if (!/^(?:in|into|as|for)$/.test(toks[j]!.base)) continue;
      let m = j + 1;
      if (/^(?:the|its|a|my|his|her|their)$/.test(toks[m]?.base ?? "")) m++;
      const field = toks[m];
      if (!field || (m + 1 < toks.length && !toks[m + 1]!.punct)) continue;
      const p = textParams.find(
        (o) =>
          args[o.name] === undefined &&
          (o.nameWords.includes(field.base) || (o.role === "body" && BODY_WORDS.includes(field.base))),
      );
      const span = toks.slice(k + 1, j);
      if (!p || span.length === 0 || span.some((t) => t.used)) continue;
      const only = span.length === 1 && span[0]!.quote !== undefined ? a.quotes[span[0]!.quote]?.text : undefined;
      // Up to the preposition, so "4471#" keeps its sign.
      args[p.name] = only ?? a.text.slice(span[0]!.start, toks[j]!.start).trim();
      for (const t of toks.slice(k, m + 1)) t.used = true;
      break;
    }
  }
}

/** Fills text params from the first cue that gives a non-empty value. */
export function fillCueRuns(run: ArgRun): void {
  const { a, toks, args, textParams, cueSets } = run;
  // With a place to put the new item, "to X" says where it goes, not what it is called.
  const hasTargets = targetParams(run).length > 0;
  for (const p of textParams) {
    if (args[p.name] !== undefined) continue;
    const cues = cueSets.get(p.name)!;
    for (let k = 0; k < toks.length; k++) {
      const t = toks[k];
      if (t.punct || t.quote !== undefined || (t.used && !t.routing)) continue;
      // "list the cards in Doing": a reading verb that is also a param's name introduces no value of it.
      if (k === run.primary?.tok && run.primary.cls.every((c) => c === "list" || c === "get" || c === "search"))
        continue;
      // "with the text X": after an article a common cue word names the field, so it is a strong cue after all.
      const named = p.role === "body" && k > 0 && /^(the|a)$/.test(toks[k - 1].base);
      // "call it Tile colours": "call" names only before it/this ("call the plumber" is a task's own words).
      const callIt =
        (p.role === "title" || p.role === "name") &&
        t.base === "call" &&
        /^(?:it|this|that)$/.test(toks[k + 1]?.base ?? "");
      const strongCue =
        callIt ||
        ((cues.has(t.base) || (cues.has(t.stem) && t.stem.length > 2)) &&
          (named || !NOT_STRONG_CUES.includes(t.base)) &&
          t.base !== "call");
      // "set the blog monitor to scan every six hours": on an edit, "to" names only after a renaming verb or before a
      // capitalised name.
      const renames =
        run.tool.cls !== "update" ||
        /^(rename|call|name|retitle)$/.test(toks[run.primary?.tok ?? -1]?.base ?? "") ||
        /^[\p{Lu}\p{N}]/u.test(toks[k + 1]?.text ?? "");
      const weakCue =
        (p.role === "name" && t.base === "to" && !(hasTargets && p.required) && renames) ||
        (p.role === "query" && QUERY_CUES.includes(t.base));
      if (!strongCue && !weakCue) continue;
      const span = collectAfterCue(run, p, k, strongCue);
      // After called/named/titled the value is a name: only filler is trimmed from its end ("called Urgent stuff
      // please" keeps "Urgent stuff").
      // "rename X to Old stuff": after a renaming verb, "to" introduces a name as well.
      const nameLike =
        (strongCue || (weakCue && renames && run.tool.cls === "update")) && (p.role === "title" || p.role === "name");
      const trailing = (x: Tok) =>
        nameLike
          ? TRAILING_FILLER.has(x.base) ||
            (STOPWORDS.has(x.base) && !/^(stuff|things?|one|ones|it|this|that)$/.test(x.base))
          : p.role === "body" && strongCue
            ? TRAILING_FILLER.has(x.base) && !/^(it|you|too|also|again|now)$/.test(x.base)
            : SOFT_WORDS.has(x.base);
      while (span.length && trailing(span[span.length - 1])) span.pop();
      // Dictated text keeps its article ("with body the toggle resets"); other values lose leading filler.
      const dictated = p.role === "body" && strongCue;
      while (span.length > 1 && SOFT_WORDS.has(span[0].base) && !(dictated && /^(the|a|an)$/.test(span[0].base)))
        span.shift();
      if (strongCue && (!span.length || isLoneSoft(span))) {
        // "change the title of <item> to X": the value follows a later "to"/"as"/"into".
        // Not the "to" inside a named item ("the body of Trip to Rome to ...").
        const inside = (j: number) => !!toks[j - 1]?.used && !!toks[j + 1]?.used;
        const to = toks.findIndex((x, j) => j > k && !x.used && !inside(j) && /^(to|as|into|with|=)$/.test(x.base));
        if (to > 0) {
          span.length = 0;
          // Body text runs on over commas ("change the body of X to agenda, budget, hiring").
          const goesOn = (x: Tok) => !x.punct || (p.role === "body" && x.text === ",");
          for (let j = to + 1; j < toks.length && goesOn(toks[j]) && !toks[j].used && toks[j].quote === undefined; j++)
            if (!toks[j].punct) span.push(toks[j]);
          // A new name keeps its own words ("to Old stuff"); only filler at its end goes.
          const dropEnd = (x: Tok) => (nameLike ? TRAILING_FILLER.has(x.base) : SOFT_WORDS.has(x.base));
          while (span.length && dropEnd(span[span.length - 1])) span.pop();
          if (span.length) toks[to].used = true;
        }
      }
      if (!span.length || isLoneSoft(span) || relativeVerb(span, toks)) continue;
      // "retag one of my notes": the tool's own kind is the item, no label of it.
      if (p.role === "label" && span.every((x) => run.tool.nouns.has(x.stem))) continue;
      let value = a.text.slice(span[0].start, span[span.length - 1].end);
      // "Half-marathon plan (sub 2h)": a bracket opened in the value closes in it.
      if (
        (value.match(/\(/g) ?? []).length > (value.match(/\)/g) ?? []).length &&
        a.text[span[span.length - 1].end] === ")"
      )
        value += ")";
      // Dictated text keeps a mark typed onto its last word ("password is Birke2027!").
      const mark = /^[!#$%&*+]+/.exec(a.text.slice(span[span.length - 1].end));
      if (dictated && mark) value += mark[0];
      // A list value typed as "family and xmas" / "a, b, c" is several items.
      // ("both travel and kyoto", "both the tax and 2027 tags": "both", articles and the closing kind word go.)
      args[p.name] =
        p.type === "array"
          ? value
              .split(/\s*,\s*(?:and\s+)?|\s+(?:and|&|\+|und)\s+/i)
              .map((x) =>
                x
                  .replace(/^(?:both|beide[n]?)\s+/i, "")
                  .replace(/^(?:the|die|den)\s+/i, "")
                  .replace(new RegExp(`\\s+(?:${p.nameWords.map((w) => w.replace(/s$/, "")).join("|")})s?$`, "i"), ""),
              )
              .filter(Boolean)
          : value;
      t.used = true;
      for (const x of span) x.used = true;
      break;
    }
  }
}
