// Relative and absolute date phrases -> ISO dates, computed in UTC from a given `now` (deterministic).

export interface DateMatch {
  start: number;
  end: number;
  /** YYYY-MM-DD */
  date: string;
  /** HH:MM when a time of day was given. */
  time?: string;
  text: string;
}

const WEEKDAYS: Record<string, number> = {
  sunday: 0,
  sun: 0,
  monday: 1,
  mon: 1,
  tuesday: 2,
  tue: 2,
  tues: 2,
  wednesday: 3,
  wed: 3,
  thursday: 4,
  thu: 4,
  thur: 4,
  thurs: 4,
  friday: 5,
  fri: 5,
  saturday: 6,
  sat: 6,
};
const MONTHS: Record<string, number> = {
  january: 0,
  jan: 0,
  february: 1,
  feb: 1,
  march: 2,
  mar: 2,
  april: 3,
  apr: 3,
  may: 4,
  june: 5,
  jun: 5,
  july: 6,
  jul: 6,
  august: 7,
  aug: 7,
  september: 8,
  sep: 8,
  sept: 8,
  october: 9,
  oct: 9,
  november: 10,
  nov: 10,
  december: 11,
  dec: 11,
};
const NUMBER_WORDS: Record<string, number> = {
  a: 1,
  an: 1,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
};

function iso(d: Date): string {
  return d.toISOString().slice(0, 10);
}
function addDays(d: Date, n: number): Date {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + n));
}

const WD = Object.keys(WEEKDAYS)
  .sort((a, b) => b.length - a.length)
  .join("|");
const MO = Object.keys(MONTHS)
  .sort((a, b) => b.length - a.length)
  .join("|");
// A time of day after a date: "at 9", "at 9:30", "9am", "at noon", German "um 9 Uhr". Parsed by parseTime.
const CLOCK = String.raw`(?:(?:at|um)\s+(?:\d{1,2}(?::\d{2})?(?:\s*(?:am|pm|uhr))?|noon|midday|midnight)|\d{1,2}(?::\d{2})?\s*(?:am|pm)|\d{1,2}:\d{2})`;
const TIME = String.raw`(\s+${CLOCK})?`;
// The same said before the date ("at 3pm today", "at 10 on monday").
const TIME_BEFORE = new RegExp(String.raw`(?:^|\s)(${CLOCK})\s+(?:on\s+)?$`, "i");

/** HH:MM of a clock phrase ("at 9pm" -> 21:00, "noon" -> 12:00), undefined when it is no valid time. */
function parseTime(phrase: string): string | undefined {
  const p = phrase.trim().toLowerCase();
  if (/noon|midday/.test(p)) return "12:00";
  if (/midnight/.test(p)) return "00:00";
  const m = /(\d{1,2})(?::(\d{2}))?\s*(am|pm)?/.exec(p);
  if (!m) return undefined;
  let h = +m[1]!;
  const min = m[2] ? +m[2] : 0;
  if (m[3] === "pm" && h < 12) h += 12;
  if (m[3] === "am" && h === 12) h = 0;
  return h < 24 && min < 60 ? `${String(h).padStart(2, "0")}:${String(min).padStart(2, "0")}` : undefined;
}

interface Rule {
  re: RegExp;
  fn: (m: RegExpExecArray, today: Date) => Date | undefined;
}

