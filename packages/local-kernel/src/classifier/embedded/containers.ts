// Which part of a container a deletion means: "the folder and everything in it", "every note in Recipes but leave
// the folder", "trash everything in Recipes" — the tool named after both kinds (delete_notes_from_folder) or the
// container's own delete, scored per tool.
import { NOUN_SYNONYMS, stem } from "../lexicon.js";
import type { StepAnalysis } from "./analysis.js";
import { namedKind } from "./args/ids.js";
import type { EntityHit } from "./entities.js";
import { quantified, type ScoreFlags } from "./readings.js";
import type { ToolInfo } from "./tools.js";

const WITH_CONTENTS_RE =
  /\b(?:along|together) with (?:every|all|each|its|the|their) (?:[a-zäöüß]+ )?[a-zäöüß]+(?: (?:inside|in it|in there))?\b|\b(?:notes|contents|files|cards|tasks|items|everything) included\b|\bincluding (?:the |its |all (?:the |its )?)?(?:notes|contents|files|cards|tasks|items)\b|\band (?:all )?(?:its|the) (?:notes|contents|files|cards|tasks)(?: (?:in|inside) it)?\s*(?:$|[,;.!?])|\band all (?:of )?(?:its|their) [a-zäöüß]{3,}s\b|\b(?:mitsamt|inklusive|inkl\.?|mit allen|samt den) (?:der |den |allen )?(?:notizen|inhalt\w*|dateien|karten)\b|\b(?:along with|together with|with) (?:all )?(?:its|their|the) (?:notes|contents|files|items|cards|tasks)\b|\band everything (?:in|inside) (?:it|there)\b|\beverything inside\b|\b(?:[a-z]{3,}s|everything) and all\b(?!\s+(?:the\s+|my\s+)?[a-z])|\bsamt (?:inhalt|allen)\b|\bincluding (?:every|all|the) [a-z]+ (?:inside|in) it\b|\b(?:and|plus) (?:every|each|all|the|its|their)(?: of)?(?: the| its)? [a-zäöüß]+ (?:inside|in it|in there|within)\b/;
// "all the notes in the Kitchen folder", "every card on the Sprint board": items (1) inside a named container (2).
const EVERY_INSIDE_RE =
  /\b(?:all|every|each)\s+(?:of\s+)?(?:the\s+|my\s+)?([a-z]+?)s?\s+(?:in|from|inside|on)\s+([^,.!?]{1,60})/;
