// Messages decided before any routing: acceptance of a pending confirmation, small talk, calling an action off;
// and the language guess every answer carries.
import {
  ACCEPT_PHRASES,
  ACCEPT_STRONG,
  classesOf,
  ACCEPT_WORDS,
  CALL_OFF,
  CALL_OFF_STRONG,
  ACRONYM_QUESTION,
  CAPABILITY_QUESTION,
  CLOSING_REMARK,
  EXPLANATION_QUESTION,
  HYPOTHETICAL_QUESTION,
  REFUSE_STRONG,
  REFUSE_WORDS,
  SMALLTALK,
  SMALLTALK_STRONG,
} from "../lexicon.js";

/** True when the words are only greetings/thanks, at least one of them a clear one ("thanks a lot", "hi there"). */
export function isSmalltalk(words: string[]): boolean {
  return (
    words.length > 0 &&
    words.length <= 8 &&
    words.every((w) => SMALLTALK.has(w)) &&
    words.some((w) => SMALLTALK_STRONG.has(w))
  );
}

/** "ugh what a day", "oh wow": an exclamation with nothing to act on. */
const EXCLAMATION =
  /^(?:(?:ugh|argh|phew|wow|oh|ah|meh|lol|haha|omg|man|geez|sigh)\b[\s,]*)+(?:what an? (?:\p{L}+\s?){1,3})?$|^what an? (?:long |busy |crazy |rough |great |nice )?(?:day|week|morning|night|month|year)$/u;
