// Date phrases -> ISO dates in UTC from a given `now` (deterministic), read by chrono-node (English and German) with
// the classifier's own rules around it: chat shorthand rewritten first (dates/shorthand.ts), false friends dropped
// and weekdays / lone times dated after (dates/refine.ts).
import { DE, EN } from "./dates/parsers.js";
import { refineResults, type Dated } from "./dates/refine.js";
import { rewriteShorthand } from "./dates/shorthand.js";

export interface DateMatch {
  start: number;
  end: number;
  /** YYYY-MM-DD */
  date: string;
  /** HH:MM when a time of day was given. */
  time?: string;
  text: string;
}

// chrono's cost grows with the text; a chat step is far shorter, so hostile input stays a few milliseconds.
const MAX_CHARS = 2000;
const CLOCK_WORD_BEFORE = /(?:^|\s)(?:at|um)\s+$/i;

/** Finds date phrases in text (non-overlapping, longest first), relative to `now` in UTC. */
export function findDates(text: string, now: Date): DateMatch[] {
  const input = text.length > MAX_CHARS ? text.slice(0, MAX_CHARS) : text;
  const rw = rewriteShorthand(input);
  const ref = { instant: now, timezone: 0 };
  const opts = { forwardDate: true };
  // English first: on a tie (the same "3pm" read by both) the English reading stays.
  const all: Dated[] = [
    ...refineResults(EN.parse(rw.text, ref, opts), { text: rw.text, now, lang: "en" }),
    ...refineResults(DE.parse(rw.text, ref, opts), { text: rw.text, now, lang: "de" }),
  ];
  const kept: Dated[] = [];
  for (const d of [...all].sort((a, b) => b.end - b.start - (a.end - a.start))) {
    if (!kept.some((k) => d.start < k.end && d.end > k.start)) kept.push(d);
  }
  return kept
    .map((d) => {
      let start = rw.startOf(d.start);
      const end = rw.endOf(d.end);
      // chrono leaves "at" out of "at noon"; the word belongs to the phrase (it is no verb or value of its own).
      const clockWord = d.time ? CLOCK_WORD_BEFORE.exec(input.slice(Math.max(0, start - 4), start)) : null;
      if (clockWord) start -= clockWord[0].trimStart().length;
      return { start, end, date: d.date, ...(d.time ? { time: d.time } : {}), text: input.slice(start, end) };
    })
    .sort((a, b) => a.start - b.start);
}
