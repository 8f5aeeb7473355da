// Verb classes of the embedded classifier: the words (English and German) that signal each class, phrases and
// idioms, and the Porter stem (the `stemmer` package) they are matched by.
import { stemmer } from "stemmer";

export type VerbClass =
  | "create"
  | "delete"
  | "purge"
  | "restore"
  | "list"
  | "get"
  | "search"
  | "update"
  | "complete"
  | "comment"
  | "close"
  | "send"
  | "run";

/** Words that signal a verb class. A word may signal several classes (e.g. "show": list or get). */
const CLASS_WORDS: Record<VerbClass, string[]> = {
  create: [
    "add",
    "create",
    "new",
    "make",
    "write",
    "jot",
    "draft",
    "remind",
    "record",
    "log",
    "file",
    "insert",
    "register",
    "compose",
    "schedule",
    "report",
    "save",
    "capture",
    "raise",
    "submit",
  ],
  delete: [
    "delete",
    "remove",
    "trash",
    "erase",
    "discard",
    "drop",
    "bin",
    "del",
    "rm",
    "ditch",
    "cancel",
    "scrap",
    "nuke",
    "zap",
    "toss",
  ],
  purge: ["purge", "permanently", "forever", "wipe", "destroy", "hard", "irreversibly", "completely", "clear"],
  restore: ["restore", "recover", "undelete", "untrash", "retrieve", "unarchive", "revive", "reinstate"],
  list: [
    "list",
    "show",
    "display",
    "view",
    "see",
    "browse",
    "enumerate",
    "overview",
    "what",
    "which",
    "all",
    "gimme",
    "export",
    "print",
    "any",
  ],
  get: [
    "get",
    "open",
    "read",
    "view",
    "show",
    "display",
    "fetch",
    "detail",
    "details",
    "status",
    "what",
    "which",
    "see",
    "check",
    "describe",
    "inspect",
    "gimme",
  ],
  search: [
    "search",
    "find",
    "look",
    "lookup",
    "query",
    "grep",
    "about",
    "mentioning",
    "matching",
    "containing",
    "contain",
    "regarding",
  ],
  update: [
    "update",
    "edit",
    "rename",
    "retitle",
    "change",
    "modify",
    "set",
    "mark",
    "move",
    "postpone",
    "reschedule",
    "pin",
    "unpin",
    "star",
    "unstar",
    "flag",
    "unflag",
    "assign",
    "tag",
    "rewrite",
    "replace",
    "append",
    "prioritize",
    "push",
    "bump",
    "switch",
    "toggle",
    "reopen",
    "retag",
    "strip",
  ],
  complete: ["complete", "finish", "finished", "tick", "accomplish", "accomplished"],
  comment: ["comment", "reply", "respond", "answer"],
  close: ["close", "resolve", "shut"],
  send: ["send", "email", "mail", "message", "forward", "post", "notify"],
  run: [
    "run",
    "execute",
    "trigger",
    "start",
    "launch",
    "sync",
    "refresh",
    "deploy",
    "reboot",
    "restart",
    "stop",
    "rescan",
    "rerun",
    "resync",
  ],
};

/**
 * German verbs (imperative and infinitive forms users type: "zeige", "zeig", "lösche", "erstelle"). Only the verbs,
 * nouns and enum words below are understood; the rest of a German message is handled like any other text.
 */
