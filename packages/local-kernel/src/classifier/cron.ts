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

export interface ScheduleMatch {
  cron: string;
  start: number;
  end: number;
  text: string;
}

const MAX_INPUT = 2000;
const PARTS = ["morning", "afternoon", "evening", "night", "noon", "midnight"] as const;
const PART_HOUR = [9, 15, 18, 22, 12, 0];
const FREQS = ["min", "hour", "day", "week", "month", "year"] as const;
type Part = (typeof PARTS)[number];
type Freq = (typeof FREQS)[number];
/** mer "24": the hour is taken as said whatever the day part (noon, midnight). */
type Clock = { h: number; m: number; mer?: "am" | "pm" | "24" };
interface Spec {
  freq?: Freq;
  step?: number;
  dow?: number[];
  dom?: number[];
  month?: number;
  times?: Clock[];
  /** Days taken out ("every day except weekends"). */
  except?: number[];
  /** Hours an interval keeps to: [from, to] ("between 9 and 17") or [start] ("starting at 8"). */
  window?: Clock[];
  part?: Part;
  recur?: boolean;
  /** A plural day part ("mornings"): recurrence together with a day ("monday mornings"). */
  plural?: boolean;
  /** "runs"/"läuft": recurrence together with a time or a day. */
  runVerb?: boolean;
  /** A recurrence one cron cannot express: the whole message gives undefined. */
  bad?: boolean;
}
/** A token: lower-cased word, its span, and whether it touches the previous token ("5pm", "1st", "6:30"). */
type Tok = { w: string; s: number; e: number; glued: boolean };
/** A parsed part: `n` is the index of the first token after it. */
type Hit = { n: number; c: Spec };

