// The phrase parsers that say recurrence ("every 15 minutes", "once a day", "daily", "runs at 6:30") and the ones
// that narrow it ("in the evening", "between 9 and 17", "except weekends"), and how adjacent parts join into a chain.
import { DayReader } from "./days.js";
import { FREQS, merge, PARTS, recurrent, unitSpec, type Hit, type Spec } from "./spec.js";
import { pick } from "./tokens.js";
import {
  ADVERB,
  BUSINESS_HOURS,
  DOW_WORD,
  EVERY,
  MONTH,
  PART,
  PLURAL_PART,
  PRONOUN,
  RUN,
  RUN_FILLER,
  UNIT,
  WEEKDAYS,
} from "./words.js";

/** All phrase parsers over one token list; `chain` reads the run of parts a schedule is. */
export class PhraseReader extends DayReader {
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
      const c = recurrent({ freq: "min", step: x === "quarter" ? 15 : 30 });
      return UNIT.get(this.w(k)) === 1 ? { n: k + 1, c } : undefined;
    } else if (x === "viertelstunde") return { n: j + 1, c: recurrent({ freq: "min", step: 15 }) };
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
    if (pick(DOW_WORD, uw)) return { n: j + 1, c: recurrent({ dow: DOW_WORD[uw] }) };
    if (uw === "weeknight") return { n: j + 1, c: recurrent({ dow: WEEKDAYS, part: "night" }) };
    const p = uw === "morgen" ? 0 : PART.get(uw);
    if (p !== undefined) return { n: j + 1, c: recurrent({ freq: "day", part: PARTS[p] }) };
    const d = this.days(j);
    if (d) return { n: d.n, c: recurrent(d.c) };
    const mo = MONTH.get(uw);
    const dd = mo === undefined ? undefined : (this.ord(j + 1) ?? this.num(j + 1));
    const ok = dd !== undefined && dd.v >= 1 && dd.v <= 31;
    if (mo !== undefined)
      return { n: ok ? dd.n : j + 1, c: recurrent({ freq: "year", month: mo, dom: [ok ? dd.v : 1] }) };
    const md = this.monthDay(j, true);
    if (!md || md.c.bad) return md;
    return { n: md.n, c: recurrent({ ...md.c, freq: md.c.month === undefined ? "month" : "year" }) };
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

  /** "daily", "weekdays", "on weekends": a word that says a schedule or a day set alone. */
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
