// Cautions of tool scoring: what keeps a tool that changes or deletes things from winning on nouns alone — a read
// verb beside a delete tool's nouns, a step with no verb at all, host names given to an IP tool — and what a create
// built from named items takes. A wrong read is harmless; a wrong write is not (docs/classifier.md).
import type { StepAnalysis } from "./analysis.js";
import { namedKind } from "./args/ids.js";
import type { EntityHit } from "./entities.js";
import type { ScoreFlags } from "./readings.js";
import type { ToolInfo } from "./tools.js";

// Read verb classes (list, get, search): kept here so scoring.ts and this file share no import circle.
const READS = new Set(["list", "get", "search"]);
const HOST_RE = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
const IP_RE = /^(?:\d{1,3}\.){3}\d{1,3}$/;
const TRASH_IS_FINE =
  /\b(?:the )?(?:trash|bin|papierkorb)\s+(?:is (?:fine|enough|ok|okay|good)|will do|reicht|genügt|ist (?:ok|okay|genug|in ordnung))\b|\bin den papierkorb reicht\b/i;

/** The score a tool gains or loses for what the step's words rule out (or, for a create, name as its sources). */
export function cautionScore(
  tool: ToolInfo,
  a: StepAnalysis,
  hits: EntityHit[],
  flags: ScoreFlags,
  makeExisting: boolean,
): number {
  let score = 0;
  const primary = a.classes[0];
  const destructive = tool.entry.actionType === "destructive";
  // "show all notes in the Uni folder": a plain read verb never lands on a tool that deletes, however well the
  // nouns fit (delete_notes_from_folder).
  if (destructive && primary && !primary.weak && primary.cls.length > 0 && primary.cls.every((c) => READS.has(c)))
    score -= 3;
  // "Notiz in den Garden-Ordner: …": with no verb at all, nothing is deleted, however well the nouns fit.
  // ("empty the bin", "pause every rule": a tool's own verb the lexicon does not know is a verb all the same.)
  if (
    destructive &&
    a.classes.length === 0 &&
    !a.toks.some((t) => t.quote === undefined && (flags.ownVerbCounts.has(t.base) || t.base === tool.nameWords[0])) &&
    !a.extraWords.includes(tool.nameWords[0]!)
  )
    score -= 4;
  // "delete it, trash is fine", "Lösch die Notiz, Papierkorb reicht": the way back is wanted — the delete that moves
  // to the trash, not the permanent one.
  if (TRASH_IS_FINE.test(a.maskedLower) && (tool.cls === "delete" || tool.cls === "purge" || destructive)) {
    const soft = /\b(?:to|into|in) the (?:trash|bin)\b|\bcan be restored\b/i.test(tool.entry.description);
    if (soft) score += 2.5;
    else if (destructive) score -= 2.5;
  }
  // "scan brightkettle.com and kettle-deals.net": host names and no IP address are no job for the IP tool.
  if (
    tool.nameWords.some((w) => w === "ip" || w === "ips") &&
    !a.toks.some((t) => IP_RE.test(t.text)) &&
    a.toks.some((t) => !t.punct && t.quote === undefined && HOST_RE.test(t.base) && !/^[\d.]+$/.test(t.base))
  )
    score -= 1.5;
  // "create a monitor from the Client portals group with the Full audit profile": a create that takes the named
  // existing items by id is built from them (named as a source: "from/with/using the X group").
  if (tool.cls === "create" && !makeExisting) {
    const named = sourceKinds(a, hits);
    if (named.size)
      score += 0.75 * Math.min(tool.params.filter((p) => p.isId && named.has(namedKind(p.name))).length, 2);
  }
  return score;
}

// Kinds of the items a step names as sources, once per step (every create tool of the catalog asks).
const sourceCache = new WeakMap<EntityHit[], Set<string>>();
function sourceKinds(a: StepAnalysis, hits: EntityHit[]): Set<string> {
  let kinds = sourceCache.get(hits);
  if (!kinds) {
    const source = (h: EntityHit) =>
      a.toks.slice(Math.max(0, h.toks[0]! - 3), h.toks[0]).some((t) => /^(?:from|with|using|off|based)$/.test(t.base));
    kinds = new Set(hits.filter((h) => h.score >= 10 && h.entity.key && source(h)).map((h) => namedKind(h.entity.key)));
    sourceCache.set(hits, kinds);
  }
  return kinds;
}
