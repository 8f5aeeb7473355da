// Phrases of the embedded classifier: multi-word verbs folded into one class ("get rid of" = delete) and idioms that
// name a domain or a tool's own verb without its words ("what's on my plate?" = the to-do list, "tl;dr" = summarize).
import type { VerbClass } from "./verbs.js";

/** Multi-word phrases folded into one class (or a few, like the word "show") before word lookup. */
export const CLASS_PHRASES: Array<[RegExp, VerbClass | VerbClass[]]> = [
  // "give me my tasks", "let me see the roadmap": a request to show something (list or one item).
  [/\b(?:give me|let me see|let me have a look at)\b/i, ["list", "get"]],
  // "look at issue 42", "take a look at the roadmap", "check out X": one item; "look up X": an item or a search.
  [/\b(?:take a look at|have a look at|look at|check out|pull up)\b/i, ["get", "list"]],
  [/\blook up\b/i, ["search", "get"]],
  // "has the new A record propagated yet?": asks to look the records up.
  [
    /\bhas (?:the |my |our )?(?:new )?(?:\S+ ){0,5}?propagated\b|\bpropagated (?:yet|everywhere|already)\b/i,
    ["get", "search"],
  ],
  // "did I write anything down about the insurance?", "do I have anything on the plumber?": a search of what is kept.
  [
    /\b(?:did|have) (?:i|we) (?:ever )?(?:write|written|note|noted|jot|jotted|put|save|saved|keep|kept) (?:anything|something|stuff)(?: down)? (?:about|on|regarding|for)\b|\bdo (?:i|we) have (?:anything|something) (?:written |noted |saved )?(?:about|on|regarding)\b/i,
    "search",
  ],
  // "latest results for the X monitor": a noun phrase alone asks to see it.
  [/^\s*(?:the )?(?:latest|newest|most recent) (?=(?:results?|scans?|status|reports?|findings)\b)/i, ["list", "get"]],
  [/\bbring back\b/i, "restore"],
  [/\b(?:stell|stelle|hol|hole)\b.{0,60}?\b(?:wieder her|zurück)\b|\bwiederherstellen\b/i, "restore"],
  [/\b(?:undo|reverse|revert) (?:the |my |that )?(?:deletion|delete|deleting|trashing|removal|removing)\b/i, "restore"],
  // "put retro action items back to todo", "move it back to Doing": back to a state or a place is a change of it,
  // unless the thing was deleted ("get the deleted note back into my notes").
  [
    /^(?!.*\b(?:trash|trashed|bin|binned|deleted|removed|papierkorb)\b).*\b(?:put|move|set|switch|turn|change)\b.{0,40}?\bback (?:to|into|in|on) (?!life\b)/i,
    "update",
  ],
  // ("get rid of it for good, I won't need it back": no restore.)
  [/\b(?:put|bring|move|get)\b(?! rid\b)(?:(?!\b(?:won'?t|don'?t|never|not)\b).){0,40}?\bback\b/i, "restore"],
  [
    new RegExp(
      String.raw`\b(?:move|put|send|throw|place|drop|toss|stick|chuck|dump|bin)\b(?:(?!\b(?:to|in|into)\b).){0,60}` +
        String.raw`\b(?:to|in|into) (?:the |my )?(?:trash|bin|recycle bin|wastebasket)\b`,
      "i",
    ),
    "delete",
  ],
  // "send everything in the Work folder to the trash": a place may stand between the verb and the trash.
  [/\b(?:move|send|throw|toss|chuck|dump)\b.{0,60}?\b(?:to|into) (?:the |my )?(?:trash|bin|recycle bin)\b/i, "delete"],
  [/\bput\b.{0,60}?\b(?:on|to|onto|in) (?:my |the )?(?:[a-z-]+ )?(?:list|plan|agenda|schedule|calendar)\b/i, "create"],
  // "Setz bitte was auf die Einkaufsliste", "Erinnerung setzen bitte": something put on a list, a reminder set.
  [
    /\b(?:setz|setze|setzen|schreib|schreibe|pack|packe)\b.{0,60}?\bauf (?:die|meine|unsere) [a-zäöüß]*liste\b|\berinnerung (?:setzen|erstellen|anlegen|machen)\b|\b(?:setz|setze|stell|stelle|erstell|erstelle|leg|lege|mach|mache)\b.{0,24}?\berinnerung\b/i,
    "create",
  ],
  // "take X out of its folder", "get the card out of Doing": a move (or taking a value out of an item).
  [/\b(?:take|get|pull|move)\b(?=.{0,60}?\b(?:out of|off)\b)/i, "update"],
  // "Paint hallway to Doing" (from an arrow), "X into Review": a bare "<item> to <place>" is a move.
  [/^\s*(?=[\p{L}\p{N}'’ -]{2,60}\bto\s+\p{Lu})/u, "update"],
  // "Schieb X in den Papierkorb": into the trash.
  [/\b(?:schieb|schiebe|verschieb|verschiebe|leg|lege|wirf|werf)\b.{0,60}?\bin den (?:papierkorb|müll)\b/i, "delete"],
  // "put the reading list into Home", "stick it under Work": a move into a place.
  [/\b(?:put|place|stick|file)\b(?=.{0,60}?\b(?:into|under|inside)\b)/i, "update"],
  // "empty out the Misc folder", "leere den Ordner": the verb that opens a step deletes what is inside ("an empty
  // note" is no verb).
  [/^\s*(?:(?:please|pls|bitte|can you|could you|kannst du)\s+)?(?:empty|leere|leeren)(?: out)?\b/i, "purge"],
  // "wipe out the X folder": destroyed as a whole, not only emptied ("wipe the folder").
  [/\bwipe out\b/i, ["delete", "purge"]],
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
  // "Leg einen neuen Ordner an", "Leg auf dem Board eine Liste an": German separable "anlegen" creates.
  [/\b(?:leg|lege)\b(?=.{0,80}?\ban\s*(?::|[.!?]?\s*$))/i, "create"],
  // "open a ticket", "open an issue": to file one.
  [/\bopen (?:a|an) (?:ticket|issue|bug|case|request|pr|pull request)\b/i, "create"],
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
  // "stop the second failing one": to stop something that runs on its own is to pause it, where a catalog can.
  // ("stop all notifications from rule 23", "stop sending me emails": what it sends stops, not the rule.)
  {
    re: /\b(?:stop|halt)\b(?! (?:it|that|this)?\s*$)(?!\s+\w+ing\b|\s+(?:\S+\s+){0,2}?(?:notif\w*|alerts?|e-?mails?|pings?|messages?)\b)/i,
    words: ["pause"],
  },
  // "the folder and everything inside": its contents.
  {
    re: /\b(?:everything|all|anything) (?:in|inside|within) (?:it|there)\b|\beverything inside\b|\b(?:notes|files|items|contents|everything) and all\b|\band (?:all )?its contents\b|\bsamt inhalt\b|\bmit (?:allem )?inhalt\b/i,
    words: ["contents", "content"],
  },
  // Everyday words for verbs catalogs name tools by ("duplicate_note", "archive_card", "export_tasks").
  { re: /\b(?:copy|clone|kopiere|kopieren|kopie|duplikat)\b|\bmake a copy\b/i, words: ["duplicate"] },
  { re: /\b(?:shelve|stash away)\b/i, words: ["archive"] },
  // "take the X card off the board, but don't delete it": out of sight and kept is what archiving is.
  {
    re: /\b(?:take|get|put|move)\s+(?:\S+\s+){0,6}?off (?:the|my|this|that) (?:board|list)\b[^.]*?\b(?:don'?t|do not|not|without|no need to)\s+(?:delet|trash|remov|bin)/i,
    words: ["archive"],
  },
  { re: /\bdownload\b|\bherunterladen\b/i, words: ["export"] },
  {
    re: /\b(?:was steht (?:heute |morgen )?an|was muss ich (?:heute |noch )?(?:tun|machen|erledigen))\b/i,
    words: ["task", "todo"],
    cls: "list",
  },
  // "start monitoring example.de, call it Cafe": something to watch from now on is a new monitor.
  { re: /\b(?:start|begin) (?:monitoring|watching)\b|\büberwach(?:e|en)\b/i, words: ["monitor"], cls: "create" },
  // "just the Doing column on home reno": a named thing alone asks to see it (case matters: "only the pinned ones"
  // refines a listing).
  { re: /^\s*(?:[Jj]ust|[Oo]nly) (?:the|my|our) \p{Lu}/u, words: [], cls: "list" },
  // "has the new A record propagated yet?": whether DNS records have spread is a DNS lookup.
  { re: /\bpropagat(?:ed|es|ing|ion|e)\b/i, words: ["dns", "lookup", "propagation"] },
  // Everyday words for what web checks look at.
  { re: /\bregistered (?:with|at|by|to)\b|\bwho (?:owns|registered)\b|\bwem gehört\b/i, words: ["whois"] },
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
