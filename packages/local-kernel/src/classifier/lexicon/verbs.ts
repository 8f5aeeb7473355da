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

/** Multi-word phrases folded into one class (or a few, like the word "show") before word lookup. */
export const CLASS_PHRASES: Array<[RegExp, VerbClass | VerbClass[]]> = [
  // "give me my tasks", "let me see the roadmap": a request to show something (list or one item).
  [/\b(?:give me|let me see|let me have a look at)\b/i, ["list", "get"]],
  // "look at issue 42", "take a look at the roadmap", "check out X": one item; "look up X": an item or a search.
  [/\b(?:take a look at|have a look at|look at|check out|pull up)\b/i, ["get", "list"]],
  [/\blook up\b/i, ["search", "get"]],
  [/\bbring back\b/i, "restore"],
  [/\b(?:stell|stelle|hol|hole)\b.{0,60}?\b(?:wieder her|zurück)\b|\bwiederherstellen\b/i, "restore"],
  [/\b(?:undo|reverse|revert) (?:the |my |that )?(?:deletion|delete|deleting|trashing|removal|removing)\b/i, "restore"],
  [/\b(?:put|bring|move|get)\b.{0,40}?\bback\b/i, "restore"],
  [
    new RegExp(
      String.raw`\b(?:move|put|send|throw|place|drop|toss|stick|chuck|dump|bin)\b(?:(?!\b(?:to|in|into)\b).){0,60}` +
        String.raw`\b(?:to|in|into) (?:the |my )?(?:trash|bin|recycle bin|wastebasket)\b`,
      "i",
    ),
    "delete",
  ],
  [/\bput\b.{0,60}?\b(?:on|to|onto|in) (?:my |the )?(?:[a-z-]+ )?(?:list|plan|agenda|schedule|calendar)\b/i, "create"],
  // "take X out of its folder", "get the card out of Doing": a move (or taking a value out of an item).
  [/\b(?:take|get|pull|move)\b(?=.{0,60}?\b(?:out of|off)\b)/i, "update"],
  // "Paint hallway to Doing" (from an arrow), "X into Review": a bare "<item> to <place>" is a move.
  [/^\s*(?=[\p{L}\p{N}'’ -]{2,60}\bto\s+\p{Lu})/u, "update"],
  // "Schieb X in den Papierkorb": into the trash.
  [/\b(?:schieb|schiebe|verschieb|verschiebe|leg|lege|wirf|werf)\b.{0,60}?\bin den (?:papierkorb|müll)\b/i, "delete"],
  // "put the reading list into Home", "stick it under Work": a move into a place.
  [/\b(?:put|place|stick|file)\b(?=.{0,60}?\b(?:into|under|inside)\b)/i, "update"],
  [/\bget rid of\b/i, "delete"],
  [/\bthrow away\b/i, "delete"],
  [/\bhard[- ]delete\b/i, "purge"],
  [/\bfor good\b|\bendgültig\b/i, "purge"],
  // "turn safe search on", "switch off notifications": a setting changed.
  [/\b(?:turn|switch)\s+(?:[a-z-]+\s+){0,3}?(?:on|off)\b|\b(?:turn|switch)\s+(?:on|off)\b/i, "update"],
  [/\blook for\b/i, "search"],
  [/\bsearch for\b/i, "search"],
  // "open a new note", "open an issue titled X": a new item when something for it follows the noun; a bare "open a
  // note" asks to view one (the word "open" alone is a get).
  [/\bopen (?:a |an )?new\b/i, "create"],
  [/\bopen (?:a|an)\s+[a-z-]+\s*(?:[:"“']|\s(?!please\b|for me\b|now\b)[a-z0-9äöüß])/i, "create"],
  [/\b(?:start|begin) (?:a|an|new)\b/i, "create"],
  [/\bopen\s+(?:[a-z]+\s+)?["“']/i, "create"],
  [/\bset up\b/i, "create"],
  [/\bnote down\b/i, "create"],
  // "scan the shop monitor now": "scan" that starts a request runs something ("the last scan" is a noun).
  [/^\s*(?:(?:please|pls|now|can you|could you)\s+)?scan\b/i, "run"],
  [/\bcheck off\b|\b(?:check|tick|cross)\s+(?:\S+\s+){1,3}?off\b/i, "complete"],
  // "done with the plumber call", "finished with X": the item is complete.
  [/\b(?:done|finished|through) with\b/i, "complete"],
  [/^\s*(?:todo|to-do|task|note|reminder|issue|bug|ticket)\s*:/i, "create"],
  [/\bdo i have\b/i, "list"],
  [/\bare there\b/i, "search"],
  [/\bhow many\b/i, "list"],
];

/**
 * Idioms that name a domain without its noun: "what's on my plate?" asks for the to-do list. `words` are added to the
 * step's words/stems (they only matter when the catalog has a tool with such a noun); `cls` is a weak verb class.
 */
export const IDIOMS: Array<{ re: RegExp; words: string[]; cls?: VerbClass }> = [
  // "what have I ticked off so far?": the finished ones.
  {
    re: /\bwhat (?:have|did|has) (?:i|we) (?:already |so far )?(?:ticked off|checked off|finished|completed|done|crossed off)\b/i,
    words: ["done", "finished"],
    cls: "list",
  },
  // "we need three lemons", "we're out of milk": something to get (an item, where a catalog has items).
  {
    re: /\b(?:we|i) (?:still )?need (?!to\b)|\b(?:we|i)(?:'re| are| am|'m) out of\b|\b(?:ran|run) out of\b|\bwir brauchen\b/i,
    words: ["item", "shopping"],
    cls: "create",
  },
  // "ping me in two hours", "nudge me tomorrow": a reminder to create.
  {
    re: /\b(?:ping|nudge|buzz|alert|erinnere|erinner) (?:me|mich)\b(?! (?:when|if|only|on failure))/i,
    words: ["remind", "reminder"],
    cls: "create",
  },
  // "turn the weekly backup back on", "unpause rule 3": a paused thing resumes; "turn rule 3 off" pauses it.
  {
    re: /\b(?:turn|switch|put|set)\s+(?:[\p{L}\p{N}'-]+\s+){0,5}?back\s+on\b|\bre-?(?:enable|activate|start)\b|\bunpause\b|\bwieder (?:aktivieren|einschalten)\b/iu,
    words: ["resume"],
  },
  { re: /\bdeactivate\b|\bsuspend\b|\bput (?:\S+\s+){0,4}?on hold\b|\bpausieren?\b/i, words: ["pause"] },
  // "the folder and everything inside": its contents.
  {
    re: /\b(?:everything|all|anything) (?:in|inside|within) (?:it|there)\b|\beverything inside\b|\b(?:notes|files|items|contents|everything) and all\b|\band (?:all )?its contents\b|\bsamt inhalt\b|\bmit (?:allem )?inhalt\b/i,
    words: ["contents", "content"],
  },
  // Everyday words for verbs catalogs name tools by ("duplicate_note", "archive_card", "export_tasks").
  { re: /\b(?:copy|clone|kopiere|kopieren|kopie|duplikat)\b|\bmake a copy\b/i, words: ["duplicate"] },
  { re: /\b(?:shelve|stash away)\b/i, words: ["archive"] },
  { re: /\bdownload\b|\bherunterladen\b/i, words: ["export"] },
  {
    re: /\b(?:was steht (?:heute |morgen )?an|was muss ich (?:heute |noch )?(?:tun|machen|erledigen))\b/i,
    words: ["task", "todo"],
    cls: "list",
  },
  // Everyday words for what web checks look at.
  { re: /\bregistered (?:with|at|by|to)\b|\bwho owns\b|\bwem gehört\b/i, words: ["whois"] },
  { re: /\bmail ?servers?\b|\bmx servers?\b|\bmailserver\b/i, words: ["smtp"] },
  { re: /\b(?:every|all(?: the)?|each) checks?\b|\bfull (?:check|scan|audit)\b|\balle prüfungen\b/i, words: ["full"] },
  // German words for verbs catalogs name tools by.
  { re: /\b(?:begrüß|begrüss|grüß)/i, words: ["greet"] },
  { re: /\bpausier/i, words: ["pause"] },
  { re: /\bleer(?:en|e)?\b/i, words: ["empty"] },
  { re: /\barchivier/i, words: ["archive"] },
  { re: /\bexportier/i, words: ["export"] },
  // "tl;dr of <url>", "sum up this page", "the gist of X": a summary.
  { re: /\btl;?dr\b|\bsum up\b|\bgist\b|\bzusammenfass/i, words: ["summarize", "summary"] },
  { re: /\bon my (?:plate|agenda|to-?do list|list)\b/i, words: ["task", "todo"], cls: "list" },
  {
    re: /\bwhat (?:do|should|must) i (?:have to |need to )?(?:do|work on|tackle)\b/i,
    words: ["task", "todo"],
    cls: "list",
  },
  { re: /\bwhat'?s next\b|\bto-?do list\b|\bmy agenda\b/i, words: ["task", "todo"], cls: "list" },
  { re: /\b(?:logged|signed) in\b|\bauthenticated\b|\bauthorized\b/i, words: ["connected", "connection"] },
];

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
  if (word.length < 5 || word.length > 14 || NOT_TYPOS.has(word) || !/^[a-zäöüß]+$/.test(word)) return undefined;
  for (const [w, cls] of WORD_TO_CLASSES) {
    if (w.length < 6 || w[0] !== word[0]) continue;
    if (w.length === word.length + 1) {
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
