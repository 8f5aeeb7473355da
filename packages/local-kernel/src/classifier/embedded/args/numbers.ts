// Pass 2: numbers. "#42", "issue 42" -> integer id params; "max 5", "last 5", "5 notes" -> the limit param; a lone
// number -> the lone numeric param. Numbers inside dates are never taken.
import { PRONOUNS } from "../analysis.js";
import { entityKindScore, WRONG_KIND } from "../entities.js";
import { refToPrev } from "../steps.js";
import type { Tok } from "../tokens.js";
import { stem } from "../../lexicon.js";
import { findSchedule } from "../../cron/index.js";
import { isToolNoun, type ParamInfo, type ToolInfo } from "../tools.js";
import { coerceNumber, type ArgRun } from "./state.js";
import { isCronParam } from "./triggers.js";

const UNITS: Record<string, number> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
};
const TENS: Record<string, number> = {
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
};

/** Number words, English and German ("ein"/"eine" are also the article, so they count nothing). */
export const NUMBER_WORDS: Record<string, number> = {
  ...UNITS,
  ...TENS,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  dozen: 12,
  hundred: 100,
  zwei: 2,
  drei: 3,
  vier: 4,
  fünf: 5,
  sechs: 6,
  sieben: 7,
  acht: 8,
  neun: 9,
  zehn: 10,
  elf: 11,
  zwölf: 12,
  zwanzig: 20,
  dreißig: 30,
  fünfzig: 50,
  dutzend: 12,
  hundert: 100,
  // "twenty-five" typed as one word: tens and units.
  ...Object.fromEntries(
    Object.entries(TENS).flatMap(([tens, t]) => Object.entries(UNITS).map(([unit, u]) => [`${tens}-${unit}`, t + u])),
  ),
};
const LIMIT_LEAD_RE =
  /^(max|maximum|most|limit|last|top|first|latest|recent|newest|upto|letzten|neuesten|jüngsten|ersten|höchstens|maximal)$/;
const LIMIT_LEAD_CONSUMED_RE = /^(max|maximum|most|limit|last|top|first|upto|letzten|ersten|höchstens|maximal)$/;
const LIMIT_ADJECTIVE_RE = /^(latest|recent|newest|oldest|last|new|first|most|open|closed|active|pending|overdue)$/;

/** "N <noun>", "N results", "N <adjective or enum value> <noun>", "N open recent <noun>": N counts the listing. */
function countsItems(toks: Tok[], k: number, tool: ToolInfo): boolean {
  if (
    k + 1 < toks.length &&
    (tool.nouns.has(toks[k + 1].stem) || /^(results|items|entries|rows)$/.test(toks[k + 1].base))
  )
    return true;
  if (k + 2 >= toks.length) return false;
  const next = toks[k + 1].base;
  const qualifier =
    LIMIT_ADJECTIVE_RE.test(next) || tool.params.some((p) => p.enumVals?.some((v) => v.toLowerCase() === next));
  if (!qualifier) return false;
  return (
    isToolNoun(toks[k + 2], tool) ||
    (k + 3 < toks.length && /^(recent|recently|latest)$/.test(toks[k + 2].base) && isToolNoun(toks[k + 3], tool))
  );
}

/** "rule 12" for rule_id: the word before the number is the param's own noun. */
function namesParam(p: ParamInfo, t: Tok): boolean {
  return p.nameWords.some((w) => w !== "id" && w.length > 2 && (w === t.base || w === t.base.replace(/s$/, "")));
}

