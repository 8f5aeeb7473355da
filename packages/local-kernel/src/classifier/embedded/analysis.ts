// Analysis of one step of a message: tokens, dates, verb classes in order (with what is *not* a verb), content
// stems, pronoun/back references and ordinals.
import { findDates, type DateMatch } from "../dates.js";
import {
  CLASS_PHRASES,
  classesOf,
  isClassWord,
  IDIOMS,
  NOUN_SYNONYMS,
  reportsDonePast,
  stem,
  STOPWORDS,
  WEAK_CLASS_WORDS,
  type VerbClass,
} from "../lexicon.js";
import { findQuotes, maskQuotes, namesNoun, stemsOf, tokenize, type Quote, type Tok } from "./tokens.js";

export interface StepAnalysis {
  text: string;
  toks: Tok[];
  quotes: Quote[];
  dates: DateMatch[];
  /** verb classes in order of appearance (first = primary) */
  classes: Array<{ cls: VerbClass[]; weak: boolean; tok: number; phrase?: boolean }>;
  stems: Set<string>;
  /** Character ranges of the items the step names by label (set once entities are matched). */
  labelSpans?: Array<[number, number]>;
  words: Set<string>;
  pronoun: boolean;
  /** "the second one", "the first task": position in the last listing (0-based, -1 = last) and its tokens */
  ordinal?: { index: number; toks: number[]; noun?: string; qualifier?: string };
  extraWords: string[];
  /** Where each idiom of `extraWords` was said (a word of a named item's label is no idiom: "Landing page copy"). */
  extraSpans: Array<{ words: string[]; start: number; end: number }>;
  /** lowercase text with quoted spans blanked (same offsets) */
  maskedLower: string;
}

export type VerbHit = StepAnalysis["classes"][number];

const ORDINALS: Record<string, number> = {
  first: 0,
  "1st": 0,
  second: 1,
  "2nd": 1,
  third: 2,
  "3rd": 2,
  fourth: 3,
  "4th": 3,
  fifth: 4,
  "5th": 4,
  top: 0,
  // "the newest one": a listing usually comes newest first.
  newest: 0,
  latest: 0,
  last: -1,
  bottom: -1,
};
const LISTING_NOUN = /^(?:one|item|result|hit|link|match|entry|page)s?$/;
export const PRONOUNS = new Set(["it", "that", "this", "them", "those", "these", "one"]);

export const DETERMINERS = new Set([
  "a",
  "an",
  "the",
  "my",
  "your",
  "our",
  "his",
  "her",
  "their",
  "this",
  "that",
  "these",
  "those",
  "its",
]);
/** Verbs of a relative clause that points back at an item: "the note I just made", "the one you created". */
const BACK_REF_RE = new RegExp(
  String.raw`\b(?:the|that|this)\s+(?:same\s+|new\s+|last\s+|latest\s+|newest\s+)?([a-z]+)\s+(?:that\s+|which\s+)?` +
    String.raw`(?:i|we|you)(?:'ve|\s+have)?\s+(?:just\s+|recently\s+|only\s+|already\s+)*([a-z]+)\b`,
  "gi",
);
const LAST_ONE_RE = /\b(?:the|that)\s+(?:last|latest|newest|new|same)\s+one\b|\bthe one (?:i|we|you)\b/i;
// Phrases that ask whether something exists: a question, so only a weak verb.
const WEAK_PHRASES = ["are there", "do i have", "how many"];

type PhraseHit = { start: number; end: number; cls: VerbClass[]; weak?: boolean };

