// Embedded classifier: offline, deterministic routing of a chat message to catalog tools with typed args.
// Design notes in docs/classifier.md. Nothing here is specific to one extension: every signal comes from the
// catalog (tool names, descriptions, JSON Schema params) and the conversation (skeleton block, fact ledger).
import { collectIds, isIdKey } from "../facts/ledger.js";
import { findDates, type DateMatch } from "./dates.js";
import {
  ACCEPT_PHRASES,
  ACCEPT_STRONG,
  ACCEPT_WORDS,
  CALL_OFF,
  CALL_OFF_STRONG,
  CLASS_PHRASES,
  classesOf,
  CUES,
  ENUM_SYNONYMS,
  IDIOMS,
  NEGATION_BEFORE,
  NEGATIONS,
  NOUN_SYNONYMS,
  SMALLTALK,
  SMALLTALK_STRONG,
  SOFT_WORDS,
  stem,
  STOPWORDS,
  TODO_LEADS,
  VERB_TRANSLATIONS,
  WEAK_CLASS_WORDS,
  type VerbClass,
} from "./lexicon.js";
import {
  isClassifierTarget,
  type CatalogEntry,
  type Classification,
  type ClassifyInput,
  type JsonSchema,
  type KnownEntity,
  type PlanStep,
} from "./types.js";

// ---- tokens -----------------------------------------------------------------------------------------------

interface Tok {
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

interface Quote {
  text: string;
  start: number;
  end: number;
}

const QUOTE_RE = /"([^"]+)"|“([^”]+)”|‘([^’]+)’|(?<=^|[\s:(,=])'([^']+)'(?=$|[\s.,!?;:)])/g;

function findQuotes(text: string): Quote[] {
  const out: Quote[] = [];
  for (const m of text.matchAll(QUOTE_RE)) {
    const inner = m[1] ?? m[2] ?? m[3] ?? m[4] ?? "";
    out.push({ text: inner.trim(), start: m.index!, end: m.index! + m[0].length });
  }
  return out;
}

const WORD_RE = /#\d+|[\p{L}\p{N}][\p{L}\p{N}_'’\-/.@:+]*|[.,;:!?]|(?<=\s)[-–—](?=\s)/gu;

function tokenize(text: string, quotes: Quote[]): Tok[] {
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
      toks.push({ text: t, lower: t.toLowerCase(), base: t.toLowerCase(), stem: "", start: seg.s, end: seg.e, punct: false, quote: seg.q });
      continue;
    }
    const part = text.slice(seg.s, seg.e);
    for (const m of part.matchAll(WORD_RE)) {
      let w = m[0];
      // Trailing punctuation glued to a word ("42:", "done.", "Berlin,") is its own token.
      const trail = /^(?:dr|mr|mrs|ms|st|jr|sr|vs|prof|inc|ltd|etc|approx|no)\.$/i.test(w) ? null : /[.:]+$/.exec(w);
      if (trail && w.length > trail[0].length && !/\d[.:]\d/.test(w.slice(-3))) w = w.slice(0, w.length - trail[0].length);
      const start = seg.s + m.index!;
      const lower = w.toLowerCase().replace(/’/g, "'").replace(/^(un|re)-(?=[a-z])/, "$1");
      const base = lower.replace(/'s$/, "");
      // A free-standing dash ("quick note - buy batteries") works like a colon.
      if (/^[-–—]$/.test(w)) w = ":";
      const punct = /^[.,;:!?]$/.test(w);
      toks.push({ text: w, lower, base, stem: punct ? "" : stem(base), start, end: start + w.length, punct });
      if (trail && w !== m[0]) {
        const ps = start + w.length;
        toks.push({ text: trail[0][0], lower: trail[0][0], base: trail[0][0], stem: "", start: ps, end: ps + trail[0].length, punct: true });
      }
    }
  }
  return toks;
}

// ---- catalog preparation ---------------------------------------------------------------------------------------

type Role = "title" | "body" | "query" | "name" | "label" | "date" | "timezone" | "limit" | "email" | "url" | "other";

interface ParamInfo {
  name: string;
  schema: JsonSchema;
  type: string;
  enumVals?: string[];
  isId: boolean;
  required: boolean;
  hasDefault: boolean;
  nameWords: string[];
  nameStems: string[];
  descStems: string[];
  role: Role;
  dateTime: boolean;
}

interface ToolInfo {
  entry: CatalogEntry;
  nameWords: string[];
  cls?: VerbClass;
  /** the name word that gave the class ("delete" in delete_note) */
  verbWord?: string;
  nouns: Set<string>;
  nounWords: Set<string>;
  descStems: Set<string>;
  params: ParamInfo[];
}

