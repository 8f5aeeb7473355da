// Tool scoring: every catalog tool against one analysed step. `score` ranks the tools; `evidence` says whether the
// step mentions the tool's domain at all (a verb alone must not route "tell me a joke" to some tool).
import { classesOf, NOUN_SYNONYMS, reportsDonePast, stem, VERB_TRANSLATIONS, type VerbClass } from "../lexicon.js";
import type { StepAnalysis } from "./analysis.js";
import { enumMentioned } from "./enum-mentions.js";
import { entityKindScore, WRONG_KIND, type EntityHit } from "./entities.js";
import { namedKind } from "./args/ids.js";
import { asksForRule } from "./args/triggers.js";
import {
  DONE_WORDS,
  FREQUENCY_INSTEAD_RE,
  NOT_DONE_RE,
  ownVerbSaid,
  PREFERENCE_RE,
  filterClauseStart,
  quantified,
  removesValue,
  reportsDone,
  saysOneOf,
  stepReadings,
  SWITCH_RE,
  TOPIC_CUE_RE,
  type ScoreFlags,
} from "./readings.js";
import type { ToolInfo } from "./tools.js";
import { cautionScore } from "./cautions.js";
import { containerScore } from "./containers.js";
import { nounScore } from "./nouns.js";

const HOST_RE = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

export interface Candidate {
  tool: ToolInfo;
  score: number;
  evidence: number;
}

export type { ScoreFlags } from "./readings.js";

export const READ_FAMILY = new Set<VerbClass>(["list", "get", "search"]);

