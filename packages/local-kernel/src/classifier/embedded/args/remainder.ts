// Pass 9: what the user wants recorded is usually the words no other pass consumed ("remind me to call the bank
// tomorrow"): the longest such run fills the main free-text param.
import { classesOf, SOFT_WORDS, WEAK_CLASS_WORDS } from "../../lexicon.js";
import type { Tok } from "../tokens.js";
import { isToolNoun } from "../tools.js";
import { relativeVerb } from "./cues.js";
import { paramOrder, type ArgRun } from "./state.js";

const NEW_ITEM = /^(?:a|an|new|another)$/;
// Field keywords split runs: "called X due friday priority high" is not one value.
const HARD_BREAK_RE = /^(called|named|titled|title|due|priority|status|namens)$/;

/** Fills the required free-text param (or the tool's only param) with the longest run of unconsumed words. */
export function fillRemainder(run: ArgRun): void {
  const { tool, a, toks, args, textParams } = run;
  // Free text never fills typed strings (urls, emails, time zones, dates): those need their pattern.
  const stringFree = textParams.filter(
    (p) =>
      args[p.name] === undefined &&
      p.type === "string" &&
      !["url", "email", "timezone", "date", "domain"].includes(p.role) &&
      !p.schema.format,
  );
  const mainP =
    stringFree.filter((p) => p.required).sort((x, y) => paramOrder(x) - paramOrder(y))[0] ??
    (tool.params.length === 1 && stringFree.length === 1 ? stringFree[0] : undefined);
  if (!mainP) return;
  const runs: Tok[][] = [];
  let cur: Tok[] = [];
  for (const t of toks) {
    const hard = t.punct || t.used || t.quote !== undefined || HARD_BREAK_RE.test(t.base);
    if (hard && !(t.punct && t.text === "'")) {
      if (cur.length) runs.push(cur);
      cur = [];
      continue;
    }
    cur.push(t);
  }
  if (cur.length) runs.push(cur);
  const trimmed = runs
    .map((r) => {
      const x = [...r];
      // After a colon the user typed the value verbatim ("report a bug: the export button does nothing").
      const k0 = toks.indexOf(r[0]);
      const afterColon = k0 > 0 && toks[k0 - 1].punct && toks[k0 - 1].text === ":";
      while (!afterColon && x.length && SOFT_WORDS.has(x[0].base)) x.shift();
      // "a note about the budget meeting": the topic is the value, not the preposition.
      if (!afterColon && x.length > 1 && /^(about|regarding|concerning|re)$/.test(x[0].base) && tool.cls === "create") {
        x.shift();
        while (x.length > 1 && SOFT_WORDS.has(x[0].base)) x.shift();
      }
      // Dictated text keeps a verb's particle at its end ("take the bins out").
      const drop = (t: Tok) =>
        SOFT_WORDS.has(t.base) && !(afterColon && /^(?:out|up|off|down|over|back|away|through|around)$/.test(t.base));
      while (x.length && drop(x[x.length - 1]!)) x.pop();
      return x;
    })
    .filter((r) =>
      r.some(
        (t) =>
          !SOFT_WORDS.has(t.base) &&
          !(mainP.role !== "name" && classesOf(t.base).length && WEAK_CLASS_WORDS.has(t.base)),
      ),
    )
    .filter((r) => !relativeVerb(r, toks))
    // "I need to log a new ticket": words that lead up to "a new <kind>" say the request, not its text.
    .filter((r) => {
      if (tool.cls !== "create") return true;
      const last = toks.indexOf(r[r.length - 1]!);
      // The articles at the run's end or right after it, then the kind.
      const start = NEW_ITEM.test(toks[last]!.base) ? last : last + 1;
      let j = start;
      while (toks[j] && NEW_ITEM.test(toks[j]!.base)) j++;
      return !(j > start && toks[j] && isToolNoun(toks[j]!, tool));
    })
    // "call it 'Order boards'": the naming verb of a value said elsewhere is no value of its own.
    .filter(
      (r) =>
        !(
          r.length === 1 &&
          /^(?:call|name|title|label|nenn|nenne)$/.test(r[0]!.base) &&
          /^(?:it|this|that|them|sie|es|ihn)$/.test(toks[toks.indexOf(r[0]!) + 1]?.base ?? "") &&
          toks[toks.indexOf(r[0]!) + 2]?.quote !== undefined
        ),
    )
    // "open an issue in the tracker": the place the tool's own description names ("in the tracker") is no title.
    .filter((r) => {
      const k0 = toks.indexOf(r[0]!);
      const lead = toks.slice(Math.max(0, k0 - 2), k0).map((t) => t.base);
      return !(
        r.length === 1 &&
        /^(?:in|on|at|into|to)$/.test(lead[0] ?? "") &&
        /^(?:the|my|your|our)$/.test(lead[1] ?? "") &&
        tool.descStems.has(r[0]!.stem)
      );
    });
  const weight = (r: Tok[]) => r.filter((t) => !SOFT_WORDS.has(t.base)).length;
  const best = trimmed.sort((x, y) => weight(y) - weight(x))[0];
  if (best) {
    args[mainP.name] = a.text.slice(best[0].start, best[best.length - 1].end);
    for (const t of best) t.used = true;
    // "file a bug: Upload fails for PNGs. Happens in Chrome and Firefox.": the first sentence is the title, the
    // sentences after it are the item's text.
    const bodyP = textParams.find((p) => p.role === "body" && p.type === "string" && args[p.name] === undefined);
    const end = toks.indexOf(best[best.length - 1]!);
    const rest = toks.slice(end + 2).filter((t) => !t.punct);
    if (
      bodyP &&
      (mainP.role === "title" || mainP.role === "name") &&
      toks[end + 1]?.punct &&
      /^[.!?]$/.test(toks[end + 1]!.text) &&
      rest.length >= 2 &&
      // (A quote no other value took is part of the text: "Steps: search for 'invoice', …".)
      rest.every((t) => !t.used)
    ) {
      args[bodyP.name] = a.text.slice(rest[0]!.start, rest[rest.length - 1]!.end);
      for (const t of rest) t.used = true;
    }
  }
}