/** A numeric id from the item the step names by its label (no number typed); true when it filled one. */
function labelledNumber(run: ArgRun, p: ParamInfo): boolean {
  const { hits, toks, args, tool, ctx } = run;
  // A number that may be the id blocks the label ("rule 26"); "5 minutes", a duration, does not.
  const duration = (k: number) => {
    const u = toks[k + 1];
    return !!u && (UNIT_SECONDS[stem(u.base)] !== undefined || UNIT_SECONDS[u.base.replace(/s$/, "")] !== undefined);
  };
  // ...nor does a time of day ("to run at 9 instead of 8").
  const timeOfDay = (k: number) =>
    (k > 0 && /^(?:at|um|by|from|to|until|till|of|before|after)$/.test(toks[k - 1]!.base)) ||
    /^(?:am|pm|uhr|h|o'clock|oclock)$/.test(toks[k + 1]?.base ?? "");
  if (
    args[p.name] !== undefined ||
    toks.some((t, k) => /^#?\d+$/.test(t.text) && !t.used && !duration(k) && !timeOfDay(k))
  )
    return false;
  const fit = hits.filter(
    (x) =>
      !x.entity.named &&
      /^\d+$/.test(x.entity.id) &&
      x.score >= 1 &&
      entityKindScore(x.entity, p, tool, ctx.kinds) !== WRONG_KIND,
  );
  const h = fit[0];
  // One distinctive word is enough when no other item is named as well ("the photo backup").
  if (!h || (h.score < 1.5 && fit.some((x) => x !== h && x.score >= h.score - 0.01))) return false;
  const n = coerceNumber(p, Number(h.entity.id));
  if (n === undefined) return false;
  args[p.name] = n;
  for (const i of h.toks) if (i >= 0 && toks[i]) toks[i].used = true;
  return true;
}

// Seconds per unit word (English and German), for params that carry their unit in the name (cooldown_seconds).
const UNIT_SECONDS: Record<string, number> = {
  ms: 0.001,
  millisecond: 0.001,
  second: 1,
  sec: 1,
  s: 1,
  sekund: 1,
  minut: 60,
  min: 60,
  hour: 3600,
  hr: 3600,
  h: 3600,
  stund: 3600,
  dai: 86400,
  day: 86400,
  d: 86400,
  tag: 86400,
  week: 604800,
  wk: 604800,
  m: 60,
  hrs: 3600,
  woch: 604800,
  minuten: 60,
  stunden: 3600,
  sekunden: 1,
  tage: 86400,
  tagen: 86400,
  wochen: 604800,
};
// "daily", "hourly", "weekly": an interval said as one word.
// "once a week", "every day": the unit after the article.
const ONCE_A: Record<string, number> = { hour: 3600, day: 86400, night: 86400, week: 604800 };
const INTERVAL_WORDS: Record<string, number> = {
  hourly: 3600,
  daily: 86400,
  nightly: 86400,
  weekly: 604800,
  täglich: 86400,
  stündlich: 3600,
  wöchentlich: 604800,
};

/** The unit of a duration param in seconds ("cooldown_seconds" -> 1, "interval_hours" -> 3600), if it has one. */
function paramUnit(p: ParamInfo): number | undefined {
  const last = p.nameWords[p.nameWords.length - 1];
  if (!last || p.nameWords.length < 2) return undefined;
  const u = UNIT_SECONDS[stem(last)] ?? UNIT_SECONDS[last.replace(/s$/, "")];
  return u !== undefined && last.length > 1 ? u : undefined;
}

/** "five minutes" for cooldown_seconds (300), "daily" for interval_hours (24): a duration in the param's unit. */
function fillDurations(run: ArgRun, numOrWord: (t: Tok) => boolean): void {
  const { tool, toks, args, a } = run;
  const durations = tool.params.filter(
    (p) => (p.type === "integer" || p.type === "number") && args[p.name] === undefined && paramUnit(p) !== undefined,
  );
  // With several duration params, a duration goes to the one whose other name words are said ("pause ... five
  // minutes" -> pause_seconds), or for "daily"/"every N hours" to the one named for recurring (every_, interval_).
  const said = (p: ParamInfo) => p.nameStems.slice(0, -1).some((s) => s.length > 2 && a.stems.has(s));
  const recurring = (p: ParamInfo) => /^(?:every|interval|frequency|period|repeat)/.test(p.name);
  const pick = (interval: boolean) =>
    durations.length === 1
      ? durations[0]
      : (durations.find(said) ?? (interval || /\bevery\b/.test(a.maskedLower) ? durations.find(recurring) : undefined));
  for (const p of durations) {
    const unit = paramUnit(p)!;
    let seconds: number | undefined;
    let used: Tok[] = [];
    for (let k = 0; k < toks.length && seconds === undefined; k++) {
      const t = toks[k]!;
      // "daily" is an interval for a param that recurs, never a cooldown ("my weekly digest" is a name).
      const onceA =
        /^(?:once|every)$/.test(t.base) && /^(?:a|an|per)$/.test(toks[k + 1]?.base ?? "")
          ? ONCE_A[toks[k + 2]?.base ?? ""]
          : t.base === "every"
            ? ONCE_A[toks[k + 1]?.base ?? ""]
            : undefined;
      const interval = /^(?:every|interval|frequency|period|repeat)/.test(p.name)
        ? (INTERVAL_WORDS[t.base] ?? onceA)
        : undefined;
      if (interval && !t.used) {
        seconds = interval;
        used = [t];
        continue;
      }
      // "48h", "15min": the number and its unit written as one.
      const glued = /^(\d+)(h|hrs?|min|mins|m|s|sec|secs|d|wk)$/.exec(t.text);
      if (glued && !t.used) {
        seconds = Number(glued[1]) * (UNIT_SECONDS[glued[2]!.replace(/s$/, "")] ?? UNIT_SECONDS[glued[2]!]!);
        used = [t];
        continue;
      }
      const u = toks[k + 1] && (UNIT_SECONDS[toks[k + 1]!.stem] ?? UNIT_SECONDS[toks[k + 1]!.base]);
      if (u === undefined || !numOrWord(t)) continue;
      const n = NUMBER_WORDS[t.base] ?? Number(t.text);
      if (Number.isFinite(n)) {
        seconds = n * u;
        used = [t, toks[k + 1]!];
      }
    }
    if (seconds === undefined || pick(used.length === 1) !== p) continue;
    const v = coerceNumber(p, Math.round((seconds / unit) * 1000) / 1000);
    if (v === undefined) continue;
    args[p.name] = v;
    for (const t of used) t.used = true;
  }
}

/** "in 2 sentences", "3 results": a number followed by a numeric param's own name word fills that param. */
function fillNamedCounts(run: ArgRun, numOrWord: (t: Tok) => boolean): void {
  const { tool, toks, args } = run;
  for (const p of tool.params) {
    if ((p.type !== "integer" && p.type !== "number") || args[p.name] !== undefined || p.isId) continue;
    // ("in one sentence": "one" counts here, before the param's own word.)
    const k = toks.findIndex(
      (t, i) =>
        (numOrWord(t) || (t.base === "one" && !t.used)) &&
        !!toks[i + 1] &&
        p.nameStems.some((s) => s.length > 2 && toks[i + 1]!.stem === s),
    );
    if (k < 0) continue;
    const n = coerceNumber(p, NUMBER_WORDS[toks[k]!.base] ?? Number(toks[k]!.text));
    if (n === undefined) continue;
    args[p.name] = n;
    toks[k]!.used = true;
    toks[k + 1]!.used = true;
  }
}

/** Fills integer ids, the limit and a lone numeric param. */
export function fillNumbers(run: ArgRun): void {
  const { tool, a, ctx, toks, args } = run;
  // "a rule that runs every morning at 7": the schedule's numbers are its times, no count or duration.
  const sched = tool.params.some(isCronParam) ? findSchedule(a.text) : undefined;
  const numTok = (t: Tok) =>
    !(sched && t.start >= sched.start && t.end <= sched.end) &&
    !t.punct &&
    t.quote === undefined &&
    !t.used &&
    // ("rule 3's cooldown": the possessive is no part of the number.)
    /^#?\d+(?:\.\d+)?$/.test(t.base) &&
    !a.dates.some((d) => t.start >= d.start && t.end <= d.end);
  const numOrWord = (t: Tok) =>
    numTok(t) || (!t.used && t.quote === undefined && NUMBER_WORDS[t.base] !== undefined && t.base !== "one");
  const intIdParams = tool.params.filter(
    (p) =>
      (p.type === "integer" || p.type === "number") &&
      p.role !== "limit" &&
      (p.isId || /number|num|^no$|_no$/.test(p.name)),
  );
  for (const p of intIdParams) {
    const i = toks.findIndex(
      (t, k) =>
        numOrWord(t) &&
        (t.text.startsWith("#") ||
          (k > 0 &&
            (isToolNoun(toks[k - 1], tool) ||
              /^(number|no|num|id)$/.test(toks[k - 1].base) ||
              namesParam(p, toks[k - 1])))),
    );
    if (i >= 0) {
      const n = coerceNumber(p, NUMBER_WORDS[toks[i].base] ?? Number(toks[i].base.replace("#", "")));
      if (n !== undefined) {
        args[p.name] = n;
        toks[i].used = true;
      }
    } else if (labelledNumber(run, p)) {
      // "pause the morning digest": the rule the step names by its label.
    } else if (ctx.index > 0 && a.pronoun && args[p.name] === undefined) {
      const ref = refToPrev(ctx, p, tool);
      if (ref !== undefined) args[p.name] = ref;
      for (const t of toks) if (PRONOUNS.has(t.base)) t.used = true;
    }
  }
  const limitP = tool.params.find((p) => p.role === "limit");
  if (limitP) {
    // "up to fifty", "just five" on a listing: how many to show.
    const upTo = (k: number) => k > 1 && toks[k - 1]!.base === "to" && toks[k - 2]!.base === "up";
    const just = (k: number) => k > 0 && /^(?:just|only)$/.test(toks[k - 1]!.base) && tool.cls === "list";
    const i = toks.findIndex(
      (t, k) =>
        numOrWord(t) &&
        ((k > 0 && LIMIT_LEAD_RE.test(toks[k - 1].base)) || upTo(k) || just(k) || countsItems(toks, k, tool)),
    );
    if (i >= 0) {
      const n = coerceNumber(limitP, NUMBER_WORDS[toks[i].base] ?? Number(toks[i].text));
      if (n !== undefined) {
        args[limitP.name] = n;
        toks[i].used = true;
        if (i > 0 && LIMIT_LEAD_CONSUMED_RE.test(toks[i - 1].base)) toks[i - 1].used = true;
        if (i > 1 && toks[i - 1].base === "most" && toks[i - 2].base === "at") toks[i - 2].used = true;
      }
    }
  }
  fillDurations(run, numOrWord);
  fillNamedCounts(run, numOrWord);
  const numericFree = tool.params.filter(
    (p) => (p.type === "integer" || p.type === "number") && args[p.name] === undefined && !p.isId,
  );
  // A quantity may be spelled out ("add three apples", "a dozen eggs"); a count of a listing needs its lead word.
  const quantity = numericFree.length === 1 && numericFree[0].role !== "limit";
  // "at 7:30 instead of 8", "at 9 instead of 8": a new value against an old one is a time, no count of anything.
  const oldValue = toks.some(
    (t, k) => k > 1 && numTok(t) && toks[k - 1]!.base === "of" && /^(?:instead|rather)$/.test(toks[k - 2]!.base),
  );
  const freeNums = toks.filter((t) => numTok(t) || (quantity && numOrWord(t)));
  if (
    !oldValue &&
    numericFree.length === 1 &&
    freeNums.length === 1 &&
    (numericFree[0].required || numericFree[0].role !== "limit" || tool.entry.actionType !== "read")
  ) {
    const t0 = freeNums[0];
    const n = coerceNumber(numericFree[0], NUMBER_WORDS[t0.base] ?? Number(t0.text.replace("#", "")));
    if (n !== undefined) {
      args[numericFree[0].name] = n;
      freeNums[0].used = true;
      // "every 6 hours" for interval_hours: the unit the param's name carries goes with the number.
      const unit = toks[toks.indexOf(t0) + 1];
      if (unit && numericFree[0].nameStems.some((s) => s.length > 2 && unit.stem === s)) unit.used = true;
    }
  }
  for (const p of intIdParams) {
    if (args[p.name] !== undefined || !p.required) continue;
    // "runs at 9 instead of 8": a time of day is no id.
    const timeLike = (t: Tok) => {
      const k = toks.indexOf(t);
      return (
        (k > 0 && /^(?:at|um|by|from|to|until|till|of|before|after)$/.test(toks[k - 1]!.base)) ||
        /^(?:am|pm|uhr|h|o'clock|oclock)$/.test(toks[k + 1]?.base ?? "")
      );
    };
    const t = toks.find((x) => numTok(x) && !timeLike(x));
    if (t) {
      const n = coerceNumber(p, Number(t.text.replace("#", "")));
      if (n !== undefined) {
        args[p.name] = n;
        t.used = true;
      }
    }
  }
}
