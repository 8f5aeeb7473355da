// Numbers and times of day in a schedule phrase: "3", "three", "1st", German "1.", "at 6:30pm", "um halb 8",
// "at noon", "at 9am and 5pm". A time said as one but none ("at 25:00") or in another zone ("9am PST") is bad.
import type { Clock, Hit } from "./spec.js";
import { isDigits, pick, TokenReader } from "./tokens.js";
import { CONNECT, NUM, ORD, OTHER_ZONE } from "./words.js";

type Num = { v: number; n: number; word?: boolean; dotted?: boolean };

/** Number and clock parsers; each returns the part starting at token i, or undefined. */
export class ClockReader extends TokenReader {
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
}