/** Scores one tool for one step (higher is better); see docs/classifier.md, "Scoring every tool". */
export function scoreTool(
  tool: ToolInfo,
  a: StepAnalysis,
  hits: EntityHit[],
  hasNumberRef: boolean,
  prevStep: boolean,
  flags: ScoreFlags,
): Candidate {
  let score = 0;
  let evidence = 0;
  const primary = a.classes[0];
  const allClasses = new Set(a.classes.flatMap((c) => c.cls));
  const hasPurge = allClasses.has("purge");
  // "isn't done yet, reopen it": a negated "done" asks the opposite.
  const notDone = NOT_DONE_RE.test(a.maskedLower);
  const saysDone =
    !notDone && (DONE_WORDS.some((w) => a.words.has(w)) || a.classes.some((c) => c.cls.includes("complete")));
  const { makeExisting, addToExisting, fieldObject, plainQuestion } = stepReadings(a, hits, prevStep, flags);
  // "every friday at 5pm send me a summary", "whenever a note is created, tag it": a request for a rule (read once).
  const ruleAsk = tool.cls === "create" && asksForRule(a.text, tool.params);
  if (plainQuestion && tool.entry.actionType !== "read") score -= 2.5;
  if (plainQuestion && !flags.hasGet && tool.cls === "list" && hits.some((h) => h.score >= 10)) score += 2;
  if (fieldObject && tool.cls === "update") score += 4;
  score += containerScore(tool, a, hits, flags);
  // "create a monitor from the Shop sites group", "neue Karte 'X' in die Liste To Do": the first kind word after a
  // create verb is what gets made; kinds named after it say where it comes from or goes.
  const maker = a.classes.find((c) => c.cls.includes("create"));
  if (tool.cls === "create" && maker) {
    const kindOf = (t: (typeof a.toks)[number]) =>
      [t.stem, ...(NOUN_SYNONYMS[t.base] ?? []).map((x) => stem(x))].find((x) => flags.kindStems.has(x));
    const article = (t: (typeof a.toks)[number] | undefined) =>
      !!t && /^(?:a|an|another|new|neue|neuen|neuer|neues|eine|einen|ein)$/.test(t.base);
    const after = a.toks.slice(maker.tok + 1, maker.tok + 4);
    const near = after.find((t) => !t.punct && t.quote === undefined && !!kindOf(t));
    // "Leg auf dem Board X eine Karte 'Y' an": the separable verb stands first; the new item follows its article.
    const rest = a.toks.slice(maker.tok + 1, maker.tok + 12);
    const head =
      near && after.slice(0, after.indexOf(near)).every(article)
        ? near
        : rest.find((t, i) => i > 0 && article(rest[i - 1]) && t.quote === undefined && !!kindOf(t));
    const k = head ? kindOf(head) : undefined;
    if (k) score += tool.nouns.has(k) ? 1.5 : -1.5;
  }
  // "paid the council tax finally", "printer paper bought": a past tense about a named item reports it done.
  const reported = reportsDone(a, hits);
  if (tool.cls === "complete" && reported) {
    score += 3.5;
    evidence += 1;
  }
  // ("pricing page is live, shipped it": a report about an item there is, never a new one.)
  // (Only writes use it: a read skips the second reading.)
  const reportedAny = !ruleAsk && tool.entry.actionType !== "read" && (reported || reportsDone(a, hits, true));
  if (tool.cls === "create" && reportedAny) score -= 2;
  // ("... shipped it this morning" beside a Shipped list: the item has reached the place its past form names.)
  if (
    reportedAny &&
    tool.cls !== "create" &&
    tool.entry.actionType === "write" &&
    hits.some(
      (h) =>
        h.entity.named &&
        h.score >= 10 &&
        h.toks.some((k) => reportsDonePast(a.toks[k]?.base ?? "")) &&
        tool.params.some((p) => p.nameWords.includes(namedKind(h.entity.key))),
    )
  )
    score += 2;
  // "drop promo.com from the Marketing group": a value taken out of an item is an edit of a tool with remove_* params.
  if (removesValue(a, hits) && tool.params.some((p) => /^remove_/.test(p.name))) score += 5;
  if (fieldObject && (tool.cls === "delete" || tool.cls === "purge")) score -= 2;
  if ((makeExisting || addToExisting) && tool.cls === "create") score -= 3;
  if ((makeExisting || addToExisting) && tool.cls === "update") score += 3;
  // "scan the blog every 6 hours instead": how often a named item runs is one of its settings, not a run now.
  if (makeExisting && FREQUENCY_INSTEAD_RE.test(a.maskedLower) && tool.entry.actionType !== "read")
    score += tool.params.some((p) => /interval|schedule|cron|frequency|every/.test(p.name)) ? 2 : -2;
  score += cautionScore(tool, a, hits, flags, makeExisting);
  if (tool.cls) {
    // The tool's own verb said literally ("delete" for delete_note) counts as the primary verb.
    const said = primary && !primary.phrase ? a.toks[primary.tok]?.base : undefined;
    // permanent_delete_note also has the word "delete": said alone, it means the soft delete the catalog has.
    const literal =
      !!tool.verbWord &&
      !!said &&
      (said === tool.verbWord || VERB_TRANSLATIONS[said] === tool.verbWord) &&
      !(
        tool.cls === "purge" &&
        !hasPurge &&
        flags.softDeletes.some((d) => d.verbWord === said && [...d.nouns].some((n) => tool.nouns.has(n)))
      );
    const completeAsk =
      tool.cls === "complete" &&
      saysDone &&
      !!primary &&
      (primary.cls.includes("update") || primary.cls.includes("complete"));
    // With no soft delete in the catalog, "remove X" means the (hard) delete there is.
    const onlyDelete = tool.cls === "purge" && !flags.hasSoftDelete && !!primary && primary.cls.includes("delete");
    const primaryHas =
      primary &&
      (primary.cls.includes(tool.cls) || (hasPurge && tool.cls === "purge") || literal || completeAsk || onlyDelete);
    // "add a comment" names comment_on_issue: the tool's own verb used as a noun (after an article).
    const nameVerbSaid = a.toks.some(
      (t, i) =>
        i > 0 &&
        ["a", "an", "new", "another"].includes(a.toks[i - 1].base) &&
        // ("a note on the card" where the catalog has comments: the word the tool's verb has as a synonym.)
        [t.base, ...(NOUN_SYNONYMS[t.base] ?? [])].some(
          (w) => tool.nameWords.includes(w) && classesOf(w).includes(tool.cls!),
        ),
    );
    if (primaryHas) {
      score += primary.weak ? 1.5 : 3;
      // A real verb that only fits tools of this class is domain evidence on its own ("remind me to ...").
      if (!primary.weak) evidence += 0.5;
      if (literal) score += 0.5;
    } else if (primary && !primary.weak && primary.cls.includes("list") && tool.cls === "search") score += 2;
    else if (primary && !primary.weak && primary.cls.includes("search") && tool.cls === "list") score += 2;
    // "check the dns records for x.io": a look at one thing fits a lookup tool (dns_lookup) too.
    // (Only when the step says the tool's noun: "open the second result" is no new search.)
    else if (
      primary &&
      !primary.weak &&
      primary.cls.includes("get") &&
      tool.cls === "search" &&
      [...tool.nouns].some((n) => a.stems.has(n))
    )
      score += 2;
    else if (primary && primary.cls.includes("complete") && tool.cls === "update") score += 2;
    else if (nameVerbSaid) {
      // The tool's own verb said literally ("add a comment") outranks a generic verb elsewhere.
      score += 2.5;
      evidence += 0.5;
    } else if (allClasses.has(tool.cls)) score += 1;
    // ("every monday at 8am send me the report": the verb is what the rule will do, not what to do now.)
    else if (primary && !primary.weak && !ruleAsk) score -= 1.5;
    if (hasPurge && tool.cls === "delete") score -= 2;
    if (tool.cls === "purge" && !hasPurge && !literal && !onlyDelete) score -= 1;
    // A dedicated "complete" tool beats a generic update when the user says done/finished.
    if (tool.cls === "update" && saysDone && flags.hasComplete) score -= 1.5;
    // ("mark X as done" with status "done" on the edit too: the tool made for it.)
    if (tool.cls === "complete" && saysDone) score += 0.5;
  }
  // A tool whose verb the lexicon does not know (empty_trash, pause_automation): its own first word said as the verb.
  if (ownVerbSaid(a, tool, flags)) {
    // A first word several tools share ("run" of run_scan, run_ip_scan, run_scan_tool) leaves the choice to the rest.
    score += (flags.ownVerbCounts.get(tool.nameWords[0]!) ?? 1) > 1 ? 1.5 : 3;
    evidence += 0.5;
  }
  // "every friday at 5pm send me a summary", "whenever a note is created, tag it": a rule to create.
  // ("make the morning summary run at 7:30 instead": a schedule for a named rule changes that rule.)
  if (ruleAsk && !makeExisting) {
    score += 3.5;
    evidence += 1;
  }
  // "check these IPs: 185.22.14.7 and 91.198.0.42": IP addresses fit a tool that takes them.
  if (
    a.toks.some((t) => /^(?:\d{1,3}\.){3}\d{1,3}$/.test(t.text)) &&
    tool.params.some((p) => /^(?:ips?|ip_address(?:es)?)$/.test(p.name))
  )
    score += 2.5;
  // "audit a.io, b.app and c.dev": several host names fit a tool that takes a list, not one that takes one.
  const hosts = a.toks.filter((t) => !t.punct && t.quote === undefined && HOST_RE.test(t.base)).length;
  const hostP = tool.params.find((p) => p.role === "domain" && (p.required || p.type === "array"));
  if (hosts >= 2 && hostP) score += hostP.type === "array" ? 1 : -1;
  // "put the onboarding note into the Work folder": an item put into a named place is moved there.
  // ("file the X into a folder": the place may be only its kind, one of the tool's params.)
  const intoKind = /\b(?:into|in|to|under)\s+(?:a|an|the|my|some|another)\s+(\p{L}+)/u.exec(a.maskedLower)?.[1];
  if (
    tool.verbWord === "move" &&
    /\b(?:put|place|stick|file|drop)\b/.test(a.maskedLower) &&
    ((!!intoKind && tool.params.some((p) => p.name !== tool.params[0]?.name && p.nameWords.includes(intoKind))) ||
      hits.some((h) => {
        const before = a.toks
          .slice(0, h.toks[0])
          .filter((t) => !/^(?:the|my|our|a|an)$/.test(t.base))
          .pop();
        return h.score >= 10 && /^(?:into|in|to|under)$/.test(before?.base ?? "");
      }))
  )
    score += 2;
  // "add 'book flights' for next friday": a date said fits a tool that takes one.
  if (a.dates.length && tool.entry.actionType !== "read")
    score += tool.params.some((p) => p.role === "date") ? 1 : -0.5;
  // "from now on give me eight results", "by default": a lasting preference, what a settings tool keeps.
  if (PREFERENCE_RE.test(a.maskedLower) && /\b(?:default|settings?|preferences?)\b/i.test(tool.entry.description)) {
    score += 3.5;
    evidence += 0.5;
  }
  // "turn on safe search", "disable notifications": a switch said for one of the tool's flags sets it.
  if (
    tool.entry.actionType !== "read" &&
    SWITCH_RE.test(a.maskedLower) &&
    tool.params.some(
      (p) =>
        p.type === "boolean" &&
        p.nameStems.length > 0 &&
        (p.nameStems.every((s) => s.length < 3 || a.stems.has(s)) ||
          (p.nameWords.length > 1 && a.words.has(p.nameWords.join("")))),
    )
  ) {
    score += 3;
    evidence += 1;
  }
  const nouns = nounScore(tool, a, hits, flags);
  score += nouns.score;
  evidence += nouns.evidence;
  // "pause all failing rules", "delete every rule that never ran": a tool that takes many ids (or filters) at once.
  if (quantified(a)) {
    // A set is no single item: beyond what the tool's own verb said ("pause all failing rules" is the bulk tool).
    if (tool.params.some((p) => p.type === "array" && /(?:^|_)ids$/.test(p.name))) {
      score += 3;
      // The verb said is one of its operations (operation: pause | resume | delete): the set tool does just that.
      const verbs = [
        a.toks.find((t) => !t.punct)?.base,
        ...a.classes.filter((c) => !c.weak).map((c) => a.toks[c.tok]?.base),
      ];
      if (tool.params.some((p) => p.enumVals?.some((v) => verbs.includes(v.toLowerCase())))) score += 2;
    } else if (
      tool.params.some((p) => p.isId && p.required) &&
      !hasNumberRef &&
      !hits.some(
        (h) =>
          h.toks[0]! < filterClauseStart(a) &&
          tool.params.some((p) => p.isId && p.required && entityKindScore(h.entity, p, tool, flags.nameNouns) >= 1),
      )
    )
      score -= 2.5;
  }
  if (tool.cls === "list" && [...tool.nounWords].some((w) => w.endsWith("s") && a.words.has(w))) score += 0.5;
  if (tool.cls === "list" && [...tool.nounWords].some((w) => !w.endsWith("s") && a.words.has(w + "s"))) score += 0.5;
  // Description words.
  let desc = 0;
  // A word that is one of the tool's enum values counts as that, not again as a description word (quick_check lists
  // "SSL" among its presets and in its description; ssl_check is named by it).
  const enumStems = new Set(tool.params.flatMap((p) => (p.enumVals ?? []).map((v) => stem(v.toLowerCase()))));
  for (const s of tool.descStems) if (a.stems.has(s) && !tool.nouns.has(s) && !enumStems.has(s)) desc++;
  score += Math.min(desc * 0.5, 1.5);
  evidence += desc * 0.5;
  // Params: names, enum values.
  let pHits = 0;
  let eHits = 0;
  let eSyn = 0;
  let eUnique = 0;
  // An enum that selects one of the tool's own params (note_save's field: title, content, ...) is named whenever
  // that param is: it is no extra evidence.
  const fieldNames = new Set(tool.params.flatMap((p) => p.nameStems));
  for (const p of tool.params) {
    if (!p.isId && p.nameStems.some((s) => s.length > 2 && a.stems.has(s))) pHits++;
    // A preset named like another tool ("http" of quick_check beside http_check) is that tool's evidence, not this one's.
    const dedicated = (v: string) =>
      (flags.nameNouns.get(stem(v.toLowerCase())) ?? 0) > 0 && !tool.nouns.has(stem(v.toLowerCase()));
    const said =
      p.enumVals?.filter((v) => !fieldNames.has(stem(v)) && !dedicated(v) && enumMentioned(v, a) !== undefined) ?? [];
    if (said.length) eHits++;
    // "the MX records": a value of one tool alone (other than its default, of two letters or more) names that tool.
    if (
      said.some(
        (v) =>
          v.length > 1 &&
          flags.enumOwners.get(v.toLowerCase()) === 1 &&
          v !== p.schema.default &&
          !/^all$/i.test(v) &&
          // "mark issue 30 as closed": a state word that is also a verb asks for the change, not for a filter.
          classesOf(v.toLowerCase()).length === 0 &&
          !DONE_WORDS.includes(v.toLowerCase()),
      )
    )
      eUnique++;
    // "everything", "anything" for the value all: no evidence of the domain ("I'm so behind on everything").
    if (said.length && said.every((v) => v.toLowerCase() === "all") && !/\ball\b/.test(a.maskedLower)) eSyn++;
  }
  score += Math.min(pHits * 0.5, 1.5) + Math.min(eHits, 2) + Math.min(eUnique, 1) * 2.5;
  // "unarchive the kickoff notes": the verb said is, word for word, a value only this tool takes (note_save's field
  // "unarchive"), which says more than the verb's class (restore_note).
  const saidVerb = primary ? a.toks[primary.tok] : undefined;
  // (Not for a listing filter, "trash" of list_notes' view, nor for deleting words, which stay on deleting tools.)
  if (
    saidVerb &&
    !primary!.weak &&
    tool.entry.actionType !== "read" &&
    !primary!.cls.some((c) => c === "delete" || c === "purge") &&
    tool.params.some((p) => p.enumVals?.some((v) => v.toLowerCase() === saidVerb.base)) &&
    flags.enumOwners.get(saidVerb.base) === 1 &&
    !(tool.cls && primary!.cls.includes(tool.cls))
  )
    score += 4;
  evidence += pHits * 0.5 + eHits - 0.5 * eSyn;
  // Target resolution: tools that act on one item want a resolvable reference.
  // Named items of the kinds the tool's ids take ("move Trip to Rome into the Travel folder": a note and a folder
  // for move_note's note_id and folder_id) say what it acts on even when the noun is not said.
  // Label-only items the tool takes by name ("Review" for list_cards' list) say what it acts on, like an id would.
  const takes = (h: EntityHit) => tool.params.some((p) => p.refKind && p.refKind === namedKind(h.entity.key));
  const named = hits.filter((h) => h.entity.named);
  const taken = named.filter(takes);
  if (taken.length) {
    score += 0.75 * Math.min(new Set(taken.map((h) => h.entity.key)).size, 2);
    evidence += 1;
  } else if (named.some((h) => tool.nouns.has(namedKind(h.entity.key)))) {
    // "what's on the roadmap board": one board named; listing all boards is not what is asked.
    score -= 1.5;
  }
  // An item of a kind the tool has no param for is no argument of this tool.
  hits = hits.filter((h) => !h.entity.named);
  // Two items named (an attachment by a word of its name, the note by its title): a tool taking both kinds fits.
  const fair = hits.filter((h) => h.score >= 1.5);
  const kinds = tool.params.filter((p) => p.isId && fair.some((h) => entityKindScore(h.entity, p, tool) >= 1.5));
  if (fair.length >= 2) score += 0.75 * Math.min(kinds.length, 2);
  // "create a monitor from the Shop sites group": a create that needs an existing item named here is made from it.
  if (
    tool.cls === "create" &&
    tool.params.some(
      (p) => p.isId && p.required && hits.some((h) => h.score >= 10 && entityKindScore(h.entity, p, tool) >= 1.5),
    )
  )
    score += 1;
  // "remove the mov from the harbour walk album", "the map.png on the hotel note": what goes is named before
  // "from"/"on", what it goes from after it.
  const fromTok = a.toks.findIndex((t) => /^(?:from|aus|von|on|in|of|auf|im)$/.test(t.base));
  const partOf = hits.filter((h) => h.score >= 1);
  if (fromTok > 0 && (tool.cls === "delete" || tool.cls === "purge") && partOf.length >= 2) {
    const takesKind = (h: EntityHit) => tool.params.some((p) => p.isId && entityKindScore(h.entity, p, tool) >= 1.5);
    const placed = partOf.filter((h) => h.toks.length > 0 && h.toks[0]! >= 0);
    const before = placed.filter((h) => Math.min(...h.toks) < fromTok);
    const after = placed.filter((h) => Math.min(...h.toks) > fromTok);
    if (before.length && after.length) {
      if (before.some(takesKind)) score += 1.5;
      else if (after.some(takesKind)) score -= 1.5;
    }
  }
  const idParams = tool.params.filter((p) => p.isId && p.required);
  if (idParams.length) {
    const intId = idParams.some(
      (p) => p.type === "integer" || p.type === "number" || /number|\bno\b|numeric/i.test(p.schema.description ?? ""),
    );
    // An item of another kind (a folder for note_id) resolves nothing.
    const fit = hits.filter((h) =>
      idParams.some((p) => entityKindScore(h.entity, p, tool, flags.nameNouns) !== WRONG_KIND),
    );
    const resolvable = fit.length > 0 || (intId && hasNumberRef) || (a.pronoun && prevStep);
    if (resolvable) {
      score += 1;
      if (fit.some((h) => h.score >= 1)) evidence += 1;
    } else if (tool.cls === "get") score -= 1;
  } else if (
    tool.cls === "list" &&
    (!primary || primary.weak || primary.cls.some((c) => READ_FAMILY.has(c))) &&
    hits.some((h) => tool.params.some((p) => p.isId && entityKindScore(h.entity, p, tool, flags.nameNouns) >= 1.5))
  ) {
    // "what's in my Home folder?": a listing filtered by the named item (list_notes' folder_id).
    score += 1;
    evidence += 1;
  } else if (tool.cls === "list" && hits.some((h) => h.score >= 10) && primary && primary.cls.includes("get")) {
    score -= 0.75;
  } else if (
    tool.cls === "list" &&
    hits.length &&
    ![...tool.nounWords].some((w) => a.words.has(w.endsWith("s") ? w : w + "s"))
  ) {
    // One named item and no plural: the user means that item, not a listing.
    score -= 0.75;
  }
  // "show me a note", "view a task": one item of that kind, not the listing (the get tool then asks which one).
  if (primary && primary.cls.some((c) => READ_FAMILY.has(c)) && saysOneOf(a, tool)) {
    // Beyond the runner-up margin: a listing that needs no question must not win over asking which one.
    if (tool.cls === "list") score -= 2;
    if (tool.cls === "get") score += 1;
  }
  // "write a note", "add a task": a new item; a tool that needs an existing item's id does not make one.
  if (
    primary &&
    primary.cls.includes("create") &&
    saysOneOf(a, tool, true) &&
    tool.params.some((p) => p.isId && p.required)
  )
    score -= 2;
  if (tool.cls === "search" && a.quotes.length > 0) score += 0.5;
  // "about X", "mentioning X": a topic to search for.
  if (
    tool.cls === "search" &&
    a.toks.some((t, i) => TOPIC_CUE_RE.test(t.base) && i + 1 < a.toks.length && !a.toks[i + 1].punct)
  ) {
    score += 1;
  }
  return { tool, score, evidence };
}
