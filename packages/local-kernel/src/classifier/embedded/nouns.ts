// How well the nouns a tool is named after fit the step: said, said only inside an item's name, said only through a
// synonym, or naming the argument most tools take. Used by scoring.ts.
import type { StepAnalysis } from "./analysis.js";
import type { EntityHit } from "./entities.js";
import { narrowerTool, type ScoreFlags } from "./readings.js";
import type { ToolInfo } from "./tools.js";

/** The score and evidence the tool's name nouns give for the step. */
export function nounScore(
  tool: ToolInfo,
  a: StepAnalysis,
  hits: EntityHit[],
  flags: ScoreFlags,
): { score: number; evidence: number } {
  // Tool-name nouns mentioned ("note", "task", "issue", "time", "hello"); the word used as the verb ("trash a
  // note") names no noun.
  const primary = a.classes[0];
  const verbTok = primary && !primary.phrase ? a.toks[primary.tok] : undefined;
  const verbOnly = (n: string) =>
    verbTok?.stem === n && tool.nounWords.has(verbTok.base) && a.toks.filter((t) => t.stem === n).length === 1;
  let nounHits = 0;
  let common = 0;
  // "the Full audit profile": a word of an item's name is that item, not a tool's noun (create_monitor_full).
  // ("run a full check": an article that makes a new thing names no item.)
  const inNames = new Set(
    hits
      .filter((h) => h.score >= 10 && h.entity.key && h.toks.length >= 2)
      .filter((h) => !/^(?:a|an)$/.test(a.toks[h.toks[0]! - 1]?.base ?? ""))
      .flatMap((h) => h.toks),
  );
  const saidOutside = (n: string) =>
    !a.toks.some((t, i) => t.stem === n && inNames.has(i)) || a.toks.some((t, i) => t.stem === n && !inNames.has(i));
  for (const n of tool.nouns)
    if (a.stems.has(n) && saidOutside(n) && !(verbOnly(n) && !primary!.cls.includes(tool.cls!))) {
      nounHits++;
      // A noun that names this tool's own argument, and most tools take as one ("domain" of domain_full_check
      // among fifteen domain checks), says what the argument is, not which tool.
      const ownArg = tool.params.some((p) => p.required && !p.isId && p.nameStems.includes(n));
      if (ownArg && (flags.paramNouns.get(n) ?? 0) >= 3) common++;
    }
  let score = Math.min(nounHits, 2) * 2 - Math.min(common, 2);
  // A noun reached only by a synonym says less than the noun itself: "reminders" names list_reminders before list_tasks.
  if (nounHits > 0 && !a.toks.some((t) => t.quote === undefined && tool.nouns.has(t.stem))) {
    // ...and much less when the word itself names another tool's items ("show my reminders" beside list_reminders).
    const literalElsewhere = a.toks.some(
      (t) => t.quote === undefined && !tool.nouns.has(t.stem) && flags.nounSets.some((s) => s.has(t.stem)),
    );
    score -= literalElsewhere ? 1.5 : 0.5;
  }
  // Nouns of the tool the step does not say: delete_notes_from_folder is less what "delete the Work folder" asks than
  // delete_folder.
  if (nounHits > 0 && narrowerTool(tool, a, flags)) score -= 0.5 * (tool.nouns.size - nounHits);
  return { score, evidence: nounHits };
}
