// Schedule phrases in a chat message -> 5-field UTC cron ("every friday at 5pm" -> "0 17 * * 5"), English and German.
//
// How a message is read:
// - Only the first 2,000 characters count. They are cut into tokens (a word, a digit run or one punctuation mark)
//   and each kind of phrase is a small parser over tokens; no regex runs over free text.
// - A schedule is a chain of adjacent parts (side by side or after a comma) of which one says recurrence: "every/
//   each/jeden/alle ...", "daily", "täglich", "weekly", "hourly", plural days ("mondays", "montags"), three or more
//   days ("monday, wednesday and friday"), a day range ("monday to friday", "Mo-Fr"), or "runs/run/fires" next to a
//   time or a day ("runs at 6:30" = daily). A time ("at 6:30"), one or two days ("on monday") or a day part ("in the
//   evening") alone is no schedule, nor is "from monday to friday" (a move as often as a routine). First chain wins.
// - Default time when none is said: 09:00. A day part alone: morning 09:00, afternoon 15:00, evening 18:00, night
//   22:00, noon 12:00, midnight 00:00. "every week"/"weekly" without a day is monday; "monthly" day 1; "yearly" Jan 1.
// - Hours without am/pm are taken as said ("at 5" = 05:00, "at 17:45" = 17:45) unless an afternoon/evening part is
//   said in the same phrase ("every evening at 5", "at 6:30 in the evening", "abends um 7"): then 1-11 are pm.
//   With night, 6-11 are pm ("every night at 10" = 22:00), 12 is midnight and 1-5 stay ("nightly at 2" = 02:00).
// - An interval may keep to hours: "every hour from 9 to 5" -> "0 9-17 * * *" (an end below the start without am/pm
//   is pm); a minute interval stops before a whole end hour ("every 15 minutes between 9 and 17" -> "*/15 9-16").
//   "every 6 hours starting at 8" wraps past midnight (2,8,14,20) when the step divides 24.
// - A recurrence said without a time takes the first "at/um <time>" elsewhere in the message ("every monday remind
//   me to call mom at 5pm"); the span grows to cover that time only when at most 3 tokens lie between.
// - What one cron cannot say exactly gives undefined for the whole message, not a near miss: every other week,
//   "first monday of the month", "last day of the month", every 90 minutes, times with different minutes ("at 9:00
//   and 17:30"), "twice a day", a time in another zone ("9am PST"), a time that is none ("at 25:00").
//
// Where: tokens.ts cuts the text, words.ts holds the word tables, clock.ts / days.ts / phrases.ts parse parts,
// spec.ts joins parts into one schedule, assemble.ts writes the cron string.

import { toCron } from "./assemble.js";
import { PhraseReader } from "./phrases.js";
import { recurring, type Spec } from "./spec.js";
import { tokenize } from "./tokens.js";
import { ONE_OFF } from "./words.js";

/** A schedule phrase found in a message: its cron and where it was said. */
export interface ScheduleMatch {
  cron: string;
  start: number;
  end: number;
  text: string;
}

const MAX_INPUT = 2000;

/** Finds the first schedule phrase in text ("every friday at 5pm" -> "0 17 * * 5", UTC) and its span. */
export function findSchedule(text: string): ScheduleMatch | undefined {
  const src = text.slice(0, MAX_INPUT);
  const t = tokenize(src);
  const r = new PhraseReader(t);
  let best: { s: Spec; first: number; last: number } | undefined;
  for (let i = 0; i < t.length; i++) {
    const c = r.chain(i);
    if (c === "bad") return undefined;
    if (!c) continue;
    // Read on after the first: an unsupported phrase anywhere ("every other week") poisons the message.
    if (!best && recurring(c.s)) best = { s: c.s, first: i, last: c.last };
    // Words inside a chain start none ("weekends" in "except weekends", "30pm" in "7:30pm").
    i = c.last;
  }
  if (!best) return undefined;
  const { s } = best;
  let { first, last } = best;
  // A time said apart from the recurrence ("every monday remind me to call mom at 5pm").
  for (let k = 0; !s.times && !s.window && s.freq !== "min" && s.freq !== "hour" && k < t.length; k++) {
    const h = k < first || k > last ? r.clocks(k, "prefixed") : undefined;
    if (!h?.c.times || (k < first && h.n > first) || ONE_OFF.has(r.w(k - 1)) || ONE_OFF.has(r.w(h.n))) continue;
    // A bare "at 3" before a word may count things ("look at 3 options"): only a clear time counts from afar.
    if (h.n === k + 2 && /^\d+$/.test(r.w(k + 1)) && /^\p{L}/u.test(r.w(h.n)) && !r.dayPart(h.n)) continue;
    const dp = r.dayPart(h.n);
    const withPart = dp && (!s.part || dp.c.part === s.part) && (k > last || dp.n <= first);
    const end = (withPart ? dp.n : h.n) - 1;
    [s.times, s.part] = [h.c.times, withPart ? dp.c.part : s.part];
    if (k > last && k - last - 1 <= 3) last = end;
    else if (k < first && first - end - 1 <= 3) first = k;
  }
  const cron = toCron(s);
  if (!cron) return undefined;
  const [start, end] = [t[first]!.s, t[last]!.e];
  return { cron, start, end, text: src.slice(start, end) };
}
