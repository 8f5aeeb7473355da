// Step refinement: once the items a step names are known, correct its verb reading. Words of a label are no verbs,
// "I need to X" records X, "I do need that X" makes nothing, unserved verbs drop out, and ordinals and a lone "it"
// point into the latest result. Pure: it changes only the step analysis and hit list it is given.
import { TODO_LEADS } from "../lexicon.js";
import type { StepAnalysis, VerbHit } from "./analysis.js";
import { namedKind } from "./args/ids.js";
import type { CatalogView } from "./catalog-view.js";
import type { Entity, EntityHit, Listing } from "./entities.js";
import { enumMentioned } from "./enum-mentions.js";
import { pickListing } from "./listings.js";
import { READ_FAMILY } from "./scoring.js";
import { stemsOf } from "./tokens.js";

/**
 * Corrects the verb reading of a step once the named items are known: words of an item label are no verbs, "I need
 * to X" records X, unserved verbs drop out, ordinals and a lone "it" point into the latest result.
 */
export function refineStep(
  a: StepAnalysis,
  hits: EntityHit[],
  view: CatalogView,
  lastTurn: Entity[],
  listings: () => Listing[],
  planLength: number,
): void {
  // 'rename Q3 roadmap to "Meeting prep"': a quoted label after a value cue is the new value when another item is
  // named too.
  if (hits.filter((h) => h.score >= 10).length >= 2) {
    const drop = hits.findIndex(
      (h) =>
        h.quote !== undefined &&
        h.toks[0] > 0 &&
        /^(to|as|into|called|named|titled)$/.test(a.toks[h.toks[0] - 1]?.base ?? ""),
    );
    if (drop >= 0) hits.splice(drop, 1);
  }
  // "rename it to Marathon plan", "rename the note to …": after "to" comes the new name, words of the old one and
  // all, when the item is named before it.
  const renaming = a.toks.findIndex((t) => /^(?:rename|retitle)$/.test(t.base));
  // (Not a "to" inside the old name: "rename Trip to Rome to Rome 2027".)
  const insideName = (i: number) =>
    hits.some((h) => h.score >= 10 && h.toks.length > 1 && Math.min(...h.toks) < i && Math.max(...h.toks) > i);
  const to =
    renaming < 0 ? -1 : a.toks.findIndex((t, i) => i > renaming && /^(?:to|as|into)$/.test(t.base) && !insideName(i));
  if (to > 0 && a.toks.slice(renaming + 1, to).some((t) => !t.punct)) {
    for (let k = hits.length - 1; k >= 0; k--) {
      const h = hits[k]!;
      if (h.quote !== undefined || h.toks.length === 0) continue;
      // ("rename the wifi note to Guest network": the old name's word after "to" is the new name's.)
      if (h.toks.some((i) => i < to) && h.toks.some((i) => i > to)) {
        h.toks = h.toks.filter((i) => i < to);
        continue;
      }
      if (!h.toks.every((i) => i > to)) continue;
      hits.splice(k, 1);
      // ("rename the harbour pin to Harbour cafe": the old name's words before "to" still name it.)
      const before = a.toks.flatMap((t, i) =>
        i > renaming && i < to && !t.punct && h.entity.labelStems.includes(t.stem) ? [i] : [],
      );
      if (before.length && !hits.some((x) => x.entity.id === h.entity.id))
        hits.push({ entity: h.entity, score: 1.5 * before.length, toks: before, explicit: false });
    }
  }
  // "rename the blog draft to …" beside a Drafts folder and a note "Blog draft: remote teams": words of a label said
  // in its order name that item, not the one whose whole label is only the last of them.
  const inOrder = (h: EntityHit, ts: number[]) => {
    const phrase = ts.map((i) => a.toks[i]!.lower).join(" ");
    const at = (h.entity.labelLower ?? "").indexOf(phrase);
    return (
      at >= 0 &&
      !/\p{L}/u.test(h.entity.labelLower![at - 1] ?? "") &&
      !/\p{L}/u.test(h.entity.labelLower![at + phrase.length] ?? "")
    );
  };
  for (const inner of [...hits]) {
    if (inner.score < 10 || inner.explicit || inner.quote !== undefined || inner.toks.length === 0) continue;
    const b = hits.find((x) => {
      if (x === inner || x.score >= 10 || x.quote !== undefined || x.toks.length === 0) return false;
      const ts = [...new Set([...x.toks, ...inner.toks])].sort((m, n) => m - n);
      // (Not a kind word: "the Shop group" is the group Shop, whatever monitor is called "Shop group hourly".)
      const kindSaid = ts.some((i) => !inner.toks.includes(i) && view.flags.kindStems.has(a.toks[i]!.stem));
      return (
        !kindSaid &&
        ts.length > inner.toks.length &&
        ts.every((t, j) => j === 0 || t === ts[j - 1]! + 1) &&
        inOrder(x, ts)
      );
    });
    if (!b) continue;
    b.toks = [...new Set([...b.toks, ...inner.toks])].sort((m, n) => m - n);
    b.score = inner.score;
    hits.splice(hits.indexOf(inner), 1);
  }
  hits.sort((x, y) => y.score - x.score);
  // Words of a param's name said together ("safe search" for safe_search) name that setting, not a verb.
  for (const words of view.paramPhrases) {
    for (let k = 0; k + words.length <= a.toks.length; k++) {
      if (!words.every((w, j) => a.toks[k + j]!.base === w)) continue;
      a.classes = a.classes.filter((c) => c.phrase || c.tok < k || c.tok >= k + words.length);
    }
  }
  // Words inside a named item ("Grocery list") are not verbs.
  const entityToks = new Set(hits.filter((h) => h.score >= 10).flatMap((h) => h.toks));
  a.labelSpans = [...entityToks].flatMap((i) =>
    a.toks[i] ? [[a.toks[i]!.start, a.toks[i]!.end] as [number, number]] : [],
  );
  if (entityToks.size) {
    a.classes = a.classes.filter((c) => !entityToks.has(c.tok));
    // ...nor idioms ("archive the Landing page copy" asks for no copy).
    const inLabel = (x: { start: number; end: number }) =>
      a.labelSpans!.some(([s0, e0]) => x.start >= s0 && x.end <= e0);
    a.extraWords = a.extraSpans.filter((x) => !inLabel(x)).flatMap((x) => x.words);
    // ...nor nouns or description words: "Grocery list" says nothing about a list tool.
    const { stems, words } = stemsOf(a.toks, a.extraWords, entityToks);
    // ...except the word of the item's own kind ("boarding-pass.pdf" is a pdf: an attachment, for att_id tools).
    const inside = stemsOf(a.toks.filter((_, i) => entityToks.has(i)));
    for (const t of view.tools)
      if (t.params.some((p) => p.isId && hits.some((h) => h.score >= 10 && h.entity.key === p.name)))
        for (const n of t.nouns) if (inside.stems.has(n) && n !== "" && !stems.has(n)) stems.add(n);
    a.stems = stems;
    a.words = words;
  }
  // "I need to finish the slides by friday": a thing to do, recorded by a create tool, unless the verb after the
  // lead asks to read something or acts on a named item ("I need to delete the Q3 roadmap").
  const question =
    /\?\s*$/.test(a.text) ||
    /^\s*(?:what|which|when|where|who|how|why|do|does|did|is|are|can|could|would|should|shall|have|has)\b/i.test(
      a.maskedLower,
    );
  const lead = view.served.has("create") && !question ? TODO_LEADS.exec(a.maskedLower) : null;
  if (lead) {
    const leadEnd = lead.index + lead[0].length;
    const leadTok = a.toks.findIndex((t) => t.start >= lead.index);
    const verb = a.classes.find((c) => a.toks[c.tok].start >= leadEnd);
    const actsOnItem = (v: VerbHit) =>
      hits.some((h) => h.score >= 10) && v.cls.some((x) => x !== "create" && view.served.has(x));
    const verbIsAsk =
      !!verb && a.toks[verb.tok].start === leadEnd && (verb.cls.some((x) => READ_FAMILY.has(x)) || actsOnItem(verb));
    // "actually I do need that resignation letter draft": a known item wanted back is no new thing to do.
    const next = a.toks.find((t) => t.start >= leadEnd);
    const wantsItem =
      !verb &&
      /^(?:that|this|those|these)$/.test(next?.base ?? "") &&
      hits.some((h) => h.score >= 1.5 && h.toks.length > 0 && a.toks[h.toks[0]!]!.start > leadEnd);
    if (
      leadTok >= 0 &&
      !verbIsAsk &&
      !wantsItem &&
      !a.classes.some((c) => a.toks[c.tok].start < lead.index && !c.weak)
    ) {
      a.classes = [{ cls: ["create"], weak: false, tok: leadTok, phrase: true }];
    }
  }
  // "that resignation letter draft" of a note "Draft resignation letter": a word of the label beside the words that
  // matched it is part of the name, no verb.
  a.classes = a.classes.filter((c) => {
    const w = a.toks[c.tok]?.base ?? "";
    return !hits.some(
      (h) =>
        h.score >= 1.5 &&
        h.toks.length >= 2 &&
        // (...or inside them: "handed in lab report 4" of "Submit lab report 4".)
        (c.tok === Math.max(...h.toks) + 1 || (h.toks.includes(c.tok) && c.tok > Math.min(...h.toks))) &&
        (h.entity.labelLower ?? "").split(/[^\p{L}\p{N}]+/u).includes(w),
    );
  });
  // "actually I do need that resignation letter draft": wanting a known item is no request to make a new one.
  a.classes = a.classes.filter((c) => {
    const w = a.toks[c.tok];
    const next = a.toks[c.tok + 1];
    return !(
      !c.phrase &&
      /^(?:need|want)$/.test(w?.base ?? "") &&
      /^(?:that|this|those|these)$/.test(next?.base ?? "") &&
      hits.some((h) => h.score >= 1.5 && h.toks.length > 0 && h.toks[0]! > c.tok + 1)
    );
  });
  // A verb no tool of this catalog can serve ("start working on X" with no run tool) says nothing about routing.
  // Only when something else says what to do (another verb, or an enum value such as "working on" = in_progress);
  // otherwise the unserved verb stays and keeps an out-of-scope request ("send the grocery list to Bob") chat.
  // "mark X done" with a complete tool and no update tool: the verb is served by the complete tool.
  const saysDone = /\b(?:done|finished|complete|completed|erledigt|fertig)\b/i.test(a.maskedLower);
  const unserved = (c: VerbHit) =>
    !c.cls.some((x) => view.served.has(x) || (x === "update" && saysDone && view.served.has("complete")));
  const enumSaid = () =>
    view.tools.some((t) => t.params.some((p) => p.enumVals?.some((v) => enumMentioned(v, a) !== undefined)));
  if (a.classes.some(unserved) && (a.classes.some((c) => !unserved(c) && !c.weak) || enumSaid())) {
    a.classes = a.classes.filter((c) => !unserved(c));
  }
  // In a chain the position points into the previous step's result (args/ids.ts), not a listing of the ledger.
  // "the first one" after a single result is that result; "the second one" needs a second item.
  const counted = a.ordinal ? pickListing(a.ordinal, listings()) : undefined;
  const atOrdinal =
    counted && a.ordinal ? counted[a.ordinal.index < 0 ? counted.length - 1 : a.ordinal.index] : undefined;
  // "move the third one to Booked": a place named by its label is no other candidate for the item at that position.
  const elsewhere = (h: EntityHit) =>
    !!atOrdinal && h.entity.named === true && namedKind(h.entity.key) !== namedKind(atOrdinal.key);
  if (atOrdinal && planLength === 0 && !hits.some((h) => h.score >= 10 && !elsewhere(h))) {
    // "complete the second one": the item at that position of the latest result listing.
    const kept = hits.filter(elsewhere);
    hits.length = 0;
    hits.push({ entity: atOrdinal, score: 10, toks: a.ordinal!.toks, explicit: false }, ...kept);
  }
  if (hits.length === 0 && a.pronoun && planLength === 0 && lastTurn.length === 1) {
    // "delete it" right after a turn that produced exactly one item refers to that item. (When that turn only
    // listed or searched, the item is the one result, not one the user has pointed at: a guess.)
    const newest = listings()[0];
    const listed =
      !!newest?.items.includes(lastTurn[0]) &&
      newest.tools.every((n) => {
        const cls = view.tools.find((t) => t.entry.name === n)?.cls;
        return cls === "list" || cls === "search";
      });
    hits.push({ entity: lastTurn[0], score: 1, toks: [], explicit: false, ...(listed ? { guess: true } : {}) });
  }
}
