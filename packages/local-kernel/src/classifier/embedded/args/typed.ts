// Passes for values with a type of their own: dates (3), enum values (4), booleans (5), patterns such as time zones,
// emails and urls (6), and "clear the due date" -> null / [] on edits (9b).
import { classesOf, NEGATIONS, stem } from "../../lexicon.js";
import type { StepAnalysis } from "../analysis.js";
import { enumMentioned } from "../enum-mentions.js";
import { DONE_WORDS, NOT_DONE_RE } from "../readings.js";
import type { ParamInfo } from "../tools.js";
import { markSpan, type ArgRun } from "./state.js";

/** Today (YYYY-MM-DD) of the classification, when the step context carries it. */
const now = (run: ArgRun): string | undefined => run.ctx.today;

/** Pass 3: the first date phrase goes to the first date param (date-time params get 09:00 UTC unless a time is said). */
export function fillDates(run: ArgRun): void {
  const { tool, a, toks, args } = run;
  const dateParams = tool.params.filter((p) => p.role === "date" && args[p.name] === undefined);
  // A date inside a named item's label ("Prepare slides for Monday") is part of its name, not a value.
  const d = a.dates.find((x) => !toks.some((t) => t.used && t.start < x.end && t.end > x.start));
  if (!dateParams.length || !d) return;
  // "since November 1st" fills created_after, "before friday" created_before: the preposition picks the bound.
  const lead =
    toks.filter((t) => t.end <= d.start && !t.punct && !/^(?:the|a|an|der|dem|den)$/.test(t.base)).pop()?.base ?? "";
  const bound = /^(since|after|from|seit|nach|ab)$/.test(lead)
    ? /_(after|since|from)$/
    : /^(before|until|till|vor|bis)$/.test(lead)
      ? /_(before|until)$/
      : undefined;
  const p =
    (bound && dateParams.find((x) => bound.test(x.name))) ??
    dateParams.find((x) => !/_(after|before|since|until)$/.test(x.name)) ??
    dateParams[0]!;
  // "since November 1st" looks back: a date read forward into next year is last year's.
  let date = d.date;
  if (/^(since|seit)$/.test(lead) && now(run) && date > now(run)! && !/\b\d{4}\b/.test(d.text))
    date = `${Number(date.slice(0, 4)) - 1}${date.slice(4)}`;
  args[p.name] = p.dateTime ? `${date}T${d.time ?? "09:00"}:00Z` : date;
  markSpan(a, d.start, d.end);
  const before = toks.filter((t) => t.end <= d.start && !t.punct).pop();
  if (before && /^(due|by|on|for|until|till|before|at|deadline|to|from|für|bis|am|ab)$/.test(before.base))
    before.used = true;
  for (const t of toks) if (t.base === "due" || t.base === "deadline") t.used = true;
}

type Mention = { v: string; span: { start: number; end: number }; exact: boolean };

/** The value of enum param `p` the step mentions best: an exact value beats a synonym, a longer mention a shorter. */
function bestValue(p: ParamInfo, a: StepAnalysis): Mention | undefined {
  const vals = p.enumVals ?? [];
  let best: Mention | undefined;
  for (const v of vals) {
    const span = enumMentioned(v, a);
    if (!span) continue;
    const exact = a.text.slice(span.start, span.end).toLowerCase().replace(/ /g, "_") === v.toLowerCase();
    const longer = span.end - span.start > (best ? best.span.end - best.span.start : 0);
    if (!best || (exact && !best.exact) || (exact === best.exact && longer)) best = { v, span, exact };
  }
  // "reopen it, I marked it done by mistake": the state asked for is the open one, whatever else is said.
  if (best && DONE_WORDS.includes(best.v.toLowerCase()) && NOT_DONE_RE.test(a.maskedLower)) {
    const open = vals.find((v) => /^(?:todo|to_do|open|reopened|active|pending|not_started|new)$/i.test(v));
    if (open) best = { v: open, span: best.span, exact: false };
  }
  // "everything I've finished": "all" said only by a synonym yields to a value said as well.
  if (best && !best.exact && best.v.toLowerCase() === "all") {
    const other = vals.find((v) => v !== best!.v && enumMentioned(v, a));
    if (other) best = { v: other, span: enumMentioned(other, a)!, exact: false };
  }
  // "open and closed", "both done and todo": two values of a filter that has "all" mean all of them.
  const allVal = vals.find((v) => v.toLowerCase() === "all");
  const underscored = a.text.toLowerCase().replace(/ /g, "_");
  if (
    best &&
    allVal &&
    vals.filter((v) => v !== allVal && enumMentioned(v, a) && underscored.includes(v.toLowerCase())).length >= 2
  ) {
    best = { v: allVal, span: enumMentioned(allVal, a) ?? best.span, exact: true };
  }
  return best;
}