/** "a b|c" -> { a: base, b: base, c: base + 1 }. */
function table(groups: string, base = 0): Map<string, number> {
  const m = new Map<string, number>();
  groups.split("|").forEach((g, i) => g.split(" ").forEach((w) => m.set(w, i + base)));
  return m;
}
const DAY = table(
  "sunday sun sonntag|monday mon montag|tuesday tue tues dienstag|wednesday wed mittwoch|thursday thu thur thurs " +
    "donnerstag|friday fri freitag|saturday sat samstag sonnabend",
);
// "mondays", "montags": the full names plus "s".
const DAY_PLURAL = new Map([...DAY].filter(([w]) => w.length > 5).map(([w, d]) => [`${w}s`, d]));
// Only inside a range ("Mo-Fr"): alone they are ordinary German words ("so", "do").
const DAY_SHORT_DE = table("so|mo|di|mi|do|fr|sa");
const MONTH = table(
  "january jan januar|february feb februar|march mar märz|april apr|may mai|june jun juni|july jul juli|august aug|" +
    "september sep sept|october oct oktober|november nov|december dec dezember",
  1,
);
const NUM = table(
  "one ein eine einen|two zwei|three drei|four vier|five fünf|six sechs|seven sieben|eight acht|nine neun|ten zehn|" +
    "eleven elf|twelve zwölf",
  1,
);
for (const [w, n] of [["fifteen", 15], ["fünfzehn", 15], ["twenty", 20], ["zwanzig", 20], ["thirty", 30], ["dreißig", 30], ["forty", 40], ["vierzig", 40]] as const) NUM.set(w, n); // prettier-ignore
const ORD = table(
  "first erste|second zweite|third dritte|fourth vierte|fifth fünfte|sixth sechste|seventh siebte|eighth achte|" +
    "ninth neunte|tenth zehnte|eleventh elfte|twelfth zwölfte|thirteenth dreizehnte|fourteenth vierzehnte|" +
    "fifteenth fünfzehnte|sixteenth sechzehnte|seventeenth siebzehnte|eighteenth achtzehnte|nineteenth neunzehnte|" +
    "twentieth zwanzigste",
  1,
);
ORD.set("thirtieth", 30).set("dreißigste", 30);
const PART = table(
  "morning mornings morgens vormittag vormittags früh|afternoon afternoons nachmittag nachmittags|evening evenings " +
    "abend abends|night nights nacht nachts|noon midday mittag mittags|midnight mitternacht",
);
const PLURAL_PART = new Set(
  "mornings afternoons evenings nights morgens vormittags nachmittags abends nachts".split(" "),
);
const UNIT = table(
  "minute minutes min mins minuten|hour hours hr hrs stunde stunden std|day days tag tage|week weeks woche wochen|" +
    "month months monat monate monats|year years jahr jahre",
);
const EVERY = new Set("every each jeden jede jedes jedem alle".split(" "));
const LIST_SEP = new Set([",", "and", "und", "&", "or", "oder"]);
const RANGE_SEP = new Set(["-", "–", "to", "through", "thru", "till", "until", "bis"]);
const CONNECT = new Set(["and", "und", "&"]);
const RUN = new Set("runs run fires fire triggers executes läuft laufen".split(" "));
const RUN_FILLER = new Set("only now instead again always then it nur jetzt stattdessen dann immer".split(" "));
const PRONOUN = new Set("i we you they he she ll ich wir du".split(" "));
const ONE_OFF = new Set("today tomorrow tonight heute morgen übermorgen".split(" "));
// Cron here is UTC: a time said in another zone cannot be turned into one without knowing the date (DST).
const OTHER_ZONE = new Set("est edt cst cdt mst mdt pst pdt cet cest mez mesz bst eet eest jst aest".split(" "));
const WEEKDAYS = [1, 2, 3, 4, 5];
const WEEKEND = [0, 6];
const BUSINESS_HOURS: Clock[] = [9, 17].map((h) => ({ h, m: 0, mer: "24" }));
const A = (c: Spec): Spec => ({ ...c, recur: true });
const ADVERB = new Map<string, Spec>();
const adverbs = (words: string, c: Spec) => words.split(" ").forEach((w) => ADVERB.set(w, c.bad ? c : A(c)));
adverbs("daily everyday täglich", { freq: "day" });
adverbs("nightly", { freq: "day", part: "night" });
adverbs("allabendlich", { freq: "day", part: "evening" });
adverbs("allmorgendlich", { freq: "day", part: "morning" });
adverbs("hourly stündlich", { freq: "hour", step: 1 });
adverbs("minütlich", { freq: "min", step: 1 });
adverbs("halbstündlich", { freq: "min", step: 30 });
adverbs("viertelstündlich", { freq: "min", step: 15 });
adverbs("weekly wöchentlich", { freq: "week" });
adverbs("monthly monatlich", { freq: "month" });
adverbs("quarterly vierteljährlich", { freq: "month", step: 3 });
adverbs("yearly annually jährlich", { freq: "year" });
adverbs("weekdays werktags wochentags werktagen wochentagen", { dow: WEEKDAYS });
adverbs("weeknights", { dow: WEEKDAYS, part: "night" });
adverbs("weekends wochenends wochenenden", { dow: WEEKEND });
adverbs("biweekly fortnightly zweiwöchentlich", { bad: true });

function tokenize(text: string): Tok[] {
  const out: Tok[] = [];
  for (const m of text.matchAll(/\p{L}+|\d+|[^\s\p{L}\d]/gu)) {
    const s = m.index;
    out.push({ w: m[0].toLowerCase(), s, e: s + m[0].length, glued: out.length > 0 && out[out.length - 1]!.e === s });
  }
  return out;
}

const isDigits = (w: string): boolean => /^\d{1,4}$/.test(w);
const pick = <T>(o: Record<string, T>, k: string): T | undefined => (Object.hasOwn(o, k) ? o[k] : undefined);
const OF_MONTH = new Set("of im in des jedes jeden every each".split(" "));
const DOW_WORD: Record<string, number[]> = { weekday: WEEKDAYS, werktag: WEEKDAYS, wochentag: WEEKDAYS, weekend: WEEKEND, wochenende: WEEKEND }; // prettier-ignore
// German compounds: "Montagmorgen", "sonntagabends".
const DAY_COMPOUND = /^(sonntag|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonnabend)(morgens?|vormittags?|mittags?|nachmittags?|abends?|nachts?)$/u; // prettier-ignore
type Num = { v: number; n: number; word?: boolean; dotted?: boolean };