const EVERYTHING_IN_RE = /\b(?:everything|anything|all of it|all the stuff)\s+(?:that'?s\s+)?(?:in|inside|from)\s+/;
// "but keep the notes", "the notes should stay", "aber die Notizen sollen bleiben": the contents stay.
const KEEP_CONTENTS_RE =
  /\b(?:keep|leave|spare|save) (?:the |its |all (?:the )?|my )?(\p{L}{3,}s|contents)\b|\b(\p{L}{3,}s|contents) (?:can |should |must |may |will )?(?:stay|remain)\b|\b(notizen|dateien|karten|inhalte?) (?:sollen |sollten |müssen |können |dürfen )?(?:aber |doch |ruhig |trotzdem )?(?:bleiben|behalten)\b|\b(?:behalte|behalt|lass|lasse|verschone) (?:die |alle |meine |aber die )?(notizen|dateien|karten|inhalte?)\b/u;
const GERMAN_KINDS: Record<string, string> = { notizen: "note", dateien: "file", karten: "card", inhalt: "content" };
// "but leave the folder itself", "keep the list": that container stays.
// ("the folder itself stays", "der Ordner selbst bleibt", "lass den Ordner stehen".)
const KEEP_RE =
  /\b(?:leave|keep)\s+(?:the|that|this|its|my)\s+([a-z]+)(?:\s+itself|\s+alone|\s+as it is)?\b|\b(?:the|that|this|its)\s+([a-z]+)\s+(?:itself\s+)?(?:stays|remains|(?:can|should|must|will)\s+(?:stay|remain))\b|\b(?:der|die|das|den)\s+(ordner|liste|board|projekt)\s+(?:selbst\s+|an sich\s+)?(?:bleibt|soll bleiben|bleibt bestehen|soll bestehen bleiben)\b|\b(?:behalte|behalt|lass|lasse)\s+(?:aber\s+)?(?:den|die|das)\s+(ordner|liste|board|projekt)\b/u;

/** The score a tool gains or loses for what the step says about a container and its contents. */
export function containerScore(tool: ToolInfo, a: StepAnalysis, hits: EntityHit[], flags: ScoreFlags): number {
  let score = 0;
  // "the folder and everything in it" / "every note in Recipes but leave the folder": which part goes.
  const withContents = WITH_CONTENTS_RE.test(a.maskedLower);
  if (withContents) {
    if (tool.nameWords.includes("with") || tool.nameWords.includes("contents")) score += 4;
    else if (tool.nameWords.includes("from")) score -= 3;
    else if (tool.cls === "delete" || tool.cls === "purge") score -= 2;
  }
  // "trash all the notes in the Kitchen folder": every item of one kind inside a container of another goes, the
  // container stays — the tool named after both (delete_notes_from_folder), not the container's own delete.
  const destroys = tool.cls === "delete" || tool.cls === "purge";
  // "delete the Home folder, but the notes should stay": the container's own delete, not its contents'.
  const keeps = KEEP_CONTENTS_RE.exec(a.maskedLower);
  const word = keeps ? (keeps[1] ?? keeps[2] ?? keeps[3] ?? keeps[4])! : "";
  const content = GERMAN_KINDS[word.replace(/e$/, "")] ?? stem(word);
  if (keeps && !withContents && destroys && (content === "content" || flags.kindStems.has(content))) {
    const own = !tool.nameWords.some((w) => w === "from" || w === "with" || w === "contents" || w === "all");
    const box = hits.find((h) => h.score >= 10 && h.entity.key);
    const kind = box ? namedKind(box.entity.key) : "";
    if (kind && kind !== content && tool.nouns.has(kind)) score += own && tool.nouns.size === 1 ? 3 : -3;
  }
  const inside = EVERY_INSIDE_RE.exec(a.maskedLower);
  if (inside && !withContents && destroys) {
    const item = stem(inside[1]!);
    // "all the notes in Old stuff": a named container's own kind, when no kind word says it.
    const start = inside.index + inside[0].length - inside[2]!.length;
    const named = hits.find((h) => h.score >= 10 && h.entity.key && a.toks[h.toks[0]!]!.start >= start);
    const box =
      (inside[2]!.match(/[a-z]+/g) ?? []).map((w) => stem(w)).find((w) => flags.kindStems.has(w)) ??
      (named ? namedKind(named.entity.key) : undefined);
    if (box && item !== box && flags.kindStems.has(item)) {
      if (tool.nouns.has(item) && tool.nameWords.includes("from")) score += 3;
      else if (tool.nouns.has(box) && !tool.nouns.has(item)) score -= 3;
      else if (tool.nouns.has(box)) score -= 1.5;
    }
  }
  // "trash everything in Recipes": the contents of the named container go, the container stays.
  const everything = EVERYTHING_IN_RE.exec(a.maskedLower);
  const deleting = a.classes.some((c) => !c.weak && c.cls.some((x) => x === "delete" || x === "purge"));
  if (everything && deleting && !withContents && !inside && (tool.cls === "delete" || tool.cls === "purge")) {
    const box = hits.find((h) => h.score >= 10 && a.toks[h.toks[0]!]!.start > everything.index);
    const kind = box ? namedKind(box.entity.key) : "";
    if (kind && tool.nouns.has(kind)) score += tool.nameWords.includes("from") ? 5 : -3;
  }
  const km = KEEP_RE.exec(a.maskedLower);
  const keptWord = km ? (km[1] ?? km[2] ?? km[3] ?? km[4])! : undefined;
  // ("der Ordner": the German word's noun.)
  const kept = keptWord && (NOUN_SYNONYMS[keptWord]?.[0] ?? keptWord);
  if (
    kept &&
    tool.cls &&
    (tool.cls === "delete" || tool.cls === "purge") &&
    tool.nouns.has(stem(kept)) &&
    !tool.nameWords.includes("from")
  )
    score -= 3;
  if (!withContents && quantified(a) && tool.nameWords.includes("from") && hits.some((h) => h.score >= 10)) score += 2;
  // "empty out the Misc folder": emptying a named container deletes what is in it — not the trash (empty_trash),
  // unless the trash is what is named.
  const first = a.toks.findIndex((t) => !t.punct && !/^(?:please|pls|bitte|can|could|kannst|you|du)$/.test(t.base));
  const empties = /^(?:empty|leeren?)$/.test(a.toks[first]?.base ?? "") ? first : -1;
  if (empties >= 0 && !withContents) {
    const box = hits.find((h) => h.score >= 10 && h.entity.key && h.toks[0]! > empties);
    const kind = box ? namedKind(box.entity.key) : "";
    if (kind && !tool.nouns.has(kind) && tool.nameWords[0] === a.toks[empties]!.base) score -= 4;
    else if (kind && tool.nouns.has(kind) && tool.nameWords.includes("from") && destroys) score += 3;
  }
  return score;
}