/** Verb phrases ("bring back", "get rid of") and idioms, matched outside quotes. */
function phraseHitsOf(
  text: string,
  masked: string,
  quotes: Quote[],
  extraSpans: StepAnalysis["extraSpans"],
): PhraseHit[] {
  const phraseHits: PhraseHit[] = [];
  for (const [re, cls] of CLASS_PHRASES) {
    // Matched on the real text (a phrase may end at a quote) but never starting inside a quoted value.
    for (const m of text.matchAll(new RegExp(re.source, "gi"))) {
      if (quotes.some((q) => m.index! >= q.start && m.index! < q.end)) continue;
      // "is SPF set up properly?": after a form of be, the phrase describes a state.
      if (
        /\b(?:is|are|was|were|been|being)\s+(?:\S+\s+){0,3}$/i.test(text.slice(Math.max(0, m.index! - 40), m.index!)) &&
        /^(?:set up|get rid of)/i.test(m[0])
      )
        continue;
      const nextQuote = quotes.find((q) => q.start >= m.index!)?.start ?? Infinity;
      phraseHits.push({
        start: m.index!,
        end: Math.min(m.index! + m[0].length, nextQuote),
        cls: Array.isArray(cls) ? cls : [cls],
      });
      break;
    }
  }
  for (const idiom of IDIOMS) {
    const m = idiom.re.exec(masked);
    if (!m) continue;
    extraSpans.push({ words: idiom.words, start: m.index, end: m.index + m[0].length });
    if (idiom.cls && !phraseHits.some((p) => m.index < p.end && m.index + m[0].length > p.start)) {
      phraseHits.push({ start: m.index, end: m.index + m[0].length, cls: [idiom.cls], weak: true });
    }
  }
  return phraseHits;
}

