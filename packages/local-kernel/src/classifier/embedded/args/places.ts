// Where an item is or goes: "the Backlog list", "to Review", "on the home projects board". A param named after a kind
// of item (`ParamInfo.refKind`) takes such a phrase; labels the conversation showed win over guesses from capitals.
import { NOUN_SYNONYMS, SOFT_WORDS, stem, STOPWORDS, THING_PARAM } from "../../lexicon.js";
import type { Tok } from "../tokens.js";
import type { ParamInfo } from "../tools.js";
import type { ArgRun } from "./state.js";

const TARGET_PREPS = /^(to|in|into|on|onto|nach|auf|zu|zur|zum|ins)$/;
const NOT_TARGETS = /^(title|name|body|text|content|description|comment|message|query|search|note|notes|details)$/;
const DEFINITE = /^(the|my|our|your|this|that)$/;
// Words between a determiner and a kind word that describe, not name ("the new list", "the first board").
const NOT_A_LABEL =
  /^(new|old|same|other|whole|entire|current|next|previous|last|first|second|third|main|default|right|wrong|empty|own)$/;

const SEPARABLE_PARTICLE = /^(?:an|ab|auf|ein|hinzu|zu)$/;

/** "list" or "Liste" for a param of kind list. */
function isKindWord(t: Tok, kind: string): boolean {
  return t.stem === kind || (NOUN_SYNONYMS[t.base] ?? []).some((x) => stem(x) === kind);
}

/** "Board" for a param of kind list: the word of another kind the catalog has. */
function otherKind(t: Tok | undefined, kind: string, kinds: { has(stem: string): boolean }): boolean {
  if (!t) return false;
  const said = [t.stem, ...(NOUN_SYNONYMS[t.base] ?? []).map((x) => stem(x))];
  // A German compound ends in its kind: "Hochzeitsboard" is a board.
  for (let i = 3; i + 4 <= t.base.length; i++) said.push(stem(t.base.slice(i)));
  return !said.includes(kind) && said.some((x) => kinds.has(x));
}

/** Params that say where an item is or goes: a create tool's place params (create_card: list, board), and any param
 * named after a kind of item (move_card's list), in schema order. */
export function targetParams(run: ArgRun): ParamInfo[] {
  return run.textParams.filter(
    (p) =>
      p.type === "string" &&
      !p.enumVals &&
      !p.schema.format &&
      !p.isId &&
      !(run.tool.cls === "create" && THING_PARAM.test(p.name)) &&
      (p.refKind !== undefined ||
        (run.tool.cls === "create" &&
          p.role === "other" &&
          !NOT_TARGETS.test(p.name) &&
          !run.tool.nounWords.has(p.name))),
  );
}

/** The label of a known item of the param's kind the words spell (case-insensitive), longest first. */
function knownLabel(run: ArgRun, p: ParamInfo, words: Tok[]): { label: string; n: number } | undefined {
  const labels = p.refKind ? run.ctx.namedLabels?.get(p.refKind) : undefined;
  if (!labels?.length) return undefined;
  for (let n = Math.min(words.length, 6); n > 0; n--) {
    const said = run.a.text.slice(words[0].start, words[n - 1].end).toLowerCase();
    const label = labels.find((l) => l.toLowerCase() === said);
    if (label) return { label, n };
  }
  return undefined;
}

/** The one known label of the param's kind that contains every word said ("compost bin" -> "Build a compost bin"). */
function containingLabel(run: ArgRun, p: ParamInfo, said: string): string | undefined {
  const words = said.toLowerCase().split(/\s+/);
  const found = (p.refKind ? run.ctx.namedLabels?.get(p.refKind) : undefined)?.filter((l) => {
    const lw = l.toLowerCase().split(/[^\p{L}\p{N}]+/u);
    return words.every((w) => lw.includes(w));
  });
  return found?.length === 1 ? found[0] : undefined;
}

