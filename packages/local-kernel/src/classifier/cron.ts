// Schedule phrases in a chat message -> 5-field UTC cron ("every friday at 5pm" -> "0 17 * * 5"), English and German.
//
// How a message is read:
// - Only the first 2,000 characters count. They are cut into tokens (a word, a digit run or one punctuation mark),
//   and each kind of phrase is a small parser over tokens, so the work stays linear and no regex scans free text.
// - A schedule is a run of adjacent parts (joined by nothing, ",", "and", "und", "&") of which one says recurrence:
//   "every/each/jeden/alle ...", "daily", "täglich", "weekly", "hourly", plural days ("mondays", "montags"), a day
//   range ("monday to friday", "Mo-Fr"), or "runs/run/fires (at)" (= daily unless a day is said). A time ("at
//   6:30"), a single day ("on monday") or a day part ("in the evening") alone is no schedule. The first run wins.
// - Default time when none is said: 09:00. A day part alone: morning 09:00, afternoon 15:00, evening 18:00, night
//   22:00, noon 12:00, midnight 00:00. "every week"/"weekly" without a day is monday; "monthly" day 1; "yearly" Jan 1.
// - Hours without am/pm are taken as said ("at 5" = 05:00, "at 17:45" = 17:45) unless an afternoon/evening part is
//   said in the same phrase ("every evening at 5", "at 6:30 in the evening", "abends um 7"): then 1-11 are pm.
//   With night, 6-11 are pm ("every night at 10" = 22:00) and 1-5 stay ("nightly at 2" = 02:00).
// - A recurrence said without a time takes the first "at/um <time>" elsewhere in the message ("every monday remind
//   me to call mom at 5pm"); the span grows to cover that time only when at most 3 tokens lie between.
// - What one cron cannot say exactly gives undefined, not a near miss: every other week, "first monday of the
//   month", "last day of the month", every 90 minutes, several times with different minutes.

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
  dom?: number;
  month?: number;
  times?: Clock[];
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
const WEEKDAYS = [1, 2, 3, 4, 5];
const WEEKEND = [0, 6];
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

const isDigits = (w: string | undefined): w is string => w !== undefined && /^\d{1,4}$/.test(w);
const pick = <T>(o: Record<string, T>, k: string | undefined): T | undefined =>
  k !== undefined && Object.hasOwn(o, k) ? o[k] : undefined;
const OF_MONTH = new Set(["of", "im", "in", "des", "jedes", "jeden", "every", "each"]);

/** Parsers over one token list; each returns the part starting at token i, or undefined. */
class Reader {
  constructor(private readonly t: Tok[]) {}
  w(i: number): string | undefined {
    return this.t[i]?.w;
  }
  private glued(i: number): boolean {
    return this.t[i]?.glued ?? false;
  }

  num(i: number): { v: number; n: number; word: boolean } | undefined {
    const w = this.w(i);
    if (isDigits(w)) return { v: +w, n: i + 1, word: false };
    const v = w === undefined ? undefined : NUM.get(w);
    return v === undefined ? undefined : { v, n: i + 1, word: true };
  }

  ord(i: number): { v: number; n: number; dotted: boolean } | undefined {
    const w = this.w(i);
    const nx = this.w(i + 1);
    let r: { v: number; n: number; dotted: boolean } | undefined;
    if (isDigits(w) && this.glued(i + 1) && /^(?:st|nd|rd|th)$/.test(nx ?? "")) r = { v: +w, n: i + 2, dotted: false };
    // German "1.": not when a digit follows ("1.32" is a number).
    else if (isDigits(w) && nx === "." && this.glued(i + 1) && !(this.glued(i + 2) && isDigits(this.w(i + 2))))
      r = { v: +w, n: i + 2, dotted: true };
    else if (w !== undefined) {
      const v = ORD.get(w.replace(/(te)[nrms]$/, "$1"));
      if (v !== undefined) r = { v, n: i + 1, dotted: false };
      else if ((w === "twenty" || w === "thirty") && nx === "-") {
        const u = ORD.get(this.w(i + 2) ?? "");
        if (u !== undefined && u < 10) r = { v: (w === "twenty" ? 20 : 30) + u, n: i + 3, dotted: false };
      }
    }
    return r && r.v >= 1 && r.v <= 31 ? r : undefined;
  }