/** "remove all paused rules": an enum of verbs (operation: pause/resume/delete) takes the step's own verb. */
function verbValue(p: ParamInfo, run: ArgRun): Mention | undefined {
  const primary = run.primary;
  if (!primary || primary.weak) return undefined;
  const v = p.enumVals?.find((x) => classesOf(x.toLowerCase()).some((c) => primary.cls.includes(c)));
  const t = run.toks[primary.tok];
  return v && t ? { v, span: { start: t.start, end: t.end }, exact: false } : undefined;
}

/**
 * Pass 4: enum params from their values or synonyms. One mention is one value ("the MX records" sets record_type,
 * not also propagation_type; "paused rules" is a status, not the operation pause): exact mentions are placed first,
 * then those of params whose name is said, then required ones.
 */
export function fillEnums(run: ArgRun): void {
  const { tool, a, toks, args } = run;
  const taken: Array<{ start: number; end: number }> = [];
  const named = (p: ParamInfo) => p.nameStems.some((s) => s.length > 2 && a.stems.has(s));
  const picks = tool.params
    .filter((p) => p.enumVals && args[p.name] === undefined)
    .map((p) => ({ p, best: bestValue(p, a) }));
  const rank = (x: (typeof picks)[number]) =>
    (x.best?.exact ? 4 : 0) + (named(x.p) ? 2 : 0) + (x.p.required ? 1 : 0) - (x.best ? 0 : 16);
  picks.sort((x, y) => rank(y) - rank(x));
  for (const { p, best: found } of picks) {
    let best = found;
    const overlaps = (m: Mention) => taken.some((s) => s.start < m.span.end && s.end > m.span.start);
    if ((best && overlaps(best)) || (!best && p.required)) best = p.required ? verbValue(p, run) : undefined;
    if (best && overlaps(best)) best = undefined;
    if (best) {
      taken.push(best.span);
      // A synonym that is this tool's own routing verb ("complete_task" + "completed") is not a value.
      const words = a.text.slice(best.span.start, best.span.end).toLowerCase();
      if (!best.exact && tool.nameWords.includes(words)) continue;
      args[p.name] = best.v;
      markSpan(a, best.span.start, best.span.end);
      for (const t of toks) if (p.nameStems.includes(t.stem) || t.base === "as") t.used = true;
    }
  }
}

// "switch safe search off", "disable notifications": the flag is set to false.
const SWITCH_OFF_RE =
  /\b(?:turn|switch)\b[^.!?]{0,40}?\boff\b|\b(?:disable|deactivate|ausschalten|abschalten|deaktiviere|deaktivieren)\b/;

/** Pass 5: a param-name word present -> true, negated ("un-", "not", "without") -> false. */
export function fillBooleans(run: ArgRun): void {
  const { tool, toks, args } = run;
  for (const p of tool.params) {
    if (p.type !== "boolean" || args[p.name] !== undefined) continue;
    const key = p.nameStems.filter((s) => s.length > 2);
    // A word of the flag's name that another param shares ("mode" of safe_mode beside mode) names neither: a word
    // of its own must be said ("deep mode" is no safe_mode; "never ran" still is never_triggered).
    const own = key.filter((k) => !tool.params.some((o) => o !== p && o.nameStems.includes(k)));
    // "SafeSearch": the name's words written as one.
    const joined = p.nameWords.join("");
    const jt = toks.findIndex((t) => t.base === joined);
    if (jt >= 0 && p.nameWords.length > 1) {
      args[p.name] = !SWITCH_OFF_RE.test(run.a.maskedLower) && !(jt > 0 && NEGATIONS.has(toks[jt - 1]!.base));
      toks[jt]!.used = true;
      continue;
    }
    // "delete every rule that has never run" sets no dry_run: a two-word flag needs its first word ("dry").
    const need = own.length >= 2 ? [own[0]!] : own.length ? own : key;
    const free = (t: (typeof toks)[number]) => !t.used || !!t.routing;
    if (!key.length || !need.some((k) => toks.some((t) => free(t) && (t.stem === k || t.base === `un${k}`)))) continue;
    const i = toks.findIndex(
      (t) =>
        !t.punct &&
        (!t.used || t.routing) &&
        t.quote === undefined &&
        (key.includes(t.stem) || (/^un/.test(t.base) && key.includes(stem(t.base.slice(2))))),
    );
    if (i < 0) continue;
    const t = toks[i];
    const negated =
      (/^un/.test(t.base) && !key.includes(t.stem)) ||
      (i > 0 && NEGATIONS.has(toks[i - 1].base)) ||
      SWITCH_OFF_RE.test(run.a.maskedLower);
    args[p.name] = !negated;
    t.used = true;
    if (i > 0 && (NEGATIONS.has(toks[i - 1].base) || toks[i - 1].base === "only")) toks[i - 1].used = true;
    if (i + 1 < toks.length && toks[i + 1].base === "only") toks[i + 1].used = true;
  }
}

