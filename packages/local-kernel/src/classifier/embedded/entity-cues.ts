// Where a label word stands decides whether it names an item: after a topic cue ("issues about the login page") it
// is a search topic, in a list of tags ("tagged travel and kyoto") a tag. Used by entities.ts.
import { classesOf, STOPWORDS } from "../lexicon.js";
import { DETERMINERS, type StepAnalysis } from "./analysis.js";
import { namesNoun, type Tok } from "./tokens.js";

/** A partial label match right after a topic cue ("issues about the login page") is a search topic, not a reference. */
export function afterTopicCue(a: StepAnalysis, tok: number, nounStems: Set<string>): boolean {
  for (let k = tok - 1; k >= 0; k--) {
    const t = a.toks[k];
    if (t.punct || t.quote !== undefined) return false;
    if (DETERMINERS.has(t.base) || (STOPWORDS.has(t.base) && !/^(about|for)$/.test(t.base))) continue;
    if (!/^(about|mentioning|matching|containing|regarding|concerning|for|on)$/.test(t.base) || k === 0) return false;
    return a.toks
      .slice(0, k)
      .some((x) => (/s$/.test(x.base) && namesNoun(x, nounStems)) || classesOf(x.base).includes("search"));
  }
  return false;
}

const TAG_CUE = /^(?:tagged|tag|tags|labell?ed|label|labels)$/;
const LIST_WORD = (t: Tok) => !t.punct || t.text === ",";

/** The tokens stand in a list of tags: after "tagged" over "and"/commas/"both", or before a closing "tags". */
export function inTagList(toks: Tok[], span: number[]): boolean {
  const first = Math.min(...span);
  const last = Math.max(...span);
  for (let j = first - 1, n = 0; j >= 0 && n < 6 && LIST_WORD(toks[j]!); j--, n++) {
    if (TAG_CUE.test(toks[j]!.base))
      return toks.slice(j + 1, first).some((t) => /^(?:and|both|,|und)$/.test(t.text.toLowerCase()));
    if (!/^(?:and|both|the|,|und)$/.test(toks[j]!.text.toLowerCase()) && n > 2) break;
  }
  for (let j = last + 1, n = 0; j < toks.length && n < 2 && LIST_WORD(toks[j]!); j++, n++)
    if (/^(?:tags|labels)$/.test(toks[j]!.base))
      return toks.slice(0, first).some((t) => /^(?:and|both|und)$/.test(t.base));
  return false;
}