  /** "at 7", "at 6:30pm", "5 p.m.", "um 8 Uhr", "um halb 8", "at noon"; mode "list" allows a bare "17" at the end. */
  clock(i: number, mode: "any" | "prefixed" | "list"): Hit | undefined {
    const german = this.w(i) === "um";
    const pre = german || this.w(i) === "at";
    let j = pre ? i + 1 : i;
    if (!pre && mode === "prefixed") return undefined;
    const x = this.w(j);
    if (x === "noon" || x === "midday" || (x === "mittag" && pre)) return { n: j + 1, c: { times: [{ h: 12, m: 0, mer: "24" }] } }; // prettier-ignore
    if (x === "midnight" || x === "mitternacht") return { n: j + 1, c: { times: [{ h: 0, m: 0, mer: "24" }] } };
    // "halb 8" = 7:30, "viertel nach 8", "quarter to 8", "half past 7"
    const rel = pick({ halb: -30, half: 30, quarter: 15, viertel: 15 }, x);
    if (rel !== undefined) {
      const how = rel === -30 ? "" : this.w(j + 1);
      const k = rel === -30 ? j + 1 : j + 2;
      const hr = this.num(k);
      if (!hr || (rel !== -30 && !["past", "to", "nach", "vor"].includes(how ?? ""))) return undefined;
      const back = rel === -30 || how === "to" || how === "vor";
      const mins = hr.v * 60 + (back ? -Math.abs(rel) : rel);
      return { n: hr.n, c: { times: [{ h: Math.floor(mins / 60), m: ((mins % 60) + 60) % 60 }] } };
    }
    const hr = this.num(j);
    if (!hr || (hr.word && !pre)) return undefined;
    j = hr.n;
    let m = 0;
    let strong = false;
    const sep = this.w(j);
    if (!hr.word && (sep === ":" || (sep === "." && pre)) && this.glued(j) && this.glued(j + 1)) {
      const mm = this.w(j + 1);
      if (mm === undefined || !/^\d\d$/.test(mm)) return undefined;
      m = +mm;
      j += 2;
      strong = true;
    }
    let mer: Clock["mer"];
    const s = this.w(j);
    if ((s === "am" || s === "pm") && !german) [mer, j] = [s, j + 1];
    else if ((s === "a" || s === "p") && this.w(j + 1) === "." && this.w(j + 2) === "m") {
      [mer, j] = [s === "a" ? "am" : "pm", j + 3];
      if (this.w(j) === "." && this.glued(j)) j++;
    } else if (s === "uhr" || s === "oclock") [strong, j] = [true, j + 1];
    else if (s === "o" && (this.w(j + 1) === "'" || this.w(j + 1) === "’") && this.w(j + 2) === "clock")
      [strong, j] = [true, j + 3];
    const endsPhrase = !/^\p{L}/u.test(this.w(j) ?? "");
    if (!pre && !strong && !mer && !(mode === "list" && endsPhrase)) return undefined;
    // "at 25:00", "at 13pm": said as a time but none; poisons the message rather than silently dropping the time.
    if (m > 59 || hr.v > 24 || (mer && (hr.v < 1 || hr.v > 12)))
      return strong || mer ? { n: j, c: { bad: true } } : undefined;
    return { n: j, c: { times: [{ h: hr.v % 24, m, mer }] } };
  }

  /** One or more clocks: "at 9am and 5pm", "um 8 und 18 Uhr". */
  clocks(i: number, mode: "any" | "prefixed"): Hit | undefined {
    const first = this.clock(i, mode);
    if (!first) return undefined;
    if (first.c.bad) return first;
    const times = [...first.c.times!];
    let n = first.n;
    for (;;) {
      let k = n;
      if (this.w(k) === ",") k++;
      if (CONNECT.has(this.w(k) ?? "")) k++;
      const next = k > n ? this.clock(k, "list") : undefined;
      if (!next?.c.times) break;
      times.push(...next.c.times!);
      n = next.n;
    }
    return { n, c: { times } };
  }