/**
 * "note down the wifi password: hunter2": with a name before the colon, what follows it is the dictated text and
 * fills the text (body) param verbatim, to the end of the step.
 */
export function fillAfterColon(run: ArgRun): void {
  const { a, toks, args, textParams } = run;
  // "new card on the App board in Backlog: Set up crash analytics": with nothing before the colon left to be its
  // name, the text after it is the item's required name ("the wifi password: hunter2" keeps its name before).
  const colonAt = toks.findIndex((t) => t.punct && t.text === ":");
  const nothingBefore =
    colonAt > 0 &&
    !toks.slice(0, colonAt).some((t) => !t.punct && !t.used && t.quote === undefined && !SOFT_WORDS.has(t.base));
  // (A create whose params are all optional, create_note of the notes example, names its item the same way.)
  const noneRequired = !textParams.some((p) => p.required);
  const nameP = nothingBefore
    ? textParams.find(
        (p) =>
          (p.required || (noneRequired && run.tool.cls === "create")) &&
          (p.role === "name" || p.role === "title") &&
          p.type === "string" &&
          args[p.name] === undefined,
      )
    : undefined;
  const bodyP = nameP ?? textParams.find((p) => p.role === "body" && p.type === "string" && args[p.name] === undefined);
  const c = toks.findIndex((t) => t.punct && t.text === ":");
  if (!bodyP || c < 1 || c === toks.length - 1) return;
  const content = (t: Tok) => !t.punct && !t.used && t.quote === undefined && !SOFT_WORDS.has(t.base);
  // The name before the colon follows the tool's noun or an article ("a note Packing:", "the wifi password:");
  // "I found a bug: ..." and "quick note - ..." name nothing, the colon's text is the title then.
  const lead = toks.findIndex((t, k) => k < c && (isToolNoun(t, run.tool) || /^(the|my|our|your)$/.test(t.base)));
  // "replace what's in the dal note with: ...": on an edit, the item named before the colon is that name.
  const named =
    (lead >= 0 && toks.slice(lead + 1, c).some(content)) ||
    textParams.some((p) => p !== bodyP && args[p.name] !== undefined) ||
    (run.tool.cls === "update" && run.tool.params.some((p) => p.isId && args[p.name] !== undefined));
  const after = toks.slice(c + 1).filter((t) => !t.punct);
  // A dash after the colon's name starts the text: the name takes what comes before it.
  const dash = toks.findIndex((t, j) => j > c + 1 && t.punct && /^[-–—]$/.test(t.base));
  const textP = textParams.find((p) => p.role === "body" && p.type === "string" && args[p.name] === undefined);
  if (nameP && dash > 0 && textP && textP !== nameP) {
    const head = toks.slice(c + 1, dash).filter((t) => !t.punct);
    const tail = toks.slice(dash + 1).filter((t) => !t.punct);
    if (head.length && tail.length && ![...head, ...tail].some((t) => t.used || t.quote !== undefined)) {
      args[nameP.name] = a.text.slice(head[0]!.start, head[head.length - 1]!.end);
      args[textP.name] = a.text.slice(tail[0]!.start, tail[tail.length - 1]!.end);
      for (const t of toks.slice(c)) t.used = true;
      return;
    }
  }
  if (!named || after.length === 0 || after.some((t) => t.used || t.quote !== undefined)) return;
  args[bodyP.name] = a.text.slice(after[0].start, after[after.length - 1].end);
  for (const t of toks.slice(c)) t.used = true;
}

