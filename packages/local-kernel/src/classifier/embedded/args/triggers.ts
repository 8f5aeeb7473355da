// What starts an automation: a schedule said in words ("every friday at 5pm" -> cron "0 17 * * 5") for a cron param,
// and an event named in words ("whenever a new note gets created" -> "notes.created") for a param whose description
// gives such event names as examples. Both come from the catalog's own words: no event or tool is special-cased.
import { stem } from "../../lexicon.js";
import { findSchedule } from "../../cron/index.js";
import type { ParamInfo } from "../tools.js";
import { markSpan, type ArgRun } from "./state.js";

/** A string param that takes a cron expression (its name or description says so). */
export function isCronParam(p: ParamInfo): boolean {
  return (
    (p.type === "string" || p.type === "unknown") &&
    !p.enumVals &&
    (/(?:^|_)(?:cron|schedule)(?:$|_)/.test(p.name) || /\bcron\b/i.test(p.schema.description ?? ""))
  );
}

/** Event names a param's description gives as examples ("e.g. notes.created or system.scheduled"). */
export function exampleEvents(p: ParamInfo): string[] {
  if (p.type !== "string" || p.enumVals || isCronParam(p)) return [];
  return [...(p.schema.description ?? "").matchAll(/\b[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*\b/g)].map((m) => m[0]);
}

// Words that say an event part in everyday language ("a new note" = notes.created).
const PART_WORDS: Record<string, string[]> = {
  created: ["new", "added", "create", "created", "creates", "made", "neue", "neuer", "neues", "erstellt"],
  updated: ["changed", "edited", "updated", "modified", "geändert"],
  deleted: ["deleted", "removed", "trashed", "gelöscht"],
  completed: ["completed", "done", "finished", "complete", "erledigt"],
  overdue: ["overdue", "late", "past due", "überfällig"],
};
// Namespace parts that need not be said.
const GENERIC_PARTS = new Set(["system", "app", "core", "event", "events"]);

/** How many parts of `event` the step says (-1 when a needed part is missing). */
function eventScore(event: string, run: ArgRun, scheduled: boolean): number {
  let n = 0;
  for (const part of event.split(/[._]/)) {
    if (GENERIC_PARTS.has(part)) continue;
    if (part === "scheduled" && scheduled) {
      n++;
      continue;
    }
    const st = stem(part);
    const words = PART_WORDS[part] ?? [];
    const said = run.toks.some((t) => !t.punct && t.quote === undefined && (t.stem === st || words.includes(t.base)));
    if (!said) return -1;
    n++;
  }
  return n;
}

/** A schedule phrase, unless it is a lone adjective before a noun ("my weekly digest", "the daily report"). */
function scheduleIn(text: string): ReturnType<typeof findSchedule> {
  const s = findSchedule(text);
  if (!s) return s;
  const after = text.slice(s.end);
  if (
    /^(?:daily|weekly|monthly|hourly|nightly|yearly|annual|täglich\w*|wöchentlich\w*)$/i.test(s.text.trim()) &&
    /^\s+\p{L}/u.test(after)
  )
    return undefined;
  return s;
}

// "system.scheduled", "tasks.overdue", "trello.card_moved" — and no host name ("shop.io", "kaffee.design").
const EVENT_NAME_RE =
  /^[a-z]{3,}\.(?!(?:info|shop|site|store|online|design|tech|blog|cloud|page|media|studio|digital|agency|email|news|live|world|space)$)[a-z]{4,}(?:_[a-z]+)*$/;

/** Fills a cron param from a schedule phrase, and an event param from the example event the step names. */
export function fillTriggers(run: ArgRun): void {
  const { tool, a, args } = run;
  const cronP = tool.params.find((p) => isCronParam(p) && args[p.name] === undefined);
  // "change the weekly backup so it runs Sundays": a named item's label ("weekly") is no schedule.
  let text = a.text;
  for (const t of run.toks)
    if (t.used && !t.routing) text = text.slice(0, t.start) + " ".repeat(t.end - t.start) + text.slice(t.end);
  const schedule = scheduleIn(text);
  if (cronP && schedule) {
    args[cronP.name] = schedule.cron;
    markSpan(a, schedule.start, schedule.end);
  }
  // "whenever a new note gets created, email it to me": the clause of the trigger is no part of the action.
  const lead = TRIGGER_LEAD_RE.exec(a.text);
  if (lead && tool.params.some((p) => isCronParam(p) || exampleEvents(p).length > 0)) {
    const comma = a.text.indexOf(",", lead.index + lead[0].length);
    markSpan(a, lead.index, comma > 0 ? comma + 1 : lead.index + lead[0].length);
  }
  for (const p of tool.params) {
    if (args[p.name] !== undefined) continue;
    const events = exampleEvents(p);
    if (!events.length) {
      // "pause every rule that runs on system.scheduled": an event name said as it is, for an event filter.
      const said = p.nameWords.includes("event")
        ? run.toks.find((t) => !t.used && EVENT_NAME_RE.test(t.text))
        : undefined;
      if (said && p.type === "string") {
        args[p.name] = said.text;
        said.used = true;
      }
      continue;
    }
    const scored = events
      .map((e) => ({ e, n: eventScore(e, run, !!schedule) }))
      .filter((x) => x.n > 0)
      .sort((x, y) => y.n - x.n);
    if (!scored.length) {
      // "every time a task gets created": the examples' shape (`notes.created`) with the step's own noun and verb.
      const shaped = events.find((e) => /^[a-z]+s\.[a-z]+ed$/.test(e));
      const said = /\b(?:a|an|any|new|the)\s+(?:new\s+)?([a-z]+?)s?\s+(?:is|gets|has been|was)\s+([a-z]+ed)\b/i.exec(
        a.maskedLower,
      );
      if (shaped && said && !PART_WORDS[said[1]!]) {
        args[p.name] = `${said[1]}s.${said[2]}`;
        markSpan(a, said.index, said.index + said[0].length);
      }
      continue;
    }
    args[p.name] = scored[0]!.e;
    // The words that named the event are no part of what the rule should do.
    for (const part of scored[0]!.e.split(/[._]/)) {
      const words = PART_WORDS[part] ?? [];
      for (const t of run.toks) if (t.stem === stem(part) || words.includes(t.base)) t.used = true;
    }
    // "a file gets uploaded": the auxiliary of the event's verb goes with it.
    run.toks.forEach((t, i) => {
      if (/^(?:is|are|gets|get|got|was|were|been|has|have|wird|werden|ist)$/.test(t.base) && run.toks[i + 1]?.used)
        t.used = true;
    });
  }
}

// "whenever X", "every time X", "each morning": the user describes a rule, not a single action.
export const TRIGGER_LEAD_RE =
  /^\s*(?:(?:please|pls|can you|could you)\s+)?(?:(?:set up|create|make|add) (?:a |an )?(?:new )?(?:rule|automation)(?:\s*:\s*|\s+(?:that|which)\s+(?:runs|fires|triggers|goes off|kicks in)\s+|\s+))?(?:whenever|every time|each time|as soon as|any time|anytime|immer wenn|jedes mal wenn|sobald|(?:when|if|wenn) (?:a|an|any|the|ein|eine) (?:[\p{L}]+ ){1,2}(?:is|gets|has been|was|wird|ist)\b)/iu;

/** The step asks for an automation: a trigger lead or a schedule phrase, for a create tool with a cron/event param. */
export function asksForRule(text: string, params: ParamInfo[]): boolean {
  if (!params.some((p) => isCronParam(p) || exampleEvents(p).length > 0)) return false;
  return TRIGGER_LEAD_RE.test(text) || scheduleIn(text) !== undefined;
}