/** Analyzes one step; `enumWords` and `nounStems` come from the catalog and tell filters and nouns from verbs. */
export function analyzeStep(
  text: string,
  now: Date,
  enumWords: Set<string> = new Set(),
  nounStems: Set<string> = new Set(),
): StepAnalysis {
  const quotes = findQuotes(text);
  const toks = tokenize(text, quotes);
  const masked = maskQuotes(text, quotes, " ");
  const dates = findDates(masked, now);
  const classes: StepAnalysis["classes"] = [];
  const extraSpans: StepAnalysis["extraSpans"] = [];
  const phraseHits = phraseHitsOf(text, masked, quotes, extraSpans);
  const extraWords = extraSpans.flatMap((x) => x.words);
  // Back references: the verb of "the note I just made" is not the user's verb; the phrase works like "it".
  const backRefVerbs = new Set<number>();
  let backRef = LAST_ONE_RE.test(masked);
  for (const m of masked.matchAll(BACK_REF_RE)) {
    const noun = m[1].toLowerCase();
    if (
      noun !== "one" &&
      !nounStems.has(stem(noun)) &&
      !(NOUN_SYNONYMS[noun] ?? []).some((x) => nounStems.has(stem(x)))
    )
      continue;
    const verb = m[2].toLowerCase();
    if (!classesOf(verb).length && !/ed$|^(made|wrote|written|did|done|got|put|saw|read)$/.test(verb)) continue;
    backRef = true;
    const vs = m.index! + m[0].length - m[2].length;
    const k = toks.findIndex((t) => t.start === vs);
    if (k >= 0) backRefVerbs.add(k);
  }
  // "handed in lab report 4 this morning": after a past form that reports something done, the rest of its clause
  // names what was done ("report" there is no verb).
  const leadK = toks.findIndex((t) => !t.punct && !/^(?:i|we|just|finally|already|ok|so|yay)$/.test(t.base));
  const lead = toks[leadK];
  const leadPast =
    lead && lead.quote === undefined && !classesOf(lead.base).length && reportsDonePast(lead.base) ? leadK : -1;
  const clauseEnd =
    leadPast < 0
      ? -1
      : toks.findIndex(
          (t, j) =>
            j > leadPast &&
            ((t.punct && /^[,;:.!?–—-]/.test(t.text)) || /^(?:and|then|but|also|und|dann)$/.test(t.base)),
        );
  const isNoun = (t: Tok | undefined): t is Tok => !!t && !t.punct && t.quote === undefined && namesNoun(t, nounStems);
  toks.forEach((t, i) => {
    if (t.punct || t.quote !== undefined) return;
    // "what profiles have I set up?", "is dmarc set up properly?": an irregular participle after have/be states.
    if (
      /^(?:set|put|made|built|sent|run)$/.test(t.base) &&
      toks
        .slice(Math.max(0, i - 3), i)
        .some((x) => /^(?:is|was|are|were|been|have|has|had|i've|we've|you've)$/.test(x.base))
    )
      return;
    // "take the seed potatoes off my list", "cross it off the list": the to-do list itself, so it is done.
    if (
      /^(?:take|cross|strike|knock)$/.test(t.base) &&
      /\boff\s+(?:my|the|your|our)\s+(?:to-?do\s+|todo\s+|task\s+)?list\b(?!\s+(?:of|called|named))/i.test(
        text.slice(t.start),
      ) &&
      !classes.some((c) => !c.weak)
    ) {
      classes.push({ cls: ["complete"], weak: false, tok: i, phrase: true });
      return;
    }
    const ph = phraseHits.find((p) => t.start >= p.start && t.start < p.end);
    if (ph) {
      if (t.start === ph.start) {
        const weak = ph.weak === true || WEAK_PHRASES.some((w) => masked.slice(ph.start, ph.end).toLowerCase() === w);
        classes.push({ cls: ph.cls, weak, tok: i, phrase: true });
      }
      return;
    }
    if (dates.some((d) => t.start >= d.start && t.end <= d.end)) return;
    if (backRefVerbs.has(i)) return;
    // "closed issues", "completed tasks": a participle that is an enum value in the catalog is a filter, not a verb;
    // so is any enum value right before a plural noun of the catalog ("open bugs", "open tasks").
    if (
      /ed$/.test(t.base) &&
      (enumWords.has(t.base) || enumWords.has(t.base.slice(0, -2)) || enumWords.has(t.base.slice(0, -1)))
    )
      return;
    const next = toks[i + 1];
    if (enumWords.has(t.base) && isNoun(next) && /s$/.test(next.base)) return;
    // "finished stuff included", "done ones too": a participle before what it describes is no verb.
    if (
      /(?:ed|done)$/.test(t.base) &&
      next &&
      !next.punct &&
      /^(?:stuff|ones|items|things|included|too)$/.test(next.base)
    )
      return;
    // "automations created since November", "notes edited today": a participle after a plural noun describes them.
    if (
      /ed$/.test(t.base) &&
      i > 0 &&
      ((isNoun(toks[i - 1]) && /s$/.test(toks[i - 1]!.base)) ||
        /^(?:everything|anything|all|those|ones|stuff|items|things)$/.test(toks[i - 1]!.base))
    )
      return;
    // "bug: the logo is blurry", "I found a bug: ...", "new task: X": a catalog noun followed by a colon and text
    // introduces a new item (a create verb when no real verb came before).
    if (
      next &&
      next.punct &&
      next.text === ":" &&
      i + 2 < toks.length &&
      (namesNoun(t, nounStems) || (i === 0 && enumWords.has(t.base))) &&
      !classes.some((c) => !c.weak) &&
      // "slides task: bump it to high": an order about the item named before the colon, not a new item's text.
      !(classesOf(toks[i + 2]!.base).length > 0 && /^(?:it|them|its)$/.test(toks[i + 3]?.base ?? ""))
    ) {
      classes.unshift({ cls: ["create"], weak: false, tok: i, phrase: true });
      return;
    }
    // "note to self, call the plumber", "Notiz an mich: ...": a kind addressed to oneself is a new item of it.
    if (
      i === 0 &&
      namesNoun(t, nounStems) &&
      /^(?:to|for|an|für)$/.test(next?.base ?? "") &&
      /^(?:self|myself|me|mich)$/.test(toks[i + 2]?.base ?? "") &&
      i + 3 < toks.length
    ) {
      classes.unshift({ cls: ["create"], weak: false, tok: i, phrase: true });
      toks[i + 1]!.used = true;
      toks[i + 2]!.used = true;
      return;
    }
    // "task for saturday: pick up dry cleaning": the noun, when it is due, then the colon and the item's text.
    if (
      namesNoun(t, nounStems) &&
      (i === 0 || toks[i - 1]!.base === "new") &&
      /^(?:for|on|due|by|am|für|bis)$/.test(next?.base ?? "") &&
      !classes.some((c) => !c.weak)
    ) {
      const c = toks.findIndex((x, j) => j > i + 1 && j <= i + 6 && x.punct && x.text === ":");
      if (c > 0 && c + 1 < toks.length && toks.slice(i + 1, c).every((x) => !x.punct)) {
        classes.unshift({ cls: ["create"], weak: false, tok: i, phrase: true });
        return;
      }
    }
    // "I want a rule that runs on a schedule", "we need a new board": asking to have an item of a kind is a create.
    if (
      /^(?:want|need)$/.test(t.base) &&
      i > 0 &&
      /^(?:i|we)$/.test(toks[i - 1]!.base) &&
      !classes.some((c) => !c.weak)
    ) {
      let j = i + 1;
      if (/^(?:a|an|another)$/.test(toks[j]?.base ?? "")) {
        j++;
        if (toks[j]?.base === "new") j++;
        if (isNoun(toks[j])) {
          classes.push({ cls: ["create"], weak: false, tok: i, phrase: true });
          return;
        }
      }
    }
    // "set a reminder", "set up a new task": an update verb before an indefinite catalog noun makes a new item.
    if (t.base === "set" && !classes.some((c) => !c.weak)) {
      let j = i + 1;
      if (toks[j]?.base === "up") j++;
      if (/^(a|an|another)$/.test(toks[j]?.base ?? "")) {
        j++;
        if (toks[j]?.base === "new") j++;
        if (isNoun(toks[j])) {
          classes.push({ cls: ["create"], weak: false, tok: i, phrase: true });
          return;
        }
      }
    }
    // "put a card 'X' in it" makes a new item; "put the screenshots card in it", "stick it on Done" moves one.
    if (/^(?:put|place|stick)$/.test(t.base) && !classes.some((c) => !c.weak)) {
      let j = i + 1;
      const indefinite = /^(a|an|another)$/.test(toks[j]?.base ?? "");
      if (indefinite) j++;
      if (toks[j]?.base === "new") j++;
      // ..."put a note in a folder" names no new item: it moves one (and asks which).
      const named = toks[j + 1]?.quote !== undefined || /^(?:called|named|titled)$/.test(toks[j + 1]?.base ?? "");
      // ..."put a note on the card saying X": a new thing with words of its own.
      const says = toks.slice(j + 1).some((x) => /^(?:saying|says)$/.test(x.base));
      const word = !!toks[j] && !toks[j]!.punct && toks[j]!.quote === undefined;
      // ..."put 'Sand the floor' in Doing with the note 'Y'": typed text with more typed text for it is a new item.
      const typedWith =
        toks[j]?.quote !== undefined &&
        toks
          .slice(j + 1)
          .some((x, k, rest) => x.base === "with" && rest.slice(k + 1, k + 4).some((y) => y.quote !== undefined));
      const creates = (indefinite && ((isNoun(toks[j]) && named) || (word && says))) || typedWith;
      classes.push({ cls: [creates ? "create" : "update"], weak: false, tok: i, phrase: true });
      return;
    }
    // "how do the security headers look on X?": how a thing looks is its state, no request to look anything up.
    if (/^looks?$/.test(t.base) && /^\s*how\s+(?:do|does|did)\b/i.test(text)) return;
    // "when does the cert run out?": to run out is to expire, no request to run anything.
    if (t.base === "run" && toks[i + 1]?.base === "out") return;
    // "run every check on X", "do a quick lookup": a light verb whose object is a verb of its own means that verb.
    if (/^(?:run|do|perform)$/.test(t.base) && !classes.some((c) => !c.weak)) {
      let j = i + 1;
      while (j < toks.length && /^(?:a|an|the|every|all|each|another|full|quick|complete|new|my)$/.test(toks[j]!.base))
        j++;
      // ..."run a dns lookup": the verb noun may stand after a word that says what kind.
      for (let o = j; o < Math.min(j + 2, toks.length) && j > i + 1; o++) {
        const obj = toks[o]!;
        if (obj.punct || obj.quote !== undefined) break;
        const objCls = classesOf(obj.base.replace(/s$/, ""));
        if (objCls.length && !objCls.includes("run")) {
          classes.push({ cls: objCls, weak: false, tok: o, phrase: true });
          return;
        }
      }
    }
    // "MX records", "DNS entries", "3 reports": a plural after an all-caps word, an enum value or a number is a noun.
    const prevTok = toks[i - 1];
    if (
      i > 0 &&
      /s$/.test(t.base) &&
      prevTok &&
      !prevTok.punct &&
      (/^[A-Z0-9]{2,}$/.test(prevTok.text) || enumWords.has(prevTok.base) || /^\d+$/.test(prevTok.text)) &&
      classesOf(t.base.slice(0, -1)).length
    )
      return;
    // "rules I created since March": a relative clause after a noun; "ethics form submitted ✅": a report.
    if (
      /[a-z]{2,}ed$/.test(t.base) &&
      !isClassWord(t.base) &&
      i > 0 &&
      (/^(?:i|we|you)$/.test(toks[i - 1]!.base) ||
        (!classes.some((c) => !c.weak) && !toks.slice(i + 1).some((x) => !x.punct && /\p{L}/u.test(x.text))))
    )
      return;
    // "cancelled the magazine sub, tick it off": a first word in the past tense reports, it does not ask.
    if (i === 0 && /[a-z]{3,}ed$/.test(t.base) && !isClassWord(t.base) && classesOf(t.base).length) return;
    // "looks fixed, close it", "seems done": a first word in the third person states, it does not ask.
    if (
      i === 0 &&
      /[a-z]{2,}[^s]s$/.test(t.base) &&
      !/^(?:whats|thats|hows|wheres|heres|theres|lets)$/.test(t.base) &&
      classesOf(t.base.slice(0, -1)).length
    )
      return;
    // "is finally submitted", "got deleted": a participle after a form of be/get is a state, not the user's verb.
    const back = toks.slice(Math.max(0, i - 3), i).map((x) => x.base);
    if (/(?:ed|en|done)$/.test(t.base) && back.some((w) => /^(?:is|was|are|were|been|being|got|gets|get)$/.test(w)))
      return;
    // "a long day of writing ahead": a gerund after a preposition is a noun.
    if (/ing$/.test(t.base) && i > 0 && /^(?:of|for|about|after|before|without|from)$/.test(toks[i - 1]!.base)) return;
    // "trello is saving my sanity": a verb in -ing after a form of be describes, it does not ask.
    if (/ing$/.test(t.base) && i > 0 && /^(?:is|are|am|was|were|'s|'re|'m)$/.test(toks[i - 1]!.base)) return;
    // "expense report is finally submitted": a verb-like word right before is/was/has is the subject, a noun.
    if (i > 0 && /^(?:is|was|are|were|has|have|got|ist|wurde)$/.test(next?.base ?? "") && !toks[i - 1]!.punct) return;
    // A verb-like word after a determiner is a noun: "as a report", "my list", "the update", "a comment".
    if (i > 0 && DETERMINERS.has(toks[i - 1].base) && !WEAK_CLASS_WORDS.has(t.base)) return;
    // ...and after a determiner and an adjective: "the weekly export", "my nightly backup".
    if (
      i > 1 &&
      DETERMINERS.has(toks[i - 2]!.base) &&
      /^[\p{L}]{3,}(?:ly|al|ic|ive|ous|ful)$/u.test(toks[i - 1]!.base) &&
      !classesOf(toks[i - 1]!.base).length &&
      !WEAK_CLASS_WORDS.has(t.base)
    )
      return;
    if (leadPast >= 0 && i > leadPast && (clauseEnd < 0 || i < clauseEnd)) return;
    const c = classesOf(t.base);
    if (c.length) classes.push({ cls: c, weak: WEAK_CLASS_WORDS.has(t.base), tok: i });
  });
  const { stems, words } = stemsOf(toks, extraWords);
  const pronoun = backRef || toks.some((t) => PRONOUNS.has(t.base) && t.base !== "one" && t.base !== "this");
  let ordinal: StepAnalysis["ordinal"];
  for (let i = 1; i + 1 < toks.length && !ordinal; i++) {
    const pos = ORDINALS[toks[i].base];
    const next = toks[i + 1];
    if (pos === undefined || !/^(the|that)$/.test(toks[i - 1].base) || next.punct || next.quote !== undefined) continue;
    // "the first result", "the second link": a position in a listing, whatever the catalog calls its items.
    const itemNoun = (t: Tok | undefined) =>
      !!t && !t.punct && t.quote === undefined && (LISTING_NOUN.test(t.base) || namesNoun(t, nounStems));
    if (itemNoun(next)) ordinal = { index: pos, toks: [i - 1, i, i + 1], noun: next.base };
    // "the first search result", "the second tax note": one word says which listing, or which of its items.
    else if (itemNoun(toks[i + 2]) && /^\p{L}{3,}$/u.test(next.base) && !STOPWORDS.has(next.base))
      ordinal = { index: pos, toks: [i - 1, i, i + 1, i + 2], noun: toks[i + 2]!.base, qualifier: next.base };
  }
  return {
    text,
    toks,
    quotes,
    dates,
    classes,
    stems,
    words,
    pronoun,
    ordinal,
    extraWords,
    extraSpans,
    maskedLower: masked.toLowerCase(),
  };
}
