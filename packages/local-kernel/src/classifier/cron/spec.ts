// What the phrase parsers make of a schedule: a Spec, built up part by part ("every friday" + "at 5pm") until a part
// contradicts what is already said, and the rules for whether the result is a recurrence at all.

export const PARTS = ["morning", "afternoon", "evening", "night", "noon", "midnight"] as const;
/** The hour each day part stands for when no time is said, in the order of PARTS. */
export const PART_HOUR = [9, 15, 18, 22, 12, 0];
export const FREQS = ["min", "hour", "day", "week", "month", "year"] as const;
export type Part = (typeof PARTS)[number];
export type Freq = (typeof FREQS)[number];
/** mer "24": the hour is taken as said whatever the day part (noon, midnight). */
export type Clock = { h: number; m: number; mer?: "am" | "pm" | "24" };
export interface Spec {
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
/** A parsed part: `n` is the index of the first token after it. */
export type Hit = { n: number; c: Spec };

/** The same part, said as a recurrence. */
export const recurrent = (c: Spec): Spec => ({ ...c, recur: true });

/** "every <step> <unit>" as a Spec; a step no cron field can hold ("every 90 minutes", "every 2 weeks") is bad. */
export function unitSpec(f: Freq, step: number): Spec {
  if (f === "min" && step >= 60 && step % 60 === 0) return unitSpec("hour", step / 60);
  if (f === "hour" && step === 24) return unitSpec("day", 1);
  const max = { min: 59, hour: 23, day: 31, week: 1, month: 12, year: 1 }[f];
  return step < 1 || step > max ? { bad: true } : recurrent({ freq: f, step });
}

/** Adds part b to a; false when it contradicts what a already says (the run of parts ends there). */
export function merge(a: Spec, b: Spec): boolean {
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

/** Whether a run of parts says a recurrence: a time or one or two days alone say none. */
export const recurring = (s: Spec): boolean => !!(s.recur || (s.plural && s.dow) || (s.runVerb && (s.times || s.dow)));