/** Parsers over one token list; each returns the part starting at token i, or undefined. */
class Reader {
  constructor(private readonly t: Tok[]) {}
  /** The word at i, "" past either end. */
  w(i: number): string {
    return this.t[i]?.w ?? "";
  }
  private is(i: number, words: string): boolean {
    return words.split(" ").includes(this.w(i));
  }
  private glued(i: number): boolean {
    return this.t[i]?.glued ?? false;
  }

  num(i: number): Num | undefined {
    const w = this.w(i);
    const v = isDigits(w) ? +w : NUM.get(w);
    return v === undefined ? undefined : { v, n: i + 1, word: !isDigits(w) };
  }

  /** "1st", "15th", "first", "twenty-first", German "1." and "ersten". */
  ord(i: number): Num | undefined {
    const [w, nx] = [this.w(i), this.w(i + 1)];
    let r: Num | undefined;
    if (isDigits(w) && this.glued(i + 1) && /^(?:st|nd|rd|th)$/.test(nx)) r = { v: +w, n: i + 2 };
    // German "1.", but "1.32" is a number.
    else if (isDigits(w) && nx === "." && this.glued(i + 1) && !(this.glued(i + 2) && isDigits(this.w(i + 2))))
      r = { v: +w, n: i + 2, dotted: true };
    else if (ORD.has(w.replace(/(te)[nrms]$/, "$1")))
      r = { v: ORD.get(w.replace(/(te)[nrms]$/, "$1"))!, n: i + 1, word: true };
    else if ((w === "twenty" || w === "thirty") && nx === "-" && (ORD.get(this.w(i + 2)) ?? 10) < 10)
      r = { v: (w === "twenty" ? 20 : 30) + ORD.get(this.w(i + 2))!, n: i + 3, word: true };
    return r && r.v >= 1 && r.v <= 31 ? r : undefined;
  }

  /** "at 7", "at 6:30pm", "5 p.m.", "um 8 Uhr", "um halb 8", "at noon"; mode "list" allows a bare "17" at the end. */
  clock(i: number, mode: "any" | "prefixed" | "list" | "bare"): Hit | undefined {
    const german = this.w(i) === "um";
    const pre = german || this.w(i) === "at";
    let j = pre ? i + 1 : i;
    // Unprefixed, a clock starts on its own ("30pm" inside "7:30pm" is none).
    if (!pre && (mode === "prefixed" || this.glued(i))) return undefined;
    const x = this.w(j);
    const fixed = pick({ noon: 12, midday: 12, midnight: 0, mitternacht: 0, ...(pre ? { mittag: 12 } : {}) }, x);
    if (fixed !== undefined) return { n: j + 1, c: { times: [{ h: fixed, m: 0, mer: "24" }] } };
    // "halb 8" = 7:30, "viertel nach 8", "quarter to 8", "half past 7"
    const rel = pick({ halb: -30, half: 30, quarter: 15, viertel: 15 }, x);
    if (rel !== undefined) {
      const how = rel < 0 ? "" : this.w(j + 1);
      const hr = this.num(rel < 0 ? j + 1 : j + 2);
      if (!hr || hr.v < 1 || hr.v > 24 || (rel > 0 && !this.is(j + 1, "past to nach vor"))) return undefined;
      const mins = hr.v * 60 + (rel < 0 || how === "to" || how === "vor" ? -Math.abs(rel) : rel);
      return { n: hr.n, c: { times: [{ h: Math.floor(mins / 60), m: ((mins % 60) + 60) % 60 }] } };
    }
    const hr = this.num(j);
    if (!hr || (hr.word && !pre)) return undefined;
    j = hr.n;
    let [m, strong] = [0, false];
    const sep = this.w(j);
    if (!hr.word && (sep === ":" || (sep === "." && pre)) && this.glued(j) && this.glued(j + 1)) {
      if (!/^\d\d$/.test(this.w(j + 1))) return undefined;
      [m, strong, j] = [+this.w(j + 1), true, j + 2];
    }
    let mer: Clock["mer"];
    const s = this.w(j);
    if ((s === "am" || s === "pm") && !german) [mer, j] = [s, j + 1];
    else if ((s === "a" || s === "p") && this.w(j + 1) === "." && this.w(j + 2) === "m") {
      [mer, j] = [s === "a" ? "am" : "pm", j + 3];
      if (this.w(j) === "." && this.glued(j)) j++;
    } else if (s === "uhr" || s === "oclock") [strong, j] = [true, j + 1];
    else if (s === "o" && this.is(j + 1, "' ’") && this.w(j + 2) === "clock") [strong, j] = [true, j + 3];
    if (this.is(j, "utc gmt z")) [strong, j] = [true, j + 1];
    else if (OTHER_ZONE.has(this.w(j))) return { n: j + 1, c: { bad: true } };
    const endsList = !/^\p{L}/u.test(this.w(j)) || CONNECT.has(this.w(j));
    if (!pre && !strong && !mer && mode !== "bare" && !(mode === "list" && endsList)) return undefined;
    // "at 25:00", "at 13pm": said as a time but none; poisons the message rather than silently dropping the time.
    if (m > 59 || hr.v > 24 || (mer && (hr.v < 1 || hr.v > 12)))
      return (pre && strong) || mer ? { n: j, c: { bad: true } } : undefined;
    return { n: j, c: { times: [{ h: hr.v % 24, m, mer }] } };
  }

