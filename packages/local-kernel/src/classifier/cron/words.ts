// The words schedule phrases are made of, English and German: days, months, numbers, ordinals, day parts, units,
// and the adverbs that say a whole schedule alone ("daily", "werktags"). Lower-case, as the tokenizer gives them.
import { recurrent, type Clock, type Spec } from "./spec.js";

/** "a b|c" -> { a: base, b: base, c: base + 1 }. */
function table(groups: string, base = 0): Map<string, number> {
  const m = new Map<string, number>();
  groups.split("|").forEach((g, i) => g.split(" ").forEach((w) => m.set(w, i + base)));
  return m;
}
const words = (list: string): Set<string> => new Set(list.split(" "));

export const DAY = table(
  "sunday sun sonntag|monday mon montag|tuesday tue tues dienstag|wednesday wed mittwoch|thursday thu thur thurs " +
    "donnerstag|friday fri freitag|saturday sat samstag sonnabend",
);
// "mondays", "montags": the full names plus "s".
export const DAY_PLURAL = new Map([...DAY].filter(([w]) => w.length > 5).map(([w, d]) => [`${w}s`, d]));
// Only inside a range ("Mo-Fr"): alone they are ordinary German words ("so", "do").
export const DAY_SHORT_DE = table("so|mo|di|mi|do|fr|sa");
// German compounds: "Montagmorgen", "sonntagabends".
export const DAY_COMPOUND = /^(sonntag|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonnabend)(morgens?|vormittags?|mittags?|nachmittags?|abends?|nachts?)$/u; // prettier-ignore
export const WEEKDAYS = [1, 2, 3, 4, 5];
export const WEEKEND = [0, 6];
export const DOW_WORD: Record<string, number[]> = { weekday: WEEKDAYS, werktag: WEEKDAYS, wochentag: WEEKDAYS, weekend: WEEKEND, wochenende: WEEKEND }; // prettier-ignore
export const MONTH = table(
  "january jan januar|february feb februar|march mar märz|april apr|may mai|june jun juni|july jul juli|august aug|" +
    "september sep sept|october oct oktober|november nov|december dec dezember",
  1,
);
export const OF_MONTH = words("of im in des jedes jeden every each");

export const NUM = table(
  "one ein eine einen|two zwei|three drei|four vier|five fünf|six sechs|seven sieben|eight acht|nine neun|ten zehn|" +
    "eleven elf|twelve zwölf",
  1,
);
for (const [w, n] of [["fifteen", 15], ["fünfzehn", 15], ["twenty", 20], ["zwanzig", 20], ["thirty", 30], ["dreißig", 30], ["forty", 40], ["vierzig", 40]] as const) NUM.set(w, n); // prettier-ignore
export const ORD = table(
  "first erste|second zweite|third dritte|fourth vierte|fifth fünfte|sixth sechste|seventh siebte|eighth achte|" +
    "ninth neunte|tenth zehnte|eleventh elfte|twelfth zwölfte|thirteenth dreizehnte|fourteenth vierzehnte|" +
    "fifteenth fünfzehnte|sixteenth sechzehnte|seventeenth siebzehnte|eighteenth achtzehnte|nineteenth neunzehnte|" +
    "twentieth zwanzigste",
  1,
);
ORD.set("thirtieth", 30).set("dreißigste", 30);

/** Day part words -> index in PARTS. */
export const PART = table(
  "morning mornings morgens vormittag vormittags früh|afternoon afternoons nachmittag nachmittags|evening evenings " +
    "abend abends|night nights nacht nachts|noon midday mittag mittags|midnight mitternacht",
);
export const PLURAL_PART = words("mornings afternoons evenings nights morgens vormittags nachmittags abends nachts");
/** Unit words -> index in FREQS. */
export const UNIT = table(
  "minute minutes min mins minuten|hour hours hr hrs stunde stunden std|day days tag tage|week weeks woche wochen|" +
    "month months monat monate monats|year years jahr jahre",
);

export const EVERY = words("every each jeden jede jedes jedem alle");
export const LIST_SEP = new Set([",", "and", "und", "&", "or", "oder"]);
export const RANGE_SEP = new Set(["-", "–", "to", "through", "thru", "till", "until", "bis"]);
export const CONNECT = new Set(["and", "und", "&"]);
export const RUN = words("runs run fires fire triggers executes läuft laufen");
export const RUN_FILLER = words("only now instead again always then it nur jetzt stattdessen dann immer");
export const PRONOUN = words("i we you they he she ll ich wir du");
export const ONE_OFF = words("today tomorrow tonight heute morgen übermorgen");
// Cron here is UTC: a time said in another zone cannot be turned into one without knowing the date (DST).
export const OTHER_ZONE = words("est edt cst cdt mst mdt pst pdt cet cest mez mesz bst eet eest jst aest");
export const BUSINESS_HOURS: Clock[] = [9, 17].map((h) => ({ h, m: 0, mer: "24" }));

/** Words that say a schedule (or a day set) on their own: "daily", "weekdays", "stündlich". */
export const ADVERB = new Map<string, Spec>();
const adverbs = (list: string, c: Spec) => list.split(" ").forEach((w) => ADVERB.set(w, c.bad ? c : recurrent(c)));
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