// What may stand between a quoted title and the text that follows it.
const AFTER_TITLE_LEAD = /^(?:-|–|—|:|,|with|saying|containing|that says|reading|mit)$/;

/**
 * 'a note titled "Book club picks" with Piranesi, The Overstory...', 'file a bug: "X" - happens when ...': after a
 * quoted title or name, a dash, colon or "with" starts the item's text, up to the end of that sentence.
 */
export function fillAfterTitle(run: ArgRun): void {
  const { a, toks, args, textParams } = run;
  const bodyP = textParams.find((p) => p.role === "body" && p.type === "string" && args[p.name] === undefined);
  const quotedTitle = textParams.find(
    (p) => (p.role === "title" || p.role === "name") && a.quotes.some((q) => q.text === args[p.name]),
  );
  // "a note titled Cabin wifi with the code X": an unquoted title ends where "with" starts the text too.
  const titled =
    quotedTitle ??
    textParams.find(
      (p) => (p.role === "title" || p.role === "name") && typeof args[p.name] === "string" && args[p.name] !== "",
    );
  if (!bodyP || !titled) return;
  let k: number;
  if (quotedTitle) {
    const qi = a.quotes.findIndex((q) => q.text === args[titled.name]);
    k = toks.findIndex((t) => t.quote === qi) + 1;
  } else {
    const at = a.text.indexOf(String(args[titled.name]));
    const end = at + String(args[titled.name]).length;
    k = at < 0 ? 0 : toks.findIndex((t) => t.start >= end);
    if (k <= 0 || toks[k]!.base !== "with") return;
  }
  // The text may also start after other values, at a free-standing dash ('"X" tagged a and b — the text').
  if (k > 0 && k < toks.length && !AFTER_TITLE_LEAD.test(toks[k]!.base)) {
    const dash = toks.findIndex((t, j) => j > k && t.punct && /^[-–—]$/.test(t.base));
    if (dash > 0 && toks.slice(k, dash).every((t) => t.used || t.punct || SOFT_WORDS.has(t.base))) k = dash;
  }
  if (k <= 0 || k >= toks.length || !AFTER_TITLE_LEAD.test(toks[k]!.base)) return;
  // After a colon the text is dictated: it runs to the end of the step, over its own sentences ("with: dosage? …").
  let dictated = false;
  while (k < toks.length && (AFTER_TITLE_LEAD.test(toks[k]!.base) || toks[k]!.punct)) {
    if (toks[k]!.text === ":") dictated = true;
    k++;
  }
  // '"Fix login crash", into Doing': where the item goes is a place, not its text.
  if (
    /^(?:to|in|into|on|onto)$/.test(toks[k]?.base ?? "") &&
    run.tool.params.some((p) => p.refKind && args[p.name] === undefined)
  )
    return;
  const span: Tok[] = [];
  for (; k < toks.length; k++) {
    const t = toks[k]!;
    if (t.used || t.quote !== undefined || (!dictated && t.punct && /^[.!?;]$/.test(t.text))) break;
    span.push(t);
  }
  while (span.length && span[span.length - 1]!.punct) span.pop();
  if (!span.some((t) => !t.punct && !SOFT_WORDS.has(t.base))) return;
  args[bodyP.name] = a.text.slice(span[0]!.start, span[span.length - 1]!.end);
  for (const t of span) t.used = true;
}