  /** One or more clocks: "at 9am and 5pm", "um 8 und 18 Uhr", "at 7, 12 and 18". */
  clocks(i: number, mode: "any" | "prefixed"): Hit | undefined {
    const first = this.clock(i, mode);
    if (!first?.c.times) return first;
    const times = [...first.c.times];
    let n = first.n;
    for (let k = n; ; k = n) {
      if (this.w(k) === ",") k++;
      if (CONNECT.has(this.w(k))) k++;
      const next = k > n ? this.clock(k, "list") : undefined;
      if (!next?.c.times) break;
      times.push(...next.c.times);
      n = next.n;
    }
    return { n, c: { times } };
  }

  day(i: number, short: boolean): { d: number; n: number; plural: boolean; part?: Part } | undefined {
    const w = this.w(i);
    const d = DAY.get(w) ?? (short ? DAY_SHORT_DE.get(w) : undefined);
    const dot = this.w(i + 1) === "." && this.glued(i + 1) && w.length <= 4; // "Mo.", "Fri."
    if (d !== undefined) return { d, n: dot ? i + 2 : i + 1, plural: false };
    const p = DAY_PLURAL.get(w);
    if (p !== undefined) return { d: p, n: i + 1, plural: true };
    const c = DAY_COMPOUND.exec(w);
    const cp = c ? PART.get(c[2]!.endsWith("s") ? c[2]! : `${c[2]}s`) : undefined;
    return c && cp !== undefined ? { d: DAY.get(c[1]!)!, n: i + 1, plural: c[2]!.endsWith("s"), part: PARTS[cp] } : undefined; // prettier-ignore
  }

  /** "on mondays", "monday, wednesday and friday", "mon-fri", "von Montag bis Freitag", "on the weekend". */
  days(i: number): Hit | undefined {
    let j = this.is(i, "on an am from von") ? i + 1 : i;
    if (this.w(j) === "the" && this.w(j + 1) === "weekend") j++;
    if (this.is(j, "business working") && this.is(j + 1, "day days"))
      return { n: j + 2, c: { dow: WEEKDAYS, recur: this.w(j + 1) === "days" } };
    if (pick(DOW_WORD, this.w(j))) return { n: j + 1, c: { dow: DOW_WORD[this.w(j)] } };
    const first = this.day(j, false) ?? this.day(j, true);
    if (!first) return undefined;
    const sep = this.w(first.n);
    const to = RANGE_SEP.has(sep) ? this.day(first.n + 1, true) : undefined;
    if (to) {
      const dow = [first.d];
      for (let d = (first.d + 1) % 7; dow.length < 7 && dow[dow.length - 1] !== to.d; d = (d + 1) % 7) dow.push(d);
      // "from monday to friday" is as often a move ("move it from monday to friday") as a schedule: a modifier only.
      return { n: to.n, c: { dow, part: to.part, recur: !(sep === "to" && this.w(j - 1) === "from") } };
    }
    if (first.d === DAY_SHORT_DE.get(this.w(j)) && !DAY.has(this.w(j))) return undefined;
    const dow = [first.d];
    let { n, plural, part } = first;
    for (let k = n; ; k = n) {
      if (this.w(k) === ",") k++;
      if (LIST_SEP.has(this.w(k)) && this.w(k) !== ",") k++;
      const next = k > n ? this.day(k, false) : undefined;
      if (!next) break;
      [n, plural, part] = [next.n, plural || next.plural, part ?? next.part];
      dow.push(next.d);
    }
    // Three or more days said together are a routine ("monday, wednesday and friday"); one or two may be a date.
    return { n, c: { dow, part, plural, recur: plural || new Set(dow).size >= 3 } };
  }