/** "the Backlog list", "on the party list", "the home projects board": the words between a determiner and the kind. */
export function fillKindPhrases(run: ArgRun): void {
  const { a, toks, args } = run;
  for (const p of run.textParams) {
    if (!p.refKind || args[p.name] !== undefined) continue;
    for (let k = 1; k < toks.length; k++) {
      const t = toks[k];
      if (t.punct || t.quote !== undefined || t.stem !== p.refKind || (t.used && !t.routing)) continue;
      const span: Tok[] = [];
      let j = k - 1;
      for (; j >= 0 && span.length < 5; j--) {
        const x = toks[j];
        if (x.punct || x.used || x.quote !== undefined) break;
        if (DEFINITE.test(x.base) && x.text === x.text.toLowerCase()) break;
        span.unshift(x);
      }
      if (j < 0 || !DEFINITE.test(toks[j].base) || span.length === 0) continue;
      // Filler words are no label, unless capitalised as part of one ("the To Do list").
      const filler = (x: Tok) => SOFT_WORDS.has(x.base) && x.text === x.text.toLowerCase();
      if (span.some((x) => NOT_A_LABEL.test(x.base) || filler(x))) continue;
      const known = knownLabel(run, p, span);
      const said = a.text.slice(span[0].start, span.at(-1)!.end);
      args[p.name] = known && known.n === span.length ? known.label : (containingLabel(run, p, said) ?? said);
      for (const x of span) x.used = true;
      t.used = true;
      break;
    }
  }
}

/**
 * "a card Fix footer links in Backlog on Marketing": each "to/in/on <Name>" says where the item is or goes, the
 * first one for the first such param (list), the next for the next (board). With items of that kind known, only
 * their labels count ("Translate FAQ into German" names no board); else a value starts with a capital or a digit.
 */
export function fillTargets(run: ArgRun): void {
  const { a, toks, args } = run;
  const targets = targetParams(run).filter((p) => args[p.name] === undefined);
  let k = 0;
  for (const p of targets) {
    for (; k < toks.length; k++) {
      const t = toks[k];
      if (t.punct || t.used || t.quote !== undefined || !TARGET_PREPS.test(t.base)) continue;
      const span: Tok[] = [];
      let j = k + 1;
      for (; j < toks.length; j++) {
        const x = toks[j];
        // A capitalised "To" starts a label ("to To Do"), it does not end one.
        if (x.punct || x.used || x.quote !== undefined || (TARGET_PREPS.test(x.base) && x.text !== "To" && span.length))
          break;
        // "auf dem Board Garden eine Karte …": a lowercase article starts the next phrase.
        if (span.length && /^(?:a|an|eine|einen|ein|einer)$/.test(x.text)) break;
        // "in Open with the note 'X'": what comes with the item is no part of the place.
        if (span.length && /^(?:with|mit)$/.test(x.text)) break;
        span.push(x);
      }
      while (span.length && (SOFT_WORDS.has(span[0].base) || STOPWORDS.has(span[0].base)) && span[0].text !== "To")
        span.shift();
      // "in the list To do", "in der Liste To do": the kind word before the label says what the label names.
      if (span.length > 1 && p.refKind && isKindWord(span[0], p.refKind)) span.shift();
      // "auf dem Board Home reno": a word of another kind of item starts a place of that kind, not of this one.
      else if (p.refKind && run.ctx.kinds && otherKind(span[0], p.refKind, run.ctx.kinds)) continue;
      // "... in der Liste To do an": a German separable verb's particle ends the sentence, not the label.
      if (span.length > 1 && j === toks.length && SEPARABLE_PARTICLE.test(span.at(-1)!.text)) span.pop();
      if (!span.length) continue;
      const labels = p.refKind ? run.ctx.namedLabels?.get(p.refKind) : undefined;
      let value: string | undefined;
      let used = span;
      if (labels?.length) {
        const known = knownLabel(run, p, span);
        if (!known) continue;
        value = known.label;
        used = span.slice(0, known.n);
      } else if (/^[\p{Lu}\p{N}]/u.test(span[0].text)) {
        value = a.text.slice(span[0].start, span[span.length - 1].end);
      } else continue;
      args[p.name] = value;
      t.used = true;
      for (const x of used) x.used = true;
      k = j;
      break;
    }
  }
}

/** A place param's value that spells a known label in other case ("home projects") takes the label's spelling. */
export function canonicalPlaces(run: ArgRun): void {
  for (const p of run.tool.params) {
    const v = run.args[p.name];
    if (!p.refKind || typeof v !== "string") continue;
    const labels = run.ctx.namedLabels?.get(p.refKind);
    const label = labels?.find((l) => l.toLowerCase() === v.trim().toLowerCase());
    if (label) run.args[p.name] = label;
    // "on the board anymore": an optional place no known item is called is a misreading, not a value.
    else if (labels?.length && !p.required && !run.a.quotes.some((q) => q.text === v)) delete run.args[p.name];
  }
}