const CLASS_WORDS_DE: Record<VerbClass, string[]> = {
  create: [
    "erstelle",
    "erstellen",
    "erstell",
    "anlegen",
    "lege",
    "notiere",
    "notier",
    "hinzufügen",
    "füge",
    "füg",
    "schreibe",
    "schreib",
    "eröffne",
    "neue",
    "neuen",
    "neuer",
    "neues",
  ],
  delete: ["lösche", "löschen", "lösch", "entferne", "entfernen", "entfern"],
  purge: ["endgültig", "dauerhaft"],
  restore: ["wiederherstellen", "wiederherstelle"],
  list: ["zeige", "zeig", "zeigen", "liste", "auflisten", "welche", "alle"],
  get: ["öffne", "öffnen", "zeige", "zeig", "lese", "anzeigen", "prüf", "prüfe", "prüfen"],
  search: ["suche", "such", "finde", "durchsuche"],
  update: [
    "ändere",
    "ändern",
    "änder",
    "benenne",
    "umbenennen",
    "setze",
    "setz",
    "setzen",
    "verschiebe",
    "verschieb",
    "verschieben",
    "markiere",
    "markier",
  ],
  complete: ["erledige", "erledigen", "abhaken", "hake"],
  comment: ["kommentiere"],
  close: ["schließe", "schließen", "schliesse", "schliessen", "schließ"],
  send: ["sende", "schicke"],
  run: ["starte", "starten"],
};
for (const [cls, words] of Object.entries(CLASS_WORDS_DE) as Array<[VerbClass, string[]]>)
  CLASS_WORDS[cls].push(...words);
/** German verb -> the English verb a tool name would use ("lösche" says delete_* literally). */
export const VERB_TRANSLATIONS: Record<string, string> = {
  erstelle: "create",
  erstellen: "create",
  lösche: "delete",
  löschen: "delete",
  lösch: "delete",
  entferne: "remove",
  entfernen: "remove",
  zeige: "show",
  zeig: "show",
  liste: "list",
  öffne: "open",
  öffnen: "open",
  suche: "search",
  ändere: "update",
  ändern: "update",
  schließe: "close",
  schließen: "close",
  schliesse: "close",
  erledige: "complete",
  wiederherstellen: "restore",
};

/** Weak class words: question words and prepositions count less than real verbs. */
export const WEAK_CLASS_WORDS = new Set([
  "new",
  "what",
  "whats",
  "what's",
  "which",
  "all",
  "any",
  "neue",
  "neuen",
  "neuer",
  "neues",
  "welche",
  "alle",
  "about",
  "mentioning",
  "matching",
  "containing",
  "contain",
  "regarding",
  "status",
]);

/**
 * "I need to <do X>", "remember to X", "don't forget to X": the user states something to do, which a catalog with a
 * create tool records ("I need to finish the slides by friday" -> a new task), unless the verb after it is a request
 * to read or an action on a named item (decided by the classifier).
 */
export const TODO_LEADS = new RegExp(
  String.raw`\b(?:i|we)\s+(?:really\s+|still\s+|also\s+)?(?:need to|have to|must|gotta|got to|should)\s+` +
    String.raw`|\b(?:remember|don'?t forget|do not forget)\s+to\s+`,
  "i",
);

/** Irregular past forms and their verbs ("sent the lease" said of a task "Send signed lease"). */
export const IRREGULAR_PAST: Record<string, string> = {
  sent: "send",
  bought: "buy",
  paid: "pay",
  made: "make",
  wrote: "write",
  took: "take",
  gave: "give",
  found: "find",
  met: "meet",
  rang: "ring",
  sold: "sell",
  built: "build",
  went: "go",
  got: "get",
  did: "do",
  brought: "bring",
  told: "tell",
  left: "leave",
  kept: "keep",
  caught: "catch",
  taught: "teach",
  fed: "feed",
  drove: "drive",
  ran: "run",
  swept: "sweep",
  threw: "throw",
};

/** The verb of a past form: "sent" -> "send", "booked" -> "book" (by shape), else undefined. */
export function pastBase(word: string): string | undefined {
  if (IRREGULAR_PAST[word]) return IRREGULAR_PAST[word];
  return /^[a-z]{2,}ed$/.test(word) ? word : undefined;
}

// Past forms that report something done ("paid the rent", "handed in the lab report").
const DONE_PAST =
  /^(?:paid|bought|sent|done|made|wrote|written|got|went|did|took|built|sold|read|met|found|gave|rang|called|finished|sorted|handled|erledigt|gemacht|bezahlt|gekauft)$/;