  /** "on the 15th of each month", "the 1st and 15th", "am 1. jedes Monats", "march 3rd", "24. Dezember". */
  monthDay(i: number, afterEvery = false): Hit | undefined {
    let j = this.is(i, "on am zum an") ? i + 1 : i;
    if (this.is(j, "the den dem")) j++;
    const nth = UNIT.get(this.w(j + 1)) === 2 || DAY.has(this.w(j + 1));
    if (/^(?:last|letzte[nr]?)$/.test(this.w(j)) && nth && OF_MONTH.has(this.w(j + 2)))
      return { n: j + 2, c: { bad: true } }; // "the last day of the month", "last friday of each month"
    const mo = MONTH.get(this.w(j));
    if (mo !== undefined) {
      const d = this.ord(j + 1) ?? this.num(j + 1);
      return d && d.v >= 1 && d.v <= 31 ? { n: d.n, c: { month: mo, dom: [d.v] } } : undefined;
    }
    const o = this.ord(j);
    if (!o || (o.dotted && j === i && !afterEvery)) return undefined;
    // "the first monday of the month", "every second tuesday": no 5-field cron says that.
    if (DAY.has(this.w(o.n)) && (afterEvery || OF_MONTH.has(this.w(o.n + 1)))) return { n: o.n, c: { bad: true } };
    const dom = [o.v];
    let k = o.n;
    for (let x = k; ; x = k) {
      if (this.w(x) === ",") x++;
      if (CONNECT.has(this.w(x))) x++;
      if (this.is(x, "the den dem")) x++;
      const more = x > k ? this.ord(x) : undefined;
      if (!more) break;
      dom.push(more.v);
      k = more.n;
    }
    const m2 = MONTH.get(this.w(this.w(k) === "of" ? k + 1 : k));
    if (m2 !== undefined && dom.length === 1) return { n: this.w(k) === "of" ? k + 2 : k + 1, c: { month: m2, dom } };
    const tail = this.monthTail(k);
    // "every second" is no day of the month: a spelled ordinal after "every" needs "of the month".
    if (!tail && afterEvery && o.word) return undefined;
    return { n: tail?.n ?? k, c: { ...tail?.c, dom } };
  }

  /** "of every month", "of the month", "jedes Monats", "des Monats", "im Monat" after a day of the month. */
  private monthTail(k: number): Hit | undefined {
    const [a, b] = [this.w(k), this.w(k + 1)];
    if (a === "of" && this.is(k + 1, "every each the") && UNIT.get(this.w(k + 2)) === 4)
      return { n: k + 3, c: { freq: "month", recur: b !== "the" } };
    if (this.is(k, "jedes jeden des im every each") && UNIT.get(b) === 4)
      return { n: k + 2, c: { freq: "month", recur: a !== "des" && a !== "im" } };
    return undefined;
  }