const TIMEZONE_RE = /^(?:[A-Z][A-Za-z_]+\/[A-Z][A-Za-z_]+(?:\/[A-Z][A-Za-z_]+)?|UTC|GMT)$/;
const EMAIL_RE = /^[^@\s]+@[^@\s]+\.[a-z]{2,}$/i;
const URL_RE = /^https?:\/\/\S+$/i;

/** The host of an http(s) URL token, if it parses and has a dotted host. */
function urlHost(text: string): string | undefined {
  if (!URL_RE.test(text)) return undefined;
  try {
    const h = new URL(text).hostname;
    return DOMAIN_RE.test(h) ? h : undefined;
  } catch {
    return undefined;
  }
}

const IPV4_RE = /^(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)$/;
const DOMAIN_RE = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

/** Pass 6: strings that must have a shape (IANA time zones, emails, urls, host names) take a token of that shape only. */
export function fillPatterns(run: ArgRun): void {
  const { tool, toks, args } = run;
  for (const p of tool.params) {
    if (args[p.name] !== undefined || !/^(?:ips?|ip_address(?:es)?|addresses)$/.test(p.name)) continue;
    // "scan 10.0.0.5 and 10.0.0.7": IP addresses for a param named after them.
    const found = toks.filter((x) => !x.punct && x.quote === undefined && !x.used && IPV4_RE.test(x.text));
    if (!found.length) continue;
    for (const t of found) t.used = true;
    args[p.name] = p.type === "array" ? found.map((t) => t.text) : found[0]!.text;
  }
  // add_domains / remove_domains: the step's verb says which list the host names go to.
  const removing =
    (run.primary?.cls.some((c) => c === "delete" || c === "purge") ?? false) ||
    /\bout of\b|\b(?:take|get|pull|drop|kick|strip)\b.{0,60}?\b(?:off|out|from)\b/.test(run.a.maskedLower);
  const wrongSide = (p: ParamInfo) =>
    (removing && /^add_/.test(p.name)) ||
    (!removing && /^remove_/.test(p.name)) ||
    (tool.params.some((o) => /^(add|remove)_/.test(o.name)) && !/^(add|remove)_/.test(p.name) && p.type === "array");
  for (const p of tool.params) {
    if (args[p.name] !== undefined || p.role !== "domain" || wrongSide(p)) continue;
    // "mail.example.com's": the base form (tokenizer) drops the possessive; "https://example.com/x" names its host.
    const hostOf = (x: (typeof toks)[number]) => (URL_RE.test(x.text) ? urlHost(x.text) : undefined) ?? x.base;
    const found = toks.filter(
      (x) => !x.punct && x.quote === undefined && !x.used && (DOMAIN_RE.test(x.base) || !!urlHost(x.text)),
    );
    if (!found.length) continue;
    const one = p.type !== "array";
    for (const t of one ? found.slice(0, 1) : found) t.used = true;
    args[p.name] = one ? hostOf(found[0]!) : found.map(hostOf);
  }
  for (const p of tool.params) {
    if (args[p.name] !== undefined || p.type !== "string") continue;
    const re =
      p.role === "timezone" ? TIMEZONE_RE : p.role === "email" ? EMAIL_RE : p.role === "url" ? URL_RE : undefined;
    if (!re) continue;
    const t = toks.find((x) => !x.punct && x.quote === undefined && !x.used && re.test(x.text));
    // "open the second link": the url of that item of the newest listing.
    const a = run.a;
    if (!t && p.role === "url" && a.ordinal && run.ctx.index === 0 && run.ctx.listing?.length) {
      const list = run.ctx.listing;
      const item = list[a.ordinal.index < 0 ? list.length - 1 : a.ordinal.index];
      const url = item && Object.values(item).find((v) => typeof v === "string" && URL_RE.test(v));
      if (typeof url === "string") {
        args[p.name] = url;
        for (const i of a.ordinal.toks) if (toks[i]) toks[i].used = true;
        continue;
      }
    }
    // "summarise the gov.uk one": the url of the newest listing's item on that site.
    if (!t && p.role === "url" && run.ctx.index === 0 && run.ctx.listing?.length) {
      const site = toks.find((x) => !x.punct && x.quote === undefined && !x.used && DOMAIN_RE.test(x.base));
      const urls = run.ctx.listing
        .map((item) => Object.values(item).find((v): v is string => typeof v === "string" && URL_RE.test(v)))
        .filter((u): u is string => !!u && !!site && (urlHost(u) ?? "").toLowerCase().endsWith(site.base));
      if (site && urls.length === 1) {
        args[p.name] = urls[0];
        site.used = true;
        continue;
      }
    }
    if (t) {
      args[p.name] = t.text;
      t.used = true;
      const k = toks.indexOf(t);
      if (k > 0 && /^(in|at|for|to)$/.test(toks[k - 1].base)) toks[k - 1].used = true;
    }
  }
}