  day(i: number, short: boolean): { d: number; n: number; plural: boolean } | undefined {
    const w = this.w(i) ?? "";
    const d = DAY.get(w) ?? (short ? DAY_SHORT_DE.get(w) : undefined);
    if (d !== undefined) return { d, n: this.w(i + 1) === "." && this.glued(i + 1) && w.length <= 4 ? i + 2 : i + 1, plural: false }; // prettier-ignore
    const p = DAY_PLURAL.get(w);
    return p === undefined ? undefined : { d: p, n: i + 1, plural: true };
  }

  /** "on mondays", "monday, wednesday and friday", "mon-fri", "von Montag bis Freitag", "on weekdays". */
  days(i: number): Hit | undefined {
    let j = ["on", "an", "am", "from", "von"].includes(this.w(i) ?? "") ? i + 1 : i;
    if (this.w(j) === "the" && (this.w(j + 1) === "weekend" || this.w(j + 1) === "weekends")) j++;
    const single = pick({ weekday: WEEKDAYS, werktag: WEEKDAYS, weekend: WEEKEND, wochenende: WEEKEND }, this.w(j));
    if (single) return { n: j + 1, c: { dow: single } };
    const first = this.day(j, false) ?? this.day(j, true);
    if (!first) return undefined;
    const sep = this.w(first.n) ?? "";
    const to = RANGE_SEP.has(sep) ? this.day(first.n + 1, true) : undefined;
    if (to) {
      // "from monday to friday" is as often a move ("move it from monday to friday") as a schedule: a modifier only.
      const dow: number[] = [];
      for (let d = first.d; ; d = (d + 1) % 7) {
        dow.push(d);
        if (d === to.d) break;
      }
      return { n: to.n, c: { dow, recur: !(sep === "to" && this.w(j - 1) === "from") } };
    }
    if (DAY_SHORT_DE.has(this.w(j) ?? "") && !DAY.has(this.w(j) ?? "")) return undefined;
    const dow = [first.d];
    let { n, plural } = first;
    for (;;) {
      let k = n;
      if (this.w(k) === ",") k++;
      if (LIST_SEP.has(this.w(k) ?? "") && this.w(k) !== ",") k++;
      const next = k > n ? this.day(k, false) : undefined;
      if (!next) break;
      [n, plural] = [next.n, plural || next.plural];
      dow.push(next.d);
    }
    // Three or more days said together are a routine ("monday, wednesday and friday"); one or two may be a date.
    return { n, c: { dow, recur: plural || dow.length >= 3 } };
  }

  /** "on the 15th of each month", "am 1. jedes Monats", "march 3rd", "on the 24th of december". */
  monthDay(i: number, afterEvery = false): Hit | undefined {
    let j = ["on", "am", "zum", "an"].includes(this.w(i) ?? "") ? i + 1 : i;
    if (["the", "den", "dem"].includes(this.w(j) ?? "")) j++;
    const w = this.w(j) ?? "";
    const nth = UNIT.get(this.w(j + 1) ?? "") === 2 || DAY.has(this.w(j + 1) ?? "");
    if (/^(?:last|letzte[nr]?)$/.test(w) && nth && OF_MONTH.has(this.w(j + 2) ?? ""))
      return { n: j + 2, c: { bad: true } }; // "the last day of the month", "last friday of each month"
    const mo = MONTH.get(w);
    if (mo !== undefined) {
      const d = this.ord(j + 1) ?? this.num(j + 1);
      return d && d.v >= 1 && d.v <= 31 ? { n: d.n, c: { month: mo, dom: d.v } } : undefined;
    }
    const o = this.ord(j);
    if (!o || (o.dotted && j === i && !afterEvery)) return undefined;
    const k = o.n;
    // "the first monday of the month", "every second tuesday": no 5-field cron says that.
    if (DAY.has(this.w(k) ?? "") && (afterEvery || OF_MONTH.has(this.w(k + 1) ?? "")))
      return { n: k + 1, c: { bad: true } };
    const m2 = MONTH.get(this.w(k) === "of" ? (this.w(k + 1) ?? "") : (this.w(k) ?? ""));
    if (m2 !== undefined) return { n: this.w(k) === "of" ? k + 2 : k + 1, c: { month: m2, dom: o.v } };
    const tail = this.monthTail(k);
    return { n: tail?.n ?? k, c: { ...tail?.c, dom: o.v } };
  }