function splitName(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

function contentStems(text: string | undefined): string[] {
  if (!text) return [];
  // Examples are not meaning: "(e.g. Europe/Berlin)", "Labels to apply, e.g. bug".
  const cut = text.replace(/\((?:e\.g\.|eg|for example|i\.e\.|such as)[^)]*\)/gi, " ").split(/\be\.g\.|\bfor example\b|\bsuch as\b/i)[0];
  return (cut.toLowerCase().match(/[a-z][a-z0-9_']*/g) ?? [])
    .flatMap((w) => w.split("_"))
    .filter((w) => w.length > 1 && !STOPWORDS.has(w))
    .map((w) => stem(w));
}

function schemaType(s: JsonSchema): string {
  if (Array.isArray(s.type)) return s.type.find((t) => t !== "null") ?? "unknown";
  if (s.type) return s.type;
  if (s.enum) return typeof s.enum[0] === "number" ? "number" : "string";
  const alt = s.anyOf ?? s.oneOf;
  if (alt) {
    for (const a of alt) {
      const t = schemaType(a);
      if (t !== "null" && t !== "unknown") return t;
    }
  }
  return "unknown";
}

function enumOf(s: JsonSchema): string[] | undefined {
  if (s.enum) return s.enum.filter((v): v is string => typeof v === "string");
  const alt = s.anyOf ?? s.oneOf;
  if (alt) {
    const vals = alt.flatMap((a) => (a.enum ?? (a.const !== undefined ? [a.const] : [])).filter((v): v is string => typeof v === "string"));
    if (vals.length) return vals;
  }
  return undefined;
}

function roleOf(name: string, s: JsonSchema, type: string): Role {
  const n = name.toLowerCase();
  const d = (s.description ?? "").toLowerCase();
  if (type === "string" && (s.format === "date" || s.format === "date-time" || /(^|_)(date|due|deadline|day|when)$|_(on|at|by)$|^(due|deadline|date)/.test(n))) return "date";
  if (/time_?zone|^tz$|_tz$/.test(n)) return "timezone";
  if (type === "integer" || type === "number") {
    if (/^(limit|max|max_results|count|top|page_size|per_page|n|size|num|number_of_results)$/.test(n) || /maximum number|max(imum)? (number|results)|how many/.test(d)) return "limit";
    return "other";
  }
  if (type === "array") return /label|tag|categor/.test(n) ? "label" : "other";
  if (type !== "string") return "other";
  if (/email|recipient|^to$/.test(n) || s.format === "email") return "email";
  if (/url|link|href|website/.test(n) || s.format === "uri") return "url";
  if (/^(title|subject|heading|headline|summary)$/.test(n) || /_title$/.test(n)) return "title";
  if (/^(name|display_name|full_name|username|who|person)$/.test(n) || /_name$/.test(n)) return "name";
  if (/^(q|query|search|term|terms|keyword|keywords|search_query|filter_text)$/.test(n)) return "query";
  if (/^(body|text|content|contents|description|message|comment|details|note|notes|markdown|html)$/.test(n) || /_(body|text|content)$/.test(n)) return "body";
  return "other";
}

const prepared = new WeakMap<CatalogEntry, ToolInfo>();

function prepareTool(entry: CatalogEntry): ToolInfo {
  const cached = prepared.get(entry);
  if (cached) return cached;
  const nameWords = splitName(entry.name);
  let cls: VerbClass | undefined;
  const nouns = new Set<string>();
  const nounWords = new Set<string>();
  for (const w of nameWords) {
    const c = classesOf(w);
    if (!cls && c.length) {
      cls = w === "show" || w === "view" || w === "display" ? "list" : c[0];
      continue;
    }
    if (STOPWORDS.has(w) || c.length) continue;
    nouns.add(stem(w));
    nounWords.add(w);
  }
  // A delete whose description says it is irreversible is a hard delete ("Permanently delete a note").
  if (cls === "delete" && /\bpermanent|cannot be undone|can't be undone|irreversib|\bforever\b/i.test(entry.description)) cls = "purge";
  const verbWord = nameWords.find((w) => classesOf(w).length > 0);
  const props = entry.params?.properties ?? {};
  const required = new Set(entry.params?.required ?? []);
  const params: ParamInfo[] = Object.entries(props).map(([name, schema]) => {
    const type = schemaType(schema);
    const words = splitName(name);
    return {
      name,
      schema,
      type,
      enumVals: enumOf(schema),
      isId: isIdKey(name, entry.idProjection),
      required: required.has(name),
      hasDefault: schema.default !== undefined,
      nameWords: words,
      nameStems: words.filter((w) => !["is", "only", "include", "show", "has", "with", "filter"].includes(w)).map((w) => stem(w)),
      descStems: contentStems(schema.description),
      role: roleOf(name, schema, type),
      dateTime: schema.format === "date-time",
    };
  });
  const descStems = new Set(contentStems(entry.description));
  const info: ToolInfo = { entry, nameWords, cls, verbWord, nouns, nounWords, descStems, params };
  prepared.set(entry, info);
  return info;
}

// ---- conversation entities -------------------------------------------------------------------------------------------------

interface Entity extends KnownEntity {
  labelStems: string[];
  labelLower: string;
  order: number;
}

/** Entities shown in a rendered skeleton block: `field=[Label (#id), #id2, ...]`. */
export function entitiesFromSkeletonBlock(block: string | undefined): KnownEntity[] {
  if (!block) return [];
  const out: KnownEntity[] = [];
  for (const line of block.split("\n")) {
    for (const m of line.matchAll(/(\w+)=\[([^\]]*)\]/g)) {
      const key = m[1];
      // Items are joined with ", ": `#id`, `label (#id)` or a bare label (no id, useless for resolution).
      for (const piece of m[2].split(", ")) {
        const idOnly = /^#([^\s()]+)$/.exec(piece);
        const labelled = /^(.*) \(#([^()\s]+)\)$/.exec(piece);
        if (idOnly) out.push({ id: idOnly[1], key, source: "skeleton" });
        else if (labelled) out.push({ id: labelled[2], label: labelled[1].replace(/\.\.\.$/, ""), key, source: "skeleton" });
      }
    }
  }
  return out;
}

function entitiesFromLedger(ledger: ClassifyInput["factLedger"]): { entities: KnownEntity[]; ids: string[] } {
  if (!ledger) return { entities: [], ids: [] };
  const entities: KnownEntity[] = [];
  const ids: string[] = [];
  const turns: Array<{ text: string; entities?: KnownEntity[]; ids?: string[] }> =
    typeof ledger === "string" ? ledger.split("\n").map((text) => ({ text })) : ledger;
  // Newest turn first so that "it" and equal labels prefer the latest result.
  let first = true;
  for (const t of [...turns].reverse()) {
    if (t.entities) {
      for (const e of t.entities) entities.push({ ...e, source: "fact", ...(first ? { lastTurn: true } : {}) });
      first = false;
      ids.push(...(t.ids ?? []));
      continue;
    }
    const jsonStart = t.text.indexOf("[");
    try {
      const found = collectIds(JSON.parse(t.text.slice(Math.max(0, jsonStart))));
      for (const e of found.entities.values()) entities.push({ ...e, source: "fact", ...(first ? { lastTurn: true } : {}) });
      first = false;
      ids.push(...found.ids);
    } catch {
      // Truncated turn: fall back to regex for "x_id":"value" pairs.
      for (const m of t.text.matchAll(/"(\w*(?:^id|_id|Id))"\s*:\s*"([^"]+)"/g)) ids.push(m[2]);
    }
  }
  return { entities, ids };
}

function prepEntities(input: ClassifyInput): { entities: Entity[]; ids: Set<string>; lastTurn: Entity[] } {
  const led = entitiesFromLedger(input.factLedger);
  const all = [...(input.entities ?? []), ...led.entities, ...entitiesFromSkeletonBlock(input.skeletonBlock)];
  const byId = new Map<string, Entity>();
  all.forEach((e, i) => {
    const prev = byId.get(e.id);
    if (prev && (prev.label || !e.label)) return;
    const labelLower = (e.label ?? "").toLowerCase();
    byId.set(e.id, {
      ...e,
      labelLower,
      labelStems: (labelLower.match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => !STOPWORDS.has(w)).map((w) => stem(w)),
      order: prev?.order ?? i,
    });
  });
  const ids = new Set<string>([...byId.keys(), ...led.ids]);
  const list = [...byId.values()].sort((a, b) => a.order - b.order);
  return { entities: list, ids, lastTurn: list.filter((e) => (e as { lastTurn?: boolean }).lastTurn) };
}

// ---- message analysis ------------------------------------------------------------------------------------------

function isSmalltalk(words: string[]): boolean {
  return words.length > 0 && words.length <= 8 && words.every((w) => SMALLTALK.has(w)) && words.some((w) => SMALLTALK_STRONG.has(w));
}

/** True when the message only accepts a pending confirmation ("yes", "go ahead", "confirm"). */
export function isAcceptance(message: string): boolean {
  const words = (message.toLowerCase().replace(/’/g, "'").match(/[a-z']+/g) ?? []);
  if (words.length === 0 || words.length > 8) return false;
  if (!words.every((w) => ACCEPT_WORDS.has(w))) return false;
  return words.some((w) => ACCEPT_STRONG.has(w)) || ACCEPT_PHRASES.some((re) => re.test(message));
}

const LANG_HINTS: Record<string, string[]> = {
  de: ["und", "der", "die", "das", "ist", "nicht", "ich", "mit", "bitte", "eine", "einen", "notiz", "aufgabe", "lösche", "zeige", "erstelle"],
  fr: ["le", "la", "les", "et", "est", "une", "je", "avec", "pour", "des", "moi", "supprime", "crée", "montre", "s'il"],
  es: ["el", "los", "las", "una", "por", "para", "con", "que", "mis", "muestra", "crea", "borra", "elimina", "nota", "tarea"],
};

/** Rough language guess from stopwords; "en" unless another language clearly dominates. */
export function detectLanguage(text: string): string {
  const words = text.toLowerCase().match(/[\p{L}']+/gu) ?? [];
  let best = "en";
  let bestN = 0;
  for (const [lang, hints] of Object.entries(LANG_HINTS)) {
    const n = words.filter((w) => hints.includes(w)).length;
    if (n > bestN) {
      best = lang;
      bestN = n;
    }
  }
  return bestN >= 2 || (bestN >= 1 && words.length <= 3) ? best : "en";
}

/** Splits "A and then B", "A, then B", "A; B", "A and <verb> B" into steps (quoted text is never split). */
export function splitSteps(message: string, enumWords: Set<string> = new Set()): string[] {
  const quotes = findQuotes(message);
  let masked = message;
  for (const q of quotes) masked = masked.slice(0, q.start) + "\u0000".repeat(q.end - q.start) + masked.slice(q.end);
  const cuts: Array<[number, number]> = [];
  const sep = /\s*(?:[,;]\s*)?\b(?:and then|and afterwards|and after that|after that|afterwards|then|and also)\b\s*|\s*;\s*/gi;
  for (const m of masked.matchAll(sep)) cuts.push([m.index!, m.index! + m[0].length]);
  for (const m of masked.matchAll(/\s*(?:,\s*and|,|\s+and)\s+(?=([a-z]+))/gi)) {
    const next = m[1].toLowerCase();
    const cls = classesOf(next);
    // "open and closed": an enum value of the catalog after "and" is a value, not a new step.
    if (!cls.length || WEAK_CLASS_WORDS.has(next) || enumWords.has(next) || ["list", "all", "view", "see", "new"].includes(next)) continue;
    // ", <verb>" only after a clause that is a command itself ("create X, tag it Y"); "I called the dentist, mark it
    // done" and "I need to renew X, add it as a task" stay one step.
    if (!/\band\b/i.test(m[0])) {
      const before = masked.slice(0, m.index!).toLowerCase().match(/[a-zäöüß']+/g) ?? [];
      if (!before.some((w) => classesOf(w).length > 0 && !WEAK_CLASS_WORDS.has(w))) continue;
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

interface StepAnalysis {
  text: string;
  toks: Tok[];
  quotes: Quote[];
  dates: DateMatch[];
  /** verb classes in order of appearance (first = primary) */
  classes: Array<{ cls: VerbClass[]; weak: boolean; tok: number; phrase?: boolean }>;
  stems: Set<string>;
  words: Set<string>;
  pronoun: boolean;
  /** "the second one", "the first task": position in the last listing (0-based, -1 = last) and its tokens */
  ordinal?: { index: number; toks: number[] };
  extraWords: string[];
  /** lowercase text with quoted spans blanked (same offsets) */
  maskedLower: string;
}

const ORDINALS: Record<string, number> = { first: 0, "1st": 0, second: 1, "2nd": 1, third: 2, "3rd": 2, fourth: 3, "4th": 3, fifth: 4, "5th": 4, last: -1 };
const PRONOUNS = new Set(["it", "that", "this", "them", "those", "these", "one"]);

const DETERMINERS = new Set(["a", "an", "the", "my", "your", "our", "his", "her", "their", "this", "that", "these", "those", "its"]);
/** Verbs of a relative clause that points back at an item: "the note I just made", "the one you created". */
const BACK_REF_RE = /\b(?:the|that|this)\s+(?:same\s+|new\s+|last\s+|latest\s+|newest\s+)?([a-z]+)\s+(?:that\s+|which\s+)?(?:i|we|you)(?:'ve|\s+have)?\s+(?:just\s+|recently\s+|only\s+|already\s+)*([a-z]+)\b/gi;
const LAST_ONE_RE = /\b(?:the|that)\s+(?:last|latest|newest|new|same)\s+one\b|\bthe one (?:i|we|you)\b/i;

/** Content stems and words of the tokens (plus noun synonyms and idiom words); `skip` leaves tokens out. */
function stemsOf(toks: Tok[], extraWords: string[] = [], skip?: Set<number>): { stems: Set<string>; words: Set<string> } {
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
    // un-prefixed verbs also mention their root ("unpin" mentions "pin").
    if (/^un[a-z]{3,}$/.test(t.base)) stems.add(stem(t.base.slice(2)));
  });
  for (const w of extraWords) {
    stems.add(stem(w));
    words.add(w);
  }
  return { stems, words };
}

function analyzeStep(text: string, now: Date, enumWords: Set<string> = new Set(), nounStems: Set<string> = new Set()): StepAnalysis {
  const quotes = findQuotes(text);
  const toks = tokenize(text, quotes);
  let masked = text;
  for (const q of quotes) masked = masked.slice(0, q.start) + " ".repeat(q.end - q.start) + masked.slice(q.end);
  const dates = findDates(masked, now);
  const classes: StepAnalysis["classes"] = [];
  const phraseHits: Array<{ start: number; end: number; cls: VerbClass[]; weak?: boolean }> = [];
  for (const [re, cls] of CLASS_PHRASES) {
    // Matched on the real text (a phrase may end at a quote) but never starting inside a quoted value.
    for (const m of text.matchAll(new RegExp(re.source, "gi"))) {
      if (quotes.some((q) => m.index! >= q.start && m.index! < q.end)) continue;
      phraseHits.push({ start: m.index!, end: Math.min(m.index! + m[0].length, quotes.find((q) => q.start >= m.index!)?.start ?? Infinity), cls: Array.isArray(cls) ? cls : [cls] });
      break;
    }
  }
  const extraWords: string[] = [];
  for (const idiom of IDIOMS) {
    const m = idiom.re.exec(masked);
    if (!m) continue;
    extraWords.push(...idiom.words);
    if (idiom.cls && !phraseHits.some((p) => m.index < p.end && m.index + m[0].length > p.start)) phraseHits.push({ start: m.index, end: m.index + m[0].length, cls: [idiom.cls], weak: true });
  }
  // Back references: the verb of "the note I just made" is not the user's verb; the phrase works like "it".
  const backRefVerbs = new Set<number>();
  let backRef = LAST_ONE_RE.test(masked);
  for (const m of masked.matchAll(BACK_REF_RE)) {
    const noun = m[1].toLowerCase();
    if (noun !== "one" && !nounStems.has(stem(noun)) && !(NOUN_SYNONYMS[noun] ?? []).some((x) => nounStems.has(stem(x)))) continue;
    if (!classesOf(m[2].toLowerCase()).length && !/ed$|^(made|wrote|written|did|done|got|put|saw|read)$/.test(m[2].toLowerCase())) continue;
    backRef = true;
    const vs = m.index! + m[0].length - m[2].length;
    const k = toks.findIndex((t) => t.start === vs);
    if (k >= 0) backRefVerbs.add(k);
  }
  toks.forEach((t, i) => {
    if (t.punct || t.quote !== undefined) return;
    const ph = phraseHits.find((p) => t.start >= p.start && t.start < p.end);
    if (ph) {
      if (t.start === ph.start) classes.push({ cls: ph.cls, weak: ph.weak === true || ["are there", "do i have", "how many"].some((w) => masked.slice(ph.start, ph.end).toLowerCase() === w), tok: i, phrase: true });
      return;
    }
    if (dates.some((d) => t.start >= d.start && t.end <= d.end)) return;
    if (backRefVerbs.has(i)) return;
    // "closed issues", "completed tasks": a participle that is an enum value in the catalog is a filter, not a verb;
    // so is any enum value right before a plural noun of the catalog ("open bugs", "open tasks").
    if (/ed$/.test(t.base) && (enumWords.has(t.base) || enumWords.has(t.base.slice(0, -2)) || enumWords.has(t.base.slice(0, -1)))) return;
    const next = toks[i + 1];
    if (enumWords.has(t.base) && next && !next.punct && next.quote === undefined && /s$/.test(next.base) && (nounStems.has(next.stem) || (NOUN_SYNONYMS[next.base] ?? []).some((x) => nounStems.has(stem(x))))) return;
    // "bug: the logo is blurry", "I found a bug: ...", "new task: X": a catalog noun followed by a colon and text
    // introduces a new item (a create verb when no real verb came before).
    if (next && next.punct && next.text === ":" && i + 2 < toks.length && (nounStems.has(t.stem) || (NOUN_SYNONYMS[t.base] ?? []).some((x) => nounStems.has(stem(x)))) && !classes.some((c) => !c.weak)) {
      classes.unshift({ cls: ["create"], weak: false, tok: i, phrase: true });
      return;
    }
    // "set a reminder", "set up a new task": an update verb before an indefinite catalog noun makes a new item.
    if (t.base === "set" && !classes.some((c) => !c.weak)) {
      let j = i + 1;
      if (toks[j]?.base === "up") j++;
      if (/^(a|an|another)$/.test(toks[j]?.base ?? "")) {
        j++;
        if (toks[j]?.base === "new") j++;
        const n = toks[j];
        if (n && !n.punct && n.quote === undefined && (nounStems.has(n.stem) || (NOUN_SYNONYMS[n.base] ?? []).some((x) => nounStems.has(stem(x))))) {
          classes.push({ cls: ["create"], weak: false, tok: i, phrase: true });
          return;
        }
      }
    }
    // A verb-like word after a determiner is a noun: "as a report", "my list", "the update", "a comment".
    if (i > 0 && DETERMINERS.has(toks[i - 1].base) && !WEAK_CLASS_WORDS.has(t.base)) return;
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
    if (next.base === "one" || next.base === "item" || nounStems.has(next.stem) || (NOUN_SYNONYMS[next.base] ?? []).some((x) => nounStems.has(stem(x)))) ordinal = { index: pos, toks: [i - 1, i, i + 1] };
  }
  return { text, toks, quotes, dates, classes, stems, words, pronoun, ordinal, extraWords, maskedLower: masked.toLowerCase() };
}

// ---- entity matching ----------------------------------------------------------------------------------------------

interface EntityHit {
  entity: Entity;
  score: number;
  toks: number[];
  quote?: number;
  explicit: boolean;
}

/** A partial label match right after a topic cue ("issues about the login page") is a search topic, not a reference. */
function afterTopicCue(a: StepAnalysis, tok: number, nounStems: Set<string>): boolean {
  for (let k = tok - 1; k >= 0; k--) {
    const t = a.toks[k];
    if (t.punct || t.quote !== undefined) return false;
    if (DETERMINERS.has(t.base) || STOPWORDS.has(t.base) && !/^(about|for)$/.test(t.base)) continue;
    return /^(about|mentioning|matching|containing|regarding|concerning|for|on)$/.test(t.base) && k > 0 && a.toks.slice(0, k).some((x) => (/s$/.test(x.base) && (nounStems.has(x.stem) || (NOUN_SYNONYMS[x.base] ?? []).some((y) => nounStems.has(stem(y))))) || classesOf(x.base).includes("search"));
  }
  return false;
}

function matchEntities(a: StepAnalysis, entities: Entity[], genericStems: Set<string>): EntityHit[] {
  const hits: EntityHit[] = [];
  const toks = a.toks;
  for (const e of entities) {
    // Explicit id typed by the user.
    const idTok = toks.findIndex((t) => t.quote === undefined && (t.lower === e.id.toLowerCase() || t.lower === `#${e.id.toLowerCase()}`));
    if (idTok >= 0) {
      hits.push({ entity: e, score: 100, toks: [idTok], explicit: true });
      continue;
    }
    if (!e.labelLower || e.labelStems.length === 0) continue;
    const qi = a.quotes.findIndex((q) => q.text.toLowerCase() === e.labelLower);
    if (qi >= 0) {
      hits.push({ entity: e, score: 50, toks: [toks.findIndex((t) => t.quote === qi)], quote: qi, explicit: false });
      continue;
    }
    // Exact phrase (stems, stopwords ignored) anywhere in the unquoted tokens.
    const words = toks.map((t, i) => ({ t, i })).filter(({ t }) => !t.punct && t.quote === undefined && !STOPWORDS.has(t.base));
    let exact: number[] | undefined;
    for (let s = 0; s + e.labelStems.length <= words.length && !exact; s++) {
      if (e.labelStems.every((st, k) => words[s + k].t.stem === st)) exact = e.labelStems.map((_, k) => words[s + k].i);
    }
    if (exact) {
      hits.push({ entity: e, score: 10 + e.labelStems.length, toks: exact, explicit: false });
      continue;
    }
    // Partial: distinctive label words present in the message, taken from one cluster (gaps <= 2 tokens) so a
    // label word elsewhere in the message ("Call" in a new title) is not claimed.
    const matched: number[] = [];
    for (const st of new Set(e.labelStems)) {
      for (const w of words) {
        if (w.t.stem !== st) continue;
        if (!(genericStems.has(st) || classesOf(w.t.base).length > 0)) matched.push(w.i);
      }
    }
    matched.sort((x, y) => x - y);
    let best: number[] = [];
    let cur: number[] = [];
    for (const i of matched) {
      if (cur.length && i - cur[cur.length - 1] > 3) cur = [];
      if (!cur.includes(i)) cur.push(i);
      if (cur.length > best.length) best = [...cur];
    }
    const distinctive = best.length;
    if (distinctive > 0 && afterTopicCue(a, best[0], genericStems)) continue;
    if (distinctive > 0) hits.push({ entity: e, score: distinctive + distinctive / e.labelStems.length, toks: best, explicit: false });
  }
  return hits.sort((x, y) => y.score - x.score || x.entity.order - y.entity.order);
}

/** The token names one of the tool's nouns, directly or by synonym ("ticket" for issue). */
function isToolNoun(t: Tok | undefined, tool: ToolInfo): boolean {
  if (!t || t.punct || t.quote !== undefined) return false;
  return tool.nouns.has(t.stem) || (NOUN_SYNONYMS[t.base] ?? []).some((x) => tool.nouns.has(stem(x)));
}

function entityKindScore(e: Entity, p: ParamInfo, tool: ToolInfo): number {
  const key = (e.key ?? "").toLowerCase();
  if (key === p.name.toLowerCase()) return 2;
  const pStems = p.nameWords.filter((w) => w !== "id").map((w) => stem(w));
  const kStems = splitName(key).filter((w) => w !== "id" && w !== "recent").map((w) => stem(w));
  if (pStems.some((s) => kStems.includes(s))) return 1.5;
  if ([...tool.nouns].some((n) => kStems.includes(n))) return 1;
  return 0;
}

// ---- scoring ---------------------------------------------------------------------------------------------------

interface Candidate {
  tool: ToolInfo;
  score: number;
  evidence: number;
}

const READ_FAMILY = new Set<VerbClass>(["list", "get", "search"]);

function scoreTool(tool: ToolInfo, a: StepAnalysis, hits: EntityHit[], hasNumberRef: boolean, prevStep: boolean, flags: { hasComplete: boolean; hasSoftDelete: boolean; hasGet: boolean; updateFieldStems: Set<string> }): Candidate {
  let score = 0;
  let evidence = 0;
  const primary = a.classes[0];
  const allClasses = new Set(a.classes.flatMap((c) => c.cls));
  const hasPurge = allClasses.has("purge");
  const saysDone = ["done", "complete", "completed", "finished", "erledigt", "fertig"].some((w) => a.words.has(w)) || a.classes.some((c) => c.cls.includes("complete"));
  // "make <existing item> high priority" edits it; "make a note" creates one.
  const makeExisting = !!primary && a.toks[primary.tok]?.base === "make" && (/^(it|them|this|that)$/.test(a.toks[primary.tok + 1]?.base ?? "") || hits.some((h) => h.score >= 10 && h.toks.length > 0 && h.toks[0] > primary.tok) || (a.pronoun && prevStep));
  // "add the tag urgent to <existing item>", "append X to <item>": an edit of that item, not a new one.
  const addToExisting = !!primary && /^(add|append|attach|put|insert|include)$/.test(a.toks[primary.tok]?.base ?? "") &&
    hits.some((h) => h.score >= 10 && h.toks.length > 0 && h.toks[0] > primary.tok && /^(to|onto|into|in|on)$/.test(a.toks.slice(0, h.toks[0]).filter((t) => !t.punct && !DETERMINERS.has(t.base)).pop()?.base ?? ""));
  // "remove the deadline from X", "clear the due date of X": the object is a field, so this edits the item.
  const objTok = primary ? a.toks.slice(primary.tok + 1).find((t) => !t.punct && !DETERMINERS.has(t.base)) : undefined;
  const fieldObject = !!primary && primary.cls.some((c) => c === "delete" || c === "purge") && !!objTok && !hits.some((h) => h.toks.includes(a.toks.indexOf(objTok))) &&
    (/^(deadline|due)$/.test(objTok.base) || flags.updateFieldStems.has(objTok.stem));
  // A question with no real verb ("is pay rent done?", "what's the status of X?") never changes anything; with no
  // tool that reads one item, the listing is how to answer it.
  const plainQuestion = !a.classes.some((c) => !c.weak) && !makeExisting && /\?\s*$|^\s*(?:is|are|was|were|does|do|did|has|have|what|what's|whats|which|how|when|where|who)\b/i.test(a.text);
  if (plainQuestion && tool.entry.actionType !== "read") score -= 2.5;
  if (plainQuestion && !flags.hasGet && tool.cls === "list" && hits.some((h) => h.score >= 10)) score += 2;
  if (fieldObject && tool.cls === "update") score += 4;
  if (fieldObject && (tool.cls === "delete" || tool.cls === "purge")) score -= 2;
  if ((makeExisting || addToExisting) && tool.cls === "create") score -= 3;
  if ((makeExisting || addToExisting) && tool.cls === "update") score += 3;
  if (tool.cls) {
    // The tool's own verb said literally ("delete" for delete_note) counts as the primary verb.
    const said = primary && !primary.phrase ? a.toks[primary.tok]?.base : undefined;
    const literal = !!tool.verbWord && !!said && (said === tool.verbWord || VERB_TRANSLATIONS[said] === tool.verbWord);
    const completeAsk = tool.cls === "complete" && saysDone && !!primary && (primary.cls.includes("update") || primary.cls.includes("complete"));
    // With no soft delete in the catalog, "remove X" means the (hard) delete there is.
    const onlyDelete = tool.cls === "purge" && !flags.hasSoftDelete && !!primary && primary.cls.includes("delete");
    const primaryHas = primary && (primary.cls.includes(tool.cls) || (hasPurge && tool.cls === "purge") || literal || completeAsk || onlyDelete);
    // "add a comment" names comment_on_issue: the tool's own verb used as a noun (after an article).
    const nameVerbSaid = a.toks.some((t, i) => i > 0 && ["a", "an", "new", "another"].includes(a.toks[i - 1].base) && tool.nameWords.includes(t.base) && classesOf(t.base).includes(tool.cls!));
    if (primaryHas) {
      score += primary.weak ? 1.5 : 3;
      // A real verb that only fits tools of this class is domain evidence on its own ("remind me to ...").
      if (!primary.weak) evidence += 0.5;
      if (literal) score += 0.5;
    } else if (primary && !primary.weak && primary.cls.includes("list") && tool.cls === "search") score += 2;
    else if (primary && !primary.weak && primary.cls.includes("search") && tool.cls === "list") score += 2;
    else if (primary && primary.cls.includes("complete") && tool.cls === "update") score += 2;
    else if (nameVerbSaid) {
      // The tool's own verb said literally ("add a comment") outranks a generic verb elsewhere.
      score += 2.5;
      evidence += 0.5;
    } else if (allClasses.has(tool.cls)) score += 1;
    else if (primary && !primary.weak) score -= 1.5;
    if (hasPurge && tool.cls === "delete") score -= 2;
    if (tool.cls === "purge" && !hasPurge && !literal && !onlyDelete) score -= 1;
    // A dedicated "complete" tool beats a generic update when the user says done/finished.
    if (tool.cls === "update" && saysDone && flags.hasComplete) score -= 1.5;
  }
  // Tool-name nouns mentioned ("note", "task", "issue", "time", "hello").
  let nounHits = 0;
  for (const n of tool.nouns) if (a.stems.has(n)) nounHits++;
  score += Math.min(nounHits, 2) * 2;
  evidence += nounHits;
  if (tool.cls === "list" && [...tool.nounWords].some((w) => w.endsWith("s") && a.words.has(w))) score += 0.5;
  if (tool.cls === "list" && [...tool.nounWords].some((w) => !w.endsWith("s") && a.words.has(w + "s"))) score += 0.5;
  // Description words.
  let desc = 0;
  for (const s of tool.descStems) if (a.stems.has(s) && !tool.nouns.has(s)) desc++;
  score += Math.min(desc * 0.5, 1.5);
  evidence += desc * 0.5;
  // Params: names, enum values.
  let pHits = 0;
  let eHits = 0;
  for (const p of tool.params) {
    if (!p.isId && p.nameStems.some((s) => s.length > 2 && a.stems.has(s))) pHits++;
    if (p.enumVals && p.enumVals.some((v) => enumMentioned(v, a) !== undefined)) eHits++;
  }
  score += Math.min(pHits * 0.5, 1.5) + Math.min(eHits, 2);
  evidence += pHits * 0.5 + eHits;
  // Target resolution: tools that act on one item want a resolvable reference.
  const idParams = tool.params.filter((p) => p.isId && p.required);
  if (idParams.length) {
    const intId = idParams.some((p) => p.type === "integer" || p.type === "number" || /number|\bno\b|numeric/i.test(p.schema.description ?? ""));
    const resolvable = hits.length > 0 || (intId && hasNumberRef) || (a.pronoun && prevStep);
    if (resolvable) {
      score += 1;
      if (hits.some((h) => h.score >= 1)) evidence += 1;
    }
    else if (tool.cls === "get") score -= 1;
  } else if (tool.cls === "list" && hits.some((h) => h.score >= 10) && primary && primary.cls.includes("get")) {
    score -= 0.75;
  } else if (tool.cls === "list" && hits.length && ![...tool.nounWords].some((w) => a.words.has(w.endsWith("s") ? w : w + "s"))) {
    // One named item and no plural: the user means that item, not a listing.
    score -= 0.75;
  }
  if (tool.cls === "search" && a.quotes.length > 0) score += 0.5;
  // "about X", "mentioning X": a topic to search for.
  if (tool.cls === "search" && a.toks.some((t, i) => /^(about|mentioning|matching|containing|regarding)$/.test(t.base) && i + 1 < a.toks.length && !a.toks[i + 1].punct)) score += 1;
  return { tool, score, evidence };
}

const formRegex = new Map<string, RegExp>();
function formRe(f: string): RegExp {
  let re = formRegex.get(f);
  if (!re) {
    re = new RegExp(`(?<![\\p{L}\\p{N}_])${f.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![\\p{L}\\p{N}_])`, "u");
    if (formRegex.size < 10_000) formRegex.set(f, re);
  }
  return re;
}

function enumMentioned(value: string, a: StepAnalysis): { start: number; end: number } | undefined {
  const v = value.toLowerCase();
  const forms = new Set([v, v.replace(/_/g, " "), ...(ENUM_SYNONYMS[v] ?? [])]);
  // A participle of a one-word value: "trashed notes" -> trash, "archived" -> archive.
  if (/^[a-z]{3,}$/.test(v) && !/ed$/.test(v)) forms.add(v.endsWith("e") ? `${v}d` : `${v}ed`);
  const lower = a.maskedLower;
  let best: { start: number; end: number } | undefined;
  for (const f of forms) {
    if (f.length < 2 || !lower.includes(f)) continue;
    const re = formRe(f);
    const m = re.exec(lower);
    // "haven't started", "not done": a negated form does not mean the value (its own synonym may, e.g. todo).
    if (m && NEGATION_BEFORE.test(lower.slice(Math.max(0, m.index - 24), m.index)) && !/^(not|un|haven|hasn)/.test(f)) continue;
    // "my to-do list", "the open list": a value naming a list is not a filter.
    if (m && /^\s+list\b/.test(lower.slice(m.index + m[0].length)) && f !== v) continue;
    // "everything, including done": an added value is not the filter itself.
    if (m && /\b(?:including|incl\.?|plus|even)\s+(?:the\s+)?$/.test(lower.slice(Math.max(0, m.index - 16), m.index)) && v !== "all") continue;
    if (m && (!best || m[0].length > best.end - best.start)) best = { start: m.index, end: m.index + m[0].length };
  }
  return best;
}

// ---- argument extraction ----------------------------------------------------------------------------------------

interface StepContext {
  index: number;
  prev: Array<{ tool: ToolInfo; args?: Record<string, unknown> }>;
  knownIds: Set<string>;
}

function markSpan(a: StepAnalysis, start: number, end: number): void {
  for (const t of a.toks) if (t.start >= start && t.end <= end) t.used = true;
}

/** What "it" in a later step refers to: the earlier step's own literal id when it had one, else its result field. */
function refToPrev(ctx: StepContext, param: ParamInfo): unknown {
  const prev = ctx.prev[ctx.index - 1];
  const literal = prev.args?.[param.name];
  if (literal !== undefined && !(typeof literal === "string" && literal.startsWith("$steps."))) return literal;
  return `$steps.${ctx.index - 1}.data.${idFieldFor(prev.tool, param)}`;
}

function idFieldFor(prevTool: ToolInfo, param: ParamInfo): string {
  const props = prevTool.entry.returnSchema?.properties;
  if (props) {
    if (props[param.name]) return param.name;
    if (props.id) return "id";
    const alt = Object.keys(props).find((k) => isIdKey(k));
    if (alt) return alt;
  }
  return param.name;
}

function coerceNumber(p: ParamInfo, n: number): number | undefined {
  if (p.type === "integer" && !Number.isInteger(n)) return undefined;
  if (typeof p.schema.minimum === "number" && n < p.schema.minimum) return undefined;
  if (typeof p.schema.maximum === "number" && n > p.schema.maximum) return undefined;
  return n;
}

const TRAILING_FILLER = new Set(["please", "pls", "plz", "thanks", "thank", "you", "thx", "now", "instead", "too", "also", "again", "asap"]);
const NUMBER_WORDS: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12, fifteen: 15, twenty: 20, thirty: 30, fifty: 50 };

const ID_LIKE_TOKEN = /^(?=.*\d)(?=.*[a-z])[a-z0-9]+(?:[_-][a-z0-9]+)+$|^[a-z]{1,6}_[a-z0-9]{3,}$|^[0-9a-f]{8}-[0-9a-f-]{27}$/i;

function extractArgs(tool: ToolInfo, a: StepAnalysis, hits: EntityHit[], ctx: StepContext, now: Date): { args: Record<string, unknown>; missing: string[] } {
  const args: Record<string, unknown> = {};
  const toks = a.toks;
  // Routing words of this tool are consumed: its primary verb and its nouns.
  const primary = a.classes[0];
  const route = (t: Tok) => {
    if (!t.used) t.routing = true;
    t.used = true;
  };
  // The message's main verb is an instruction, never part of a value ("list open issues" has no query "list").
  if (primary && (!primary.weak || (tool.cls && primary.cls.includes(tool.cls)))) route(toks[primary.tok]);
  // Other words of the same class are routing words only near the verb or before the tool's noun ("add a new
  // note"); later ones belong to a value ("make a note: buy a new laptop").
  const nounIdx = toks.findIndex((t) => t.quote === undefined && tool.nouns.has(t.stem));
  // With a noun, only words before it ("add a new note"); "add task file expense report" keeps "file" in the value.
  const colonIdx = primary ? toks.findIndex((t, i) => i >= primary.tok && t.punct && t.text === ":") : -1;
  const nearVerb = (i: number) =>
    (colonIdx < 0 || i < colonIdx) && ((nounIdx >= 0 && primary && nounIdx > primary.tok ? i < nounIdx : primary ? i <= primary.tok + 3 : false) || (nounIdx >= 0 && i < nounIdx));
  for (const c of a.classes) if (tool.cls && c.cls.includes(tool.cls) && nearVerb(c.tok)) route(toks[c.tok]);
  for (const c of a.classes) if (c.cls.includes("purge") && (tool.cls === "purge" || tool.cls === "delete")) route(toks[c.tok]);
  for (const t of toks) {
    if (t.quote !== undefined || t.punct) continue;
    if (tool.nouns.has(t.stem) || tool.nameWords.includes(t.base) || (NOUN_SYNONYMS[t.base] ?? []).some((x) => tool.nouns.has(stem(x)))) route(t);
  }
  const usedQuotes = new Set<number>();

  // 1. Ids: explicit ids, entity labels, pronouns referring to an earlier step.
  for (const p of tool.params.filter((x) => x.isId)) {
    if (p.type === "integer" || p.type === "number") continue;
    const best = hits
      .map((h) => ({ h, k: h.score + entityKindScore(h.entity, p, tool) }))
      .sort((x, y) => y.k - x.k)[0];
    if (best) {
      args[p.name] = best.h.entity.id;
      for (const i of best.h.toks) if (i >= 0) toks[i].used = true;
      if (best.h.quote !== undefined) usedQuotes.add(best.h.quote);
      continue;
    }
    const typed = toks.find((t) => !t.punct && t.quote === undefined && !t.used && (ctx.knownIds.has(t.text) || ID_LIKE_TOKEN.test(t.text)) && !/^\d{4}-\d{2}-\d{2}$/.test(t.text));
    if (typed) {
      args[p.name] = typed.text;
      typed.used = true;
      continue;
    }
    const numbered = toks.findIndex((t, k) => !t.used && t.quote === undefined && /^#?\d+$/.test(t.text) && (t.text.startsWith("#") || (k > 0 && (isToolNoun(toks[k - 1], tool) || /^(number|no|num|id)$/.test(toks[k - 1].base)))));
    if (numbered >= 0) {
      args[p.name] = toks[numbered].text.replace("#", "");
      toks[numbered].used = true;
      continue;
    }
    if (ctx.index > 0 && (a.pronoun || p.required)) {
      args[p.name] = refToPrev(ctx, p);
      for (const t of toks) if (PRONOUNS.has(t.base)) t.used = true;
    }
  }

  // 2. Numbers: "#42", "issue 42" -> integer id params; "max 5", "last 5" -> limit; a lone number -> the lone numeric param.
  const numTok = (t: Tok) => !t.punct && t.quote === undefined && !t.used && /^#?\d+(?:\.\d+)?$/.test(t.text) && !a.dates.some((d) => t.start >= d.start && t.end <= d.end);
  const intIdParams = tool.params.filter((p) => (p.type === "integer" || p.type === "number") && p.role !== "limit" && (p.isId || /number|num|^no$|_no$/.test(p.name)));
  for (const p of intIdParams) {
    const numOrWord = (t: Tok) => numTok(t) || (!t.used && t.quote === undefined && NUMBER_WORDS[t.base] !== undefined && t.base !== "one");
    const i = toks.findIndex((t, k) => numOrWord(t) && (t.text.startsWith("#") || (k > 0 && (isToolNoun(toks[k - 1], tool) || /^(number|no|num|id)$/.test(toks[k - 1].base)))));
    if (i >= 0) {
      const n = coerceNumber(p, Number(toks[i].text.replace("#", "")));
      if (n !== undefined) {
        args[p.name] = n;
        toks[i].used = true;
      }
    } else if (ctx.index > 0 && a.pronoun && args[p.name] === undefined) {
      args[p.name] = refToPrev(ctx, p);
      for (const t of toks) if (PRONOUNS.has(t.base)) t.used = true;
    }
  }
  const limitP = tool.params.find((p) => p.role === "limit");
  if (limitP) {
    const numOrWord = (t: Tok) => numTok(t) || (!t.used && t.quote === undefined && NUMBER_WORDS[t.base] !== undefined && t.base !== "one");
    const i = toks.findIndex((t, k) => numOrWord(t) && (
      (k > 0 && /^(max|maximum|most|limit|last|top|first|latest|recent|newest|upto)$/.test(toks[k - 1].base)) ||
      (k + 1 < toks.length && (tool.nouns.has(toks[k + 1].stem) || /^(results|items|entries|rows)$/.test(toks[k + 1].base))) ||
      (k + 2 < toks.length && (/^(latest|recent|newest|oldest|last|new|first|most|open|closed|active|pending|overdue)$/.test(toks[k + 1].base) || tool.params.some((p) => p.enumVals?.some((v) => v.toLowerCase() === toks[k + 1].base))) && (isToolNoun(toks[k + 2], tool) || (k + 3 < toks.length && /^(recent|recently|latest)$/.test(toks[k + 2].base) && isToolNoun(toks[k + 3], tool))))
    ));
    if (i >= 0) {
      const n = coerceNumber(limitP, NUMBER_WORDS[toks[i].base] ?? Number(toks[i].text));
      if (n !== undefined) {
        args[limitP.name] = n;
        toks[i].used = true;
        if (i > 0 && /^(max|maximum|most|limit|last|top|first|upto)$/.test(toks[i - 1].base)) toks[i - 1].used = true;
        if (i > 1 && toks[i - 1].base === "most" && toks[i - 2].base === "at") toks[i - 2].used = true;
      }
    }
  }
  const numericFree = tool.params.filter((p) => (p.type === "integer" || p.type === "number") && args[p.name] === undefined && !p.isId);
  const freeNums = toks.filter(numTok);
  if (numericFree.length === 1 && freeNums.length === 1 && (numericFree[0].required || numericFree[0].role !== "limit")) {
    const n = coerceNumber(numericFree[0], Number(freeNums[0].text.replace("#", "")));
    if (n !== undefined) {
      args[numericFree[0].name] = n;
      freeNums[0].used = true;
    }
  }
  for (const p of intIdParams) {
    if (args[p.name] !== undefined || !p.required) continue;
    const t = toks.find(numTok);
    if (t) {
      const n = coerceNumber(p, Number(t.text.replace("#", "")));
      if (n !== undefined) {
        args[p.name] = n;
        t.used = true;
      }
    }
  }

  // 3. Dates.
  const dateParams = tool.params.filter((p) => p.role === "date" && args[p.name] === undefined);
  if (dateParams.length && a.dates.length) {
    const d = a.dates[0];
    const p = dateParams[0];
    args[p.name] = p.dateTime ? `${d.date}T${d.time ?? "09:00"}:00Z` : d.date;
    markSpan(a, d.start, d.end);
    const before = toks.filter((t) => t.end <= d.start && !t.punct).pop();
    if (before && /^(due|by|on|for|until|till|before|at|deadline|to|from|für|bis|am|ab)$/.test(before.base)) before.used = true;
    for (const t of toks) if (t.base === "due" || t.base === "deadline") t.used = true;
  }

  // 4. Enums.
  for (const p of tool.params) {
    if (!p.enumVals || args[p.name] !== undefined) continue;
    let best: { v: string; span: { start: number; end: number }; exact: boolean } | undefined;
    for (const v of p.enumVals) {
      const span = enumMentioned(v, a);
      if (!span) continue;
      const exact = a.text.slice(span.start, span.end).toLowerCase().replace(/ /g, "_") === v.toLowerCase();
      if (!best || (exact && !best.exact) || (exact === best.exact && span.end - span.start > best.span.end - best.span.start)) best = { v, span, exact };
    }
    // "open and closed", "both done and todo": two values of a filter that has "all" mean all of them.
    const allVal = p.enumVals.find((v) => v.toLowerCase() === "all");
    if (best && allVal && p.enumVals.filter((v) => v !== allVal && enumMentioned(v, a) && a.text.toLowerCase().replace(/ /g, "_").includes(v.toLowerCase())).length >= 2) {
      const span = enumMentioned(allVal, a);
      best = { v: allVal, span: span ?? best.span, exact: true };
    }
    if (best) {
      // A synonym that is this tool's own routing verb ("complete_task" + "completed") is not a value.
      const words = a.text.slice(best.span.start, best.span.end).toLowerCase();
      if (!best.exact && tool.nameWords.includes(words)) continue;
      args[p.name] = best.v;
      markSpan(a, best.span.start, best.span.end);
      for (const t of toks) if (p.nameStems.includes(t.stem) || t.base === "as") t.used = true;
    }
  }

  // 5. Booleans: a param-name word present -> true, negated ("un-", "not", "without") -> false.
  for (const p of tool.params) {
    if (p.type !== "boolean" || args[p.name] !== undefined) continue;
    const key = p.nameStems.filter((s) => s.length > 2);
    if (!key.length) continue;
    const i = toks.findIndex((t) => !t.punct && t.quote === undefined && (key.includes(t.stem) || (/^un/.test(t.base) && key.includes(stem(t.base.slice(2))))));
    if (i < 0) continue;
    const t = toks[i];
    const negated = (/^un/.test(t.base) && !key.includes(t.stem)) || (i > 0 && NEGATIONS.has(toks[i - 1].base));
    args[p.name] = !negated;
    t.used = true;
    if (i > 0 && (NEGATIONS.has(toks[i - 1].base) || toks[i - 1].base === "only")) toks[i - 1].used = true;
    if (i + 1 < toks.length && toks[i + 1].base === "only") toks[i + 1].used = true;
  }

  // 6. Pattern values: time zones, emails, urls.
  for (const p of tool.params) {
    if (args[p.name] !== undefined || p.type !== "string") continue;
    let re: RegExp | undefined;
    if (p.role === "timezone") re = /^(?:[A-Z][A-Za-z_]+\/[A-Z][A-Za-z_]+(?:\/[A-Z][A-Za-z_]+)?|UTC|GMT)$/;
    else if (p.role === "email") re = /^[^@\s]+@[^@\s]+\.[a-z]{2,}$/i;
    else if (p.role === "url") re = /^https?:\/\/\S+$/i;
    if (!re) continue;
    const t = toks.find((x) => !x.punct && x.quote === undefined && !x.used && re!.test(x.text));
    if (t) {
      args[p.name] = t.text;
      t.used = true;
      const k = toks.indexOf(t);
      if (k > 0 && /^(in|at|for|to)$/.test(toks[k - 1].base)) toks[k - 1].used = true;
    }
  }

  // 7. Quoted strings -> free-text params, by the cue words before each quote, then in order.
  const textParams = tool.params.filter((p) => (p.type === "string" || p.role === "label") && !p.isId && !p.enumVals && p.role !== "date" && p.role !== "timezone");
  const roleCue = (p: ParamInfo): Set<string> => {
    const cues = new Set<string>([...p.nameWords, ...p.descStems.filter((s) => !tool.nouns.has(s))]);
    const r = p.role === "label" ? "label" : p.role === "title" || p.role === "body" || p.role === "query" || p.role === "name" ? p.role : undefined;
    if (r) for (const c of CUES[r]) cues.add(c);
    return cues;
  };
  const cueSets = new Map(textParams.map((p) => [p.name, roleCue(p)]));
  const quoteIdx = a.quotes.map((_, i) => i).filter((i) => !usedQuotes.has(i));
  const unassigned: number[] = [];
  for (const qi of quoteIdx) {
    const ti = toks.findIndex((t) => t.quote === qi);
    let target: ParamInfo | undefined;
    // Nearest cue word within 6 tokens before the quote (stopping at another quote).
    for (let k = ti - 1, dist = 0; k >= 0 && dist < 6 && !target; k--) {
      if (toks[k].quote !== undefined) break;
      if (toks[k].punct && toks[k].text !== ":") continue;
      if (!STOPWORDS.has(toks[k].base)) dist++;
      const w = toks[k].base;
      const st = toks[k].stem;
      target = textParams.find((p) => args[p.name] === undefined && (cueSets.get(p.name)!.has(w) || cueSets.get(p.name)!.has(st)) && !(w === "to" && p.role !== "name" && !toks.slice(0, k).some((x) => x.base === "rename" || cueSets.get(p.name)!.has(x.base))));
      if (target && (w === "to" || w === "for" || w === "with")) {
        // Weak cues only count when nothing better is nearer to the start.
        const strong = textParams.find((p) => args[p.name] === undefined && p !== target && toks.slice(Math.max(0, k - 3), k).some((x) => cueSets.get(p.name)!.has(x.base) && !["to", "for", "with"].includes(x.base)));
        if (strong) target = strong;
      }
      if (target) toks[k].used = true;
    }
    if (!target) {
      // A param named right after the quote: '"eggs" to the Q3 roadmap body' (only after to/into/in/as).
      const intro = toks[ti + 1] && /^(to|into|in|as)$/.test(toks[ti + 1].base);
      for (let k = ti + 2, dist = 0; intro && k < toks.length && dist < 5 && !target; k++) {
        if (toks[k].quote !== undefined || (toks[k].punct && toks[k].text !== ":")) break;
        if (/^(with|and|saying|titled|called|named|labelled|labeled|tagged|due)$/.test(toks[k].base)) break;
        if (!STOPWORDS.has(toks[k].base)) dist++;
        const w = toks[k].base;
        target = textParams.find((p) => args[p.name] === undefined && (p.nameWords.includes(w) || (CUES[p.role as keyof typeof CUES]?.includes(w) && !["to", "for", "with", "about", "name", "search"].includes(w))));
      }
    }
    if (target) {
      args[target.name] = target.type === "array" ? [a.quotes[qi].text] : a.quotes[qi].text;
      toks[ti].used = true;
    } else unassigned.push(qi);
  }
  const ROLE_ORDER: Record<string, number> = { title: 0, name: 1, query: 2, body: 3, other: 4, label: 5 };
  const order = (p: ParamInfo) => (p.required ? 0 : 10) + (ROLE_ORDER[p.role] ?? 6);
  for (const qi of unassigned) {
    const p = textParams.filter((x) => args[x.name] === undefined && x.type === "string").sort((x, y) => order(x) - order(y))[0];
    if (!p) break;
    args[p.name] = a.quotes[qi].text;
    toks[toks.findIndex((t) => t.quote === qi)].used = true;
  }

  // 8. Unquoted cue runs: "titled X", "saying X", "with label X", "to X" (names).
  for (const p of textParams) {
    if (args[p.name] !== undefined) continue;
    const cues = cueSets.get(p.name)!;
    for (let k = 0; k < toks.length; k++) {
      const t = toks[k];
      if (t.punct || t.quote !== undefined || (t.used && !t.routing)) continue;
      const strongCue = (cues.has(t.base) || (cues.has(t.stem) && t.stem.length > 2)) && !["to", "for", "with", "about", "search", "say", "comment", "message", "text", "note"].includes(t.base);
      const weakCue = (p.role === "name" && t.base === "to") || (p.role === "query" && ["about", "for", "mentioning", "matching", "containing", "regarding"].includes(t.base));
      if (!strongCue && !weakCue) continue;
      const run: Tok[] = [];
      for (let j = k + 1; j < toks.length; j++) {
        const x = toks[j];
        // A list value may be comma separated ("tagged work, planning").
        if (x.punct && x.text === "," && p.type === "array" && run.length && toks[j + 1] && !toks[j + 1].punct && !toks[j + 1].used && toks[j + 1].quote === undefined) {
          run.push(x);
          continue;
        }
        if (x.punct && x.text !== ":" ) break;
        if (x.punct) continue;
        // "tag it urgent", "call it Kickoff": the pronoun names the item, the value follows.
        if (!run.length && strongCue && j === k + 1 && /^(it|them|this|that)$/.test(x.base)) continue;
        // A routing noun can still be a value after a cue ("with label bug"); the main verb cannot.
        if ((x.used && !(strongCue && x.routing && j !== primary?.tok)) || x.quote !== undefined) break;
        // A verb ends a value after a weak cue ("to X"), not after "called/titled/named" ("called Delete old files").
        if (run.length && p.role !== "body" && !(strongCue && (p.role === "title" || p.role === "name")) && classesOf(x.base).length && !WEAK_CLASS_WORDS.has(x.base) && x.base !== "list") break;
        // Another param's cue ends this value ("titled Trip tagged travel").
        if (run.length && textParams.some((o) => o !== p && args[o.name] === undefined && (cueSets.get(o.name)!.has(x.base) || cueSets.get(o.name)!.has(x.stem)) && !["to", "for", "with", "about", "a", "the"].includes(x.base) && !SOFT_WORDS.has(x.base))) break;
        run.push(x);
      }
      // After called/named/titled the value is a name: only filler is trimmed from its end ("called Urgent stuff
      // please" keeps "Urgent stuff").
      const nameLike = strongCue && (p.role === "title" || p.role === "name");
      while (run.length && (nameLike ? TRAILING_FILLER.has(run[run.length - 1].base) || (STOPWORDS.has(run[run.length - 1].base) && !/^(stuff|things?|one|ones|it|this|that)$/.test(run[run.length - 1].base)) : SOFT_WORDS.has(run[run.length - 1].base))) run.pop();
      while (run.length && SOFT_WORDS.has(run[0].base) && run.length > 1) run.shift();
      if (strongCue && (!run.length || (run.length === 1 && SOFT_WORDS.has(run[0].base)))) {
        // "change the title of <item> to X": the value follows a later "to"/"as"/"into".
        const to = toks.findIndex((x, j) => j > k && !x.used && /^(to|as|into|with|=)$/.test(x.base));
        if (to > 0) {
          run.length = 0;
          for (let j = to + 1; j < toks.length && !toks[j].punct && !toks[j].used && toks[j].quote === undefined; j++) run.push(toks[j]);
          while (run.length && SOFT_WORDS.has(run[run.length - 1].base)) run.pop();
          if (run.length) toks[to].used = true;
        }
      }
      if (!run.length || (run.length === 1 && SOFT_WORDS.has(run[0].base))) continue;
      const value = a.text.slice(run[0].start, run[run.length - 1].end);
      // A list value typed as "family and xmas" / "a, b, c" is several items.
      args[p.name] = p.type === "array" ? value.split(/\s*,\s*(?:and\s+)?|\s+(?:and|&)\s+/i).filter(Boolean) : value;
      t.used = true;
      for (const x of run) x.used = true;
      break;
    }
  }

  // 9. Remainder: the longest run of unconsumed words -> the main free-text param (required, or the only one).
  // Free text never fills typed strings (urls, emails, time zones, dates): those need their pattern.
  const stringFree = textParams.filter((p) => args[p.name] === undefined && p.type === "string" && !["url", "email", "timezone", "date"].includes(p.role) && !p.schema.format);
  const allText = textParams.filter((p) => p.type === "string");
  const mainP = stringFree.filter((p) => p.required).sort((x, y) => order(x) - order(y))[0] ??
    (tool.params.length === 1 && stringFree.length === 1 ? stringFree[0] : undefined);
  if (mainP) {
    const runs: Tok[][] = [];
    let cur: Tok[] = [];
    for (const t of toks) {
      const hard = t.punct || t.used || t.quote !== undefined || /^(called|named|titled|title|due|priority|status)$/.test(t.base);
      if (hard && !(t.punct && t.text === "'")) {
        if (cur.length) runs.push(cur);
        cur = [];
        continue;
      }
      cur.push(t);
    }
    if (cur.length) runs.push(cur);
    const trimmed = runs
      .map((r) => {
        const x = [...r];
        // After a colon the user typed the value verbatim ("report a bug: the export button does nothing").
        const k0 = toks.indexOf(r[0]);
        const afterColon = k0 > 0 && toks[k0 - 1].punct && toks[k0 - 1].text === ":";
        while (!afterColon && x.length && SOFT_WORDS.has(x[0].base)) x.shift();
        // "a note about the budget meeting": the topic is the value, not the preposition.
        if (!afterColon && x.length > 1 && /^(about|regarding|concerning|re)$/.test(x[0].base) && tool.cls === "create") {
          x.shift();
          while (x.length > 1 && SOFT_WORDS.has(x[0].base)) x.shift();
        }
        while (x.length && SOFT_WORDS.has(x[x.length - 1].base)) x.pop();
        return x;
      })
      .filter((r) => r.some((t) => !SOFT_WORDS.has(t.base) && !(mainP.role !== "name" && classesOf(t.base).length && WEAK_CLASS_WORDS.has(t.base))));
    const best = trimmed.sort((x, y) => y.filter((t) => !SOFT_WORDS.has(t.base)).length - x.filter((t) => !SOFT_WORDS.has(t.base)).length)[0];
    if (best) {
      args[mainP.name] = a.text.slice(best[0].start, best[best.length - 1].end);
      for (const t of best) t.used = true;
    }
  }

  // 9b. "clear the due date", "remove the deadline", "no due date": null for a nullable param of an edit tool
  // ("remove the tags": [] for a list param).
  if (tool.cls === "update") {
    for (const p of tool.params) {
      if (args[p.name] !== undefined || p.isId) continue;
      const nullable = (Array.isArray(p.schema.type) && p.schema.type.includes("null")) || (p.schema.anyOf ?? p.schema.oneOf ?? []).some((x) => x.type === "null");
      if (!nullable && p.type !== "array") continue;
      const words = [...p.nameWords, ...(p.role === "date" ? ["date", "day", "deadline"] : [])].map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|");
      const re = new RegExp(`\\b(?:clear|remove|unset|reset|drop|delete|erase|no|without)\\s+(?:the\\s+|its\\s+|a\\s+|any\\s+|my\\s+)?(?:${words})(?:\\s+(?:${words}))*\\b`);
      const m = re.exec(a.maskedLower);
      if (!m) continue;
      args[p.name] = nullable ? null : [];
      markSpan(a, m.index, m.index + m[0].length);
    }
  }

  // 10. Defaults and missing required params.
  for (const p of tool.params) {
    if (args[p.name] === undefined && p.hasDefault) args[p.name] = structuredClone(p.schema.default);
  }
  const missing = tool.params.filter((p) => p.required && (args[p.name] === undefined || args[p.name] === "")).map((p) => p.name);
  for (const p of tool.params) if (p.type === "array" && typeof args[p.name] === "string") args[p.name] = [args[p.name]];
  void now;
  return { args, missing };
}

/** 'add "Pack bags" and "Print tickets" as tasks': one create per quoted value joined by and/commas. */
function moreQuotedItems(tool: ToolInfo, a: StepAnalysis, args: Record<string, unknown>): Array<{ param: string; value: unknown }> {
  if (tool.cls !== "create" || a.quotes.length < 2) return [];
  const qi = a.quotes.findIndex((q) => Object.values(args).includes(q.text));
  const param = Object.keys(args).find((k) => args[k] === a.quotes[qi]?.text);
  if (qi < 0 || !param) return [];
  const out: Array<{ param: string; value: unknown }> = [];
  let k = a.toks.findIndex((t) => t.quote === qi);
  for (let j = k + 1; j < a.toks.length; j++) {
    const t = a.toks[j];
    if (t.quote === undefined) continue;
    const between = a.toks.slice(k + 1, j);
    if (t.used || !between.length || !between.every((x) => x.base === "and" || x.base === "&" || x.text === ",") || Object.values(args).includes(t.text)) break;
    out.push({ param, value: t.text });
    k = j;
  }
  return out;
}

/** Further items joined to the step's target by "and"/"," ("A and B", "42, 43 and 44"), for a one-id tool. */
function moreTargets(tool: ToolInfo, a: StepAnalysis, hits: EntityHit[], args: Record<string, unknown>): Array<{ param: string; value: unknown }> {
  const idPs = tool.params.filter((p) => p.isId && p.required);
  if (idPs.length !== 1 || args[idPs[0].name] === undefined) return [];
  const p = idPs[0];
  const first = args[p.name];
  const joiner = (from: number, to: number) => {
    const between = a.toks.slice(from + 1, to);
    return between.length > 0 && between.length <= 4 && between.some((t) => t.base === "and" || t.base === "&" || t.text === ",") &&
      between.every((t) => t.base === "and" || t.base === "&" || t.text === "," || DETERMINERS.has(t.base) || isToolNoun(t, tool));
  };
  const out: Array<{ param: string; value: unknown }> = [];
  const used = hits.find((h) => h.entity.id === first && h.toks.length > 0);
  if (used) {
    let last = Math.max(...used.toks);
    const rest = hits.filter((h) => h !== used && h.score >= 10 && h.toks.length > 0 && Math.min(...h.toks) > last).sort((x, y) => Math.min(...x.toks) - Math.min(...y.toks));
    for (const h of rest) {
      if (!joiner(last, Math.min(...h.toks)) || h.entity.id === first || out.some((o) => o.value === h.entity.id)) break;
      out.push({ param: p.name, value: h.entity.id });
      last = Math.max(...h.toks);
    }
    return out;
  }
  // Numbers: "issues 42 and 43", "#7, #8".
  let k = a.toks.findIndex((t) => t.quote === undefined && t.text.replace("#", "") === String(first) && /^#?\d+$/.test(t.text));
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

// ---- main ---------------------------------------------------------------------------------------------------------

const MIN_SCORE = 2;
const CLARIFY_BELOW = 0.45;

function toDate(now: ClassifyInput["now"]): Date {
  if (now === undefined) return new Date();
  return now instanceof Date ? now : new Date(now);
}

function nounFor(tool: ToolInfo): string {
  return [...tool.nounWords][0] ?? "item";
}

/** Classifies one message with the embedded (offline, deterministic) classifier. Synchronous; p50 well under 2 ms. */
export function classifyEmbedded(input: ClassifyInput): Classification {
  const language = detectLanguage(input.message);
  const message = input.message.trim();
  const base = { language, is_destructive: false, is_acceptance: false } as const;
  const words = message.toLowerCase().replace(/’/g, "'").match(/[\p{L}\p{N}']+/gu) ?? [];
  if (words.length === 0) return { ...base, intent: "chat", confidence: 0.9, plan: [] };
  if (isAcceptance(message)) return { ...base, intent: "chat", confidence: 0.95, plan: [], is_acceptance: true };
  if (isSmalltalk(words)) return { ...base, intent: "chat", confidence: 0.9, plan: [] };
  if (words.length <= 4 && words.every((w) => CALL_OFF.has(w)) && words.some((w) => CALL_OFF_STRONG.has(w))) return { ...base, intent: "chat", confidence: 0.8, plan: [] };

  const tools = input.catalog.filter(isClassifierTarget).map(prepareTool);
  if (tools.length === 0) return { ...base, intent: "chat", confidence: 0.5, plan: [] };
  const now = toDate(input.now);
  const { entities, ids, lastTurn } = prepEntities(input);
  const genericStems = new Set<string>(tools.flatMap((t) => [...t.nouns]));
  const enumWords = new Set(tools.flatMap((t) => t.params.flatMap((p) => (p.enumVals ?? []).map((v) => v.toLowerCase()))));
  const flags = {
    hasComplete: tools.some((t) => t.cls === "complete"),
    hasSoftDelete: tools.some((t) => t.cls === "delete"),
    hasGet: tools.some((t) => t.cls === "get" && t.params.some((p) => p.isId && p.required)),
    updateFieldStems: new Set(tools.filter((t) => t.cls === "update").flatMap((t) => t.params.filter((p) => !p.isId).flatMap((p) => p.nameStems.filter((x) => x.length > 2)))),
  };
  const FALLBACK: Partial<Record<VerbClass, VerbClass[]>> = { complete: ["update"], close: ["update", "complete"], search: ["list", "get"], list: ["search", "get"], get: ["list", "search"], purge: ["delete"], delete: ["purge"], restore: ["update"] };
  const served = new Set<VerbClass>();
  for (const t of tools) if (t.cls) served.add(t.cls);
  for (const [c, fb] of Object.entries(FALLBACK) as Array<[VerbClass, VerbClass[]]>) if (fb.some((x) => served.has(x))) served.add(c);
  const steps = splitSteps(message, enumWords);
  const plan: PlanStep[] = [];
  const chosen: Array<{ tool: ToolInfo; args?: Record<string, unknown> }> = [];
  const missing: string[] = [];
  let confidence = 1;
  let questions: string[] = [];
  let unmatched = 0;

  let prevVerb: string | undefined;
  for (let i = 0; i < steps.length; i++) {
    let a = analyzeStep(steps[i], now, enumWords, genericStems);
    // 'create a note "A", then a note "B"': a verbless later step repeats the previous step's verb.
    if (i > 0 && prevVerb && a.classes.length === 0 && /^(?:a|an|another|one more|also a|also an)\b/i.test(steps[i].trim())) {
      steps[i] = `${prevVerb} ${steps[i].trim()}`;
      a = analyzeStep(steps[i], now, enumWords, genericStems);
    }
    const pv = a.classes.find((c) => !c.weak && !c.phrase);
    if (pv) prevVerb = a.toks[pv.tok].text;
    const hits = matchEntities(a, entities, genericStems);
    // 'rename Q3 roadmap to "Meeting prep"': a quoted label after a value cue is the new value when another item is
    // named too.
    if (hits.filter((h) => h.score >= 10).length >= 2) {
      const drop = hits.findIndex((h) => h.quote !== undefined && h.toks[0] > 0 && /^(to|as|into|called|named|titled)$/.test(a.toks[h.toks[0] - 1]?.base ?? ""));
      if (drop >= 0) hits.splice(drop, 1);
    }
    // Words inside a named item ("Grocery list") are not verbs.
    const entityToks = new Set(hits.filter((h) => h.score >= 10).flatMap((h) => h.toks));
    if (entityToks.size) {
      a.classes = a.classes.filter((c) => !entityToks.has(c.tok));
      // ...nor nouns or description words: "Grocery list" says nothing about a list tool.
      const { stems, words } = stemsOf(a.toks, a.extraWords, entityToks);
      a.stems = stems;
      a.words = words;
    }
    // "I need to finish the slides by friday": a thing to do, recorded by a create tool, unless the verb after the
    // lead asks to read something or acts on a named item ("I need to delete the Q3 roadmap").
    const question = /\?\s*$/.test(a.text) || /^\s*(?:what|which|when|where|who|how|why|do|does|did|is|are|can|could|would|should|shall|have|has)\b/i.test(a.maskedLower);
    const lead = served.has("create") && !question ? TODO_LEADS.exec(a.maskedLower) : null;
    if (lead) {
      const leadEnd = lead.index + lead[0].length;
      const leadTok = a.toks.findIndex((t) => t.start >= lead.index);
      const verb = a.classes.find((c) => a.toks[c.tok].start >= leadEnd);
      const verbIsAsk = !!verb && a.toks[verb.tok].start === leadEnd && (verb.cls.some((x) => READ_FAMILY.has(x)) || (hits.some((h) => h.score >= 10) && verb.cls.some((x) => x !== "create" && served.has(x))));
      if (leadTok >= 0 && !verbIsAsk && !a.classes.some((c) => a.toks[c.tok].start < lead.index && !c.weak)) {
        a.classes = [{ cls: ["create"], weak: false, tok: leadTok, phrase: true }];
      }
    }
    // A verb no tool of this catalog can serve ("start working on X" with no run tool) says nothing about routing.
    // Only when something else says what to do (another verb, or an enum value such as "working on" = in_progress);
    // otherwise the unserved verb stays and keeps an out-of-scope request ("send the grocery list to Bob") chat.
    const unserved = (c: StepAnalysis["classes"][number]) => !c.cls.some((x) => served.has(x));
    if (a.classes.some(unserved) && (a.classes.some((c) => !unserved(c) && !c.weak) || tools.some((t) => t.params.some((p) => p.enumVals?.some((v) => enumMentioned(v, a) !== undefined))))) {
      a.classes = a.classes.filter((c) => !unserved(c));
    }
    if (a.ordinal && lastTurn.length >= 2 && !hits.some((h) => h.score >= 10)) {
      // "complete the second one": the item at that position of the latest result listing.
      const e = lastTurn[a.ordinal.index < 0 ? lastTurn.length - 1 : a.ordinal.index];
      if (e) {
        hits.length = 0;
        hits.push({ entity: e, score: 10, toks: a.ordinal.toks, explicit: false });
      }
    }
    if (hits.length === 0 && a.pronoun && plan.length === 0 && lastTurn.length === 1) {
      // "delete it" right after a turn that produced exactly one item refers to that item.
      hits.push({ entity: lastTurn[0], score: 1, toks: [], explicit: false });
    }
    const hasNumberRef = a.toks.some((t, k) => /^#\d+$/.test(t.text) || (/^\d+$/.test(t.text) && k > 0 && !a.dates.some((d) => t.start >= d.start && t.end <= d.end)));
    const cands = tools.map((t) => scoreTool(t, a, hits, hasNumberRef, i > 0, flags)).sort((x, y) => y.score - x.score);
    let best = cands[0];
    const verbless = a.classes.length === 0;
    const acceptable = (c: Candidate | undefined) => !!c && c.evidence > 0 && (c.score >= MIN_SCORE || (verbless && c.evidence >= 1 && c.score >= 1));
    if (!acceptable(best)) {
      unmatched++;
      continue;
    }
    const ctx = { index: plan.length, prev: chosen, knownIds: ids };
    let extracted = extractArgs(best.tool, a, hits, ctx, now);
    if (extracted.missing.length) {
      // A close runner-up that can be fully filled beats a winner that would need a question.
      for (const alt of cands.slice(1, 3)) {
        if (best.score - alt.score > 1.5 || !acceptable(alt)) break;
        const a2 = analyzeStep(steps[i], now, enumWords, genericStems);
        const h2 = matchEntities(a2, entities, genericStems);
        const et2 = new Set(h2.filter((h) => h.score >= 10).flatMap((h) => h.toks));
        if (et2.size) a2.classes = a2.classes.filter((c) => !et2.has(c.tok));
        if (h2.length === 0 && hits.length) h2.push(...hits);
        const e2 = extractArgs(alt.tool, a2, h2, ctx, now);
        if (e2.missing.length === 0) {
          best = alt;
          extracted = e2;
          break;
        }
      }
    }
    const second = cands.find((c) => c !== best)?.score ?? 0;
    const margin = Math.max(0, best.score - second);
    const conf = Math.max(0.05, Math.min(0.99, 0.3 + 0.07 * best.score + 0.12 * Math.min(margin, 3)));
    confidence = Math.min(confidence, conf);
    const { args, missing: miss } = extracted;
    // "create a task to call Anna and make it high priority": the second step only sets attributes the create step
    // accepts, on the item being created -> one create call with those attributes.
    const prev = chosen[chosen.length - 1];
    if (prev && prev.tool.cls === "create" && miss.length === 0 && /^\s*(?:and\s+)?(?:make|set|mark|give|keep|have|flag)\s+(?:it|this|that|them)\b/i.test(steps[i])) {
      const ref = new RegExp(`^\\$steps\\.${plan.length - 1}\\.`);
      const own = Object.entries(args).filter(([k, v]) => {
        const p = best.tool.params.find((x) => x.name === k);
        if (p?.isId) return !(typeof v === "string" && ref.test(v));
        return p?.schema.default === undefined || JSON.stringify(p.schema.default) !== JSON.stringify(v);
      });
      const target = prev.tool.params;
      const fits = own.length > 0 && own.every(([k]) => {
        const tp = target.find((x) => x.name === k);
        return !!tp && !tp.isId && (prev.args?.[k] === undefined || JSON.stringify(prev.args?.[k]) === JSON.stringify(tp.schema.default));
      });
      const idOk = Object.entries(args).some(([k, v]) => best.tool.params.find((x) => x.name === k)?.isId && typeof v === "string" && ref.test(v));
      if (fits && idOk) {
        for (const [k, v] of own) prev.args![k] = v;
        confidence = Math.min(confidence, conf);
        continue;
      }
    }
    for (const m of miss) {
      missing.push(`${best.tool.entry.name}.${m}`);
      const p = best.tool.params.find((x) => x.name === m)!;
      questions.push(p.isId ? `Which ${nounFor(best.tool)} do you mean?` : `What should the ${m.replace(/_/g, " ")} be?`);
    }
    plan.push({ tool: best.tool.entry.name, args });
    chosen.push({ tool: best.tool, args });
    // "delete Q3 roadmap and meeting prep", "close issues 42 and 43": the same call once per listed item.
    for (const id of [...moreTargets(best.tool, a, hits, args), ...moreQuotedItems(best.tool, a, args)]) {
      const extra = { ...args, [id.param]: id.value };
      plan.push({ tool: best.tool.entry.name, args: extra });
      chosen.push({ tool: best.tool, args: extra });
    }
  }

  if (plan.length === 0) return { ...base, intent: "chat", confidence: 0.7, plan: [] };
  const is_destructive = chosen.some((c) => c.tool.entry.actionType === "destructive");
  if (unmatched > 0) {
    questions = [...questions, "I could not match part of your request to a tool; could you rephrase it?"];
    confidence = Math.min(confidence, 0.4);
  }
  if (missing.length || unmatched > 0 || confidence < CLARIFY_BELOW) {
    return {
      ...base,
      intent: "clarify",
      confidence: Number(confidence.toFixed(3)),
      plan,
      is_destructive,
      question: questions[0] ?? `Do you want me to run ${plan.map((p) => p.tool).join(", then ")}?`,
      missing,
    };
  }
  return { ...base, intent: "action", confidence: Number(confidence.toFixed(3)), plan, is_destructive };
}
