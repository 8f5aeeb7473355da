// Pass 1: string id params, from a known item the step names, an id the user typed, "#42" / "note 42", or "it"
// pointing at the previous step. Ids are never invented: what is not found stays missing.
import { PRONOUNS } from "../analysis.js";
import { entityKindScore, WRONG_KIND, type EntityHit } from "../entities.js";
import { itemRefToPrev, refersToStep, refToPrev } from "../steps.js";
import { namedKind } from "../tokens.js";
import { isToolNoun } from "../tools.js";
import type { ArgRun } from "./state.js";

// Shapes that are ids even when the conversation never showed them: `abc-123-x`, `nt_42abc`, UUIDs.
const ID_LIKE_TOKEN =
  /^(?=.*\d)(?=.*[a-z])[a-z0-9]+(?:[_-][a-z0-9]+)+$|^[a-z]{1,6}_[a-z0-9]{3,}$|^[0-9a-f]{8}-[0-9a-f-]{27}$/i;

/** Fills the string id params of the tool. */
export function fillIds(run: ArgRun): void {
  const { tool, hits, ctx, toks, args, usedQuotes, a } = run;
  for (const p of tool.params.filter((x) => x.isId)) {
    if (p.type === "integer" || p.type === "number") continue;
    // One item fills one id: "move Trip to Rome into the Travel folder" is a note and a folder.
    const taken = new Set(Object.values(args));
    const ranked = hits
      .filter((h) => !h.entity.named && entityKindScore(h.entity, p, tool, ctx.kinds) !== WRONG_KIND)
      .map((h) => ({ h, k: h.score + entityKindScore(h.entity, p, tool) - (taken.has(h.entity.id) ? 20 : 0) }))
      .sort((x, y) => y.k - x.k);
    const best = ranked[0];
    // "close the timeout issue" with two open issues about a timeout: a change to one of two equal partial matches
    // is a guess, so the id stays missing and the turn asks which one.
    const rival = ranked[1];
    if (
      best &&
      rival &&
      tool.entry.actionType !== "read" &&
      !a.ordinal &&
      best.h.score < 10 &&
      // (The same words matched, in labels of about the same length: nothing tells them apart.)
      rival.k >= best.k - 0.25 &&
      rival.h.entity.id !== best.h.entity.id &&
      rival.h.toks.join() === best.h.toks.join()
    ) {
      for (const i of best.h.toks) if (i >= 0) toks[i].used = true;
      continue;
    }
    if (best) {
      args[p.name] = best.h.entity.id;
      for (const i of best.h.toks) if (i >= 0) toks[i].used = true;
      if (best.h.quote !== undefined) usedQuotes.add(best.h.quote);
      continue;
    }
    const typed = toks.find(
      (t) =>
        !t.punct &&
        t.quote === undefined &&
        !t.used &&
        (ctx.knownIds.has(t.text) || ID_LIKE_TOKEN.test(t.text)) &&
        !/^\d{4}-\d{2}-\d{2}$/.test(t.text),
    );
    if (typed) {
      args[p.name] = typed.text;
      typed.used = true;
      continue;
    }
    const numbered = toks.findIndex(
      (t, k) =>
        !t.used &&
        t.quote === undefined &&
        /^#?\d+$/.test(t.text) &&
        (t.text.startsWith("#") ||
          (k > 0 && (isToolNoun(toks[k - 1], tool) || /^(number|no|num|id)$/.test(toks[k - 1].base)))),
    );
    if (numbered >= 0) {
      args[p.name] = toks[numbered].text.replace("#", "");
      toks[numbered].used = true;
      continue;
    }
    if (ctx.index > 0 && (a.pronoun || p.required)) {
      // "… and open the first one": a position in the previous step's listing, not its whole result.
      const item = a.ordinal ? itemRefToPrev(ctx, p, a.ordinal.index) : undefined;
      const ref = item ?? refToPrev(ctx, p, tool);
      if (ref !== undefined) args[p.name] = ref;
      if (item) for (const i of a.ordinal!.toks) if (toks[i]) toks[i].used = true;
      for (const t of toks) if (PRONOUNS.has(t.base)) t.used = true;
    }
  }
}