  /** "of every month", "of the month", "jedes Monats", "des Monats", "im Monat" after a day of the month. */
  private monthTail(k: number): Hit | undefined {
    const a = this.w(k);
    const b = this.w(k + 1);
    const isMonth = (x: string | undefined) => x !== undefined && UNIT.get(x) === 4;
    if (a === "of" && ["every", "each", "the"].includes(b ?? "") && isMonth(this.w(k + 2)))
      return { n: k + 3, c: { freq: "month", recur: b !== "the" } };
    if (["jedes", "jeden", "des", "im", "every", "each"].includes(a ?? "") && isMonth(b))
      return { n: k + 2, c: { freq: "month", recur: a !== "des" && a !== "im" } };
    return undefined;
  }

  /** "every 15 minutes", "every other day", "each morning", "jeden Montag", "every 1st of the month". */
  every(i: number): Hit | undefined {
    if (!EVERY.has(this.w(i) ?? "")) return undefined;
    let j = i + 1;
    let step: number | undefined;
    const x = this.w(j);
    if (x === "other") [step, j] = [2, j + 1];
    else if (x === "half" || x === "halbe" || x === "quarter") {
      const k = this.w(j + 1) === "an" || this.w(j + 1) === "a" ? j + 2 : this.w(j + 1) === "of" ? j + 3 : j + 1;
      return UNIT.get(this.w(k) ?? "") === 1 ? { n: k + 1, c: A({ freq: "min", step: x === "quarter" ? 15 : 30 }) } : undefined; // prettier-ignore
    } else if (x === "viertelstunde") return { n: j + 1, c: A({ freq: "min", step: 15 }) };
    else {
      const o = this.ord(j);
      const u = o && UNIT.get(this.w(o.n) ?? "");
      const nm = this.num(j);
      if (o && u !== undefined) [step, j] = [o.v, o.n];
      else if (nm && !o) [step, j] = [nm.v, nm.n];
    }
    const uw = this.w(j) ?? "";
    const unit = UNIT.get(uw) ?? (step !== undefined && this.glued(j) ? pick({ m: 0, h: 1 }, uw) : undefined);
    if (unit !== undefined) return { n: j + 1, c: unitSpec(FREQS[unit]!, step ?? 1) };
    if (step !== undefined) return undefined; // "every 3 apples", "every one of them"
    const dowWord = pick({ weekday: WEEKDAYS, werktag: WEEKDAYS, wochentag: WEEKDAYS, weekend: WEEKEND, wochenende: WEEKEND }, uw); // prettier-ignore
    if (dowWord) return { n: j + 1, c: A({ dow: dowWord }) };
    if (uw === "weeknight") return { n: j + 1, c: A({ dow: WEEKDAYS, part: "night" }) };
    const p = uw === "morgen" ? 0 : PART.get(uw);
    if (p !== undefined) return { n: j + 1, c: A({ freq: "day", part: PARTS[p] }) };
    const d = this.days(j);
    if (d) return { n: d.n, c: A(d.c) };
    const mo = MONTH.get(uw);
    if (mo !== undefined) {
      const dd = this.ord(j + 1) ?? this.num(j + 1);
      const ok = dd && dd.v >= 1 && dd.v <= 31;
      return { n: ok ? dd.n : j + 1, c: A({ freq: "year", month: mo, dom: ok ? dd.v : 1 }) };
    }
    const md = this.monthDay(j, true);
    if (md?.c.bad) return md;
    if (md && md.c.month === undefined) return { n: md.n, c: A({ ...md.c, freq: "month" }) };
    return md && { n: md.n, c: A({ ...md.c, freq: "year" }) };
  }

