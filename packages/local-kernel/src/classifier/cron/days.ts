// Days in a schedule phrase: weekdays and their lists and ranges ("monday, wednesday and friday", "Mo-Fr"), and days
// of the month ("the 1st and 15th", "am 1. jedes Monats", "march 3rd"). One or two days alone say no recurrence.
import { ClockReader } from "./clock.js";
import { PARTS, type Hit, type Part } from "./spec.js";
import { pick } from "./tokens.js";
import {
  CONNECT,
  DAY,
  DAY_COMPOUND,
  DAY_PLURAL,
  DAY_SHORT_DE,
  DOW_WORD,
  LIST_SEP,
  MONTH,
  OF_MONTH,
  PART,
  RANGE_SEP,
  UNIT,
  WEEKDAYS,
} from "./words.js";

/** Day parsers on top of the clock parsers; each returns the part starting at token i, or undefined. */
export class DayReader extends ClockReader {
  /** One day name at i: "monday", "Fri.", "mondays", "Montagmorgen" (German short names only when `short`). */
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
}