const RULES: Rule[] = [
  { re: /\b(\d{4})-(\d{2})-(\d{2})\b/gi, fn: (m) => validDate(+m[1], +m[2] - 1, +m[3]) },
  { re: /\bday after tomorrow\b/gi, fn: (_m, t) => addDays(t, 2) },
  { re: /\btoday\b|\btonight\b|\bthis evening\b/gi, fn: (_m, t) => t },
  { re: /\btomorrow\b/gi, fn: (_m, t) => addDays(t, 1) },
  { re: /\byesterday\b/gi, fn: (_m, t) => addDays(t, -1) },
  // German: heute, morgen, übermorgen ("guten Morgen" never reaches here: it is small talk).
  { re: /(?<![a-zäöüß])übermorgen\b/gi, fn: (_m, t) => addDays(t, 2) },
  { re: /\bheute\b/gi, fn: (_m, t) => t },
  { re: /\bmorgen\b/gi, fn: (_m, t) => addDays(t, 1) },
  {
    re: /\bin\s+(\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten)\s+(day|days|week|weeks|month|months)\b/gi,
    fn: (m, t) => {
      const n = /^\d+$/.test(m[1]) ? +m[1] : NUMBER_WORDS[m[1].toLowerCase()];
      const unit = m[2].toLowerCase();
      if (unit.startsWith("day")) return addDays(t, n);
      if (unit.startsWith("week")) return addDays(t, 7 * n);
      return new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + n, t.getUTCDate()));
    },
  },
  { re: /\bnext week\b/gi, fn: (_m, t) => addDays(t, 7) },
  {
    re: /\bnext month\b/gi,
    fn: (_m, t) => new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate())),
  },
  { re: /\bend of (?:the )?month\b/gi, fn: (_m, t) => new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + 1, 0)) },
  {
    // "next friday", "this friday", "on friday", "friday": the first such day after today ("this <today>" = today).
    re: new RegExp(String.raw`\b(?:(next|this|coming|on)\s+)?(${WD})\b\.?`, "gi"),
    fn: (m, t) => {
      const wd = WEEKDAYS[m[2].toLowerCase()];
      let diff = (wd - t.getUTCDay() + 7) % 7;
      if (diff === 0 && (m[1] ?? "").toLowerCase() !== "this") diff = 7;
      return addDays(t, diff);
    },
  },
  {
    re: new RegExp(String.raw`\b(${MO})\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?\b`, "gi"),
    fn: (m, t) => monthDay(t, MONTHS[m[1].toLowerCase()], +m[2], m[3] ? +m[3] : undefined),
  },
  {
    re: new RegExp(String.raw`\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(${MO})\b\.?(?:,?\s+(\d{4}))?`, "gi"),
    fn: (m, t) => monthDay(t, MONTHS[m[2].toLowerCase()], +m[1], m[3] ? +m[3] : undefined),
  },
  {
    // "on the 30th", "by the 5th": the next such day of a month (this month unless it has passed).
    re: new RegExp(String.raw`\bthe\s+(\d{1,2})(?:st|nd|rd|th)\b(?!\s+(?:of\s+)?(?:${MO})\b)`, "gi"),
    fn: (m, t) => {
      const d = +m[1];
      if (d < 1 || d > 31) return undefined;
      for (let k = 0; k < 3; k++) {
        const x = validDate(t.getUTCFullYear(), t.getUTCMonth() + k, d);
        if (x && x.getTime() >= t.getTime()) return x;
      }
      return undefined;
    },
  },
];

function validDate(y: number, mo: number, d: number): Date | undefined {
  const x = new Date(Date.UTC(y, mo, d));
  return x.getUTCMonth() === ((mo % 12) + 12) % 12 && x.getUTCDate() === d ? x : undefined;
}

/** Month + day without a year: this year's date unless it has passed, then next year's. */
function monthDay(today: Date, mo: number, d: number, y?: number): Date | undefined {
  if (y !== undefined) return validDate(y, mo, d);
  const thisYear = validDate(today.getUTCFullYear(), mo, d);
  if (thisYear && thisYear.getTime() >= today.getTime()) return thisYear;
  return validDate(today.getUTCFullYear() + 1, mo, d);
}

/** Finds date phrases in text (non-overlapping, leftmost-longest), relative to `now` in UTC. */
export function findDates(text: string, now: Date): DateMatch[] {
  const today = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const found: DateMatch[] = [];
  for (const rule of RULES) {
    // Grouped: a rule of alternatives ("today|tonight") takes the time after any of them, not only the last.
    const re = new RegExp(`(?:${rule.re.source})${TIME}`, rule.re.flags);
    let m: RegExpExecArray | null;
    while ((m = re.exec(text))) {
      const d = rule.fn(m, today);
      if (!d) continue;
      const start = m.index;
      const end = m.index + m[0].length;
      if (found.some((f) => start < f.end && end > f.start)) continue;
      const suffix = m[m.length - 1];
      let time = suffix ? parseTime(suffix) : undefined;
      let from = start;
      if (!time) {
        const before = TIME_BEFORE.exec(text.slice(Math.max(0, start - 24), start));
        const t = before ? parseTime(before[1]!) : undefined;
        if (before && t) {
          time = t;
          from = start - (before[0].length - (before[0].startsWith(" ") ? 1 : 0));
        }
      }
      // "tonight at 8", "this evening at 7": an evening hour said without am/pm is pm.
      if (time && /tonight|evening|abends?/i.test(m[0]) && !/am\b/i.test(m[0]) && +time.slice(0, 2) < 12)
        time = `${String(+time.slice(0, 2) + 12).padStart(2, "0")}${time.slice(2)}`;
      found.push({ start: from, end, date: iso(d), time, text: text.slice(from, end) });
    }
  }
  // A time alone ("at 3pm", "at noon") is today's, or tomorrow's once it has passed.
  const alone = new RegExp(
    String.raw`\b(?:at\s+(?:\d{1,2}(?::\d{2})?\s*(?:am|pm)|noon|midnight)|\d{1,2}(?::\d{2})?\s*(?:am|pm))\b`,
    "gi",
  );
  let m: RegExpExecArray | null;
  while ((m = alone.exec(text))) {
    const start = m.index;
    const end = start + m[0].length;
    const time = parseTime(m[0]);
    if (!time || found.some((f) => start < f.end && end > f.start)) continue;
    const [h, min] = time.split(":").map(Number) as [number, number];
    const passed = now.getUTCHours() * 60 + now.getUTCMinutes() >= h * 60 + min;
    found.push({ start, end, date: iso(passed ? addDays(today, 1) : today), time, text: m[0] });
  }
  return found.sort((a, b) => a.start - b.start);
}
