// Words that carry no routing meaning, cue words that introduce values, and negations.
/** Words that never carry meaning for routing or values. */
export const STOPWORDS = new Set(
  (
    "a an the my me mine i i'm im we our you your it its it's this that these those them they their there here " +
    "to of for in on at by with from into onto as and or but so if then than too also just please pls kindly " +
    "is are was were be been being am do does did done? have has had can could would should will shall may might must " +
    "need want like let let's lets some any every each again now currently still only very really quite " +
    "up down out over off one ones thing things stuff something anything is what's whats where when how who whom why " +
    "about-? hey ok okay " +
    // German function words (articles, pronouns, "please"): never values or routing words.
    "ein eine einen einer eines der die das den dem des mir mich mein meine meinen meiner meines bitte mit für und " +
    "als von zu zum zur im ist sind was wie habe hab ich du auf an"
  )
    .split(/\s+/)
    .filter((w) => w && !w.endsWith("?")),
);

/** Soft filler allowed inside a free-text value ("call the bank") but trimmed at its edges. */
export const SOFT_WORDS = new Set([
  ...STOPWORDS,
  "someone",
  "somebody",
  "anyone",
  "anybody",
  "need",
  "want",
  "remember",
  "forget",
  "don't",
  "dont",
  "another",
  "also",
  "say",
  "tell",
  "give",
  "via",
  "using",
]);

/** Param names of the one thing a create adds to a list ("item": the thing to buy): a value, never a place. */
export const THING_PARAM = /^(?:item|product|ingredient|grocery|article|thing|entry)$/;

/** Cue words that introduce a value for a param of the given role. */
export const CUES: Record<"title" | "body" | "query" | "name" | "label", string[]> = {
  title: [
    "titled",
    "title",
    "called",
    "named",
    "name",
    "rename",
    "renamed",
    "retitle",
    "retitled",
    "heading",
    "subject",
    // German: "einen Ordner namens Rechnungen", "eine Notiz mit dem Titel X".
    "namens",
    "titel",
  ],
  body: [
    "body",
    "saying",
    "says",
    "say",
    "text",
    "content",
    "contents",
    "description",
    "described",
    "details",
    "message",
    "reading",
    "comment",
    "append",
    "appending",
  ],
  query: [
    "search",
    "about",
    "for",
    "mentioning",
    "matching",
    "containing",
    "regarding",
    "query",
    "with",
    "über",
    "nach",
    "zu",
  ],
  name: ["to", "named", "called", "name", "call", "namens"],
  label: ["label", "labels", "labelled", "labeled", "tag", "tags", "tagged", "retag", "retagged"],
};
