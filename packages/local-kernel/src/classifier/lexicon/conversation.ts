// Conversation words: small talk, calling an action off, refusing and accepting a pending confirmation —
// the one accept/refuse vocabulary of the kernel (chat turns read it through the classifier).
/** Greeting / thanks / small-talk vocabulary: a message made only of these is chat. */
export const SMALLTALK = new Set(
  (
    "hi hello hey hiya howdy yo heya greetings good morning afternoon evening day night there everyone all folks team " +
    "thanks thank you thx ty cheers much so very lot a great nice awesome cool perfect bye goodbye see ya later " +
    "that's thats it's its all for now that is it how are doing today fine well welcome sir webbee bot " +
    "danke dank vielen schön hallo guten morgen tag abend tschüss servus moin gute nacht"
  ).split(/\s+/),
);
export const SMALLTALK_STRONG = new Set([
  "danke",
  "dank",
  "hallo",
  "tschüss",
  "servus",
  "moin",
  "guten",
  "hi",
  "hello",
  "hey",
  "hiya",
  "howdy",
  "yo",
  "heya",
  "greetings",
  "morning",
  "afternoon",
  "evening",
  "thanks",
  "thank",
  "thx",
  "ty",
  "cheers",
  "bye",
  "goodbye",
]);

/** A message made only of these words calls off the pending action ("cancel", "no, stop", "forget it"): chat. */
/**
 * Hypothetical and behaviour questions ("if I delete a note, can I get it back?", "does clearing the history also
 * reset my settings?", "what does DMARC actually do?"): the user asks what would happen, not for it to happen.
 */
export const HYPOTHETICAL_QUESTION =
  /^\s*(?:(?:so|ok|okay|hey|quick question),?\s+)?(?:(?:what|wat) (?:happens |would happen )?(?:to (?:\S+\s+){1,3})?if|(?:if|when|whenever|once) (?:i|we|you|my|the)|what if|suppose|wenn ich|was passiert,? wenn)\b[^]*\?\s*$|^\s*(?:does|do|will|would|can|could|is|are)\s+(?!(?:every|some|any|no)thing\b|morning\b|evening\b|thing\b)\p{L}{2,}ing\b[^]*\?\s*$|^\s*what (?:does|do) (?!i\b|we\b)\S+(?:\s+\S+){0,4}?\s+(?:actually |really |even )?do\b[^?]*\??\s*$/iu;