  /** "every 15 minutes", "every other day", "each morning", "jeden Montag", "every 1st of the month". */
  every(i: number): Hit | undefined {
    if (!EVERY.has(this.w(i))) return undefined;
    let j = i + 1;
    let step: number | undefined;
    if (this.is(j, "single einzelnen")) j++;
    const x = this.w(j);
    if (x === "other") [step, j] = [2, j + 1];
    else if (x === "half" || x === "halbe" || x === "quarter") {
      const k = this.is(j + 1, "an a") ? j + 2 : this.w(j + 1) === "of" ? j + 3 : j + 1;
      const c = A({ freq: "min", step: x === "quarter" ? 15 : 30 });
      return UNIT.get(this.w(k)) === 1 ? { n: k + 1, c } : undefined;
    } else if (x === "viertelstunde") return { n: j + 1, c: A({ freq: "min", step: 15 }) };
    else {
      const o = this.ord(j);
      const nm = this.num(j);
      if (o && UNIT.has(this.w(o.n))) [step, j] = [o.v, o.n];
      else if (nm && !o) [step, j] = [nm.v, nm.n];
    }
    const uw = this.w(j);
    const unit = UNIT.get(uw) ?? (step !== undefined && this.glued(j) ? pick({ m: 0, h: 1 }, uw) : undefined);
    if (unit !== undefined) return { n: j + 1, c: unitSpec(FREQS[unit]!, step ?? 1) };
    if (step !== undefined) return undefined; // "every 3 apples", "every one of them"
    if (pick(DOW_WORD, uw)) return { n: j + 1, c: A({ dow: DOW_WORD[uw] }) };
    if (uw === "weeknight") return { n: j + 1, c: A({ dow: WEEKDAYS, part: "night" }) };
    const p = uw === "morgen" ? 0 : PART.get(uw);
    if (p !== undefined) return { n: j + 1, c: A({ freq: "day", part: PARTS[p] }) };
    const d = this.days(j);
    if (d) return { n: d.n, c: A(d.c) };
    const mo = MONTH.get(uw);
    const dd = mo === undefined ? undefined : (this.ord(j + 1) ?? this.num(j + 1));
    const ok = dd !== undefined && dd.v >= 1 && dd.v <= 31;
    if (mo !== undefined) return { n: ok ? dd.n : j + 1, c: A({ freq: "year", month: mo, dom: [ok ? dd.v : 1] }) };
    const md = this.monthDay(j, true);
    if (!md || md.c.bad) return md;
    return { n: md.n, c: A({ ...md.c, freq: md.c.month === undefined ? "month" : "year" }) };
  }

  /** "once a day", "einmal pro Woche", "once an hour". */
  once(i: number): Hit | undefined {
    const per = this.is(i + 1, "a an per every each pro am im die in");
    // "twice a day", "zweimal täglich": which times is not said.
    if (this.is(i, "twice thrice zweimal dreimal") && (per || ADVERB.has(this.w(i + 1))))
      return { n: i + 2, c: { bad: true } };
    if (!this.is(i, "once einmal") || !per) return undefined;
    const u = UNIT.get(this.w(i + 2));
    return u === undefined ? undefined : { n: i + 3, c: unitSpec(FREQS[u]!, 1) };
  }

  adverb(i: number): Hit | undefined {
    const j = this.is(i, "on an at") ? i + 1 : i;
    const c = ADVERB.get(this.w(j));
    return c && (j === i || c.dow) ? { n: j + 1, c } : undefined;
  }

  /** "in the evening", "at night", "mornings", "abends", "am Morgen". */
  dayPart(i: number): Hit | undefined {
    let j = i;
    if (this.w(j) === "in" && this.is(j + 1, "the der")) j += 2;
    else if ((this.w(j) === "at" && this.w(j + 1) === "night") || this.w(j) === "am") j++;
    const w = this.w(j);
    const p = w === "morgen" && j > i ? 0 : PART.get(w);
    return p === undefined ? undefined : { n: j + 1, c: { part: PARTS[p], plural: PLURAL_PART.has(w) } };
  }

  /** "from 9 to 5", "between 9am and 5pm", "zwischen 8 und 18 Uhr", "starting at 8", "ab 8 Uhr", "during business hours". */
  window(i: number): Hit | undefined {
    if (this.is(i, "during") && this.is(i + 1, "business working office") && this.is(i + 2, "hours"))
      return { n: i + 3, c: { window: BUSINESS_HOURS } };
    const range = this.is(i, "from between von zwischen");
    const starting = this.is(i, "starting beginning");
    if (!range && !starting && this.w(i) !== "ab") return undefined;
    // A start needs a clear time ("ab 9 Uhr", "starting at 8"); "from 3 feeds" is none.
    const a = this.clock(starting && this.w(i + 1) === "from" ? i + 2 : i + 1, range || starting ? "bare" : "any");
    if (!a?.c.times) return a;
    const b = range && this.is(a.n, "to and until till bis und -") ? this.clock(a.n + 1, "bare") : undefined;
    if (b && !b.c.times) return b;
    return b || !range ? { n: b?.n ?? a.n, c: { window: [...a.c.times, ...(b?.c.times ?? [])] } } : undefined;
  }

