// Tokens of a message: quotes, words with Porter stems, punctuation; plus the word splitting used on catalog names
// and descriptions, so message words and catalog words are compared in the same normal form.
import { NOUN_SYNONYMS, stem, STOPWORDS } from "../lexicon.js";

export interface Tok {
  text: string;
  lower: string;
  /** lower without a trailing possessive/contraction 's */
  base: string;
  stem: string;
  start: number;
  end: number;
  punct: boolean;
  quote?: number;
  /** set when consumed by an extracted value or routing word */
  used?: boolean;
  /** consumed only as a routing word (verb/noun of the tool), may still cue a value */
  routing?: boolean;
}

export interface Quote {
  text: string;
  start: number;
  end: number;
}

// A single quote opens only after a boundary so apostrophes inside words ("don't") are not quotes.
const QUOTE_RE =
  /"([^"]+)"|[“„]([^”“]+)[”“]|[‘‚]([^’‘]+)[’‘]|(?<=^|[\s:(,=])'([^']+)'(?=$|[\s.,!?;:)])|»([^«]+)«|«([^»]+)»/g;

/** Quoted spans of a message (straight, curly and single quotes), with their offsets. */
export function findQuotes(text: string): Quote[] {
  const out: Quote[] = [];
  for (const m of text.matchAll(QUOTE_RE)) {
    const inner = m[1] ?? m[2] ?? m[3] ?? m[4] ?? m[5] ?? m[6] ?? "";
    out.push({ text: inner.trim(), start: m.index!, end: m.index! + m[0].length });
  }
  return out;
}

/** The text with every quoted span overwritten by `fill` (same offsets), so patterns never match inside a quote. */
export function maskQuotes(text: string, quotes: Quote[], fill: string): string {
  let masked = text;
  for (const q of quotes) masked = masked.slice(0, q.start) + fill.repeat(q.end - q.start) + masked.slice(q.end);
  return masked;
}

// A URL is one token with its query and fragment ("...item?id=41234567"), without trailing punctuation.
const WORD_RE =
  /https?:\/\/[^\s"'<>]*[^\s"'<>.,;:!?)\]]|#\d+|[£$€¥]?[\p{L}\p{N}][\p{L}\p{N}_'’\-/.@:+]*|[.,;:!?]|(?<=\s)[-–—](?=\s)/gu;
// Abbreviations keep their dot: "Dr." is one word, not "Dr" + end of sentence.
const ABBREVIATION_RE = /^(?:dr|mr|mrs|ms|st|jr|sr|vs|prof|inc|ltd|etc|approx|no)\.$/i;