  /** "once a day", "einmal pro Woche", "once an hour". */
  once(i: number): Hit | undefined {
    if (this.w(i) !== "once" && this.w(i) !== "einmal") return undefined;
    if (!["a", "an", "per", "every", "each", "pro", "am", "im", "die", "in"].includes(this.w(i + 1) ?? ""))
      return undefined;
    const u = UNIT.get(this.w(i + 2) ?? "");
    return u === undefined ? undefined : { n: i + 3, c: unitSpec(FREQS[u]!, 1) };
  }

  adverb(i: number): Hit | undefined {
    const j = ["on", "an", "at"].includes(this.w(i) ?? "") ? i + 1 : i;
    const c = ADVERB.get(this.w(j) ?? "");
    return c && (j === i || c.dow) ? { n: j + 1, c } : undefined;
  }

  /** "in the evening", "at night", "mornings", "abends", "am Morgen". */
  dayPart(i: number): Hit | undefined {
    let j = i;
    if (this.w(j) === "in" && ["the", "der"].includes(this.w(j + 1) ?? "")) j += 2;
    else if ((this.w(j) === "at" && this.w(j + 1) === "night") || this.w(j) === "am") j++;
    const w = this.w(j) ?? "";
    const p = w === "morgen" && j > i ? 0 : PART.get(w);
    return p === undefined ? undefined : { n: j + 1, c: { part: PARTS[p], plural: PLURAL_PART.has(w) } };
  }

  /** "runs", "run only", "läuft": says recurrence only next to a time or a day ("runs at 6:30" = daily). */
  run(i: number): Hit | undefined {
    if (!RUN.has(this.w(i) ?? "") || PRONOUN.has(this.w(i - 1) ?? "")) return undefined;
    let j = i + 1;
    while (j < i + 3 && RUN_FILLER.has(this.w(j) ?? "")) j++;
    return { n: j, c: { runVerb: true } };
  }

