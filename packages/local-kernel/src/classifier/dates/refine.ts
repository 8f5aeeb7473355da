// What the classifier keeps of chrono's results and how it dates them: chrono reads many words as dates that are not
// ("once a week", "sat", "now", German "so"/"do"), and its weekday and lone-time rules differ from the ones the
// classifier has always used (a weekday is the first one after today; a time alone is today's until it has passed).
import type { ParsedResult } from "chrono-node";

/** A kept date phrase in the parsed text's offsets. */
export interface Dated {
  start: number;
  end: number;
  date: string;
  time?: string;
}

const DAY_MS = 86_400_000;
// Relative phrases name a day only when they point somewhere: "in 3 days", "next week", "a week ago" do; "once a
// week", "wait a second", "the past month", "6 hours" (a duration) do not.
const POINTING = /^(?:in|within|innerhalb|next|nächste[nmrs]?|kommende[nmrs]?|vor)\b|\b(?:ago|later|from now|hence)$/;
const SECONDS = /\bsec(?:ond)?s?\b|\bsekunden?\b/;
// A single-letter unit with no number is German shorthand misread in English text ("in a fortnight" -> "in a").
const LETTER_UNIT = /\s[a-zäöü]$/;
// Weekday abbreviations and words that are also ordinary words ("sat on it", "sun", German "so", "do").
const AMBIGUOUS = /^(?:mon|tue|wed|thu|fri|sat|sun|mo|di|mi|do|fr|sa|so|weekend|wochenende)\.?$/;
const CUE_BEFORE =
  /\b(?:on|by|until|till|before|after|from|every|next|this|coming|due|bis|ab|am|vor|nach|seit|jeden|für|for)\s+$/i;
// A time said alone must look like a clock: "3pm", "6:30", "9 Uhr", "at noon" (not "at 0" in "at 0 7 * * *").
const CLOCK =
  /\d\s*(?:a\.?m\.?|p\.?m\.?)(?![a-z])|\d:\d\d|\d\s*uhr\b|\b(?:at|um|by|gegen|bis)\s+(?:noon|midnight|mittag|mitternacht)\b/;
// Numbers alone ("10/12", "5.12.") are dates after a date word or with a year, else scores, fractions or versions.
const NUMERIC = /^[\d\s./-]+$/;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$|\d{4}$/;
const WEEKDAY_WORD =
  /^(?:monday|mon|tuesday|tues?|wednesday|wed|thursday|thu|thur|thurs|friday|fri|saturday|sat|sunday|sun|weekend|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonnabend|sonntag|wochenende|mo|di|mi|do|fr|sa|so)$/;
// "this evening at 7": chrono dates the part of the day, not the day; it is today's.
const DAY_PART = /\bthis\s+(?:morning|afternoon|evening)\b/;
// "guten Morgen", "am Morgen" (in the morning): the noun, not "tomorrow".
const MORNING_NOUN = /\b(?:guten|am|jeden|den|der|dem|einen|schönen)\s+$/i;
// "05.12.2026" is day.month in German; chrono's English reading (May 12) is a US format nobody writes with dots.
const DOTTED = /^\d{1,2}\.\d{1,2}\.(?:\d{2}|\d{4})?$/;
const LATER_PART =
  /^\s+(?:in the (?:evening|afternoon)|at night|tonight|abends|am (?:abend|nachmittag)|nachmittags)\b/i;
const PAST = /^(?:last|previous|letzte[nmrs]?|vorige[nmrs]?|vergangene[nmrs]?)$/;
const THIS = /^(?:this|diese[nmrs]?)$/;

const iso = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const hhmm = (d: Date): string =>
  `${String(d.getUTCHours()).padStart(2, "0")}:${String(d.getUTCMinutes()).padStart(2, "0")}`;

/** Whether a chrono result names a day or a clock time the way a user means a date (not a false friend). */
function isDate(r: ParsedResult, before: string, lang: "en" | "de"): boolean {
  const t = r.text.toLowerCase().trim();
  if (lang === "en" ? DOTTED.test(t) : t === "morgen" && MORNING_NOUN.test(before)) return false;
  const s = r.start;
  const tags = r.tags();
  if (tags.has("casualReference/now")) return false;
  const relative = tags.has("result/relativeDate");
  if (relative && (!POINTING.test(t) || SECONDS.test(t) || LETTER_UNIT.test(t))) return false;
  const day = s.isCertain("day") || s.isCertain("weekday") || relative || DAY_PART.test(t);
  if (!day && !s.isCertain("hour")) return false; // a month alone, "this week", "morning"
  if (AMBIGUOUS.test(t) && !CUE_BEFORE.test(before)) return false;
  if (!day && !CLOCK.test(`${before.slice(-8).toLowerCase()}${t}`)) return false;
  if (NUMERIC.test(t) && !ISO_DAY.test(t) && !t.includes(":") && !CUE_BEFORE.test(before)) return false;
  return true;
}

/** Days from today to a weekday: the first after today, "this" one (today counts) or the "last" one. */
function weekdayOffset(r: ParsedResult, before: string, todayDow: number): number {
  const words = `${before.slice(-24)} ${r.text}`.toLowerCase().match(/[a-zäöüß]+/g) ?? [];
  let k = words.length - 1;
  while (k >= 0 && !WEEKDAY_WORD.test(words[k]!)) k--;
  const modifier = k > 0 ? words[k - 1]! : "";
  const diff = (r.start.get("weekday")! - todayDow + 7) % 7;
  if (PAST.test(modifier)) return diff === 0 ? -7 : diff - 7;
  if (THIS.test(modifier)) return diff;
  return diff === 0 ? 7 : diff;
}

/** What chrono parsed and how: the text it read, the reference instant, which language's parser. */
export interface RefineOptions {
  text: string;
  now: Date;
  lang: "en" | "de";
}

/** Keeps the results that are dates and gives each its UTC day (and time when the phrase said one). */
export function refineResults(results: ParsedResult[], { text, now, lang }: RefineOptions): Dated[] {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const out: Dated[] = [];
  for (const r of results) {
    const before = text.slice(Math.max(0, r.index - 24), r.index);
    if (!isDate(r, before, lang)) continue;
    const s = r.start;
    const at = s.date();
    let time = s.isCertain("hour") ? hhmm(at) : undefined;
    // "tomorrow at 8 in the evening": chrono stops before the part of the day when a day word leads the phrase.
    const part = time ? LATER_PART.exec(text.slice(r.index + r.text.length)) : null;
    let end = r.index + r.text.length;
    if (part && time) {
      const h = Number(time.slice(0, 2));
      if (h >= 1 && h < 12) time = `${String(h + 12).padStart(2, "0")}${time.slice(2)}`;
      end += part[0].length;
    }
    let date: string;
    if (DAY_PART.test(r.text.toLowerCase())) {
      date = iso(today);
    } else if (s.isCertain("weekday") && !s.isCertain("day")) {
      date = iso(today + weekdayOffset(r, before, now.getUTCDay()) * DAY_MS);
    } else if (!s.isCertain("day") && !r.tags().has("result/relativeDate")) {
      // A time alone is today's, or tomorrow's once it has passed (chrono's forwardDate keeps an equal minute today).
      const [h, m] = time!.split(":").map(Number) as [number, number];
      const passed = now.getUTCHours() * 60 + now.getUTCMinutes() >= h * 60 + m;
      date = iso(passed ? today + DAY_MS : today);
    } else {
      date = iso(at.getTime());
    }
    out.push({ start: r.index, end, date, time });
  }
  return out;
}
