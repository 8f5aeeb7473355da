// What an ordinal counts in: "the second one" is a position in a listing the conversation has shown — the newest
// result with that many items, or the one a word picks ("the first search result", "the second tax note").
import { classesOf, stem } from "../lexicon.js";
import type { ClassifyInput } from "../types.js";
import type { StepAnalysis } from "./analysis.js";
import type { Entity, Listing } from "./entities.js";
import { namedKind, splitName } from "./tokens.js";

/** The newest fact turn's first list of objects (search results, links): what "open the second link" counts in. */
export function latestListing(ledger: ClassifyInput["factLedger"]): Array<Record<string, unknown>> | undefined {
  const turns = typeof ledger === "string" ? ledger.split("\n").map((text) => ({ text })) : (ledger ?? []);
  const newest = turns[turns.length - 1];
  if (!newest) return undefined;
  let data: unknown;
  try {
    data = JSON.parse(newest.text.slice(Math.max(0, newest.text.indexOf("["))));
  } catch {
    return undefined;
  }
  const find = (v: unknown, depth: number): Array<Record<string, unknown>> | undefined => {
    if (depth > 8 || v === null || typeof v !== "object") return undefined;
    if (Array.isArray(v)) {
      if (v.length && v.every((x) => x && typeof x === "object" && !Array.isArray(x)) && !("tool" in v[0]))
        return v as Array<Record<string, unknown>>;
      for (const x of v) {
        const r = find(x, depth + 1);
        if (r) return r;
      }
      return undefined;
    }
    for (const x of Object.values(v)) {
      const r = find(x, depth + 1);
      if (r) return r;
    }
    return undefined;
  };
  return find(data, 0);
}

/**
 * The items an ordinal counts in: the newest listing a qualifier word names by its tool ("search result") or that
 * has items of the noun's kind ("the second card"), the qualifier's items of a listing ("the second tax note"), else
 * the newest listing long enough for the position.
 */
export function pickListing(ordinal: NonNullable<StepAnalysis["ordinal"]>, listings: Listing[]): Entity[] | undefined {
  const need = ordinal.index < 0 ? 2 : ordinal.index + 1;
  const long = listings.filter((l) => l.items.length >= need);
  const q = ordinal.qualifier ? stem(ordinal.qualifier) : undefined;
  if (q) {
    // "search result" names find_recipes too: the word or its verb class is the tool's first word's.
    const cls = classesOf(ordinal.qualifier!);
    const names = (t: string) => {
      const words = splitName(t);
      return words.map(stem).includes(q) || (cls.length > 0 && classesOf(words[0] ?? "").some((c) => cls.includes(c)));
    };
    const byTool = long.find((l) => l.tools.some(names));
    if (byTool) return byTool.items;
    for (const l of listings) {
      const named = l.items.filter((e) => e.labelStems.includes(q));
      if (named.length >= need) return named;
    }
  }
  const noun = ordinal.noun ? stem(ordinal.noun) : undefined;
  const ofKind = noun ? long.find((l) => l.items.some((e) => namedKind(e.key) === noun)) : undefined;
  if (ofKind) return ofKind.items.filter((e) => namedKind(e.key) === noun);
  return long[0]?.items;
}
