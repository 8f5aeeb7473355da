// The chrono-node parsers the classifier reads dates with: English and German casual, plus the one phrase chrono
// leaves out that chat uses for due dates ("on the 30th").
// Only the two locales are loaded: the package root imports every locale (hundreds of files), which a kernel started
// with few file descriptors (SPEC 10 tests) cannot afford.
import type * as chrono from "chrono-node";
import * as de from "chrono-node/de";
import * as en from "chrono-node/en";

const MONTH_WORD = String.raw`(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?`;
// "the 2nd result" is a position in a listing, not a day: without a date word before it, a day of the month may be
// followed only by words that go with a date.
const DAY_OF_MONTH = new RegExp(
  String.raw`\b(on|by|until|till|before|after|from|due|for)?\s*\bthe\s+(\d{1,2})(?:st|nd|rd|th)\b(?!\s+(?:of\s+)?${MONTH_WORD}(?![a-z]))`,
  "i",
);
const DATE_FOLLOWER =
  /^(?:$|[^\w\s]|\s*$|\s+(?:at|and|or|to|until|till|by|for|in|um|of\s+(?:this|next)\s+month)\b|\s+\d)/i;

/** "on the 30th", "by the 5th": the next such day of a month from the reference (this month's unless passed). */
const dayOfMonthParser: chrono.Parser = {
  pattern: () => DAY_OF_MONTH,
  extract: (ctx, m) => {
    const day = +m[2]!;
    const after = ctx.text.slice(m.index! + m[0].length, m.index! + m[0].length + 40);
    if (day < 1 || day > 31 || (!m[1] && !DATE_FOLLOWER.test(after))) return null;
    const ref = ctx.reference.instant;
    const today = Date.UTC(ref.getUTCFullYear(), ref.getUTCMonth(), ref.getUTCDate());
    for (let k = 0; k < 3; k++) {
      const x = new Date(Date.UTC(ref.getUTCFullYear(), ref.getUTCMonth() + k, day));
      // Day 31 in a 30-day month rolls over: that month has no such day, try the next.
      if (x.getUTCDate() !== day || x.getTime() < today) continue;
      const text = m[0].trimStart();
      const components = { year: x.getUTCFullYear(), month: x.getUTCMonth() + 1, day };
      return ctx.createParsingResult(m.index! + m[0].length - text.length, text, components);
    }
    return null;
  },
};

function withExtras(base: chrono.Chrono, extra: chrono.Parser[]): chrono.Chrono {
  const c = base.clone();
  // Ahead of chrono's own refiners, so its date+time merge ("on the 30th at 5pm") and overlap removal see them.
  c.parsers.push(...extra);
  return c;
}

/** The English parser (chrono casual + day of month). */
export const EN = withExtras(en.casual, [dayOfMonthParser]);
/** The German parser (chrono casual). */
export const DE = de.casual.clone();