/** Pass 9b: "clear the due date", "remove the deadline", "no due date" on an edit: null (or [] for a list param). */
export function fillCleared(run: ArgRun): void {
  const { tool, a, args } = run;
  if (tool.cls !== "update") return;
  for (const p of tool.params) {
    if (args[p.name] !== undefined || p.isId) continue;
    const alts = p.schema.anyOf ?? p.schema.oneOf ?? [];
    const nullable =
      (Array.isArray(p.schema.type) && p.schema.type.includes("null")) || alts.some((x) => x.type === "null");
    // Text is cleared to "" ("clear out the text of X but keep the note").
    const text = p.role === "body" && p.type === "string";
    const numeric = p.type === "integer" || p.type === "number";
    if (!nullable && p.type !== "array" && !text && !numeric) continue;
    const aliases = p.role === "date" ? ["date", "day", "deadline"] : text ? ["text", "content", "contents"] : [];
    const words = [...p.nameWords, ...aliases].map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|");
    const re = new RegExp(
      `\\b(?:clear|remove|unset|reset|drop|delete|erase|wipe|strip|take|no|without)\\s+(?:out\\s+|off\\s+|away\\s+)?(?:all\\s+(?:of\\s+)?)?(?:the\\s+|its\\s+|a\\s+|any\\s+|my\\s+|every\\s+)?(?:${words})s?(?:\\s+(?:${words}))*\\b`,
    );
    const m = re.exec(a.maskedLower);
    if (!m) continue;
    // A list is emptied ([]), text set to "", a number to 0 where null means "leave as is" (default null on an edit),
    // any other nullable value to null.
    const keepNull = p.schema.default === null;
    args[p.name] = p.type === "array" ? [] : text ? "" : numeric && (keepNull || !nullable) ? 0 : null;
    markSpan(a, m.index, m.index + m[0].length);
  }
}

/**
 * Pass: "has the new A record propagated?" for record_type (… "propagation") and propagation_type (A, MX, …): a
 * param named after another param's value plus "_type" says which kind that value is about. When that value is said,
 * it takes the other param, and the kind said ("A") moves to the "_type" param.
 */
export function fillSubTypes(run: ArgRun): void {
  const { tool, a, args } = run;
  for (const q of tool.params) {
    const m = /^(.+)_type$/.exec(q.name);
    if (!m || args[q.name] !== undefined) continue;
    const qVals = q.enumVals ?? (q.schema.anyOf ?? []).flatMap((s) => (s.enum as string[] | undefined) ?? []);
    const p = tool.params.find((o) => o !== q && o.enumVals?.includes(m[1]!));
    if (!p || !qVals.length || enumMentioned(m[1]!, a) === undefined) continue;
    const said = args[p.name];
    // ("the new A record": a one-letter kind is said by its case before the thing it names.)
    const spelled = /\b([A-Z]{1,5})\s+(?:records?|entry|entries|eintr\p{L}*)\b/u.exec(a.text)?.[1];
    if (typeof said === "string" && said !== m[1] && qVals.includes(said)) args[q.name] = said;
    else if (spelled && qVals.includes(spelled)) args[q.name] = spelled;
    args[p.name] = m[1]!;
  }
}