/** "what's DMARC?", "what does SPF stand for?": a question about an acronym (matched case-sensitively). */
export const ACRONYM_QUESTION =
  /^\s*(?:[Ww]hat(?:'s| is| are| does)|[Ww]as (?:ist|sind|bedeutet))\s+(?:an? |the )?[A-Z][A-Z0-9]{1,7}(?:\s+(?:actually|even|stand for|mean|do|record|records))?\s*[,?]/;

/** Closing a conversation: "ok cool, that's all for now", "nothing else, thanks". */
export const CLOSING_REMARK =
  /^\s*(?:(?:ok(?:ay)?|cool|great|perfect|thanks?|thx|ty|thank you|cheers|alright|fine|nice|haha|hah|lol|oh)[\s,.!]*)*(?:that'?s (?:all|it|everything)|that is all|nothing else|i'?m (?:done|good)|all good|(?:it |that |this )?looks? (?:good|great|fine|right)(?: now)?|we'?re done|das war'?s|das wär'?s|passt)(?:\s+for (?:now|today))?(?:[\s,.!]*(?:thanks?|thank you|cheers|bye))*[\s.!]*$/i;

/**
 * Questions about how things work ("what's the difference between pausing and deleting?", "how does X work?",
 * "what does archive mean?"): an explanation is asked for, no tool call.
 */
export const EXPLANATION_QUESTION =
  /^\s*(?:(?:so|ok|okay|hey|hi|quick question|question),?\s+)?(?:what'?s|what is|whats|what are) (?:actually |really |exactly |even )?the (?:difference|point|use|purpose|meaning)\b|^\s*(?:(?:ok(?:ay)?|so|and|hey),?\s+)?what (?:else )?(?:can|could) you (?:do|help)\b|^\s*(?:\p{L}+,\s*)?(?:do|would) you (?:think|reckon|recommend)\b|\bworth it\b[^?]*\?\s*$|^\s*(?:can|could|will) (?:i|we) (?:get|bring) (?:\S+\s+){1,6}?back (?:later|afterwards|again)\b|\bor is (?:it|that) (?:gone|lost)(?: for good| forever)?\s*\?\s*$|^\s*wish (?:me|us) luck\b|^\s*what (?:does|do) (?:an? |the )?\S+(?:\s+\S+){0,3}?\s+(?:actually |really |even )?(?:tell|show) (?:me|us|you)\b|^\s*what'?s (?:the|a|an) \S+(?:\s+\S+){0,4}? for\s*\?\s*$|^\s*(?:do|does|will|would)\s+(?:\S+\s+){1,4}?get\s+\p{L}+ed\b[^?]*\?\s*$|^\s*how (?:does|do|would|should|can) (?:\S+\s+){0,6}?(?:work|differ)\b|^\s*what (?:does|do) (?:\S+\s+){1,5}?mean\s*\??\s*$|^\s*(?:can|could) you explain\b|^\s*how (?:do|can|should|would) i (?:invite|share|export|connect|sync|use|set up|get started|learn|make|become|write|format|phrase|specify|express|spell)\b|^\s*how (?:do|does|should|would|can) (?:people|one|you|i|we|others) (?:usually |normally |best |even )?(?:decide|choose|pick|handle|deal with|organi[sz]e|prioriti[sz]e|manage|cope)\b|\bin (?:plain|simple) (?:english|words|terms)\b|^\s*is there (?:a|any) way to\b|^\s*how (?:do|can|could|would) (?:i|we|you) (?:get|bring) (?:\S+\s+){1,5}?back\b|^\s*how (?:do|can|could) (?:i|we|you) (?:undo|undelete|recover|retrieve)\b|^\s*(?:can|could|will|do|does|are|is)\s+(?:\S+\s+){1,4}?(?:be|get|been)\s+(?:recovered|restored|undone|undeleted|retrieved|brought back)\b[^?]*\?\s*$|^\s*what'?s (?:a|the) (?:good|best|smart|better|simple|easy) way to\b|^\s*(?:any|got any) (?:tips|advice|ideas) (?:on|for|about)\b|\bin general\s*\?\s*$|^\s*is it possible to\b|^\s*(?:was ist der unterschied|wie funktioniert)\b/iu;

/**
 * Questions about what the extension can do or how it behaves, asked in a form no request takes: "what is DMARC
 * actually for?", "what else can this extension do?", "is there a limit on folders?", "can I restore an archived
 * card later?", "can reminders repeat, or are they one-off only?", "do my tasks and my notes end up in the same
 * trash?", "... and when would I want it?". A request asks the assistant ("can you ..."), names an item or says
 * what to do; these ask about things in general.
 */
export const CAPABILITY_QUESTION: readonly RegExp[] = [
  /^\s*what(?:'s| is| are) (?:an? |the )?(?:\S+\s+){0,3}?(?:actually |really |even |mostly )?(?:for|used for|good for)\s*\?\s*$/iu,
  /^\s*what (?:else )?(?:can|could|does) (?:this|the|your) (?:extension|app|tool|plugin|bot|thing|integration)(?: \S+)? do\b/iu,
  /^\s*(?:is there|are there) (?:a|any) (?:\p{L}+ )?(?:limit|maximum|max|cap|quota)s?\b|\bhow many \S+ (?:can|may) (?:i|we) (?:make|have|create|add|store|keep)\b/iu,
  /^\s*(?:can|could) (?:i|we) (?:\S+\s+){1,5}?(?:later|afterwards|again later)\s*\?\s*$/iu,
  /,?\s+or (?:are|is) (?:they|it|those|these|that) (?:\S+\s+){0,2}?(?:only|just)\s*\?\s*$/iu,
  /^\s*(?:do|can|could|will|would) (?:my |the |all |our )?(?:\p{L}+ed )?\p{L}{3,}s(?: and (?:my |the |our )?\p{L}{3,}s)? (?:end up|get|go|sync|repeat|recur|expire|stay|keep|count|have|support|carry|share|show up|appear|belong|live|work|land|disappear|survive|last|run|be)\b[^?]*\?\s*$/iu,
  /\bwhen (?:would|should|do|might) (?:i|we|you|one) (?:want|use|need|pick|choose|prefer)\b[^?]*\?\s*$/iu,
  // "what does DMARC actually protect against?", "what does SPF stand for?": what a thing is, not a check of it.
  /^\s*what (?:does|do|is|are) (?:an? |the )?\S+(?:\s+\S+){0,2}? (?:actually |really |even |exactly )?(?:protect(?:s|ing)? (?:against|from)|guard against|stand for|prevent)\b[^?]*\?\s*$/iu,
  // "hey, what can you actually do with my notes?": what the assistant can do at all.
  /^\s*(?:(?:ok(?:ay)?|so|and|hey|hi|hello)[,!]?\s+)?what (?:else )?(?:can|could) you (?:actually |really |even )?do(?: for me| with (?:my|the|these) \S+)?\s*\?\s*$/iu,
  // "what does in_progress mean compared to todo?", "what does cooldown mean for a rule?": a meaning, asked.
  /^\s*what (?:does|do) (?:an? |the )?\S+(?:\s+\S+){0,2}? mean (?:compared to|vs\.?|versus|for (?:a|an|the|my) \S+|exactly|here)\b[^?]*\?\s*$/iu,
  // "Kann man endgültiges Löschen rückgängig machen?": "can one …?" asks how things work in general.
  /^\s*(?:kann man|can one|lässt sich|geht es,? dass)\b[^?]*\?\s*$/iu,
  // "can a note live in two folders at once?": how items behave, asked in general.
  /^\s*(?:can|could|does|do) (?:a|an|one|my|the) \S+ (?:live|be|sit|belong|exist|stay|go) in (?:two|several|multiple|more than one|many|both)\b[^?]*\?\s*$/iu,
  // "do you keep my notes in the cloud or on this device?": where or how the assistant keeps things.
  /^\s*(?:do|does|will|would) (?:you|this|it|the app|the extension) (?:keep|store|save|sync|back up|encrypt|share|send|upload)\b[^?]*\bor\b[^?]*\?\s*$/iu,
  // "how is the heavy reader different from the normal one?": a comparison, asked in general.
  /^\s*how (?:is|are|does|do) (?:the |a |an |my )?\S+(?:\s+\S+){0,3}? (?:different|differ) from\b[^?]*\?\s*$/iu,
  // "how do I get a new API token for the tracker?": setup help, not a tool call.
  /^\s*how (?:do|can|should) (?:i|we) (?:get|generate|create|obtain|renew|reset|find) (?:a |an |my |our |the )?(?:new )?(?:api |access |personal )?(?:token|key|password|credentials?|secret)\b/iu,
];

export const CALL_OFF = new Set(
  "cancel cancelled abort stop no nope nah don't dont never mind nevermind forget it that this please thanks".split(
    " ",
  ),
);
export const CALL_OFF_STRONG = new Set(["cancel", "cancelled", "abort", "stop", "nevermind", "forget"]);

/** Acceptance vocabulary ("yes", "go ahead", "confirm"). */
/** Words of a short refusal of a pending confirmation in a chat turn ("no", "cancel it", "never mind"); STRONG: one is needed. */
export const REFUSE_STRONG = new Set(["no", "nope", "nah", "cancel", "abort", "stop", "don't", "dont", "nevermind"]);
export const REFUSE_WORDS = new Set([
  ...REFUSE_STRONG,
  ...[
    "it",
    "that",
    "please",
    "thanks",
    "thank",
    "you",
    "do",
    "not",
    "never",
    "mind",
    "wait",
    "oh",
    "actually",
    "ok",
    "okay",
  ],
]);
export const ACCEPT_WORDS = new Set(
  (
    "yes yep yeah yup y sure ok okay k confirm confirmed confirming proceed approve approved accept accepted go ahead " +
    "do it please for sounds good right correct absolutely definitely fine that's thats it is alright all please " +
    "ja klar gerne genau passt mach das es los bitte"
  ).split(/\s+/),
);
export const ACCEPT_STRONG = new Set([
  "yes",
  "yep",
  "yeah",
  "yup",
  "y",
  "sure",
  "ok",
  "okay",
  "k",
  "confirm",
  "confirmed",
  "confirming",
  "proceed",
  "approve",
  "approved",
  "accept",
  "accepted",
  "alright",
  "absolutely",
  "definitely",
  "correct",
  "ja",
  "klar",
  "gerne",
  "genau",
  "passt",
]);
export const ACCEPT_PHRASES = [
  /\bgo ahead\b/i,
  /\bdo it\b/i,
  /\bgo for it\b/i,
  /\bsounds good\b/i,
  /\bplease do\b/i,
  /\bthat'?s right\b/i,
];