// Past forms that report progress or a change, not completion.
const NOT_DONE_PAST =
  /^(?:started|began|begun|opened|reopened|planned|scheduled|added|created|moved|changed|updated|renamed|assigned|postponed|delayed|cancelled|canceled|paused|blocked|stuck|tagged|named|called|titled|pinned|needed|wanted|asked)$/;

/** A past form that reports something done: "paid", "shipped", "handed" (not "started", "renamed"). */
export function reportsDonePast(word: string): boolean {
  return !NOT_DONE_PAST.test(word) && (DONE_PAST.test(word) || /^[a-z]{3,}(?:ed|is(?:ed)|iz(?:ed))$/.test(word));
}

const stemCache = new Map<string, string>();
/** Porter stem of a lowercase word (cached). */
export function stem(word: string): string {
  let s = stemCache.get(word);
  if (s === undefined) {
    // British spellings stem like American ones: "summarise" = "summarize", "organised" = "organized".
    s = stemmer(word.toLowerCase().replace(/(?<=\p{L}{3})is(e|ed|es|ing|ation|ations)$/u, "iz$1"));
    stemCache.set(word, s);
  }
  return s;
}

const WORD_TO_CLASSES = new Map<string, VerbClass[]>();
for (const [cls, words] of Object.entries(CLASS_WORDS) as Array<[VerbClass, string[]]>) {
  for (const w of words) {
    const list = WORD_TO_CLASSES.get(w) ?? [];
    list.push(cls);
    WORD_TO_CLASSES.set(w, list);
  }
}

/** True when the word itself is listed as a verb (not only reached by its stem or as a typo). */
export function isClassWord(word: string): boolean {
  return WORD_TO_CLASSES.has(word);
}

const classCache = new Map<string, VerbClass[]>();
/** Classes a single lowercase word signals (exact word, then its stem against the verb forms). */
export function classesOf(word: string): VerbClass[] {
  let c = classCache.get(word);
  if (c === undefined) {
    c = classesOfUncached(word);
    if (classCache.size < 50_000) classCache.set(word, c);
  }
  return c;
}

function classesOfUncached(word: string): VerbClass[] {
  const direct = WORD_TO_CLASSES.get(word);
  if (direct) return direct;
  // Inflected verb forms: "adding", "deletes", "renamed" (not adjectives like "completed" on purpose? they map too,
  // but the first class word of a message is the primary verb, which keeps "show completed tasks" a list).
  // Agent nouns are not verbs: "reminders", "writer", "listeners".
  if (/ers?$/.test(word)) return [];
  const st = stem(word);
  for (const [w, cls] of WORD_TO_CLASSES) if (w.length > 3 && stem(w) === st && word.length > w.length) return cls;
  return typoOf(word) ?? [];
}

// Real words one typo away from a verb: never read as that verb ("crate", "repot", "lunch").
const NOT_TYPOS = new Set(["crate", "inset", "repot", "lunch", "witch", "chang", "recod", "expot", "finis", "later"]);

/** A verb of six letters or more typed with one letter missing or two swapped ("delte", "udpate", "craete"). */
function typoOf(word: string): VerbClass[] | undefined {
  if (word.length < 4 || word.length > 14 || NOT_TYPOS.has(word) || !/^[a-zäöüß]+$/.test(word)) return undefined;
  for (const [w, cls] of WORD_TO_CLASSES) {
    if (w.length < 4 || w[0] !== word[0]) continue;
    if (w.length === word.length + 1 && w.length >= 6) {
      for (let i = 1; i < w.length; i++) if (w.slice(0, i) + w.slice(i + 1) === word) return cls;
    } else if (w.length === word.length) {
      const diffs: number[] = [];
      for (let i = 0; i < w.length && diffs.length < 3; i++) if (w[i] !== word[i]) diffs.push(i);
      const [d0, d1] = diffs;
      if (diffs.length === 2 && d1 === d0! + 1 && w[d0!] === word[d1] && w[d1] === word[d0!]) return cls;
    }
  }
  return undefined;
}
