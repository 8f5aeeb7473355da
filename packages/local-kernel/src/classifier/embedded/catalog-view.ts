// What the catalog as a whole offers, computed once per message: every tool's features, the nouns and enum words of
// the catalog, the flags scoring reads ("is there a soft delete?"), the verb classes some tool serves.
import type { VerbClass } from "../lexicon.js";
import type { ScoreFlags } from "./readings.js";
import type { ToolInfo } from "./tools.js";

/** When a catalog lacks a verb's own tool, these classes can serve it ("close" on a catalog with only update). */
export const FALLBACK: Partial<Record<VerbClass, VerbClass[]>> = {
  complete: ["update"],
  close: ["update", "complete"],
  search: ["list", "get"],
  list: ["search", "get"],
  get: ["list", "search"],
  purge: ["delete"],
  delete: ["purge"],
  restore: ["update"],
};

/** What the catalog as a whole offers; computed once per message. */
export interface CatalogView {
  tools: ToolInfo[];
  genericStems: Set<string>;
  enumWords: Set<string>;
  flags: ScoreFlags;
  served: Set<VerbClass>;
  /** param names of two or more words ("safe_search" -> ["safe", "search"]) */
  paramPhrases: string[][];
}

function counts(xs: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const x of xs) m.set(x, (m.get(x) ?? 0) + 1);
  return m;
}

/** How many tools take a param named by each stem ("domain" in fifteen web tools): such a noun says little. */
function paramNounCounts(tools: ToolInfo[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const t of tools)
    for (const s of new Set(t.params.filter((p) => p.required && !p.isId).flatMap((p) => p.nameStems)))
      m.set(s, (m.get(s) ?? 0) + 1);
  return m;
}

/** The catalog view of prepared tools. */
export function viewCatalog(tools: ToolInfo[]): CatalogView {
  const genericStems = new Set<string>(tools.flatMap((t) => [...t.nouns]));
  const enumWords = new Set(
    tools.flatMap((t) => t.params.flatMap((p) => (p.enumVals ?? []).map((v) => v.toLowerCase()))),
  );
  const updateParams = tools.filter((t) => t.cls === "update").flatMap((t) => t.params.filter((p) => !p.isId));
  const flags: ScoreFlags = {
    hasComplete: tools.some((t) => t.cls === "complete"),
    hasSoftDelete: tools.some((t) => t.cls === "delete"),
    hasGet: tools.some((t) => t.cls === "get" && t.params.some((p) => p.isId && p.required)),
    updateFieldStems: new Set(
      updateParams.flatMap((p) => [
        ...p.nameStems.filter((x) => x.length > 2),
        // A body is also called its text or content.
        ...(p.role === "body" ? ["text", "content"] : []),
      ]),
    ),
    softDeletes: tools.filter((t) => t.cls === "delete"),
    paramNouns: paramNounCounts(tools),
    nameNouns: counts(tools.flatMap((t) => [...t.nouns])),
    nounSets: tools.map((t) => t.nouns),
    kindStems: new Set(tools.flatMap((t) => [...t.nouns])),
    ownVerbs: new Set(tools.filter((t) => !t.cls && t.nameWords.length > 1).map((t) => t.nameWords[0]!)),
    ownVerbCounts: counts(tools.filter((t) => !t.cls && t.nameWords.length > 1).map((t) => t.nameWords[0]!)),
    enumOwners: counts(
      tools.flatMap((t) => [...new Set(t.params.flatMap((p) => (p.enumVals ?? []).map((v) => v.toLowerCase())))]),
    ),
  };
  const served = new Set<VerbClass>();
  for (const t of tools) if (t.cls) served.add(t.cls);
  for (const [c, fb] of Object.entries(FALLBACK) as Array<[VerbClass, VerbClass[]]>)
    if (fb.some((x) => served.has(x))) served.add(c);
  const phrases = new Map<string, string[]>();
  for (const t of tools)
    for (const p of t.params)
      if (p.nameWords.length >= 2 && !p.isId && p.nameWords.every((w) => w.length > 1))
        phrases.set(p.nameWords.join(" "), p.nameWords);
  return { tools, genericStems, enumWords, flags, served, paramPhrases: [...phrases.values()] };
}