  /** "except weekends", "but not on fridays", "außer sonntags". */
  except(i: number): Hit | undefined {
    const j = this.w(i) === "but" && this.w(i + 1) === "not" ? i + 2 : this.is(i, "except excluding außer ausser") ? i + 1 : -1; // prettier-ignore
    const d = j < 0 ? undefined : (this.days(j) ?? this.adverb(j));
    return d?.c.dow ? { n: d.n, c: { except: d.c.dow } } : undefined;
  }

  /** "runs", "run only", "läuft": says recurrence only next to a time or a day ("runs at 6:30" = daily). */
  run(i: number): Hit | undefined {
    if (!RUN.has(this.w(i)) || PRONOUN.has(this.w(i - 1))) return undefined;
    let j = i + 1;
    while (j < i + 3 && RUN_FILLER.has(this.w(j))) j++;
    return { n: j, c: { runVerb: true } };
  }

  /** The longest part starting at token i (a part that is unsupported wins, to poison the message). */
  part(i: number): Hit | undefined {
    let best: Hit | undefined;
    const all = [this.every(i), this.once(i), this.adverb(i), this.days(i), this.monthDay(i), this.clocks(i, "any")];
    for (const h of [...all, this.dayPart(i), this.except(i), this.window(i), this.run(i)]) {
      if (h?.c.bad) return h;
      if (h && (!best || h.n > best.n)) best = h;
    }
    return best;
  }

  /** The run of parts from token i (joined by nothing or a comma), with its last token; "bad" poisons. */
  chain(i: number): { s: Spec; last: number } | "bad" | undefined {
    const s: Spec = {};
    let last = -1;
    for (let j = i; ;) {
      // Only a comma joins parts: "and" would glue a one-off time to a later schedule ("at 6:30 and every day").
      const h = this.part(last >= 0 && this.w(j) === "," ? j + 1 : j);
      if (h?.c.bad) return "bad";
      if (!h || !merge(s, h.c)) break;
      [last, j] = [h.n - 1, h.n];
    }
    return last < 0 ? undefined : { s, last };
  }
}

function unitSpec(f: Freq, step: number): Spec {
  if (f === "min" && step >= 60 && step % 60 === 0) return unitSpec("hour", step / 60);
  if (f === "hour" && step === 24) return unitSpec("day", 1);
  const max = { min: 59, hour: 23, day: 31, week: 1, month: 12, year: 1 }[f];
  return step < 1 || step > max ? { bad: true } : A({ freq: f, step });
}

/** Adds part b to a; false when it contradicts what a already says (the run of parts ends there). */
function merge(a: Spec, b: Spec): boolean {
  if (b.freq && a.freq && (b.freq !== a.freq || (b.step ?? 1) !== (a.step ?? 1))) return false;
  if ((b.dow && a.dow) || (b.dom && a.dom) || (b.month && a.month) || (b.times && a.times)) return false;
  if ((b.except && a.except) || (b.window && a.window)) return false;
  if (b.part && a.part && b.part !== a.part) return false;
  const m: Spec = { ...a };
  for (const [k, v] of Object.entries(b)) if (v !== undefined && v !== false) (m as Record<string, unknown>)[k] = v;
  const [f, step] = [m.freq, m.step ?? 1];
  if ((m.dow || m.except) && (f === "month" || f === "year" || (f === "day" && step > 1) || m.dom)) return false;
  if ((m.dom || m.month) && f && f !== "month" && f !== "year") return false;
  if ((m.month && f === "month") || (m.times && (f === "min" || f === "hour"))) return false;
  Object.assign(a, m);
  return true;
}

const recurring = (s: Spec): boolean => !!(s.recur || (s.plural && s.dow) || (s.runVerb && (s.times || s.dow)));

