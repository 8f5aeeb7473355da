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

const WEEKDAYS: Record<string, number> = {
  monday: 1,
  tuesday: 2,
  wednesday: 3,
  thursday: 4,
  friday: 5,
  saturday: 6,
  sunday: 7,
  montag: 1,
  dienstag: 2,
  mittwoch: 3,
  donnerstag: 4,
  freitag: 5,
  samstag: 6,
  sonntag: 7,
};
const DAY_NAME = String.raw`(monday|tuesday|wednesday|thursday|friday|saturday|sunday|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag)`;
const NEXT_WEEK = String.raw`(?:of\s+)?(?:next\s+week|the\s+week\s+after|(?:der\s+)?(?:nächsten|kommenden)\s+woche|nächster\s+woche|kommender\s+woche)`;
const WEEKDAY_NEXT_WEEK = new RegExp(
  String.raw`\b(?:${DAY_NAME}\s+${NEXT_WEEK}|(?:next\s+week|nächste\s+woche)\s+(?:on\s+|am\s+)?${DAY_NAME})\b`,
  "giu",
);

/**
 * "thursday next week", "Donnerstag nächster Woche": that weekday in the week (Monday to Sunday) after this one —
 * chrono reads the weekday alone and answers this week's.
 */
function weekdayOfNextWeek(text: string, now: Date): Dated[] {
  const out: Dated[] = [];
  for (const m of text.matchAll(WEEKDAY_NEXT_WEEK)) {
    const day = WEEKDAYS[(m[1] ?? m[2])!.toLowerCase()]!;
    const today = (now.getUTCDay() + 6) % 7; // 0 = Monday
    const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - today + 7 + day - 1));
    out.push({ start: m.index!, end: m.index! + m[0].length, date: d.toISOString().slice(0, 10) });
  }
  return out;
}

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
  all.unshift(...weekdayOfNextWeek(rw.text, now));
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
