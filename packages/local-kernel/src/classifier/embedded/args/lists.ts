// Edits that start from what an item already has. A tool whose list param replaces the whole list ("tags": the
// note's tags) needs the list the item has: "add the tag spring to X" keeps X's other tags, "take the travel tag off
// X" the rest; "run at 9 instead of 8" keeps the days of the rule's schedule.
import { isCronParam } from "./triggers.js";
import type { ArgRun } from "./state.js";

const REMOVING =
  /\b(?:remove|removing|take|taking|drop|strip|untag|delete|get rid of|without|entfern\p{L}*|lösch\p{L}*)\b/u;
// "only tag it work", "replace the tags with X", "retag it": the list named is the whole new list.
const REPLACING = /\b(?:only|just|replace|replacing|instead|retag|set|nur|ersetz\p{L}*)\b/u;

/** Pass: an added value joins the item's known list; a removed one leaves the rest of it. */
export function fillListEdits(run: ArgRun): void {
  const { tool, a, args, hits } = run;
  if (tool.cls !== "update") return;
  const ids = new Set(Object.values(args).filter((v) => typeof v === "string"));
  const target = hits.find((h) => h.entity.lists && ids.has(h.entity.id));
  const text = a.maskedLower;
  // (", keep career" is masked as no value of the call: read it from the text.)
  if (!target) return keptValues(run, a.text.toLowerCase());
  for (const p of tool.params) {
    const known = target.entity.lists?.[p.name];
    if (p.type !== "array" || !known) continue;
    // add_tags / remove_tags: the tool edits by difference itself.
    if (tool.params.some((q) => q.name === `add_${p.name}` || q.name === `remove_${p.name}`)) continue;
    const v = args[p.name];
    // "take the club tag off that note": a value read after the cue that the item does not have ("note") while
    // the item's own value is said is no new list; what goes is read below.
    const have0 = new Set(known.map((k) => k.toLowerCase()));
    // (What is kept is said after "keep": "…, keep the books one".)
    const raw = a.text.toLowerCase();
    const kept = raw.search(/\b(?:keep|leave|but)\b/);
    const before = kept >= 0 ? raw.slice(0, kept) : raw;
    const spoken = (k: string) =>
      new RegExp(`\\b${k.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\b`).test(before);
    if (
      Array.isArray(v) &&
      v.length > 0 &&
      REMOVING.test(text) &&
      !v.some((x) => have0.has(String(x).toLowerCase())) &&
      known.some(spoken)
    ) {
      args[p.name] = known.filter((k) => !spoken(k));
      continue;
    }
    if (Array.isArray(v) && v.length > 0) {
      if (REPLACING.test(text) || REMOVING.test(text)) continue;
      const have = new Set(known.map((k) => k.toLowerCase()));
      args[p.name] = [...known, ...v.filter((x) => !have.has(String(x).toLowerCase()))];
      continue;
    }
    // "remove all tags" was emptied already; "take the xmas tag off X, keep the family one" names what goes.
    if (v !== undefined || !REMOVING.test(text)) continue;
    const free = a.toks.filter((t) => !t.used && !t.punct);
    const said = (k: string) => {
      const words = k
        .toLowerCase()
        .split(/[^\p{L}\p{N}]+/u)
        .filter(Boolean);
      return words.length > 0 && words.every((w) => free.some((t) => t.base === w));
    };
    const named = known.filter(said);
    if (named.length === 0) continue;
    args[p.name] = known.filter((k) => !named.includes(k));
    for (const t of free)
      if (
        named.some((k) =>
          k
            .toLowerCase()
            .split(/[^\p{L}\p{N}]+/u)
            .includes(t.base),
        )
      )
        t.used = true;
  }
  keptValues(run, a.text.toLowerCase());
}

/**
 * Pass: "audit all three marketing domains": a tool that takes the hosts themselves, given none, takes the list a
 * named group holds (the group's "domains" for the tool's "domains").
 */
export function fillFromGroup(run: ArgRun): void {
  const { tool, args, hits } = run;
  for (const p of tool.params) {
    const v = args[p.name];
    if (p.type !== "array" || (Array.isArray(v) && v.length > 0) || (v !== undefined && !Array.isArray(v))) continue;
    if (p.role !== "domain" && !p.required) continue;
    const group = hits.find((h) => h.score >= 1.5 && (h.entity.lists?.[p.name]?.length ?? 0) > 0);
    // (A tool that names the group by its id acts on the group itself.)
    if (!group || tool.params.some((q) => q.isId && q.name === group.entity.key)) continue;
    args[p.name] = [...group.entity.lists![p.name]!];
  }
}