  /** The longest part starting at token i (a part that is unsupported wins, to poison the message). */
  part(i: number): Hit | undefined {
    let best: Hit | undefined;
    const all = [this.every(i), this.once(i), this.adverb(i), this.days(i), this.monthDay(i), this.clocks(i, "any")];
    for (const h of [...all, this.dayPart(i), this.run(i)]) {
      if (h?.c.bad) return h;
      if (h && (!best || h.n > best.n)) best = h;
    }
    return best;
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
  if (b.part && a.part && b.part !== a.part) return false;
  const m: Spec = { ...a };
  for (const [k, v] of Object.entries(b)) if (v !== undefined && v !== false) (m as Record<string, unknown>)[k] = v;
  const f = m.freq;
  const step = m.step ?? 1;
  if (m.dow && (f === "month" || f === "year" || (f === "day" && step > 1) || m.dom)) return false;
  if ((m.dom || m.month) && f && f !== "month" && f !== "year") return false;
  if ((m.month && f === "month") || (m.times && (f === "min" || f === "hour"))) return false;
  Object.assign(a, m);
  return true;
}

const recurring = (s: Spec): boolean => !!(s.recur || (s.plural && s.dow) || (s.runVerb && (s.times || s.dow)));

function hourOf(c: Clock, part: Part | undefined): number | undefined {
  if (c.mer === "am") return c.h % 12;
  if (c.mer === "pm") return (c.h % 12) + 12;
  if (c.mer === "24" || c.h < 1 || c.h > 11) return c.h;
  if (part === "afternoon" || part === "evening") return c.h + 12;
  if (part === "night") return c.h >= 6 ? c.h + 12 : c.h;
  if (part === "noon") return c.h <= 6 ? c.h + 12 : c.h;
  return c.h;
}

/** Day-of-week digits, runs of 3+ as a range: [6, 0] -> "0,6", [1..5] -> "1-5". */
function dowField(days: number[]): string {
  const ds = [...new Set(days)].sort((a, b) => a - b);
  const out: string[] = [];
  for (let i = 0; i < ds.length;) {
    let j = i;
    while (j + 1 < ds.length && ds[j + 1] === ds[j]! + 1) j++;
    out.push(j - i >= 2 ? `${ds[i]}-${ds[j]}` : ds.slice(i, j + 1).join(","));
    i = j + 1;
  }
  return out.join(",");
}

function toCron(s: Spec): string | undefined {
  const dow = s.dow ? dowField(s.dow) : "*";
  const every = (n: number | undefined) => (n && n > 1 ? `*/${n}` : "*");
  if (s.freq === "min") return `${every(s.step)} * * * ${dow}`;
  if (s.freq === "hour") return `0 ${every(s.step)} * * ${dow}`;
  const times = s.times ?? [{ h: s.part ? PART_HOUR[PARTS.indexOf(s.part)]! : 9, m: 0, mer: "24" }];
  const hours = new Set<number>();
  for (const c of times) {
    const h = hourOf(c, s.part);
    if (h === undefined || h > 23 || c.m !== times[0]!.m) return undefined;
    hours.add(h);
  }
  const at = `${times[0]!.m} ${[...hours].sort((a, b) => a - b).join(",")}`;
  const freq = s.freq ?? (s.month ? "year" : s.dom ? "month" : undefined);
  if (freq === "year") return `${at} ${s.dom ?? 1} ${s.month ?? 1} *`;
  if (freq === "month") return `${at} ${s.dom ?? 1} ${every(s.step)} *`;
  if (freq === "day" && (s.step ?? 1) > 1) return `${at} */${s.step} * *`;
  return `${at} * * ${s.dow ? dow : freq === "week" ? "1" : "*"}`;
}

/** Finds the first schedule phrase in text ("every friday at 5pm" -> cron "0 17 * * 5", UTC) and its span. */
export function findSchedule(text: string): ScheduleMatch | undefined {
  const src = text.slice(0, MAX_INPUT);
  const t = tokenize(src);
  const r = new Reader(t);
  let found: { s: Spec; first: number; last: number } | undefined;
  for (let i = 0; i < t.length; i++) {
    if (found) {
      if (r.part(i)?.c.bad) return undefined;
      continue;
    }
    const s: Spec = {};
    let last = -1;
    for (let j = i; ;) {
      let k = j;
      // Only a comma joins parts: "and" would glue a one-off time to a later schedule ("at 6:30 and every day").
      if (last >= 0 && r.w(k) === ",") k++;
      const h = r.part(k);
      if (h?.c.bad) return undefined;
      if (!h || !merge(s, h.c)) break;
      [last, j] = [h.n - 1, h.n];
    }
    if (last >= 0 && recurring(s)) found = { s, first: i, last };
  }
  if (!found) return undefined;
  const { s } = found;
  let { first, last } = found;
  if (!s.times && s.freq !== "min" && s.freq !== "hour") {
    for (let k = 0; k < t.length; k++) {
      const h = k < first || k > last ? r.clocks(k, "prefixed") : undefined;
      if (!h || (k < first && h.n > first) || ONE_OFF.has(r.w(k - 1) ?? "") || ONE_OFF.has(r.w(h.n) ?? "")) continue;
      const dp = r.dayPart(h.n);
      const withPart = dp && (!s.part || dp.c.part === s.part) && (k > last || dp.n <= first);
      const end = (withPart ? dp.n : h.n) - 1;
      s.times = h.c.times;
      if (withPart) s.part = dp.c.part;
      if (k > last && k - last - 1 <= 3) last = end;
      else if (k < first && first - end - 1 <= 3) first = k;
      break;
    }
  }
  const cron = toCron(s);
  if (!cron) return undefined;
  const start = t[first]!.s;
  const end = t[last]!.e;
  return { cron, start, end, text: src.slice(start, end) };
}
