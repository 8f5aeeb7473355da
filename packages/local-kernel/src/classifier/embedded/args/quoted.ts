// Pass 7: quoted strings are values the user typed verbatim. Each goes to the text param whose cue word comes
// nearest before it ('titled "X"', 'saying "Y"'), or that is named right after it; the rest fill params in order.
import { CUES, STOPWORDS } from "../../lexicon.js";
import { isToolNoun, type ParamInfo } from "../tools.js";
import { paramOrder, type ArgRun } from "./state.js";

// Cue words that fit almost any param: they only count when no better cue is nearby.
const WEAK_CUES = ["to", "for", "with"];

/** The param a cue word before the quote at token `ti` introduces (scanning at most 6 words back). */
function cuedBefore(run: ArgRun, ti: number): ParamInfo | undefined {
  const { toks, args, textParams, cueSets } = run;
  let target: ParamInfo | undefined;
  // Nearest cue word within 6 tokens before the quote (stopping at another quote).
  for (let k = ti - 1, dist = 0; k >= 0 && dist < 6 && !target; k--) {
    if (toks[k].quote !== undefined) break;
    if (toks[k].punct && toks[k].text !== ":") continue;
    if (!STOPWORDS.has(toks[k].base)) dist++;
    const w = toks[k].base;
    const st = toks[k].stem;
    // "to" cues a name, or any param once a rename or that param's own cue came earlier ("rename X to 'Y'").
    const toCues = (p: ParamInfo) =>
      p.role === "name" || toks.slice(0, k).some((x) => x.base === "rename" || cueSets.get(p.name)!.has(x.base));
    target = textParams.find(
      (p) =>
        args[p.name] === undefined &&
        (cueSets.get(p.name)!.has(w) || cueSets.get(p.name)!.has(st)) &&
        !(w === "to" && !toCues(p)),
    );
    if (target && WEAK_CUES.includes(w)) {
      // Weak cues only count when nothing better is nearer to the start.
      const weakTarget = target;
      const strong = textParams.find(
        (p) =>
          args[p.name] === undefined &&
          p !== weakTarget &&
          toks
            .slice(Math.max(0, k - 3), k)
            .some((x) => cueSets.get(p.name)!.has(x.base) && !WEAK_CUES.includes(x.base)),
      );
      if (strong) target = strong;
    }
    if (target) toks[k].used = true;
  }
  return target;
}

/** The param named right after the quote at token `ti`: '"eggs" to the Q3 roadmap body' (only after to/into/in/as). */
function namedAfter(run: ArgRun, ti: number): ParamInfo | undefined {
  const { toks, args, textParams } = run;
  let target: ParamInfo | undefined;
  const intro = toks[ti + 1] && /^(to|into|in|as)$/.test(toks[ti + 1].base);
  for (let k = ti + 2, dist = 0; intro && k < toks.length && dist < 5 && !target; k++) {
    if (toks[k].quote !== undefined || (toks[k].punct && toks[k].text !== ":")) break;
    if (/^(with|and|saying|titled|called|named|labelled|labeled|tagged|due)$/.test(toks[k].base)) break;
    if (!STOPWORDS.has(toks[k].base)) dist++;
    const w = toks[k].base;
    target = textParams.find(
      (p) =>
        args[p.name] === undefined &&
        (p.nameWords.includes(w) ||
          (CUES[p.role as keyof typeof CUES]?.includes(w) &&
            !["to", "for", "with", "about", "name", "search"].includes(w))),
    );
  }
  return target;
}

/** True when a strong cue of `p` follows the quote at token `ti` ("saying", "titled"; not to/for/with). */
function laterCue(run: ArgRun, p: ParamInfo, ti: number): boolean {
  const cues = run.cueSets.get(p.name)!;
  // 'on "X": Y' dictates the text after the colon.
  const next = run.toks[ti + 1];
  if (p.role === "body" && next?.punct && next.text === ":" && run.toks.length > ti + 2) return true;
  return run.toks
    .slice(ti + 1)
    .some(
      (t) => t.quote === undefined && !t.punct && cues.has(t.base) && !["to", "for", "with", "about"].includes(t.base),
    );
}

/** Assigns the quotes not already taken as an item reference. */
export function fillQuoted(run: ArgRun): void {
  const { a, tool, toks, args, textParams, usedQuotes } = run;
  // A quote an item reference already took ("move 'X' to Done": the card X) is no second value.
  const taken = new Set(Object.values(args).filter((v) => typeof v === "string"));
  const quoteIdx = a.quotes.map((_, i) => i).filter((i) => !usedQuotes.has(i) && !taken.has(a.quotes[i]!.text));
  const unassigned: number[] = [];
  for (const qi of quoteIdx) {
    const ti = toks.findIndex((t) => t.quote === qi);
    // '"Logo refresh" card': a quote followed by the kind word of a param that names items is that item.
    const kindAfter = toks[ti + 1];
    const kindP =
      kindAfter && !kindAfter.punct
        ? tool.params.find((p) => p.refKind === kindAfter.stem && args[p.name] === undefined)
        : undefined;
    if (kindP) {
      args[kindP.name] = a.quotes[qi].text;
      toks[ti].used = true;
      kindAfter.used = true;
      continue;
    }
    // 'on the board X add a card "Y"', 'eine Karte "Y"': a quote right after a new item's kind word is its name,
    // whatever place was named before it.
    const newItem =
      tool.cls === "create" &&
      ti >= 2 &&
      isToolNoun(toks[ti - 1], tool) &&
      /^(?:a|an|new|another|eine|einen|ein|neue|neuen)$/.test(toks[ti - 2]!.base);
    const named = newItem ? textParams.find((p) => p.role === "name" && args[p.name] === undefined) : undefined;
    let target = named ?? cuedBefore(run, ti) ?? namedAfter(run, ti);
    // 'a comment to "X" saying Y': the param's own cue after the quote introduces its value, so the quote is not it.
    if (target && laterCue(run, target, ti)) target = undefined;
    if (target) {
      args[target.name] = target.type === "array" ? [a.quotes[qi].text] : a.quotes[qi].text;
      toks[ti].used = true;
    } else unassigned.push(qi);
  }
  // "file a bug: Search dupes. Steps: … search for 'invoice'": a quote in a later sentence of dictated text is part
  // of that text.
  const colon = toks.findIndex((t) => t.punct && t.text === ":");
  for (const qi of unassigned) {
    const ti = toks.findIndex((t) => t.quote === qi);
    if (colon >= 0 && toks.slice(colon + 1, ti).some((t) => t.punct && /^[.!?]$/.test(t.text))) continue;
    // 'put "bring towels" in the X note': text put into an item is its content, not its name.
    const into = tool.cls === "update" && /^(in|into|onto)$/.test(toks[ti + 1]?.base ?? "");
    const free = textParams.filter((x) => args[x.name] === undefined && x.type === "string" && !laterCue(run, x, ti));
    const p =
      (into ? free.find((x) => x.role === "body") : undefined) ?? free.sort((x, y) => paramOrder(x) - paramOrder(y))[0];
    if (!p) break;
    args[p.name] = a.quotes[qi].text;
    toks[ti].used = true;
  }
}