function hourOf(c: Clock, part: Part | undefined): number {
  if (c.mer === "am") return c.h % 12;
  if (c.mer === "pm") return (c.h % 12) + 12;
  if (part === "night" && c.h === 12 && c.mer !== "24") return 0;
  if (c.mer === "24" || c.h < 1 || c.h > 11) return c.h;
  if (part === "afternoon" || part === "evening" || (part === "noon" && c.h <= 6)) return c.h + 12;
  return part === "night" && c.h >= 6 ? c.h + 12 : c.h;
}

/** Sorted distinct numbers, runs of 3+ as a range: [6, 0] -> "0,6", [1..5] -> "1-5". */
function field(xs: number[]): string {
  const ds = [...new Set(xs)].sort((a, b) => a - b);
  const out: string[] = [];
  for (let i = 0, j = 0; i < ds.length; i = ++j) {
    while (j + 1 < ds.length && ds[j + 1] === ds[j]! + 1) j++;
    out.push(j - i >= 2 ? `${ds[i]}-${ds[j]}` : ds.slice(i, j + 1).join(","));
  }
  return out.join(",");
}

/** The hour field of an interval kept to a window: "every 2 hours from 8 to 18" -> "8-18/2". */
function windowHours([from, to]: Clock[], freq: Freq, step: number, part: Part | undefined): string | undefined {
  const a = hourOf(from!, part);
  if (!to) {
    // "every 6 hours starting at 8" wraps past midnight (8,14,20,2) when the step divides the day.
    if (freq === "min") return `${a}-23`;
    if (24 % step) return `${a}-23/${step}`;
    if (a % step === 0) return step > 1 ? `*/${step}` : "*";
    return field(Array.from({ length: 24 / step }, (_, k) => (a + k * step) % 24));
  }
  let b = hourOf(to, part);
  if (b <= a && b < 12 && !to.mer) b += 12; // "from 9 to 5"
  if (freq === "min" && to.m === 0) b -= 1; // "every 15 minutes between 9 and 17" stops at 16:45
  if (b < a) return undefined;
  return `${a === b ? a : `${a}-${b}`}${step > 1 && freq === "hour" && b > a ? `/${step}` : ""}`;
}

function toCron(s: Spec): string | undefined {
  const days = s.except ? (s.dow ?? [0, 1, 2, 3, 4, 5, 6]).filter((d) => !s.except!.includes(d)) : s.dow;
  if (days?.length === 0) return undefined;
  const dow = days ? field(days) : "*";
  const every = (n: number | undefined) => (n && n > 1 ? `*/${n}` : "*");
  if (s.freq === "min" || s.freq === "hour") {
    const hours = s.window ? windowHours(s.window, s.freq, s.step ?? 1, s.part) : every(s.step);
    if (hours === undefined) return undefined;
    if (s.freq === "min") return `${every(s.step)} ${s.window ? hours : "*"} * * ${dow}`;
    return `${s.window?.[0]?.m ?? 0} ${hours} * * ${dow}`;
  }
  // "every day starting at 8" is a time; "every day from 9 to 5" says none.
  if (s.window && (s.window.length > 1 || s.times)) return undefined;
  const times = s.times ?? s.window ?? [{ h: s.part ? PART_HOUR[PARTS.indexOf(s.part)]! : 9, m: 0, mer: "24" }];
  if (times.some((c) => c.m !== times[0]!.m)) return undefined; // "at 9:00 and 17:30" needs two crons
  const at = `${times[0]!.m} ${field(times.map((c) => hourOf(c, s.part)))}`;
  const dom = s.dom ? field(s.dom) : "1";
  const freq = s.freq ?? (s.month ? "year" : s.dom ? "month" : undefined);
  if (freq === "year") return `${at} ${dom} ${s.month ?? 1} *`;
  if (freq === "month") return `${at} ${dom} ${every(s.step)} *`;
  if (freq === "day" && (s.step ?? 1) > 1) return `${at} */${s.step} * *`;
  return `${at} * * ${days ? dow : freq === "week" ? "1" : "*"}`;
}

/** Finds the first schedule phrase in text ("every friday at 5pm" -> "0 17 * * 5", UTC) and its span. */
export function findSchedule(text: string): ScheduleMatch | undefined {
  const src = text.slice(0, MAX_INPUT);
  const t = tokenize(src);
  const r = new Reader(t);
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
