// Chat shorthand chrono does not read ("tmrw", "eod", "Ende der Woche") is rewritten to a phrase it does read before
// parsing; the rewritten text keeps a map back to the user's offsets so every span still points into the input.

// Rewrites, tried at the same position in this order (the first one wins there). Each replacement is a phrase the
// English or German chrono parser reads the way the shorthand means it.
const SHORTHAND: [RegExp, string][] = [
  // chrono reads only "tomorrow" of this and would answer a day too early.
  [/\b(?:the\s+)?day\s+after\s+tomorrow\b/giy, "in 2 days"],
  [/\b(?:tmrw|tmrow|tmr|tmw|2moro|2morrow|2mrw|tomoz|tomoro)\b/giy, "tomorrow"],
  // Misspellings chrono does not forgive ("tommorow", "wensday").
  [/\bt[ou]m+or+o?w+\b/giy, "tomorrow"],
  [/\b(?:wensday|wendsday|wednsday|wedensday|wednesay)\b/giy, "wednesday"],
  [/\b(?:thrusday|thursay|thurday)\b/giy, "thursday"],
  [/\b(?:tuseday|tusday|teusday)\b/giy, "tuesday"],
  [/\b(?:saturady|satuday|satruday)\b/giy, "saturday"],
  [/\b(?:firday|fridy)\b/giy, "friday"],
  [/\b2day\b/giy, "today"],
  [/\b(?:tonite|2nite|2night)\b/giy, "tonight"],
  // End of the (working) day / week: 17:00 today, the coming Friday (today when it is one).
  [/\b(?:eod|cob|end\s+of\s+(?:the\s+)?day)\b/giy, "today at 5pm"],
  [/\b(?:eow|end\s+of\s+(?:the\s+)?week)\b/giy, "this friday"],
  [/\bende\s+(?:der|dieser)\s+woche\b/giy, "diesen Freitag"],
  [/\bnext\s+wk\b/giy, "next week"],
  [/\bin\s+(?:a|one)\s+fortnight\b/giy, "in 2 weeks"],
];

// A cron expression ("0 7 * * *", "*/5 9-17 * * 1-5"): chrono would read "at 0 7" in it as a time.
const CRON = /(?<![\w*/,-])(?:[\d*][\d*/,-]*\s+){4}[\d*][\d*/,-]*(?![\w*/,-])/g;

interface Segment {
  /** Offsets in the rewritten text. */
  from: number;
  to: number;
  /** Offsets in the input. */
  origFrom: number;
  origTo: number;
  rewritten: boolean;
}

/** Rewritten text and its way back to the input's offsets. */
export interface Rewritten {
  text: string;
  /** Input offset of a span's start in the rewritten text (a rewritten phrase maps to its whole original). */
  startOf(i: number): number;
  /** Input offset of a span's end in the rewritten text. */
  endOf(i: number): number;
}

/** Blanks cron expressions and rewrites chat shorthand, keeping a map back to `text`'s offsets. */
export function rewriteShorthand(text: string): Rewritten {
  const masked = text.replace(CRON, (m) => " ".repeat(m.length));
  const segs: Segment[] = [];
  let out = "";
  let plainFrom = 0;
  const flush = (upTo: number): void => {
    if (upTo > plainFrom) {
      segs.push({
        from: out.length,
        to: out.length + upTo - plainFrom,
        origFrom: plainFrom,
        origTo: upTo,
        rewritten: false,
      });
      out += masked.slice(plainFrom, upTo);
    }
  };
  // One left-to-right scan: rewrites never overlap and the cost stays linear in the input (sticky regexes).
  for (let i = 0; i < masked.length;) {
    // Shorthand starts with a letter or digit after a non-word character; skip everything else fast.
    const wordStart = /[a-z0-9]/i.test(masked[i]!) && (i === 0 || !/\w/.test(masked[i - 1]!));
    let hit: { len: number; rep: string } | undefined;
    if (wordStart) {
      for (const [re, rep] of SHORTHAND) {
        re.lastIndex = i;
        const m = re.exec(masked);
        if (m) {
          hit = { len: m[0].length, rep };
          break;
        }
      }
    }
    if (!hit) {
      i++;
      continue;
    }
    flush(i);
    segs.push({ from: out.length, to: out.length + hit.rep.length, origFrom: i, origTo: i + hit.len, rewritten: true });
    out += hit.rep;
    i += hit.len;
    plainFrom = i;
  }
  flush(masked.length);
  const at = (i: number, end: boolean): number => {
    for (const s of segs) {
      const inside = end ? i > s.from && i <= s.to : i >= s.from && i < s.to;
      if (!inside) continue;
      if (s.rewritten) return end ? s.origTo : s.origFrom;
      return s.origFrom + (i - s.from);
    }
    return end ? text.length : Math.min(i, text.length);
  };
  return { text: out, startOf: (i) => at(i, false), endOf: (i) => at(i, true) };
}