const HOW_ARE_YOU =
  /^(?:and |so )?(?:how (?:are|r) (?:you|u|things)(?: doing| today| going)?|wie geht'?s?(?: es)?(?: dir| ihnen| euch)?(?: heute)?)$/;

/** True when every sentence is small talk or an exclamation ("ugh what a day. how are you doing?"). */
export function isConversation(message: string): boolean {
  const sentences = message
    .toLowerCase()
    .replace(/’/g, "'")
    .split(/[.!?;]+|\s[-–—]\s/)
    .map((s) =>
      s
        .replace(/[^\p{L}\p{N}'\s]/gu, " ")
        .replace(/\s+/g, " ")
        .trim(),
    )
    .filter(Boolean);
  if (sentences.length === 0 || sentences.length > 4) return false;
  let clear = false;
  for (const s of sentences) {
    if (EXCLAMATION.test(s) || HOW_ARE_YOU.test(s)) clear = true;
    else if (!s.split(" ").every((w) => SMALLTALK.has(w))) return false;
    else if (isSmalltalk(s.split(" "))) clear = true;
  }
  return clear;
}

/** True when the message asks how something works rather than for an action ("what's the difference between ..."). */
export function isExplanationQuestion(message: string): boolean {
  const whole = message.slice(0, 500);
  // "quick question - if I trash a note ...": the preamble says nothing, the question after it decides.
  const m = whole.replace(
    /^\s*(?:quick question|question|hey|so|ok|okay|hi|hello|in general|generally|good (?:morning|afternoon|evening)|hey there|hi there)\s*[-–—:,!.]\s*/i,
    "",
  );
  return (
    EXPLANATION_QUESTION.test(m) ||
    HYPOTHETICAL_QUESTION.test(m) ||
    CLOSING_REMARK.test(m) ||
    ACRONYM_QUESTION.test(whole) ||
    CAPABILITY_QUESTION.some((re) => re.test(m))
  );
}

/** True when the words only call off the pending action ("cancel", "no, stop", "forget it"). */
export function isCallOff(words: string[]): boolean {
  return words.length <= 4 && words.every((w) => CALL_OFF.has(w)) && words.some((w) => CALL_OFF_STRONG.has(w));
}

// After a clear yes, words that only repeat the request or insist: "yes, delete it", "yes I'm sure".
const AFTER_YES = new Set(
  "i'm im i am really totally very quite sure it that them this those these all both go do weg damit bitte of everything".split(
    " ",
  ),
);

/** True when the message only accepts a pending confirmation ("yes", "go ahead", "confirm"). */
export function isAcceptance(message: string): boolean {
  const words =
    message
      .toLowerCase()
      .replace(/’/g, "'")
      .match(/[\p{L}']+/gu) ?? [];
  if (words.length === 0 || words.length > 8) return false;
  if (
    words.length <= 5 &&
    /^(?:yes|yep|yeah|yup|ja|sure|ok|okay|confirm|confirmed)$/.test(words[0]!) &&
    words.slice(1).every((w) => ACCEPT_WORDS.has(w) || AFTER_YES.has(w) || classesOf(w).length > 0) &&
    !words.slice(1).some((w) => /^(?:not|no|don't|dont|never|but|instead|wait)$/.test(w))
  )
    return true;
  // "yes, I know its monitor goes too", "yes, I understand": a yes that acknowledges what goes with it.
  if (
    words.length <= 10 &&
    /^(?:yes|yep|yeah|yup|ja|sure|ok|okay)$/.test(words[0]!) &&
    /^(?:i know|i understand|i'm aware|im aware|i am aware|understood|that's fine|thats fine|that's ok|fine by me|ich weiß|ich weiss)\b/.test(
      words.slice(1).join(" "),
    ) &&
    !words.slice(1).some((w) => /^(?:not|no|don't|dont|never|but|instead|wait|nicht|aber)$/.test(w))
  )
    return true;
  // "yes, monitors too", "ja, die Notizen auch": a yes that agrees to what goes with it (no verb, nothing new asked).
  const tail =
    words.slice(-2).join(" ") === "as well" ? 2 : /^(?:too|also|included|auch|mit)$/.test(words.at(-1)!) ? 1 : 0;
  if (
    tail > 0 &&
    words.length >= 2 + tail &&
    words.length <= 5 + tail &&
    /^(?:yes|yep|yeah|yup|ja|sure|ok|okay)$/.test(words[0]!) &&
    words
      .slice(1, -tail)
      .every(
        (w, i) => (i === 0 && /^(?:the|its|their|all|die|den|alle|seine|ihre)$/.test(w)) || !classesOf(w).length,
      ) &&
    !words.some((w) => /^(?:not|no|don't|dont|never|but|instead|wait|nicht|aber|and|und)$/.test(w))
  )
    return true;
  // "yes, empty it", "yes bin them": a yes, the request's own verb, and the thing it acts on said as a pronoun.
  if (
    words.length === 3 &&
    /^(?:yes|yep|yeah|yup|ja|sure|ok|okay)$/.test(words[0]!) &&
    /^[a-zäöüß]{2,}$/.test(words[1]!) &&
    /^(?:it|them|that|this|those|these|all|es|sie|das)$/.test(words[2]!)
  )
    return true;
  if (!words.every((w) => ACCEPT_WORDS.has(w))) return false;
  return words.some((w) => ACCEPT_STRONG.has(w)) || ACCEPT_PHRASES.some((re) => re.test(message));
}

/** True for a short refusal of a pending confirmation ("no", "cancel it", "never mind"). */
export function isRefusal(message: string): boolean {
  const words =
    message
      .toLowerCase()
      .replace(/’/g, "'")
      .match(/[\p{L}']+/gu) ?? [];
  if (words.length === 0 || words.length > 6 || !words.every((w) => REFUSE_WORDS.has(w))) return false;
  return words.some((w) => REFUSE_STRONG.has(w)) || /\bnever mind\b/.test(words.join(" "));
}

const LANG_HINTS: Record<string, string[]> = {
  de: [
    "und",
    "der",
    "die",
    "das",
    "ist",
    "nicht",
    "ich",
    "mit",
    "bitte",
    "eine",
    "einen",
    "notiz",
    "aufgabe",
    "lösche",
    "zeige",
    "erstelle",
    // Function words no English sentence uses.
    "wie",
    "wird",
    "auf",
    "dem",
    "den",
    "ein",
    "mein",
    "meine",
    "meinen",
    "für",
    "von",
    "hallo",
    "heute",
    "auch",
    "sind",
    "habe",
    "hast",
    "kannst",
    "zeig",
  ],
  fr: ["le", "la", "les", "et", "est", "une", "je", "avec", "pour", "des", "moi", "supprime", "crée", "montre", "s'il"],
  es: [
    "el",
    "los",
    "las",
    "una",
    "por",
    "para",
    "con",
    "que",
    "mis",
    "muestra",
    "crea",
    "borra",
    "elimina",
    "nota",
    "tarea",
  ],
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