/** "... and then read the first result": a required param of a later step taken from the earlier step's listing. */
export function fillItemRefs(run: ArgRun): void {
  const { tool, ctx, toks, args, a } = run;
  if (ctx.index === 0 || !a.ordinal) return;
  for (const p of tool.params) {
    if (!p.required || args[p.name] !== undefined) continue;
    const ref = itemRefToPrev(ctx, p, a.ordinal.index);
    if (!ref) continue;
    args[p.name] = ref;
    for (const i of a.ordinal.toks) if (toks[i]) toks[i].used = true;
  }
}

// The kind of a label-only item lives with the name splitting it is made of (tokens.ts); callers import it here too.
export { namedKind };

/**
 * "move the cookie banner card to Review": string params that name an item of their kind ("card", "list") take the
 * label of the item the step mentions, spelled as the result showed it.
 */
export function fillNamedRefs(run: ArgRun): void {
  const { tool, hits, toks, args, usedQuotes, ctx, a } = run;
  for (const p of tool.params) {
    if (!p.refKind || args[p.name] !== undefined) continue;
    // "... and comment 'X' on it": the item the previous step made or named.
    const prev = ctx.prev[ctx.index - 1];
    if (ctx.index > 0 && a.pronoun && prev && prev.tool.nouns.has(p.refKind) && p.required) {
      const ref = refToPrev(ctx, p, tool);
      if (ref !== undefined) args[p.name] = ref;
      for (const t of toks) if (PRONOUNS.has(t.base)) t.used = true;
      // "... on the wedding board and put a card in it": the place the earlier step named holds the new one too.
      for (const q of tool.cls === "create" ? tool.params : []) {
        const same = prev.args?.[q.name];
        if (
          q.refKind &&
          q !== p &&
          args[q.name] === undefined &&
          typeof same === "string" &&
          !refersToStep(same, ctx.index - 1)
        )
          args[q.name] = same;
      }
      continue;
    }
    const taken = new Set(Object.values(args));
    // ("the postgres card" for "Card name or id": a known card the words partly name is that card, by its label.)
    const fits = hits.filter(
      (h) =>
        (h.entity.named || (!!h.entity.label && !h.explicit)) &&
        namedKind(h.entity.key) === p.refKind &&
        !taken.has(h.entity.label) &&
        h.toks.every((i) => i < 0 || !toks[i]?.used || toks[i]?.routing) &&
        (h.score >= 10 || h.score >= 1.5),
    );
    // "out of Doing and into Review": of two places named, the one it leaves is no value for a param.
    const leaves = (h: EntityHit) => {
      const i = Math.min(...h.toks.filter((x) => x >= 0));
      const w1 = toks[i - 1]?.base;
      return /^(?:from|off|aus|von)$/.test(w1 ?? "") || (w1 === "of" && toks[i - 2]?.base === "out");
    };
    const best = fits.find((h) => !leaves(h)) ?? fits[0];
    if (!best) {
      // "create a card X and comment 'Y'": the card the previous step made, when none is named.
      if (ctx.index > 0 && p.required && prev && prev.tool.cls === "create" && prev.tool.nouns.has(p.refKind)) {
        const ref = refToPrev(ctx, p, tool);
        if (ref !== undefined) args[p.name] = ref;
      }
      continue;
    }
    args[p.name] = best.entity.label;
    for (const i of best.toks) if (i >= 0 && toks[i]) toks[i].used = true;
    if (best.quote !== undefined) usedQuotes.add(best.quote);
    // "the Backlog list", "the cookie banner card": the kind's own word after the label is part of the reference.
    const after = toks[Math.max(...best.toks) + 1];
    if (after && !after.punct && after.stem === p.refKind) after.used = true;
  }
}