// "…, keep career", "but leave the family one": what stays of a list whose values are unknown.
const KEPT_RE =
  /\b(?:keep|leave|but keep|only keep)\s+(?:the\s+|just\s+|only\s+)?([\p{L}\p{N}][\p{L}\p{N}-]*)(?:\s+(?:one|tag|label))?\s*$/u;

/** "remove the globex tag from it, keep career": with the item's list unknown, the value kept is the whole list. */
function keptValues(run: ArgRun, text: string): void {
  const { tool, a, args } = run;
  if (!REMOVING.test(text)) return;
  const m = KEPT_RE.exec(text.replace(/[.!]+\s*$/, ""));
  if (!m || /^(?:it|them|this|that|the|rest|others?|everything)$/.test(m[1]!)) return;
  for (const p of tool.params) {
    if (p.type !== "array" || args[p.name] !== undefined || !p.nameWords.some((w) => a.words.has(w.replace(/s$/, ""))))
      continue;
    if (tool.params.some((q) => q.name === `add_${p.name}` || q.name === `remove_${p.name}`)) continue;
    args[p.name] = [m[1]!];
    for (const t of a.toks) if (t.base === m[1]) t.used = true;
  }
}

const CRON_RE = /^(\S+) (\S+) (\S+ \S+ \S+)$/;
// Days said anew: the new schedule's own days stand.
const DAYS_SAID =
  /\b(?:every ?day|daily|each day|weekdays?|weekends?|mondays?|tuesdays?|wednesdays?|thursdays?|fridays?|saturdays?|sundays?|monthly|weekly|jeden tag|täglich|werktags?|montags?|dienstags?|mittwochs?|donnerstags?|freitags?|samstags?|sonntags?)\b/i;

const STILL_DAYS =
  /\b(?:still|also|again|as before)\s+(?:on\s+)?(weekdays|week days|weekends|werktags|am wochenende)\b/i;

/** Pass: "change the digest to run at 9 instead of 8": a new time of a known schedule keeps that schedule's days. */
export function keepScheduleDays(run: ArgRun): void {
  const { tool, a, args, hits } = run;
  if (tool.cls !== "update") return;
  const ids = new Set(Object.values(args).map((v) => String(v)));
  const target = hits.find((h) => h.entity.fields && ids.has(h.entity.id));
  // ("the weekday digest": a day word inside the rule's name says no days.)
  const said = a.toks
    .filter((t, i) => !target?.toks.includes(i))
    .map((t) => t.text)
    .join(" ");
  for (const p of tool.params) {
    const v = args[p.name];
    const known = target?.entity.fields?.[p.name];
    // "move the morning briefing to 9:30 instead": a time alone is no schedule, but for a rule that has one it is
    // the new time of that schedule ("instead of 8" names the old one).
    const was = typeof known === "string" ? CRON_RE.exec(known.trim()) : null;
    if (v === undefined && was && isCronParam(p) && !DAYS_SAID.test(said)) {
      const at = a.dates.find(
        (d) => d.time && !/\b(?:of|von)\s*$/i.test(a.text.slice(Math.max(0, d.start - 4), d.start)),
      );
      if (at && /^\d+$/.test(was[1]!) && /^\d+$/.test(was[2]!)) {
        const [h, m] = at.time!.split(":").map(Number) as [number, number];
        args[p.name] = `${m} ${h} ${was[3]}`;
        continue;
      }
    }
    if (typeof v !== "string") continue;
    const now = CRON_RE.exec(v);
    // "run at 7:30 instead, still weekdays": the days said again after the time stay the rule's days.
    const still = STILL_DAYS.exec(said);
    if (now && now[3] === "* * *" && still) {
      args[p.name] = `${now[1]} ${now[2]} * * ${/weekend|wochenende/i.test(still[1]!) ? "0,6" : "1-5"}`;
      continue;
    }
    if (!known || DAYS_SAID.test(said)) continue;
    if (now && was && now[3] === "* * *" && was[3] !== "* * *") args[p.name] = `${now[1]} ${now[2]} ${was[3]}`;
  }
}