/** Tokenizes a message; each quote becomes one token carrying its quote index. */
export function tokenize(text: string, quotes: Quote[]): Tok[] {
  const toks: Tok[] = [];
  let pos = 0;
  const segs: Array<{ s: number; e: number; q?: number }> = [];
  quotes.forEach((q, i) => {
    if (q.start > pos) segs.push({ s: pos, e: q.start });
    segs.push({ s: q.start, e: q.end, q: i });
    pos = q.end;
  });
  if (pos < text.length) segs.push({ s: pos, e: text.length });
  for (const seg of segs) {
    if (seg.q !== undefined) {
      const t = quotes[seg.q].text;
      const lower = t.toLowerCase();
      toks.push({ text: t, lower, base: lower, stem: "", start: seg.s, end: seg.e, punct: false, quote: seg.q });
      continue;
    }
    const part = text.slice(seg.s, seg.e);
    for (const m of part.matchAll(WORD_RE)) {
      let w = m[0];
      // Trailing punctuation glued to a word ("42:", "done.", "Berlin,") is its own token.
      const trail = ABBREVIATION_RE.test(w) ? null : /[.:]+$/.exec(w);
      if (trail && w.length > trail[0].length && !/\d[.:]\d/.test(w.slice(-3)))
        w = w.slice(0, w.length - trail[0].length);
      const start = seg.s + m.index!;
      const lower = w
        .toLowerCase()
        .replace(/’/g, "'")
        .replace(/^(un|re)-(?=[a-z])/, "$1");
      const base = lower.replace(/'s$/, "");
      // A free-standing dash ("quick note - buy batteries") works like a colon.
      if (/^[-–—]$/.test(w)) w = ":";
      const punct = /^[.,;:!?]$/.test(w);
      toks.push({ text: w, lower, base, stem: punct ? "" : stem(base), start, end: start + w.length, punct });
      if (trail && w !== m[0]) {
        const ps = start + w.length;
        const p = trail[0][0];
        toks.push({ text: p, lower: p, base: p, stem: "", start: ps, end: ps + trail[0].length, punct: true });
      }
    }
  }
  return toks;
}

/** Words of an identifier: `delete_note`, `deleteNote` and `delete-note` all give ["delete", "note"]. */
export function splitName(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** The kind of a label-only item ("cards" -> "card", "folder_id" -> "folder"), as params name it (`ParamInfo.refKind`). */
export function namedKind(key: string | undefined): string {
  const words = splitName(key ?? "").filter((w) => w !== "id" && w !== "ids");
  return stem(words.pop() ?? "");
}

/** Stems of the meaningful words of a description (examples and stopwords left out). */
export function contentStems(text: string | undefined): string[] {
  if (!text) return [];
  // Examples are not meaning: "(e.g. Europe/Berlin)", "Labels to apply, e.g. bug".
  const cut = text
    .replace(/\((?:e\.g\.|eg|for example|i\.e\.|such as)[^)]*\)/gi, " ")
    .split(/\be\.g\.|\bfor example\b|\bsuch as\b/i)[0];
  return (cut.toLowerCase().match(/[a-z][a-z0-9_']*/g) ?? [])
    .flatMap((w) => w.split("_"))
    .filter((w) => w.length > 1 && !STOPWORDS.has(w))
    .map((w) => stem(w));
}

/** True when the token names one of `nounStems`, directly or by synonym ("ticket" for issue). */
export function namesNoun(t: Tok, nounStems: Set<string>): boolean {
  return nounStems.has(t.stem) || (NOUN_SYNONYMS[t.base] ?? []).some((x) => nounStems.has(stem(x)));
}

/** Content stems and words of the tokens (plus noun synonyms and idiom words); `skip` leaves tokens out. */
export function stemsOf(
  toks: Tok[],
  extraWords: string[] = [],
  skip?: Set<number>,
): { stems: Set<string>; words: Set<string> } {
  const stems = new Set<string>();
  const words = new Set<string>();
  toks.forEach((t, i) => {
    if (t.punct || t.quote !== undefined || skip?.has(i)) return;
    stems.add(t.stem);
    words.add(t.base);
    for (const syn of NOUN_SYNONYMS[t.base] ?? []) {
      stems.add(stem(syn));
      words.add(syn);
      // a plural stands for the plural ("bugs" -> "issues")
      if (/[^s]s$/.test(t.base) && !syn.endsWith("s")) words.add(`${syn}s`);
    }
    // un-/re-prefixed verbs also mention their root ("unpin" mentions "pin", "retag" mentions "tag").
    if (
      /^un[a-z]{3,}$/.test(t.base) ||
      /^re(?:tag|label|name|title|open|assign|sort|pin|scan|run|check|sync)(?:s|ged|ed|ing)?$/.test(t.base)
    )
      stems.add(stem(t.base.slice(2)));
    // "HTTP-Header", "follow-up": a hyphenated word also mentions its parts (not host names or ids).
    if (/^[\p{L}]{2,}(?:[-/][\p{L}]{2,})+$/u.test(t.base))
      for (const part of t.base.split(/[-/]/)) {
        for (const syn of NOUN_SYNONYMS[part] ?? []) stems.add(stem(syn));
        stems.add(stem(part));
        words.add(part);
      }
  });
  for (const w of extraWords) {
    stems.add(stem(w));
    words.add(w);
  }
  return { stems, words };
}
