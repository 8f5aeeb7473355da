// A parsed schedule -> the 5-field cron string: day parts and am/pm turned into hours, day and hour sets into cron
// fields ("1-5", "0,6", "9-17/2"). What one cron cannot say exactly gives undefined.
import { PART_HOUR, PARTS, type Clock, type Freq, type Part, type Spec } from "./spec.js";

/** The 24-hour hour of a clock, read with the day part said beside it ("at 5" in the evening = 17). */
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

/** The cron string for a schedule, or undefined when one cron cannot say it. */
export function toCron(s: Spec): string | undefined {
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
